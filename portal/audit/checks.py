"""Deployment checks (`manage.py check --deploy`) for what the audit trail and the outbox need.

production.py already refuses to start without these; the checks also catch a settings module
of an operator's own that forgets them."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_key_check(app_configs=None, **kwargs):
    key = getattr(settings, "AUDIT_KEY", "")
    if not key:
        return [
            Error(
                "AUDIT_KEY is not set.",
                hint="Set AUDIT_KEY to a long random value (not the SECRET_KEY): it keys the "
                "audit trail's chain and its anchors.",
                id="audit.E001",
            )
        ]
    problems = []
    if key == settings.SECRET_KEY:
        problems.append(
            Error(
                "AUDIT_KEY is the same as SECRET_KEY.",
                hint="Give the audit trail a key of its own.",
                id="audit.E002",
            )
        )
    if len(key) < 32:
        problems.append(
            Warning(
                "AUDIT_KEY is shorter than 32 characters.",
                hint="Use a long random value, e.g. `openssl rand -hex 32`.",
                id="audit.W003",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def email_url_check(app_configs=None, **kwargs):
    if not getattr(settings, "EMAIL_URL", ""):
        return [
            Error(
                "EMAIL_URL is not set.",
                hint="Name a real mail server (e.g. submission://user:pass@smtp.example.org:587): "
                "invitations and notifications are sent by email.",
                id="notifications.E001",
            )
        ]
    return []
