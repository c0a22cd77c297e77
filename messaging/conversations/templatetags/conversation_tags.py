"""How moments read in a conversation: the time alone today, the time and day otherwise."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.i18n import format_datetime

register = template.Library()


@register.filter
def moment(value: datetime.datetime | None) -> str:
    """14:02 today; 14:02 on 3 December 2026 on any other day."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(settings.TIME_ZONE))
    time = format_datetime(value, "HH:mm")
    if local.date() == timezone.localdate():
        return time
    return _("%(time)s on %(day)s") % {"time": time, "day": format_datetime(value, "d MMMM y")}
