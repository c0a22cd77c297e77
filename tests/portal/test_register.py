"""The SENCO's SEN register, the teacher's list and the trust lead's counts."""

import pytest

from portal.pupils.models import SenStatus
from tests.conftest import count_queries, sign_in
from tests.factories import PupilFactory


def _names(response) -> str:
    return response.content.decode()


def test_senco_sees_their_schools_register_and_not_another_schools(world, client):
    page = _names(sign_in(client, world.senco_a).get("/portal/"))
    assert "Khan, Aisha" in page
    assert "Williams, Leo" in page
    assert "Green, Noah" not in page  # school C
    assert "Khan, Sam" not in page  # school B


def test_register_filters_by_status_and_area(world, client):
    PupilFactory(
        school=world.school_a,
        legal_first_name="Owen",
        legal_last_name="Davies",
        sen_status=SenStatus.EHC_PLAN,
        areas=["sensory_physical"],
    )
    client = sign_in(client, world.senco_a)
    by_status = _names(client.get("/portal/", {"status": "ehc_plan"}))
    assert "Davies, Owen" in by_status
    assert "Khan, Aisha" not in by_status
    by_area = _names(client.get("/portal/", {"area": "sensory_physical"}))
    assert "Davies, Owen" in by_area
    assert "Williams, Leo" not in by_area
    nothing = _names(client.get("/portal/", {"status": "monitoring"}))
    assert "No pupils match." in nothing


def test_an_unknown_filter_value_shows_the_whole_register_not_an_error(world, client):
    response = sign_in(client, world.senco_a).get("/portal/", {"status": "nonsense"})
    assert response.status_code == 200
    assert "Khan, Aisha" in _names(response)


def test_teacher_sees_only_the_pupils_assigned_to_them(world, client):
    page = _names(sign_in(client, world.teacher_a).get("/portal/"))
    assert "Aisha Khan" in page
    assert "Leo Williams" not in page
    assert (
        sign_in(client, world.teacher_a).get(f"/portal/pupils/{world.pupil_a2.pk}/").status_code
        == 404
    )


def test_trust_lead_sees_counts_per_trust_school_and_no_pupil_names(world, client):
    page = _names(sign_in(client, world.trust_lead).get("/portal/"))
    assert world.school_a.name in page
    assert world.school_b.name in page
    assert world.school_c.name not in page
    assert "Aisha" not in page
    overview = _names(
        sign_in(client, world.trust_lead).get(f"/portal/schools/{world.school_a.pk}/")
    )
    assert "Aisha" not in overview
    assert "SEN Support" in overview


def _register_queries(client, count: int) -> int:
    responses = []
    queries = count_queries(lambda: responses.append(client.get("/portal/")) or responses[-1])
    assert _names(responses[0]).count('href="/portal/pupils/') == count
    return queries


@pytest.mark.parametrize("extra", [38])
def test_the_register_issues_the_same_number_of_queries_for_1_pupil_as_for_40(world, client, extra):
    client = sign_in(client, world.senco_c)  # school C has one pupil
    client.get("/portal/")  # warm the session and caches
    with_one = _register_queries(client, 1)
    for index in range(extra + 1):
        PupilFactory(school=world.school_c, areas=["cognition", "semh"][: 1 + index % 2])
    with_forty = _register_queries(client, 40)
    assert with_one == with_forty, (with_one, with_forty)


def test_the_parent_dashboard_query_count_does_not_grow_with_children(world, client):
    from tests.factories import link_parent

    client = sign_in(client, world.parent_2)
    client.get("/portal/")
    one_child = count_queries(lambda: client.get("/portal/"))
    for _ in range(5):
        link_parent(world.parent_2, PupilFactory(school=world.school_c))
    six_children = count_queries(lambda: client.get("/portal/"))
    assert "Noah Green" in _names(client.get("/portal/"))
    assert one_child == six_children


def test_a_teacher_who_left_the_school_no_longer_sees_their_pupils(world, client):
    from portal.people.models import StaffMembership

    StaffMembership.objects.filter(user=world.teacher_a).delete()
    client = sign_in(client, world.teacher_a)
    assert client.get(f"/portal/pupils/{world.pupil_a1.pk}/").status_code == 404
    assert "Aisha Khan" not in _names(client.get("/portal/"))


def test_reading_the_register_is_audited(world, client):
    from portal.audit.models import AuditEvent

    sign_in(client, world.senco_a).get("/portal/", {"status": "sen_support"})
    event = AuditEvent.objects.filter(action="register.viewed").last()
    assert event.actor_id == world.senco_a.pk
    assert event.school_id == world.school_a.pk
    assert "status=sen_support" in event.detail


def test_the_teacher_dashboard_query_count_does_not_grow_with_pupils(world, client):
    # Each pupil shown is audited, in one insert for them all.
    from tests.factories import assign_teacher

    client = sign_in(client, world.teacher_a)
    client.get("/portal/")
    one_pupil = count_queries(lambda: client.get("/portal/"))
    for _ in range(11):
        assign_teacher(world.teacher_a, PupilFactory(school=world.school_a, areas=["semh"]))
    twelve_pupils = count_queries(lambda: client.get("/portal/"))
    assert one_pupil == twelve_pupils, (one_pupil, twelve_pupils)


def _add_pupils(school, count: int, **fields) -> None:
    """`count` pupils named Family000, Family001... so the register's order is known."""
    for index in range(count):
        PupilFactory(
            school=school,
            legal_last_name=f"Family{index:03d}",
            legal_first_name="Pupil",
            areas=["cognition", "semh"][: 1 + index % 2],
            **fields,
        )


def _register_url(world) -> str:
    return f"/portal/schools/{world.school_c.pk}/"


def test_the_register_page_issues_the_same_number_of_queries_for_5_pupils_as_for_120(world, client):
    client = sign_in(client, world.senco_c)
    url = _register_url(world)
    _add_pupils(world.school_c, 4)  # and Noah Green: 5
    client.get(url)
    with_five = count_queries(lambda: client.get(url))
    _add_pupils(world.school_c, 115)
    with_120 = count_queries(lambda: client.get(url))
    assert with_five == with_120, (with_five, with_120)
    # And the dashboard, which shows the same register to a SENCO of one school.
    assert count_queries(lambda: client.get("/portal/")) > 0


def test_the_register_shows_50_pupils_a_page_and_page_2_shows_the_next(world, client):
    _add_pupils(world.school_c, 119)  # and Noah Green, who sorts between Family and nobody
    client = sign_in(client, world.senco_c)
    first = _names(client.get(_register_url(world)))
    assert first.count('href="/portal/pupils/') == 50
    assert "Family000, Pupil" in first and "Family049, Pupil" in first
    assert "Family050, Pupil" not in first
    assert "Pupils 1 to 50 of 120" in first
    assert 'class="govuk-pagination"' in first and 'href="?page=2"' in first
    second = _names(client.get(_register_url(world), {"page": 2}))
    assert second.count('href="/portal/pupils/') == 50
    assert "Family050, Pupil" in second and "Family099, Pupil" in second
    assert "Family049, Pupil" not in second
    assert 'aria-current="page">2<' in second
    third = _names(client.get(_register_url(world), {"page": 3}))
    assert third.count('href="/portal/pupils/') == 20
    assert "Green, Noah" in third
    assert 'rel="next"' not in third


def test_the_filters_are_kept_from_page_to_page(world, client):
    _add_pupils(world.school_c, 60, sen_status=SenStatus.EHC_PLAN)
    _add_pupils(world.school_c, 10, sen_status=SenStatus.MONITORING)
    client = sign_in(client, world.senco_c)
    first = _names(client.get(_register_url(world), {"status": "ehc_plan"}))
    assert "Pupils 1 to 50 of 60" in first
    assert 'href="?status=ehc_plan&amp;page=2"' in first
    second = _names(client.get(_register_url(world), {"status": "ehc_plan", "page": "2"}))
    assert second.count('href="/portal/pupils/') == 10
    assert "Monitoring</strong>" not in second
    assert '<option value="ehc_plan" selected>' in second


@pytest.mark.parametrize("page", ["0", "-1", "999", "last", "2.5", "", "\x00", "9" * 400])
def test_a_page_that_is_not_in_the_register_shows_the_first_page(world, client, page):
    _add_pupils(world.school_c, 60)
    response = sign_in(client, world.senco_c).get(_register_url(world), {"page": page})
    assert response.status_code == 200
    assert "Family000, Pupil" in _names(response)


def test_reading_a_page_of_the_register_is_audited_once_with_its_page(world, client):
    from portal.audit.models import AuditEvent

    _add_pupils(world.school_c, 60)
    sign_in(client, world.senco_c).get(_register_url(world), {"page": "2", "area": "semh"})
    events = AuditEvent.objects.filter(action="register.viewed", school_id=world.school_c.pk)
    assert [event.detail for event in events] == ["status= area=semh page=1"]
    client.get(_register_url(world), {"page": "2"})
    assert events.last().detail == "status= area= page=2"


def test_the_register_page_stays_small_however_many_pupils_the_school_has(world, client):
    _add_pupils(world.school_c, 300)
    response = sign_in(client, world.senco_c).get(_register_url(world))
    assert len(response.content) < 60_000, len(response.content)


def test_the_trust_dashboard_query_count_does_not_grow_with_schools(world, client):
    from tests.factories import SchoolFactory

    client = sign_in(client, world.trust_lead)
    client.get("/portal/")
    two_schools = count_queries(lambda: client.get("/portal/"))
    for _ in range(6):
        school = SchoolFactory(trust=world.trust, local_authority=world.authority)
        _add_pupils(school, 3)
    page = _names(client.get("/portal/"))
    assert page.count('href="/portal/schools/') >= 8
    eight_schools = count_queries(lambda: client.get("/portal/"))
    assert two_schools == eight_schools, (two_schools, eight_schools)
