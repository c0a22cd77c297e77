from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "portal.support.evidence"
    label = "support_evidence"
    verbose_name = _("Evidence pack")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.panels import PUPIL_PAGE, panel

        from . import panels

        panel(PUPIL_PAGE)(panels.pupil_panel)
