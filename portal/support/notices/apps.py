from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "portal.support.notices"
    label = "support_notices"
    verbose_name = _("Formal notices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.panels import PUPIL_PAGE, panel

        from . import panels

        panel(PUPIL_PAGE)(panels.pupil_panel)
