"""Which apps may add their own demo data, scale data and sweeps: every app above the core, and
the core's support records, each in a module of that name. The core names none of them."""

from __future__ import annotations

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule


def apps_with_module(module: str) -> list[AppConfig]:
    """The apps, in settings order, that have `module` (`demo`, `scale` or `sweep`)."""
    return [
        app
        for app in apps.get_app_configs()
        if (not app.name.startswith("portal") or app.name.startswith("portal.support."))
        and module_has_submodule(app.module, module)
    ]
