"""The built stylesheet carries only the GOV.UK components the portal uses (assets/scss/main.scss
lists them), and pruning it lost none that a template, a form or a script still asks for."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import BUILT_CSS, REPO_ROOT

GOVUK_FRONTEND_CSS = (
    REPO_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "govuk-frontend.min.css"
)

# Where GOV.UK classes are written: templates, classes set from Python (form widgets, blocks,
# template tags) and the scripts that enhance pages.
CLASS_SOURCES = [
    ("templates", "*.html"),
    ("portal", "*.py"),
    ("content", "*.py"),
    ("voice", "*.py"),
    ("messaging", "*.py"),
    ("assets/js", "*.js"),
]
# A class name ends in a letter or digit: fragments of names put together in a template
# (`govuk-input--width-{{ ... }}`) end in a hyphen and are left out.
GOVUK_CLASS = re.compile(r"govuk-[a-z0-9!_-]*[a-z0-9]")


def classes_in_sources() -> dict[str, set[str]]:
    """Every govuk-* name in the sources, with the files that use it."""
    found: dict[str, set[str]] = {}
    for folder, pattern in CLASS_SOURCES:
        for path in sorted((REPO_ROOT / folder).rglob(pattern)):
            if "migrations" in path.parts:
                continue
            for name in GOVUK_CLASS.findall(path.read_text(encoding="utf-8")):
                found.setdefault(name, set()).add(str(path.relative_to(REPO_ROOT)))
    return found


def defines(css: str, name: str) -> bool:
    """Whether some selector in `css` names the class (`!` is escaped in CSS)."""
    escaped = re.escape("." + name.replace("!", "\\!"))
    return re.search(escaped + r"(?![a-zA-Z0-9_-])", css) is not None


@pytest.fixture(scope="module")
def built_css() -> str:
    if not BUILT_CSS.exists():
        pytest.skip(f"{BUILT_CSS} is missing: run `npm run build` first.")
    return BUILT_CSS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def full_govuk_css() -> str:
    if not GOVUK_FRONTEND_CSS.exists():
        pytest.fail(f"{GOVUK_FRONTEND_CSS} is missing: run `npm ci`.", pytrace=False)
    return GOVUK_FRONTEND_CSS.read_text(encoding="utf-8")


def test_every_govuk_class_in_use_is_in_the_built_stylesheet(built_css, full_govuk_css):
    used = classes_in_sources()
    assert "govuk-summary-list" in used and "govuk-table" in used, "found no GOV.UK classes"

    lost = {
        name: files
        for name, files in used.items()
        if defines(full_govuk_css, name) and not defines(built_css, name)
    }

    assert not lost, (
        "govuk-frontend styles these classes but main.css was built without them; add their "
        "component (or override) to assets/scss/main.scss:\n"
        + "\n".join(f"  {name}: {', '.join(sorted(files))}" for name, files in sorted(lost.items()))
    )


def test_components_no_page_uses_are_left_out(built_css):
    used = classes_in_sources()
    for component in ["accordion", "tabs", "header", "cookie-banner", "task-list"]:
        assert f"govuk-{component}" not in used
        assert not defines(built_css, f"govuk-{component}"), f"govuk-{component} was compiled in"
    assert not defines(built_css, "govuk-!-padding-4"), "every spacing override was compiled in"


def test_the_stylesheet_is_smaller_than_the_whole_of_govuk_frontend(built_css, full_govuk_css):
    # Our own rules (brand, right-to-left, stacked tables, print) come on top of the GOV.UK
    # parts, so this is a loose bound: the whole library compiled in would break it.
    assert len(built_css.encode()) < len(full_govuk_css.encode())
