"""The SENCO adds and edits pupils and says which staff work with them."""

from portal.audit.models import AuditEvent
from portal.pupils.models import Pupil, TeachingAssignment
from tests.conftest import sign_in
from tests.factories import StaffMembershipFactory

VALID = {
    "legal_first_name": "Maja",
    "legal_last_name": "Nowak",
    "preferred_name": "",
    "date_of_birth_0": "14",
    "date_of_birth_1": "2",
    "date_of_birth_2": "2019",
    "year_group": "1",
    "upn": "a123456789012",
    "sen_status": "monitoring",
    "areas_of_need": ["communication", "semh"],
    "home_language": "pl",
}


def test_senco_adds_a_pupil_with_areas_of_need(world, client):
    client = sign_in(client, world.senco_a)
    response = client.post(f"/portal/schools/{world.school_a.pk}/pupils/new/", VALID, follow=True)
    pupil = Pupil.objects.get(legal_first_name="Maja")
    assert pupil.school == world.school_a
    assert pupil.upn == "A123456789012"
    assert sorted(pupil.areas_of_need.values_list("area", flat=True)) == ["communication", "semh"]
    page = response.content.decode()
    assert "Maja Nowak has been added." in page
    assert "Polish" in page  # home language named through Babel
    assert AuditEvent.objects.filter(action="pupil.created", object_id=str(pupil.pk)).exists()


def test_bad_input_shows_the_error_summary_and_saves_nothing(world, client):
    client = sign_in(client, world.senco_a)
    bad = VALID | {"legal_first_name": "", "date_of_birth_0": "31", "date_of_birth_1": "2"}
    response = client.post(f"/portal/schools/{world.school_a.pk}/pupils/new/", bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'href="#id_legal_first_name"' in page
    assert "Enter a real date" in page
    assert 'href="#id_date_of_birth_0"' in page
    assert not Pupil.objects.filter(legal_last_name="Nowak").exists()


def test_a_upn_already_used_at_the_school_is_refused_clearly(world, client):
    world.pupil_a2.upn = "A123456789012"
    world.pupil_a2.save()
    client = sign_in(client, world.senco_a)
    response = client.post(f"/portal/schools/{world.school_a.pk}/pupils/new/", VALID)
    assert "Another pupil at this school has this UPN." in response.content.decode()
    assert not Pupil.objects.filter(legal_first_name="Maja").exists()


def test_senco_edits_a_pupil_and_the_change_is_audited(world, client):
    client = sign_in(client, world.senco_a)
    edit = VALID | {
        "legal_first_name": "Aisha",
        "legal_last_name": "Khan",
        "sen_status": "ehc_plan",
    }
    client.post(f"/portal/pupils/{world.pupil_a1.pk}/edit/", edit)
    world.pupil_a1.refresh_from_db()
    assert world.pupil_a1.sen_status == "ehc_plan"
    assert world.pupil_a1.school == world.school_a
    assert AuditEvent.objects.filter(action="pupil.updated").exists()


def test_edit_form_shows_the_current_areas_of_need_ticked(world, client):
    page = sign_in(client, world.senco_a).get(f"/portal/pupils/{world.pupil_a1.pk}/edit/")
    assert 'value="communication" checked' in page.content.decode()


def test_senco_assigns_staff_who_then_see_the_pupil(world, client):
    other_teacher = StaffMembershipFactory(school=world.school_a).user
    client = sign_in(client, world.senco_a)
    client.post(f"/portal/pupils/{world.pupil_a2.pk}/staff/", {"teachers": [other_teacher.pk]})
    assert TeachingAssignment.objects.filter(pupil=world.pupil_a2, teacher=other_teacher).exists()
    teacher_client = sign_in(client.__class__(), other_teacher)
    assert teacher_client.get(f"/portal/pupils/{world.pupil_a2.pk}/").status_code == 200


def test_staff_of_another_school_cannot_be_assigned(world, client):
    client = sign_in(client, world.senco_a)
    response = client.post(
        f"/portal/pupils/{world.pupil_a2.pk}/staff/", {"teachers": [world.senco_b.pk]}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not TeachingAssignment.objects.filter(teacher=world.senco_b).exists()


def test_a_parent_sees_their_childs_record_with_independent_advice(world, client):
    page = sign_in(client, world.parent_1).get(f"/portal/pupils/{world.pupil_a1.pk}/")
    text = page.content.decode()
    assert "Aisha Khan" in text
    assert "Independent advice" in text
    assert world.authority.iass_name in text
    assert world.authority.local_offer_url in text
    assert "Invite a parent" not in text
    assert "newparent@example.org" not in text  # other invitations stay with the school


def test_opening_the_edit_form_is_an_audited_read(world, client):
    sign_in(client, world.senco_a).get(f"/portal/pupils/{world.pupil_a1.pk}/edit/")
    event = AuditEvent.objects.filter(action="pupil.viewed").last()
    assert event.object_id == str(world.pupil_a1.pk)
    assert event.detail == "edit"


def test_an_impossible_year_is_a_form_error_not_a_crash(world, client):
    client = sign_in(client, world.senco_a)
    response = client.post(
        f"/portal/schools/{world.school_a.pk}/pupils/new/",
        VALID | {"date_of_birth_2": "99999999999999999999"},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Pupil.objects.filter(legal_first_name="Maja").exists()
