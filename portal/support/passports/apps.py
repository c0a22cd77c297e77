from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportsConfig(AppConfig):
    name = "portal.support.passports"
    label = "support_passports"
    verbose_name = _("Pupil passports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.panels import DASHBOARD, PUPIL_PAGE, panel

        from . import panels

        panel(PUPIL_PAGE, first=True)(panels.teacher_panel)
        panel(PUPIL_PAGE)(panels.pupil_panel)
        panel(DASHBOARD)(panels.dashboard_panel)
