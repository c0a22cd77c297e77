"""What people new to the portal tripped on, each checked on real pages and the real database:
error messages that name the field, selects that start empty, staff shown with their roles,
the SENCO's contact details for parents, a dashboard that promises only what is there, no
"You are signed in" before the second factor, and the preferred language after sign-in."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.people.models import StaffRole
from portal.pupils.models import Pupil, YearGroup
from tests.conftest import sign_in
from tests.factories import PASSWORD, StaffMembershipFactory
from tests.portal.test_auth import current_totp

DJANGO_DEFAULTS = (
    "This field is required",
    "Select a valid choice",
    "Ensure this value has",
    "Enter a valid",
    "is not one of the available choices",
)

# What a browser sends for a form left untouched: its hidden CSRF token (the test client does
# not check it) and every text box, empty. Unchosen radios and checkboxes send nothing.
BROWSER_EMPTY = {"csrfmiddlewaretoken": "not-checked-in-tests"}
EMPTY_PUPIL = BROWSER_EMPTY | {
    "legal_first_name": "",
    "legal_last_name": "",
    "preferred_name": "",
    "date_of_birth_0": "",
    "date_of_birth_1": "",
    "date_of_birth_2": "",
    "year_group": "",
    "upn": "",
    "home_language": "",
}

COMPLETE_PUPIL = {
    "legal_first_name": "Maja",
    "legal_last_name": "Nowak",
    "preferred_name": "",
    "date_of_birth_0": "14",
    "date_of_birth_1": "2",
    "date_of_birth_2": "2019",
    "year_group": "1",
    "upn": "",
    "sen_status": "monitoring",
    "home_language": "",
}


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def assert_no_generic_errors(page: str) -> None:
    for generic in DJANGO_DEFAULTS:
        assert generic not in page, f"generic message {generic!r} shown"


def error_summary_links(page: str) -> list[tuple[str, str]]:
    summary = page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


def selected_options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select named {name}"
    return re.findall(r'<option value="([^"]*)" selected>', select.group(1))


# 1. Error messages name the field and say what to do ------------------------------------


def test_empty_pupil_form_names_each_field_and_marks_the_date_boxes(world, client):
    client = sign_in(client, world.senco_a)

    response = client.post(f"/portal/schools/{world.school_a.pk}/pupils/new/", EMPTY_PUPIL)

    page = text_of(response)
    assert response.status_code == 200
    for message in (
        "Enter the pupil's first name",
        "Enter the pupil's last name",
        "Enter a date of birth",
        "Select the pupil's year group",
        "Select the pupil's SEN status",
    ):
        assert message in page
    assert_no_generic_errors(page)
    date_inputs = re.findall(r'<input[^>]*name="date_of_birth_\d"[^>]*>', page)
    assert len(date_inputs) == 3
    assert all("govuk-input--error" in box for box in date_inputs)
    links = dict(error_summary_links(page))
    assert links["id_date_of_birth_0"] == "Enter a date of birth"
    assert links["id_legal_first_name"] == "Enter the pupil's first name"
    assert not Pupil.objects.filter(school=world.school_a, legal_first_name="").exists()


def test_nonsense_and_overlong_pupil_answers_get_messages_that_say_what_to_do(world, client):
    client = sign_in(client, world.senco_a)
    nonsense = COMPLETE_PUPIL | {
        "legal_first_name": "M" * 101,
        "preferred_name": "P" * 101,
        "date_of_birth_0": "123",
        "year_group": "99",
        "sen_status": "unknown",
        "home_language": "xx-none",
        "upn": "12345",
        "areas_of_need": ["telepathy"],
    }

    page = text_of(client.post(f"/portal/schools/{world.school_a.pk}/pupils/new/", nonsense))

    for message in (
        "Legal first name must be 100 characters or fewer",
        "Preferred name must be 100 characters or fewer",
        "Enter a real date, for example 27 3 2015",
        "Select the pupil's year group",
        "Select the pupil's SEN status",
        "Select a home language from the list",
        "Enter a UPN of 13 characters",
        "Select areas of need from the list",
    ):
        assert message in page
    assert_no_generic_errors(page)


def test_edit_pupil_form_emptied_names_each_field(world, client):
    client = sign_in(client, world.senco_a)

    page = text_of(client.post(f"/portal/pupils/{world.pupil_a1.pk}/edit/", EMPTY_PUPIL))

    assert "Enter the pupil's first name" in page
    assert "Select the pupil's year group" in page
    assert_no_generic_errors(page)


def test_empty_invitation_form_names_each_field(world, client):
    client = sign_in(client, world.senco_a)
    url = f"/portal/pupils/{world.pupil_a1.pk}/invite/"

    empty = text_of(client.post(url, BROWSER_EMPTY | {"email": ""}))
    nonsense = text_of(
        client.post(
            url,
            {
                "email": "x" * 250 + "@example.org",
                "relationship": "uncle-ish",
                "has_parental_responsibility": "maybe",
            },
        )
    )

    assert "Enter the parent or carer's email address" in empty
    assert "Select their relationship to the pupil" in empty
    assert "Select yes if they have parental responsibility" in empty
    assert "Email address must be 254 characters or fewer" in nonsense
    assert "Select their relationship to the pupil" in nonsense
    assert "Select yes if they have parental responsibility" in nonsense
    assert_no_generic_errors(empty)
    assert_no_generic_errors(nonsense)


def test_assigning_someone_not_on_the_list_says_what_to_do(world, client):
    client = sign_in(client, world.senco_a)

    page = text_of(
        client.post(f"/portal/pupils/{world.pupil_a1.pk}/staff/", {"teachers": ["not-a-person"]})
    )

    assert "Select staff from the list" in page
    assert_no_generic_errors(page)


@pytest.mark.parametrize("url", ["/portal/2fa/verify/", "/portal/2fa/setup/"])
def test_two_step_code_left_empty_or_too_long_says_what_to_do(world, url):
    if url.endswith("verify/"):
        TOTPDevice.objects.create(user=world.senco_a, name="Authenticator app", confirmed=True)
    client = sign_in(Client(), world.senco_a, verified=False)
    client.get(url)

    empty = text_of(client.post(url, {"token": ""}))
    too_long = text_of(client.post(url, {"token": "1" * 40}))

    assert "Enter the code from your app or a backup code" in empty
    assert "Enter the 6-digit code from your app, or a backup code" in too_long
    assert_no_generic_errors(empty)
    assert_no_generic_errors(too_long)


def test_notification_settings_without_a_choice_says_what_to_do(world, client):
    client = sign_in(client, world.parent_1)

    empty = text_of(client.post("/portal/notifications/settings/", BROWSER_EMPTY))
    nonsense = text_of(client.post("/portal/notifications/settings/", {"delivery": "pigeon"}))

    assert "Select how the portal should tell you" in empty
    assert "Select how the portal should tell you" in nonsense
    assert_no_generic_errors(empty)
    assert_no_generic_errors(nonsense)


def test_empty_sign_in_form_names_each_field(world):
    page = text_of(Client().post("/accounts/login/", {"login": "", "password": ""}))

    assert "Enter your email address" in page
    assert "Enter your password" in page
    assert_no_generic_errors(page)


# 2. Selects start empty; nothing is recorded that nobody chose -------------------------


def test_fresh_add_pupil_form_has_only_the_empty_options_selected(world, client):
    client = sign_in(client, world.senco_a)

    page = client.get(f"/portal/schools/{world.school_a.pk}/pupils/new/").content.decode()

    assert selected_options(page, "year_group") in ([], [""])
    assert selected_options(page, "home_language") in ([], [""])
    assert "Select a year group" in page
    assert "Select a language" in page
    assert "Home language (optional)" in page


def test_untouched_selects_give_the_year_group_error_and_never_a_default(world, client):
    client = sign_in(client, world.senco_a)
    untouched = {key: value for key, value in COMPLETE_PUPIL.items() if key != "year_group"}

    response = client.post(f"/portal/schools/{world.school_a.pk}/pupils/new/", untouched)

    page = text_of(response)
    assert "Select the pupil's year group" in page
    assert "Select the pupil's home language" not in page
    assert not Pupil.objects.filter(legal_first_name="Maja").exists()
    assert not Pupil.objects.filter(year_group=YearGroup.NURSERY).exists()
    assert not Pupil.objects.filter(home_language="sq").exists()


def test_pupil_saved_without_a_home_language_shows_not_recorded(world, client):
    client = sign_in(client, world.senco_a)

    response = client.post(
        f"/portal/schools/{world.school_a.pk}/pupils/new/", COMPLETE_PUPIL, follow=True
    )

    pupil = Pupil.objects.get(legal_first_name="Maja")
    assert pupil.home_language == ""
    assert pupil.year_group == YearGroup.Y1
    page = text_of(response)
    row = re.search(r"Home language</dt><dd[^>]*>([^<]*)</dd>", page)
    assert row and row.group(1).strip() == "Not recorded"
    assert "Albanian" not in page


# 3. Staff are shown with their role ------------------------------------------------------


@pytest.fixture
def two_role_teacher(world):
    """The Year 2 teacher who is also the school's Designated Safeguarding Lead."""
    teacher = world.teacher_a
    StaffMembershipFactory(user=teacher, school=world.school_a, role=StaffRole.DSL)
    return teacher


def test_assign_staff_labels_each_person_with_their_roles_here(world, client, two_role_teacher):
    client = sign_in(client, world.senco_a)

    page = text_of(client.get(f"/portal/pupils/{world.pupil_a1.pk}/staff/"))

    labels = [label.strip() for label in re.findall(r"<label[^>]*>([^<]+)</label>", page)]
    name = two_role_teacher.get_full_name()
    teacher_label = next(label for label in labels if label.startswith(name))
    assert teacher_label.startswith(f"{name} – ")
    assert str(StaffRole.TEACHER.label) in teacher_label
    assert str(StaffRole.DSL.label) in teacher_label
    senco = world.senco_a.get_full_name()
    assert f"{senco} – {StaffRole.SENCO.label}" in labels


@pytest.mark.parametrize("viewer", ["senco_a", "parent_1"])
def test_pupil_page_lists_staff_with_their_roles(world, client, two_role_teacher, viewer):
    client = sign_in(client, getattr(world, viewer))

    page = text_of(client.get(f"/portal/pupils/{world.pupil_a1.pk}/"))

    staff = page.split("Staff who work with this pupil", 1)[1].split("</ul>", 1)[0]
    assert two_role_teacher.get_full_name() in staff
    assert str(StaffRole.TEACHER.label) in staff
    assert str(StaffRole.DSL.label) in staff


# 4. A parent sees how to contact the SENCO -----------------------------------------------


def test_parent_sees_the_senco_contact_above_independent_advice(world, client):
    school = world.school_a
    school.senco_name = "Ms Priya Shah"
    school.senco_email = "senco@riverside.example.org"
    school.senco_phone = "01632 960 222"
    school.save()
    client = sign_in(client, world.parent_1)

    page = text_of(client.get(f"/portal/pupils/{world.pupil_a1.pk}/"))

    assert "Contact the SENCO" in page
    assert "Ms Priya Shah" in page
    assert re.search(r'<a[^>]*dir="ltr"[^>]*href="mailto:senco@riverside.example.org"', page)
    assert re.search(r'<a[^>]*dir="ltr"[^>]*href="tel:01632960222"', page)
    assert "01632 960 222" in page
    assert page.index("Contact the SENCO") < page.index("app-advice-panel")


def test_staff_do_not_see_the_parents_senco_contact_panel(world, client):
    client = sign_in(client, world.senco_a)

    page = text_of(client.get(f"/portal/pupils/{world.pupil_a1.pk}/"))

    assert "Contact the SENCO" not in page


# 5. The parent's dashboard promises only what is there -----------------------------------

NOT_YET_THERE = (
    "outcomes",
    "agreed at",
    "give your views",
    "tell the school what you think",
    "what happens next",
    "meeting",
)


def test_parent_dashboard_describes_only_what_the_portal_does_today(world, client):
    client = sign_in(client, world.parent_1)

    page = text_of(client.get("/portal/"))

    lowered = page.lower()
    for promise in NOT_YET_THERE:
        assert promise not in lowered, f"the dashboard promises {promise!r}"
    assert "the staff who work with them" in page
    assert "how to contact the school's SENCO" in page
    assert "independent advice" in page
    assert 'href="/portal/notifications/"' in page


def test_invitation_welcome_promises_only_what_the_portal_does_today(world):
    page = text_of(Client().get(f"/portal/invitations/accept/{world.invitation_a1.token}/"))

    lowered = page.lower()
    assert "has invited you" in lowered
    for promise in NOT_YET_THERE:
        assert promise not in lowered, f"the welcome page promises {promise!r}"


# 6. "You are signed in" waits for the second factor; set-up speaks to parents ------------


def test_staff_are_not_told_they_are_signed_in_until_the_second_factor(world):
    device = TOTPDevice.objects.create(user=world.senco_a, name="Authenticator app", confirmed=True)
    client = Client()

    response = client.post(
        "/accounts/login/", {"login": world.senco_a.email, "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0].startswith("/portal/2fa/verify/")
    assert "You are signed in" not in text_of(response)

    response = client.post("/portal/2fa/verify/", {"token": current_totp(device)}, follow=True)

    assert response.redirect_chain[-1][0] == "/portal/"
    assert "You are signed in" in text_of(response)


def test_parent_two_step_setup_page_speaks_to_parents(world):
    client = sign_in(Client(), world.parent_2)

    page = text_of(client.get("/portal/2fa/setup/"))

    assert "your child's information safe" in page
    assert "Keep your backup codes somewhere safe" in page
    assert "Staff must use a second step" not in page


def test_staff_two_step_setup_page_speaks_to_staff(world):
    client = sign_in(Client(), world.senco_a, verified=False)

    page = text_of(client.get("/portal/2fa/setup/"))

    assert "Staff must use a second step" in page
    assert "your child's information" not in page


# 7. The preferred language after sign-in -------------------------------------------------


def test_welsh_speaker_lands_on_the_welsh_portal_after_sign_in(world):
    world.parent_1.preferred_language = "cy"
    world.parent_1.save(update_fields=["preferred_language"])
    client = Client()

    response = client.post(
        "/accounts/login/", {"login": world.parent_1.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/cy/portal/"
    assert client.get("/cy/portal/").status_code == 200
