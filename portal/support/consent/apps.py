from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "portal.support.consent"
    label = "support_consent"
    verbose_name = _("Consent for outside professionals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.panels import DASHBOARD, PUPIL_PAGE, panel

        from . import panels

        panel(DASHBOARD)(panels.dashboard_panel)
        panel(PUPIL_PAGE)(panels.pupil_panel)
