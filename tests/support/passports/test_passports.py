"""Pupil passports (COP-6.49): who reads and writes them, the headings a school, its trust or
the built-in set gives, and entries that outlive changes to the headings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.support.passports.models import PassportEntry, PassportTemplate
from portal.support.passports.selectors import headings_for_school, passport_page
from portal.support.passports.services import (
    HeadingInput,
    passport_save,
    passport_template_save,
)
from tests.factories import PupilFactory, StaffMembershipFactory

pytestmark = pytest.mark.django_db


def _write(world, texts_by_title: dict[str, str], pupil=None):
    pupil = pupil or world.pupil_a1
    page = passport_page(pupil=pupil)
    texts = {s.key: texts_by_title.get(s.title, s.text) for s in page.sections}
    return passport_save(actor=world.senco_a, context=AuditContext(), pupil=pupil, texts=texts)


def _trust_headings(world, titles):
    return passport_template_save(
        actor=world.trust_lead,
        context=AuditContext(),
        trust=world.trust,
        headings=[HeadingInput(pk=None, title=t) for t in titles],
    )


def test_cop_6_49_staff_who_work_with_the_pupil_see_the_passport(world, client_as):
    _write(world, {"How best to support me": "Give me a quiet space to start the day."})
    url = reverse("support:passport_detail", args=[world.pupil_a1.pk])
    for reader in (world.teacher_a, world.senco_a, world.dsl_a, world.head_a, world.parent_1):
        response = client_as(reader).get(url)
        assert response.status_code == 200, reader.email
        assert "Give me a quiet space to start the day." in response.content.decode()
    viewed = AuditEvent.objects.filter(action=AuditAction.SUPPORT_VIEWED, detail="passport")
    assert viewed.count() == 5
    assert set(viewed.values_list("object_id", flat=True)) == {str(world.pupil_a1.pk)}


def test_teacher_not_assigned_to_the_pupil_gets_404(world, client_as):
    other = StaffMembershipFactory(school=world.school_a, role="teacher").user
    response = client_as(other).get(reverse("support:passport_detail", args=[world.pupil_a1.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=other).exists()


def test_parent_cannot_see_another_childs_passport(world, client_as):
    response = client_as(world.parent_2).get(
        reverse("support:passport_detail", args=[world.pupil_a1.pk])
    )
    assert response.status_code == 404


def test_assigned_teacher_reads_but_cannot_edit(world, client_as):
    response = client_as(world.teacher_a).get(
        reverse("support:passport_edit", args=[world.pupil_a1.pk])
    )
    assert response.status_code == 403


def test_built_in_headings_when_neither_school_nor_trust_has_a_template(world):
    headings = headings_for_school(school=world.school_c)
    assert headings.source == "built_in"
    assert [h.title for h in headings.headings][:3] == [
        "What people like and admire about me",
        "What is important to me",
        "How best to support me",
    ]


def test_trust_template_used_by_a_school_without_its_own(world, client_as):
    _trust_headings(world, ["About me", "What helps me learn"])
    assert [h.title for h in headings_for_school(school=world.school_a).headings] == [
        "About me",
        "What helps me learn",
    ]
    assert headings_for_school(school=world.school_b).source == "trust"
    assert headings_for_school(school=world.school_c).source == "built_in"
    response = client_as(world.senco_a).get(
        reverse("support:passport_edit", args=[world.pupil_a1.pk])
    )
    assert "What helps me learn" in response.content.decode()


def test_school_template_overrides_the_trusts(world):
    _trust_headings(world, ["About me"])
    passport_template_save(
        actor=world.senco_a,
        context=AuditContext(),
        school=world.school_a,
        headings=[HeadingInput(pk=None, title="Our heading")],
    )
    assert headings_for_school(school=world.school_a).source == "school"
    assert headings_for_school(school=world.school_b).source == "trust"
    assert AuditEvent.objects.filter(action=AuditAction.PASSPORT_TEMPLATE_CHANGED).count() == 2


def test_entries_survive_template_edits(world):
    template = _trust_headings(world, ["About me", "What helps me learn"])
    _write(world, {"About me": "I love trains.", "What helps me learn": "Pictures."})
    about, helps = template.headings.order_by("order")
    # Rename one heading, remove the other, add a new one.
    _template = passport_template_save(
        actor=world.trust_lead,
        context=AuditContext(),
        trust=world.trust,
        headings=[
            HeadingInput(pk=about.pk, title="What people like about me"),
            HeadingInput(pk=None, title="My needs"),
        ],
    )
    page = passport_page(pupil=world.pupil_a1)
    by_title = {s.title: s for s in page.sections}
    assert by_title["What people like about me"].text == "I love trains."
    assert by_title["My needs"].text == ""
    old = by_title["What helps me learn"]
    assert old.current is False and old.text == "Pictures."
    # Emptying the old heading's entry removes it.
    _write(world, {"What helps me learn": ""})
    assert [s.title for s in passport_page(pupil=world.pupil_a1).sections] == [
        "What people like about me",
        "My needs",
    ]
    assert not PassportEntry.objects.filter(title="What helps me learn").exists()


def test_a_school_that_copies_its_trusts_headings_keeps_its_entries(world):
    _trust_headings(world, ["About me"])
    _write(world, {"About me": "I love trains."})
    passport_template_save(
        actor=world.senco_a,
        context=AuditContext(),
        school=world.school_a,
        headings=[HeadingInput(pk=None, title="About me")],
    )
    sections = passport_page(pupil=world.pupil_a1).sections
    assert [(s.title, s.text, s.current) for s in sections] == [
        ("About me", "I love trains.", True)
    ]


def test_senco_edits_the_passport_and_the_change_is_audited(world, client_as):
    client = client_as(world.senco_a)
    url = reverse("support:passport_edit", args=[world.pupil_a1.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"b0": "Kind and funny.", "b4": "Now and next board."})
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Kind and funny." in detail and "Now and next board." in detail
    assert AuditEvent.objects.filter(
        action=AuditAction.PASSPORT_CHANGED, object_id=str(world.pupil_a1.pk)
    ).exists()


def test_too_long_an_entry_is_refused_with_a_message_and_nothing_saved(world, client_as):
    client = client_as(world.senco_a)
    url = reverse("support:passport_edit", args=[world.pupil_a1.pk])
    response = client.post(url, {"b0": "x" * 1300, "b1": "Saved?"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and "so the passport fits on one page" in body
    assert not PassportEntry.objects.exists()


def test_headings_page_adds_moves_removes_and_saves(world, client_as):
    client = client_as(world.senco_a)
    url = reverse("support:school_passport_template", args=[world.school_a.pk])
    assert client.get(url).status_code == 200

    def rows(*titles, action="save"):
        data = {
            "headings-TOTAL_FORMS": str(len(titles)),
            "headings-INITIAL_FORMS": "0",
            "action": action,
        }
        for index, title in enumerate(titles):
            data[f"headings-{index}-title"] = title
        return data

    added = client.post(url, rows("One", "Two", action="add")).content.decode()
    assert 'name="headings-2-title"' in added
    moved = client.post(url, rows("One", "Two", action="up-1")).content.decode()
    assert moved.index('value="Two"') < moved.index('value="One"')
    removed = client.post(url, rows("One", "Two", action="remove-0")).content.decode()
    assert 'value="One"' not in removed
    saved = client.post(url, rows("Two", "One"))
    assert saved.status_code == 302
    template = PassportTemplate.objects.get(school=world.school_a)
    assert list(template.headings.values_list("title", flat=True)) == ["Two", "One"]


def test_headings_page_names_the_problem(world, client_as):
    client = client_as(world.senco_a)
    url = reverse("support:school_passport_template", args=[world.school_a.pk])
    data = {
        "headings-TOTAL_FORMS": "2",
        "headings-INITIAL_FORMS": "0",
        "headings-0-title": "Same",
        "headings-1-title": "same",
        "action": "save",
    }
    body = client.post(url, data).content.decode()
    assert "There is a problem" in body and "is there twice" in body
    empty = client.post(url, {**data, "headings-1-title": ""}).content.decode()
    assert "Enter the heading, or remove it" in empty
    assert not PassportTemplate.objects.exists()


def test_trust_lead_edits_the_trust_headings_and_the_senco_cannot(world, client_as):
    url = reverse("support:trust_passport_template", args=[world.trust.pk])
    assert client_as(world.trust_lead).get(url).status_code == 200
    assert client_as(world.senco_a).get(url).status_code == 404


def test_assigned_teacher_sees_the_passport_on_the_pupil_page(world, client_as):
    _write(world, {"Strategies that help": "Use a visual timetable."})
    body = client_as(world.teacher_a).get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    assert "Use a visual timetable." in body
    assert AuditEvent.objects.filter(detail="passport on the pupil page").exists()
    # COP-6.49: it is what the teacher comes for, so it comes before every other panel.
    from tests.factories import make_plan

    make_plan(world.pupil_a1, world.senco_a)
    body = client_as(world.teacher_a).get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    assert 'id="pupil-plan-heading"' in body
    assert body.index('id="pupil-passport-heading"') < body.index('id="pupil-plan-heading"')


def test_parents_see_the_plan_before_the_link_to_the_passport(world, client_as):
    from tests.factories import make_plan

    make_plan(world.pupil_a1, world.senco_a)
    body = client_as(world.parent_1).get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    assert body.index('id="pupil-plan-heading"') < body.index('id="pupil-passport-heading"')


def test_passport_page_queries_do_not_grow_with_headings(
    world, client_as, django_assert_num_queries
):
    client = client_as(world.teacher_a)
    url = reverse("support:passport_detail", args=[world.pupil_a1.pk])
    _trust_headings(world, ["One"])
    _write(world, {"One": "text"})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _trust_headings(world, [f"Heading {n}" for n in range(10)])
    _write(world, {f"Heading {n}": f"text {n}" for n in range(10)})
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_pupil_in_another_trust_school_uses_the_trust_headings(world):
    _trust_headings(world, ["About me"])
    pupil = PupilFactory(school=world.school_b)
    assert [s.title for s in passport_page(pupil=pupil).sections] == ["About me"]
