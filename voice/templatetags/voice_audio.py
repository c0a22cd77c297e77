"""Recorded answers in templates: the limit, and lengths as people read them."""

from __future__ import annotations

from django import template

from voice.audio.checks import max_seconds, minutes_in_words

register = template.Library()


@register.simple_tag
def max_recording_seconds() -> int:
    return max_seconds()


@register.filter
def recording_length(seconds) -> str:
    """120 as "2 minutes", 90 as "90 seconds"."""
    return minutes_in_words(int(seconds))


@register.filter
def recording_clock(seconds) -> str:
    """42.4 as "0:42", as a player shows it."""
    if seconds is None:
        return ""
    whole = round(float(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
