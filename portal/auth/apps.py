from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthConfig(AppConfig):
    name = "portal.auth"
    label = "portal_auth"
    verbose_name = _("Sign-in, sessions and the second factor")
    default_auto_field = "django.db.models.BigAutoField"
