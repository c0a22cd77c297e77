"""The demo's public pages are data files read by a loader: the Python holds no prose."""

import ast
from pathlib import Path

import pytest

from content import demo
from content.report import EDITABLE_SECTIONS


def test_the_demo_loader_holds_no_prose():
    tree = ast.parse(Path(demo.__file__).read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    long_strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and len(node.value) > 80
        and id(node) not in docstrings
    ]
    assert long_strings == []


@pytest.mark.parametrize("phase", demo.PHASES)
def test_every_report_section_has_content_for_each_phase(phase):
    sections = demo.report_sections("Riverside Primary School", phase)
    assert all(sections[section.field] for section in EDITABLE_SECTIONS)
    assert f"mainstream {phase} school" in sections["sir_1"][0][1]


def test_the_schools_name_is_escaped_in_rich_text_and_plain_in_the_summary():
    sections = demo.report_sections("St Ann & St Joan", "primary")
    assert "St Ann &amp; St Joan is a mainstream" in sections["sir_1"][0][1]
    assert "how St Ann & St Joan supports" in demo.report_summary("St Ann & St Joan")


def test_an_unknown_phase_is_refused():
    with pytest.raises(ValueError):
        demo.report_sections("A school", "nursery")
