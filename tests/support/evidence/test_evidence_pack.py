"""The evidence pack: what a parent's and the SENCO's packs hold, the PDF, and its cost."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from portal.audit.models import AuditAction, AuditEvent
from portal.support.evidence.text import passage_language
from tests.support.evidence import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    pupil = world.pupil_a1
    builders.cycle(pupil, number=1, status="reviewed", staff_notes="Dad finds mornings hard")
    builders.cycle(
        pupil,
        number=2,
        status="reviewed",
        outcome="Writes two sentences",
        support_staff_only=True,
    )
    builders.cycle(pupil, number=3, status="draft", shared=False, outcome="Secret draft outcome")
    builders.meeting(pupil, shared=True, senco=world.senco_a, parent=world.parent_1)
    builders.meeting(
        pupil, shared=False, senco=world.senco_a, parent=world.parent_1, discussion="Draft notes"
    )
    builders.other_records(pupil, senco=world.senco_a, parent=world.parent_1)
    return pupil


def _html(client, pupil) -> str:
    response = client.get(reverse("support:evidence_pack", args=[pupil.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_evidence_pack_for_a_parent_excludes_staff_only_and_drafts(world, records, client_as):
    body = _html(client_as(world.parent_1), records)
    assert "Reads a short book on his own (1)" in body
    assert "I can read a book by myself" in body
    assert "Writes two sentences (2)" in body
    assert "Keep the phonics group" in body and "Books go home on Fridays" in body
    assert "He reads with his sister too" in body
    assert "Enjoys school" in body and "Speech assessment" in body
    # Staff only: cycle 2's support and everyone's staff notes; drafts: cycle 3 and a meeting.
    assert "Dad finds mornings hard" not in body
    assert "Secret draft outcome" not in body
    assert "Draft notes" not in body
    assert body.count("Phonics group") == 1
    assert "may ask Northshire County Council for an EHC needs assessment directly" in body


def test_evidence_pack_for_the_senco_has_everything_marked(world, records, client_as):
    body = _html(client_as(world.senco_a), records)
    for text in ("Dad finds mornings hard", "Secret draft outcome", "Draft notes"):
        assert text in body
    assert "Draft: not shared with parents" in body
    assert "Staff only" in body


def test_evidence_pack_is_audited(world, records, client_as):
    _html(client_as(world.parent_1), records)
    event = AuditEvent.objects.get(action=AuditAction.EVIDENCE_PACK_MADE)
    assert (event.actor_id, event.object_id, event.detail) == (
        world.parent_1.pk,
        str(records.pk),
        "html for parent",
    )


def test_who_may_make_the_evidence_pack(world, records, client_as):
    url = reverse("support:evidence_pack", args=[records.pk])
    assert client_as(world.teacher_a).get(url).status_code == 403
    assert client_as(world.head_a).get(url).status_code == 403
    assert client_as(world.parent_2).get(url).status_code == 404
    assert client_as(world.senco_b).get(url).status_code == 404


def test_the_pdf_renders_and_its_text_contains_the_outcomes(world, records, client_as):
    response = client_as(world.parent_1).get(
        reverse("support:evidence_pack_pdf", args=[records.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="evidence-pack-aisha-' in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Reads a short book on his own (1)" in " ".join(text.split())
    assert "Secret draft outcome" not in text


def test_welsh_and_urdu_outcomes_render_in_the_pdf_and_are_marked_in_the_html(world, client_as):
    welsh = "Bydd yn darllen llyfr byr ar ei ben ei hun ŵyr ŷd"
    urdu = "وہ خود ایک چھوٹی کتاب پڑھے گا"
    builders.cycle(world.pupil_a1, number=1, status="active", outcome=welsh, child=urdu)
    client = client_as(world.parent_1)
    body = _html(client, world.pupil_a1)
    assert f'lang="cy" dir="ltr">{welsh} (1)' in body
    assert f'lang="ur" dir="rtl">{urdu}' in body
    pdf = client.get(reverse("support:evidence_pack_pdf", args=[world.pupil_a1.pk])).content
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "ŵyr ŷd" in text
    # Urdu is set in Noto Nastaliq Urdu. Its joined letters share shapes and take their dots
    # as separate marks, so a text extractor reads some letters back wrong: check whole words
    # that come back as written, and the font.
    for word in ("وہ", "خود", "ایک", "گا"):
        assert word in text
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {"Noto-Sans", "Noto-Sans-Ext", "Noto-Nastaliq-Urdu"} <= fonts


def test_passage_language_reads_script_and_welsh_letters():
    assert passage_language("Reads on his own") == ("en", "ltr")
    assert passage_language("Darllen ŵyr") == ("cy", "ltr")
    assert passage_language("وہ پڑھے گا") == ("ur", "rtl")
    assert passage_language("يقرأ كتابا") == ("ar", "rtl")
    assert passage_language("") == ("en", "ltr")


def test_evidence_pack_queries_do_not_grow_with_cycles(world, client_as, django_assert_num_queries):
    pupil = world.pupil_a1
    builders.cycle(pupil, number=1, status="reviewed")
    builders.meeting(pupil, shared=True, senco=world.senco_a, parent=world.parent_1)
    builders.other_records(pupil, senco=world.senco_a, parent=world.parent_1)
    for client in (client_as(world.senco_a),):
        url = reverse("support:evidence_pack", args=[pupil.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        for number in range(2, 31):
            builders.cycle(pupil, number=number, status="reviewed")
            builders.meeting(pupil, shared=True, senco=world.senco_a, parent=world.parent_1)
        with django_assert_num_queries(len(one.captured_queries)):
            body = client.get(url).content.decode()
        assert "Reads a short book on his own (30)" in body


def test_parent_pack_queries_do_not_grow_with_cycles(world, client_as, django_assert_num_queries):
    pupil = world.pupil_a1
    builders.cycle(pupil, number=1, status="reviewed")
    client = client_as(world.parent_1)
    url = reverse("support:evidence_pack", args=[pupil.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(2, 31):
        builders.cycle(pupil, number=number, status="reviewed")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_pupil_page_links_to_the_pack_for_the_parent_and_senco(world, client_as):
    url = f"/portal/pupils/{world.pupil_a1.pk}/"
    pack = reverse("support:evidence_pack", args=[world.pupil_a1.pk])
    assert pack in client_as(world.parent_1).get(url).content.decode()
    assert pack in client_as(world.senco_a).get(url).content.decode()
    assert pack not in client_as(world.teacher_a).get(url).content.decode()


def test_a_parents_pack_shows_the_plan_as_the_senco_shared_it(world, client_as):
    """The pack reads the copy `plan_share` makes, with core and additional support marked."""
    from tests.factories import make_plan

    make_plan(
        world.pupil_a1,
        world.senco_a,
        outcomes=("Asks for help when stuck",),
        support=(("Lego therapy group", "additional"), ("Visual timetable", "core")),
    )
    body = _html(client_as(world.parent_1), world.pupil_a1)
    assert "Asks for help when stuck" in body
    assert "I can: asks for help when stuck" in body
    assert "Lego therapy group" in body and "Visual timetable" in body
    assert "Additional to or different from the core offer" in body
    assert "Core offer" in body
