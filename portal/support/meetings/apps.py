from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "portal.support.meetings"
    label = "support_meetings"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.panels import DASHBOARD, PUPIL_PAGE, panel

        from . import panels

        panel(DASHBOARD)(panels.dashboard_panel)
        panel(PUPIL_PAGE)(panels.pupil_panel)
