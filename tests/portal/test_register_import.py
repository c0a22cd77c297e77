"""The SENCO imports the SEN register from a CSV file: upload, check every row, confirm."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.audit.models import AuditEvent
from portal.pupils.models import Pupil, SenStatus
from portal.pupils.register_import import plan_register_import, read_register_csv
from tests.conftest import sign_in

HEADER = [
    "Legal first name",
    "Legal last name",
    "Preferred name",
    "Date of birth",
    "Year group",
    "UPN",
    "SEN status",
    "Areas of need",
    "Home language",
]
ROWS = [
    [
        "Maja",
        "Nowak",
        "",
        "14/02/2019",
        "Year 1",
        "A123456789012",
        "Monitoring",
        "Communication and interaction",
        "Polish",
    ],
    [
        "Oluwaseun",
        "Adeyemi",
        "Seun",
        "03/09/2017",
        "Year 3",
        "B123456789013",
        "SEN Support",
        "Communication and interaction; Cognition and learning",
        "English",
    ],
    [
        "Freya",
        "Lloyd",
        "",
        "2016-05-30",
        "Year 4",
        "C123456789014",
        "EHC plan",
        "Sensory and/or physical",
        "cy",
    ],
]
DEMO_CSV = (
    Path(__file__).resolve().parents[2] / "portal" / "pupils" / "fixtures" / "demo_register.csv"
)


def make_csv(rows=ROWS, header=HEADER, *, bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def upload_url(world) -> str:
    return f"/portal/schools/{world.school_a.pk}/pupils/import/"


def preview_url(world) -> str:
    return f"/portal/schools/{world.school_a.pk}/pupils/import/check/"


def upload(client, world, data: bytes, name: str = "register.csv", **kwargs):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(upload_url(world), {"csv_file": file}, **kwargs)


def confirm(client, world, **kwargs):
    """Select 'Import these pupils' on the preview page, as the SENCO would."""
    page = client.get(preview_url(world)).content.decode()
    fields = dict(
        re.findall(r'<input type="hidden" name="(digest|fingerprint)" value="(\w+)">', page)
    )
    fields.setdefault("digest", client.session["portal_register_import"]["digest"])
    return client.post(preview_url(world), {"action": "import", **fields}, **kwargs)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def senco(world, client):
    return sign_in(client, world.senco_a)


# The upload page ----------------------------------------------------------------------------


def test_register_page_links_the_senco_to_the_import(world, senco):
    page = page_text(senco.get(f"/portal/schools/{world.school_a.pk}/"))
    assert "Import pupils from a CSV file" in page
    assert upload_url(world) in page


def test_head_of_school_sees_the_register_but_no_import_link(world, client):
    page = page_text(sign_in(client, world.head_a).get(f"/portal/schools/{world.school_a.pk}/"))
    assert "Khan, Aisha" in page
    assert "Import pupils from a CSV file" not in page


def test_upload_page_documents_every_column_with_an_example(world, senco):
    page = page_text(senco.get(upload_url(world)))
    for column in HEADER:
        assert column in page
    assert "Communication and interaction; Cognition and learning" in page
    assert "14/05/2018" in page
    assert "Download a template CSV file" in page
    assert "Polish (pl)" in page  # the home languages the file may use


def test_template_csv_has_the_header_and_one_example_row_that_imports(world, senco):
    response = senco.get(f"/portal/schools/{world.school_a.pk}/pupils/import/template.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert len(rows) == 2
    # The example row is itself valid: the template can be checked as it is.
    preview = page_text(upload(senco, world, response.content, follow=True))
    assert "There is a problem" not in preview
    assert "1 new pupil will be added" in preview


# Upload errors name the field -----------------------------------------------------------


def test_no_file_chosen_says_choose_a_csv_file(world, senco):
    response = senco.post(upload_url(world), {})
    page = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose a CSV file to upload" in page
    assert 'href="#id_csv_file"' in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("register.xlsx", make_csv(), "The file must be a CSV"),
        ("register.csv", b"PK\x03\x04\x14\x00\x06\x00binary", "The file must be a CSV"),
        ("register.csv", b"\x00\x01\x02", "The file must be a CSV"),
        ("register.csv", "Légal first name,Nom\nÉlodie,Café\n".encode("latin-1"), "UTF-8"),
        ("register.csv", make_csv(header=[h for h in HEADER if h != "UPN"]), "column 'UPN'"),
        ("register.csv", make_csv(rows=[]), "no pupils in it"),
        ("register.csv", b"a" * 1_000_001, "smaller than 1 MB"),
    ],
    ids=["extension", "spreadsheet", "binary", "encoding", "column", "no-rows", "size"],
)
def test_a_file_that_cannot_be_read_is_refused_naming_the_problem(
    world, senco, name, data, message
):
    page = page_text(upload(senco, world, data, name=name))
    assert "There is a problem" in page
    assert message in page
    assert 'href="#id_csv_file"' in page
    assert "portal_register_import" not in senco.session


def test_missing_column_message_names_the_column(world, senco):
    header = [h for h in HEADER if h not in ("UPN", "SEN status")]
    page = page_text(upload(senco, world, make_csv(rows=[r[:5] for r in ROWS], header=header)))
    assert "The file is missing the column 'UPN'" in page
    assert "The file is missing the column 'SEN status'" in page


def test_too_many_rows_are_refused(world, senco):
    rows = [ROWS[0][:5] + [f"A{index:012d}"] + ROWS[0][6:] for index in range(2_001)]
    page = page_text(upload(senco, world, make_csv(rows=rows)))
    assert "The file has 2,001 pupils. Import at most 2,000 at a time" in page


# Preview and confirm ------------------------------------------------------------------------


def test_a_valid_file_is_previewed_and_nothing_is_saved_until_confirmed(world, senco):
    before = Pupil.objects.count()
    response = upload(senco, world, make_csv(bom=True))
    assert response.status_code == 302
    assert response["Location"] == preview_url(world)
    page = page_text(senco.get(preview_url(world)))
    assert "3 new pupils will be added" in page
    for name in ("Row 2: Maja Nowak", "Row 3: Oluwaseun Adeyemi", "Row 4: Freya Lloyd"):
        assert name in page
    assert "New pupil" in page
    assert "Import these pupils" in page
    assert "Social, emotional" not in page
    assert "Cognition and learning" in page and "Welsh" in page  # values as understood
    assert Pupil.objects.count() == before
    assert not AuditEvent.objects.filter(action="pupil.created").exists()


def test_confirming_saves_every_row_audits_each_and_says_how_many(world, senco):
    upload(senco, world, make_csv())
    response = confirm(senco, world, follow=True)
    page = page_text(response)
    assert response.redirect_chain[-1][0] == f"/portal/schools/{world.school_a.pk}/"
    assert "3 pupils added, 0 updated." in page
    seun = Pupil.objects.get(school=world.school_a, upn="B123456789013")
    assert seun.preferred_name == "Seun"
    assert seun.date_of_birth == datetime.date(2017, 9, 3)
    assert seun.year_group == 3
    assert seun.sen_status == SenStatus.SEN_SUPPORT
    assert sorted(seun.areas_of_need.values_list("area", flat=True)) == [
        "cognition",
        "communication",
    ]
    assert Pupil.objects.get(upn="C123456789014").home_language == "cy"
    assert Pupil.objects.get(upn="A123456789012").home_language == "pl"
    created = AuditEvent.objects.filter(action="pupil.created", actor=world.senco_a)
    assert created.count() == 3
    summary = AuditEvent.objects.get(action="register.imported")
    assert summary.school_id == world.school_a.pk
    assert summary.detail.startswith("added 3, updated 0, unchanged 0; sha256 ")
    assert "portal_register_import" not in senco.session
    assert "Adeyemi, Seun" in page  # the register now lists them


def test_one_bad_row_saves_nothing_and_shows_the_row_and_its_error(world, senco):
    rows = [
        *ROWS,
        ["Leo", "Grant", "", "31/02/2016", "Year 4", "D123456789015", "Monitoring", "", ""],
        ["Ava", "Moss", "", "01/01/2016", "Year 4", "A123", "Monitoring", "", ""],
    ]
    response = upload(senco, world, make_csv(rows=rows), follow=True)
    page = page_text(response)
    assert "There is a problem" in page
    assert "Row 5: the date of birth 31/02/2016 is not a real date" in page
    assert "Row 6: UPN A123 is not a valid unique pupil number" in page
    assert 'href="#row-5"' in page and 'id="row-5"' in page
    assert "2 rows have errors" in page
    assert "Nothing has been imported" in page
    assert "Import these pupils" not in page  # confirming is not offered
    # Even a forged confirmation saves nothing.
    confirm(senco, world)
    assert not Pupil.objects.filter(legal_last_name__in=["Nowak", "Grant", "Moss"]).exists()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({0: ""}, "Row 2: enter the pupil's legal first name"),
        ({3: "2999-01-01"}, "Row 2: the date of birth 2999-01-01 must be in the past"),
        ({4: "Year 14"}, "Row 2: year group 'Year 14' is not one we know"),
        ({5: ""}, "Row 2: enter the pupil's unique pupil number (UPN)"),
        ({6: "Statement"}, "Row 2: SEN status 'Statement' is not one we know"),
        ({7: "Dyslexia"}, "Row 2: area of need 'Dyslexia' is not one we know"),
        ({8: "Klingon"}, "Row 2: home language 'Klingon' is not one we know"),
    ],
    ids=["first-name", "future-birth", "year", "no-upn", "status", "area", "language"],
)
def test_each_kind_of_bad_value_is_explained_in_plain_words(world, senco, cells, message):
    row = list(ROWS[0])
    for index, value in cells.items():
        row[index] = value
    page = page_text(upload(senco, world, make_csv(rows=[row]), follow=True))
    assert message in page


def test_a_upn_twice_in_the_file_is_an_error_on_both_rows(world, senco):
    rows = [ROWS[0], ROWS[1][:5] + [ROWS[0][5]] + ROWS[1][6:]]
    page = page_text(upload(senco, world, make_csv(rows=rows), follow=True))
    assert "Row 2: UPN A123456789012 is also on row 3" in page
    assert "Row 3: UPN A123456789012 is also on row 2" in page
    assert "Import these pupils" not in page


def test_reimporting_updates_by_upn_without_duplicates(world, senco):
    upload(senco, world, make_csv())
    confirm(senco, world)
    changed = [list(row) for row in ROWS]
    changed[0][6] = "SEN Support"  # Maja moves from monitoring to SEN Support
    changed[0][7] = "Communication and interaction; Social, emotional and mental health"
    changed[1][2] = ""  # an empty optional cell keeps the preferred name
    page = page_text(upload(senco, world, make_csv(rows=changed), follow=True))
    assert "1 pupil already on the register will be updated" in page
    assert "Updates the pupil with UPN A123456789012" in page
    assert "SEN status" in page
    assert "2 pupils are already up to date" in page
    response = confirm(senco, world, follow=True)
    assert "0 pupils added, 1 updated, 2 already up to date." in page_text(response)
    assert Pupil.objects.filter(school=world.school_a, legal_last_name="Nowak").count() == 1
    maja = Pupil.objects.get(upn="A123456789012")
    assert maja.sen_status == SenStatus.SEN_SUPPORT
    assert sorted(maja.areas_of_need.values_list("area", flat=True)) == ["communication", "semh"]
    assert Pupil.objects.get(upn="B123456789013").preferred_name == "Seun"
    assert AuditEvent.objects.filter(action="pupil.updated", object_id=str(maja.pk)).count() == 1
    assert Pupil.objects.filter(school=world.school_a).count() == 2 + 3


def test_a_pupil_added_by_hand_without_a_upn_is_matched_by_name_and_birth(world, senco):
    aisha = world.pupil_a1
    row = [
        "aisha",
        "KHAN",
        "",
        aisha.date_of_birth.strftime("%d/%m/%Y"),
        "Year 4",
        "E123456789016",
        "sen support",
        "communication and interaction",
        "",
    ]
    page = page_text(upload(senco, world, make_csv(rows=[row]), follow=True))
    assert "Updates the pupil with the same name and date of birth" in page
    confirm(senco, world)
    aisha.refresh_from_db()
    assert aisha.upn == "E123456789016"
    assert aisha.legal_first_name == "aisha"  # the file is the record of the legal name
    assert Pupil.objects.filter(school=world.school_a).count() == 2


def test_labels_and_codes_are_accepted_in_any_case(world, senco):
    header = ["legal_first_name", "LEGAL LAST NAME", "date of birth", "Year", "upn", "Sen Status"]
    header += ["areas of need", "HOME LANGUAGE", "Class"]
    rows = [
        [
            "Ana",
            "Silva",
            "1/2/2019",
            "year 1",
            "f123456789017",
            "SEN SUPPORT",
            "COGNITION",
            "PT",
            "",
        ],
        ["Ben", "Hale", "02/03/2020", "r", "G123456789018", "k", "semh;  SENSORY and/or PHYSICAL"]
        + ["english", "2B"],
        ["Cai", "Owen", "03/04/2015", "5", "H123456789019", "ehc_plan", "", "Cymraeg", ""],
        ["Dee", "Lane", "04/05/2021", "nursery", "J123456789010", "monitoring", "", "", ""],
    ]
    page = page_text(upload(senco, world, make_csv(rows=rows, header=header), follow=True))
    assert "There is a problem" not in page
    assert "These columns were ignored:" in page
    assert '<span lang="en">Class</span>' in page
    confirm(senco, world)
    ana, ben, cai, dee = (
        Pupil.objects.get(legal_first_name=name) for name in ("Ana", "Ben", "Cai", "Dee")
    )
    assert (ana.year_group, ana.sen_status, ana.home_language) == (1, "sen_support", "pt")
    assert ana.upn == "F123456789017"
    assert (ben.year_group, ben.sen_status, ben.home_language) == (0, "sen_support", "en")
    assert sorted(ben.areas_of_need.values_list("area", flat=True)) == [
        "semh",
        "sensory_physical",
    ]
    assert (cai.year_group, cai.sen_status, cai.home_language) == (5, "ehc_plan", "cy")
    assert (dee.year_group, dee.sen_status) == (-1, "monitoring")


def test_confirming_a_different_upload_than_the_one_checked_saves_nothing(world, senco):
    upload(senco, world, make_csv())
    response = senco.post(preview_url(world), {"action": "import", "digest": "0" * 64}, follow=True)
    assert "Another file was uploaded since you checked this one" in page_text(response)
    assert not Pupil.objects.filter(legal_last_name="Nowak").exists()


def test_an_upload_for_one_school_cannot_be_confirmed_for_another(world, client):
    """A SENCO of two schools uploads for one; the other school's page offers nothing."""
    from portal.people.models import StaffMembership, StaffRole

    StaffMembership.objects.create(user=world.senco_a, school=world.school_c, role=StaffRole.SENCO)
    senco = sign_in(client, world.senco_a)
    upload(senco, world, make_csv())
    digest = senco.session["portal_register_import"]["digest"]
    other = f"/portal/schools/{world.school_c.pk}/pupils/import/check/"
    response = senco.post(other, {"action": "import", "digest": digest})
    assert response.status_code == 302
    assert not Pupil.objects.filter(legal_last_name="Nowak").exists()


def test_a_register_changed_since_the_preview_saves_nothing_and_shows_the_new_plan(world, senco):
    upload(senco, world, make_csv())
    page = senco.get(preview_url(world)).content.decode()
    fields = dict(
        re.findall(r'<input type="hidden" name="(digest|fingerprint)" value="(\w+)">', page)
    )
    # Meanwhile someone gives one of the file's UPNs to a pupil added by hand.
    world.pupil_a2.upn = "C123456789014"
    world.pupil_a2.save()
    response = senco.post(preview_url(world), {"action": "import", **fields})
    page = page_text(response)
    assert response.status_code == 200
    assert "The register has changed since you checked this file" in page
    assert "Updates the pupil with UPN C123456789014" in page
    assert Pupil.objects.filter(school=world.school_a).count() == 2
    world.pupil_a2.refresh_from_db()
    assert world.pupil_a2.legal_first_name == "Leo"


def test_cancel_forgets_the_upload(world, senco):
    upload(senco, world, make_csv())
    response = senco.post(preview_url(world), {"action": "cancel"}, follow=True)
    assert "Import cancelled. Nothing was saved." in page_text(response)
    assert "portal_register_import" not in senco.session
    assert senco.get(preview_url(world))["Location"] == upload_url(world)


# Who may import -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher_a", "parent_1", "senco_b", "head_a", "dsl_a"])
def test_only_the_schools_senco_may_import(world, client, role):
    client = sign_in(client, getattr(world, role))
    for url in (
        upload_url(world),
        f"/portal/schools/{world.school_a.pk}/pupils/import/template.csv",
        preview_url(world),
    ):
        assert client.get(url).status_code == 404, url
    file = SimpleUploadedFile("register.csv", make_csv(), content_type="text/csv")
    assert client.post(upload_url(world), {"csv_file": file}).status_code == 404
    assert client.post(preview_url(world), {"action": "import"}).status_code == 404
    assert not Pupil.objects.filter(legal_last_name="Nowak").exists()


# The demo file ------------------------------------------------------------------------------


def test_demo_register_imports_cleanly_as_thirty_new_pupils(world):
    data = DEMO_CSV.read_bytes()
    source = read_register_csv(SimpleUploadedFile("demo_register.csv", data))
    plan = plan_register_import(school=world.school_a, rows=source.rows)
    assert [message for _number, message in plan.messages] == []
    assert plan.created == 30


def test_the_senco_finds_the_import_from_the_dashboard(world, senco):
    page = page_text(senco.get("/portal/"))
    assert f'href="{upload_url(world)}"' in page
    assert "Import pupils from a CSV file" in page
