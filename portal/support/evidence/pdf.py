"""The evidence pack as a PDF, with WeasyPrint, in fonts from the project's own static files
(Noto Sans for Latin and Welsh, Noto Nastaliq Urdu and Noto Naskh Arabic for right-to-left
text), so it reads the same on every machine whatever fonts the system has."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

# (family, static file, weight)
FONTS = [
    ("Noto Sans", "fonts/noto-sans-latin-400-normal.woff2", 400),
    ("Noto Sans", "fonts/noto-sans-latin-700-normal.woff2", 700),
    ("Noto Sans Ext", "fonts/noto-sans-latin-ext-400-normal.woff2", 400),
    ("Noto Sans Ext", "fonts/noto-sans-latin-ext-700-normal.woff2", 700),
    ("Noto Nastaliq Urdu", "fonts/noto-nastaliq-urdu-arabic-400-normal.woff2", 400),
    ("Noto Nastaliq Urdu", "fonts/noto-nastaliq-urdu-arabic-700-normal.woff2", 700),
    ("Noto Naskh Arabic", "fonts/noto-naskh-arabic-arabic-400-normal.woff2", 400),
    ("Noto Naskh Arabic", "fonts/noto-naskh-arabic-arabic-700-normal.woff2", 700),
]


def _font_path(name: str) -> Path | None:
    found = finders.find(name)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / name
    return collected if collected.exists() else None


def font_faces() -> str:
    """@font-face rules for the fonts the build copied into static; missing ones are left out
    (the system's fonts stand in), so a missing asset build never stops a pack."""
    rules = []
    for family, name, weight in FONTS:
        path = _font_path(name)
        if path is not None:
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'src: url("{path.as_uri()}") format("woff2"); }}'
            )
    return "\n".join(rules)


def render_pdf(html: str) -> bytes:
    """The PDF of the pack's HTML (templates/support/evidence/pdf.html carries the layout)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    faces = CSS(string=font_faces(), font_config=fonts)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[faces], font_config=fonts
    )
