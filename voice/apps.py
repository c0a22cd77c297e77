from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

# The parts of pupil voice, each a package of this app (see voice/urls.py).
PARTS = ("sets", "asking", "answering", "audio", "review", "safeguarding")


class VoiceConfig(AppConfig):
    name = "voice"
    verbose_name = _("Pupil voice")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each part registers its panels on the core's pages (portal/panels.py) in `panels`.
        for part in PARTS:
            package = import_module(f"{self.name}.{part}")
            if module_has_submodule(package, "panels"):
                import_module(f"{self.name}.{part}.panels")
        # The built-in question sets exist after every migrate (and every test database flush).
        from django.db.models.signals import post_migrate

        from voice.sets.signals import builtin_sets_after_migrate

        post_migrate.connect(builtin_sets_after_migrate, sender=self)
        # A sign-in on the browser ends a pupil's visit there.
        from django.contrib.auth.signals import user_logged_in

        from voice.access import visit_end_on_sign_in

        user_logged_in.connect(visit_end_on_sign_in, dispatch_uid="voice_visit_end_on_sign_in")
