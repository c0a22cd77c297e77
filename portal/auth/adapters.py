"""allauth hooks: audit each sign-in, failure and sign-out; sign-up is open only to invitees."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.auth.rules import needs_second_factor, session_started
from portal.notifications.services import session_end_notify

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
