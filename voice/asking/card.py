"""The printable card's QR code: the absolute address of /voice/ with the code filled in."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def card_url(code: str) -> str:
    """BASE_URL/voice/?code=XXXXXXXX, in the site's default language (the pupil's page offers
    the others)."""
    from django.utils.translation import override

    with override(settings.LANGUAGE_CODE):
        path = reverse("voice:enter")
    return f"{settings.BASE_URL.rstrip('/')}{path}?{urlencode({'code': code})}"


def card_qr(code: str) -> segno.QRCode:
    # Error correction M: the card survives a crease or a smudge.
    return segno.make(card_url(code), error="m")


def card_qr_svg(code: str) -> SafeString:
    """The QR code as inline SVG, titled for screen readers."""
    svg = card_qr(code).svg_inline(
        scale=4, border=4, title=_("QR code: scan it to open the page with the code filled in")
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S308 - made by segno from our own URL
