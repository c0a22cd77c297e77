"""allauth hooks: audit each sign-in, failure and sign-out; limit password guessing; sign-up
is open only to invitees."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.auth import sign_in_limits
from portal.auth.rules import needs_second_factor, session_started
from portal.notifications.services import session_end_notify

# Set on a request whose sign-in was refused for a wait: the response then answers 429.
SIGN_IN_WAIT_ATTRIBUTE = "portal_sign_in_wait"

INVITATION_SESSION_KEY = "portal_invitation_token"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Nobody signs up on their own: only a parent holding a valid invitation.
        from portal.people.services import invitation_for_token

        token = request.session.get(INVITATION_SESSION_KEY)
        invitation = invitation_for_token(token) if token else None
        return invitation is not None and invitation.is_pending

    def login(self, request: HttpRequest, user) -> None:
        super().login(request, user)
        session_started(request.session)
        audit_record(
            action=AuditAction.SIGN_IN, actor=user, context=AuditContext.from_request(request)
        )

    def logout(self, request: HttpRequest) -> None:
        user = request.user if request.user.is_authenticated else None
        if user is not None:
            audit_record(
                action=AuditAction.SIGN_OUT, actor=user, context=AuditContext.from_request(request)
            )
        session_end_notify(session_key=request.session.session_key)
        super().logout(request)

    def authenticate(self, request: HttpRequest, **credentials):
        """Every password check (sign-in and reauthentication) passes the portal's limits
        first (portal/auth/sign_in_limits.py); allauth's own `login_failed` limit is off."""
        login = str(credentials.get("email") or "")
        context = AuditContext.from_request(request)
        device = sign_in_limits.known_device_id(
            cookie_value=request.COOKIES.get(sign_in_limits.KNOWN_DEVICE_COOKIE), login=login
        )
        try:
            with sign_in_limits.sign_in_attempt(
                login=login, address=self.get_client_ip(request), device=device, context=context
            ) as attempt:
                user = super().authenticate(request, **credentials)
                if user is None:
                    attempt.failed()
                else:
                    attempt.succeeded()
                return user
        except sign_in_limits.SignInWait as wait:
            setattr(request, SIGN_IN_WAIT_ATTRIBUTE, wait.seconds)
            raise ValidationError(wait.message, code="too_many_login_attempts") from None

    def post_login(self, request: HttpRequest, user, **kwargs):
        """After a successful sign-in, this device is known to the account (for
        SIGN_IN_KNOWN_DEVICE_DAYS): nobody else's wrong passwords will hold it up there."""
        response = super().post_login(request, user, **kwargs)
        login = kwargs.get("email") or user.email
        response.set_cookie(
            sign_in_limits.KNOWN_DEVICE_COOKIE,
            sign_in_limits.known_device_cookie_value(
                cookie_value=request.COOKIES.get(sign_in_limits.KNOWN_DEVICE_COOKIE), login=login
            ),
            max_age=settings.SIGN_IN_KNOWN_DEVICE_DAYS * 24 * 60 * 60,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials) -> None:
        # allauth calls this once a password has been reset from the emailed link: the owner
        # has shown they hold the address, so the account's wait ends too.
        super()._delete_login_attempts_cached_email(request, **credentials)
        sign_in_limits.sign_in_limits_forget(login=str(credentials.get("email") or ""))

    def authentication_failed(self, request: HttpRequest, **credentials) -> None:
        audit_record(
            action=AuditAction.SIGN_IN_FAILED,
            actor=None,
            context=AuditContext.from_request(request),
            actor_email=str(credentials.get("email", ""))[:254],
        )

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """After sign-in, the portal speaks the person's preferred language."""
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "preferred_language", "")
        if language and language in dict(settings.LANGUAGES):
            # Translate while the request's own language is active: translate_url resolves the
            # address in the current language, so it must run before switching.
            url = translate_url(url, language)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return url

    def add_message(self, request: HttpRequest, level, message_template=None, *args, **kwargs):
        # "You are signed in" waits until the second factor is passed (the verify page says it).
        user = getattr(request, "user", None)
        if (
            message_template == "account/messages/logged_in.txt"
            and user is not None
            and user.is_authenticated
            and needs_second_factor(user)
            and not (hasattr(user, "is_verified") and user.is_verified())
        ):
            return
        super().add_message(request, level, message_template, *args, **kwargs)
