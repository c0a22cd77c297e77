"""Names refuse hidden text-direction characters (U+202A to U+202E, U+2066 to U+2069): they
make a stored name display as another ("\u202eahsiA" shows as "Aisha" backwards-forwards), so a
SENCO could not trust the register. Each refusal names the field and says what to do."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError

from portal.lib.text import TEXT_DIRECTION_CONTROLS, NoTextDirectionControls
from portal.people.models import User
from portal.pupils.models import Pupil
from tests.conftest import sign_in
from tests.portal.test_register_import import ROWS, make_csv, page_text, upload

ERROR_SUMMARY = 'class="govuk-error-summary"'


def pupil_body(**changes) -> dict:
    return {
        "legal_first_name": "Mia",
        "legal_last_name": "Jones",
        "preferred_name": "",
        "date_of_birth_0": "3",
        "date_of_birth_1": "4",
        "date_of_birth_2": "2016",
        "year_group": "4",
        "upn": "",
        "sen_status": "sen_support",
        **changes,
    }


@pytest.mark.parametrize(
    "control", sorted(TEXT_DIRECTION_CONTROLS), ids=lambda char: f"U+{ord(char):04X}"
)
def test_every_text_direction_control_is_refused(control):
    with pytest.raises(ValidationError) as refused:
        NoTextDirectionControls("First name")(f"Ai{control}sha")
    assert refused.value.messages == [
        "First name must not contain hidden text-direction characters. Type the name again."
    ]


def test_names_in_other_scripts_and_their_marks_are_accepted():
    for name in ("محمد", "Zoë", "O'Brien", "می\u200cخواهم", "\u200fעדי"):
        NoTextDirectionControls("First name")(name)


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("legal_first_name", "Legal first name"),
        ("legal_last_name", "Legal last name"),
        ("preferred_name", "Preferred name"),
    ],
)
def test_adding_a_pupil_with_a_hidden_direction_character_is_refused(world, client, field, label):
    sign_in(client, world.senco_a)

    response = client.post(
        f"/portal/schools/{world.school_a.pk}/pupils/new/", pupil_body(**{field: "\u202eaiM"})
    )

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert ERROR_SUMMARY in page
    assert (
        f"{label} must not contain hidden text-direction characters. Type the name again." in page
    )
    assert not Pupil.objects.filter(legal_last_name__in=["Jones", "\u202eaiM"]).exists()


def test_editing_a_pupils_name_to_hide_its_direction_is_refused(world, client):
    sign_in(client, world.senco_a)
    pupil = world.pupil_a1

    response = client.post(
        f"/portal/pupils/{pupil.pk}/edit/",
        pupil_body(legal_first_name="Aisha\u2066", legal_last_name="Khan"),
    )

    assert response.status_code == 200
    assert ERROR_SUMMARY in response.content.decode()
    pupil.refresh_from_db()
    assert pupil.legal_first_name == "Aisha"


def test_an_imported_name_with_a_hidden_direction_character_is_refused_with_its_row(world, client):
    sign_in(client, world.senco_a)
    row = list(ROWS[0])
    row[1] = "kawoN\u202e"

    page = page_text(upload(client, world, make_csv(rows=[row]), follow=True))

    assert (
        "Row 2: the legal last name must not contain hidden text-direction characters. "
        "Type the name again in the file"
    ) in page
    assert "Nothing has been imported" in page


def test_people_and_schools_refuse_hidden_direction_characters_wherever_they_are_edited(world):
    user = User(email="new@example.org", first_name="\u202bSam", last_name="Lee")
    with pytest.raises(ValidationError) as refused:
        user.full_clean()
    assert refused.value.message_dict["first_name"] == [
        "First name must not contain hidden text-direction characters. Type the name again."
    ]
    school = world.school_a
    school.senco_name = "Ms \u2067Patel"
    with pytest.raises(ValidationError) as refused:
        school.full_clean()
    assert list(refused.value.message_dict) == ["senco_name"]
