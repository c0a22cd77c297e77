from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PupilsConfig(AppConfig):
    name = "portal.pupils"
    label = "pupils"
    verbose_name = _("Pupils and the SEN register")
    default_auto_field = "django.db.models.BigAutoField"
