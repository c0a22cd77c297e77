from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "portal.support.plans"
    label = "support_plans"
    verbose_name = _("Support plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.panels import PUPIL_PAGE, panel

        from . import panels

        panel(PUPIL_PAGE)(panels.pupil_panel)
