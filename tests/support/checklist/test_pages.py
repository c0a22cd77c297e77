"""The checklist's pages as the SENCO, the headteacher, the trust's SEND lead and parents meet
them: what each sees, what each is refused, and that every read is audited."""

from __future__ import annotations

import pytest

from portal.audit.models import AuditAction, AuditEvent
from portal.pupils.models import SenStatus
from portal.support.meetings.models import MeetingKind
from tests.factories import PupilFactory

from . import builders as b

pytestmark = pytest.mark.django_db


def _checklist_url(pupil) -> str:
    return f"/portal/pupils/{pupil.pk}/checklist/"


def test_senco_sees_each_check_with_its_cop_id_a_reason_and_a_link_to_fix_it(world, client_as):
    b.notice(world.pupil_a1)
    page = client_as(world.senco_a).get(_checklist_url(world.pupil_a1)).content.decode()
    assert "Parents formally notified of SEN support" in page
    assert "COP-6.43, 6.48" in page and "COP-6.64" in page
    assert "No early discussion with the parents and pupil is recorded." in page
    assert "Record the early discussion and share it" in page
    # Each link leads to the page where it is done.
    pupil = world.pupil_a1.pk
    assert f'href="/portal/pupils/{pupil}/meetings/new/">Record the early discussion' in page
    assert f'href="/portal/pupils/{pupil}/plan/">' in page
    event = AuditEvent.objects.filter(action=AuditAction.CHECKLIST_VIEWED).last()
    assert (event.actor_id, event.object_id) == (world.senco_a.pk, str(world.pupil_a1.pk))


def test_headteacher_sees_the_checklist_without_the_links_to_fix_it(world, client_as):
    page = client_as(world.head_a).get(_checklist_url(world.pupil_a1)).content.decode()
    assert "No formal notice has been sent to the parents." in page
    assert "Send the formal notice" not in page


def test_parent_may_see_their_child_but_not_the_checklist(world, client_as):
    assert client_as(world.parent_1).get(_checklist_url(world.pupil_a1)).status_code == 403


def test_parent_cannot_reach_another_childs_checklist(world, client_as):
    assert client_as(world.parent_2).get(_checklist_url(world.pupil_a1)).status_code == 404
    refusal = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).last()
    assert refusal.detail == f"pupil {world.pupil_a1.pk}"


def test_another_schools_senco_gets_not_found(world, client_as):
    assert client_as(world.senco_b).get(_checklist_url(world.pupil_a1)).status_code == 404


def test_a_pupil_being_monitored_has_no_checklist(world, client_as):
    world.pupil_a2.sen_status = SenStatus.MONITORING
    world.pupil_a2.save()
    page = client_as(world.senco_a).get(_checklist_url(world.pupil_a2)).content.decode()
    assert "applies to pupils on SEN Support or with an EHC plan" in page


def test_school_summary_counts_each_check_and_lists_the_pupils_audited(world, client_as):
    b.notice(world.pupil_a1)
    response = client_as(world.senco_a).get(f"/portal/schools/{world.school_a.pk}/checklist/")
    summary = response.context["summary"]
    notified = next(c for c in summary.counts if c.key == "notified")
    assert (notified.met, notified.not_met) == (1, 1)
    assert [c.pupil for c in summary.rows] == [world.pupil_a1, world.pupil_a2]
    page = response.content.decode()
    assert "Aisha Khan" in page and "Leo Williams" in page
    listed = AuditEvent.objects.filter(
        action=AuditAction.CHECKLIST_VIEWED, detail="school summary"
    ).values_list("object_id", flat=True)
    assert set(listed) == {str(world.pupil_a1.pk), str(world.pupil_a2.pk)}


def test_school_summary_filters_to_the_pupils_who_have_not_met_a_check(world, client_as):
    b.notice(world.pupil_a1)
    response = client_as(world.senco_a).get(
        f"/portal/schools/{world.school_a.pk}/checklist/", {"check": "notified", "state": "not_met"}
    )
    assert [c.pupil for c in response.context["summary"].rows] == [world.pupil_a2]


def test_school_summary_ignores_a_filter_that_is_not_a_check(world, client_as):
    response = client_as(world.senco_a).get(
        f"/portal/schools/{world.school_a.pk}/checklist/", {"check": "<script>", "page": "x"}
    )
    assert response.status_code == 200
    assert len(response.context["summary"].rows) == 2


def test_governors_report_counts_sen_support_and_ehc_plans_apart(world, client_as):
    world.pupil_a2.sen_status = SenStatus.EHC_PLAN
    world.pupil_a2.save()
    b.meeting(world.pupil_a2, kind=MeetingKind.EARLY_DISCUSSION)
    response = client_as(world.head_a).get(
        f"/portal/schools/{world.school_a.pk}/checklist/governors/"
    )
    report = response.context["report"]
    early = next(c.counts for c in report.checks if c.counts.key == "early_discussion")
    assert (early.sen_support_met, early.sen_support_not_met) == (0, 1)
    assert (early.ehc_plan_met, early.ehc_plan_not_met) == (1, 0)
    page = response.content.decode()
    assert "Aisha Khan" in page  # the head sees who is behind "not met"
    named = AuditEvent.objects.filter(
        action=AuditAction.CHECKLIST_VIEWED, detail="governors report"
    ).values_list("object_id", flat=True)
    assert str(world.pupil_a1.pk) in set(named)


def test_trust_lead_sees_the_governors_counts_but_no_pupil_names(world, client_as):
    response = client_as(world.trust_lead).get(
        f"/portal/schools/{world.school_a.pk}/checklist/governors/"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Counts only" in page
    assert "Aisha" not in page and "Leo" not in page
    assert not AuditEvent.objects.filter(
        action=AuditAction.CHECKLIST_VIEWED, object_type="pupils.pupil"
    ).exists()


def test_trust_page_lists_each_schools_counts_without_names(world, client_as):
    response = client_as(world.trust_lead).get(f"/portal/trusts/{world.trust.pk}/checklist/")
    page = response.content.decode()
    assert "Riverside Primary" in page and "Riverside Academy" in page
    assert "Hilltop Primary" not in page  # not in the trust
    assert "Aisha" not in page and "Sam Khan" not in page
    assert [r.school for r in response.context["reports"]] == [world.school_b, world.school_a]


def test_trust_lead_of_another_trust_cannot_see_a_schools_report(world, client_as):
    assert (
        client_as(world.trust_lead)
        .get(f"/portal/schools/{world.school_c.pk}/checklist/governors/")
        .status_code
        == 404
    )


def test_pupil_page_shows_staff_how_many_checks_are_not_met(world, client_as):
    page = client_as(world.senco_a).get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    assert "pupil-checklist-panel" in page
    assert "checks are not met" in page


def test_pupil_page_shows_parents_no_checklist(world, client_as):
    page = client_as(world.parent_1).get(f"/portal/pupils/{world.pupil_a1.pk}/").content.decode()
    assert "pupil-checklist-panel" not in page


def test_dashboard_links_the_senco_and_the_trust_lead_to_the_reports(world, client_as):
    page = client_as(world.senco_a).get("/portal/").content.decode()
    assert f"/portal/schools/{world.school_a.pk}/checklist/governors/" in page
    assert f"/portal/schools/{world.school_a.pk}/provision-map/" in page
    page = client_as(world.trust_lead).get("/portal/").content.decode()
    assert f"/portal/trusts/{world.trust.pk}/checklist/" in page


def test_the_dashboard_panel_names_no_pupil_so_reads_no_pupils_record(world, client_as):
    b.meeting(world.pupil_a1, kind=MeetingKind.REVIEW)
    page = client_as(world.senco_a).get("/portal/").content.decode()
    panel = page.split('id="checklist-dashboard-panel"', 1)[1].split("</section>", 1)[0]
    for pupil in (world.pupil_a1, world.pupil_a2):
        assert pupil.legal_first_name not in panel
        assert f"/portal/pupils/{pupil.pk}/" not in panel


def test_dashboard_shows_parents_no_checklist(world, client_as):
    page = client_as(world.parent_1).get("/portal/").content.decode()
    assert "checklist-dashboard-panel" not in page


def test_the_report_does_not_count_pupils_of_other_schools(world, client_as):
    PupilFactory(school=world.school_b)
    response = client_as(world.senco_a).get(f"/portal/schools/{world.school_a.pk}/checklist/")
    assert response.context["summary"].pupils == 2


def test_governors_report_names_a_few_pupils_per_count_and_links_to_the_rest(world, client_as):
    for _ in range(6):
        PupilFactory(school=world.school_a)
    response = client_as(world.senco_a).get(
        f"/portal/schools/{world.school_a.pk}/checklist/governors/"
    )
    notified = next(c for c in response.context["report"].checks if c.counts.key == "notified")
    assert notified.counts.not_met == 8
    assert len(notified.pupils_not_met) == 5
    page = response.content.decode()
    assert "checklist/?check=notified&amp;state=not_met#pupils" in page
    assert "See all 8" in page
    assert 'app-no-print"' in page  # names are left out when the report is printed
