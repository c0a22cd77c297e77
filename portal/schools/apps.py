from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "portal.schools"
    label = "schools"
    verbose_name = _("Schools and their calendars")
    default_auto_field = "django.db.models.BigAutoField"
