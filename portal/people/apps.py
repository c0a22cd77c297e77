from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "portal.people"
    label = "people"
    verbose_name = _("People, roles, invitations and parent links")
    default_auto_field = "django.db.models.BigAutoField"
