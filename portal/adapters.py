"""allauth hooks: audit each sign-in, failure and sign-out; sign-up is open only to invitees."""

from __future__ import annotations

import time

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from portal.access import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from portal.models import AuditAction
from portal.services.audit import audit_record
from portal.services.notifications import session_end_notify

INVITATION_SESSION_KEY = "portal_invitation_token"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Nobody signs up on their own: only a parent holding a valid invitation.
        from portal.services.invitations import invitation_for_token

        token = request.session.get(INVITATION_SESSION_KEY)
        invitation = invitation_for_token(token) if token else None
        return invitation is not None and invitation.state == "pending"

    def login(self, request: HttpRequest, user) -> None:
        super().login(request, user)
        now = time.time()
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now
        audit_record(action=AuditAction.SIGN_IN, request=request, actor=user)

    def logout(self, request: HttpRequest) -> None:
        user = request.user if request.user.is_authenticated else None
        if user is not None:
            audit_record(action=AuditAction.SIGN_OUT, request=request, actor=user)
        session_end_notify(session_key=request.session.session_key)
        super().logout(request)

    def authentication_failed(self, request: HttpRequest, **credentials) -> None:
        audit_record(
            action=AuditAction.SIGN_IN_FAILED,
            request=request,
            actor_email=str(credentials.get("email", ""))[:254],
        )
