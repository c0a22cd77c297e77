"""Attachments kept in the private storage and handed out as downloads, the attachments field on
a form page, files left by rollbacks deleted by the worker, and forms posted under a limit.

The form page and the download are a harness (tests/portal/files_urls.py) built the way a
journey builds its own, on the real middleware, storage, database and worker."""

from __future__ import annotations

import copy
import io
import os
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.files.models import Attachment
from portal.files.services import attachments_store
from portal.lib.uploads import clean_upload
from portal.ratelimit import limit_wait, parse_rates, wait_message
from tests.conftest import run_worker, sign_in

CONTEXT = AuditContext(ip_address="192.0.2.10", request_id="files-test-0001")


@pytest.fixture
def harness(settings):
    """The harness urls in front of the portal's own, and its template folder."""
    settings.ROOT_URLCONF = "tests.portal.files_urls"
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "note_send": "5/h/user"}


def png_bytes(colour=(20, 120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), colour).save(out, "PNG")
    return out.getvalue()


def clean_png(name="chart.png", colour=(20, 120, 60)):
    return clean_upload(data=png_bytes(colour), filename=name)


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def store(world, *files, actor=None):
    return attachments_store(
        actor=actor or world.senco_a, school=world.school_a, files=list(files), context=CONTEXT
    )


# Storage -------------------------------------------------------------------------------------


def test_a_stored_file_is_in_the_private_folder_under_a_random_name(world, private_storage_dir):
    (attachment,) = store(world, clean_png("Aisha's reading plan.png"))

    path = Path(attachment.file.path)
    assert path.is_file()
    assert path.is_relative_to(private_storage_dir / "attachments" / str(world.school_a.pk))
    assert "Aisha" not in attachment.file.name and "plan" not in attachment.file.name
    assert path.read_bytes() == clean_png("x").data
    assert attachment.name == "Aisha's reading plan.png"
    assert attachment.uploaded_by == world.senco_a
    assert (attachment.content_type, attachment.size) == ("image/png", path.stat().st_size)


def test_the_private_folder_is_outside_every_address_the_site_serves(world):
    (attachment,) = store(world, clean_png())
    with pytest.raises(ValueError, match="not accessible via a URL"):
        attachment.file.url  # noqa: B018
    # Out of the box, too: not under the static files or the media folder.
    private = Path(django_settings.STORAGES["private"]["OPTIONS"]["location"])
    for served in (django_settings.STATIC_ROOT, django_settings.MEDIA_ROOT):
        assert not private.is_relative_to(Path(served))


def test_two_files_with_the_same_name_never_collide(world):
    first, second = store(world, clean_png("scan.png"), clean_png("scan.png", colour=(1, 2, 3)))
    assert first.file.name != second.file.name
    assert Path(first.file.path).read_bytes() != Path(second.file.path).read_bytes()


def test_storing_is_audited_once_per_file(world):
    stored = store(world, clean_png("a.png"), clean_png("b.png"))
    events = AuditEvent.objects.filter(action=AuditAction.ATTACHMENT_STORED)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        str(attachment.pk) for attachment in stored
    )
    assert {event.school_id for event in events} == {world.school_a.pk}
    assert {event.actor_id for event in events} == {world.senco_a.pk}


def test_more_than_five_files_are_refused_and_nothing_is_stored(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Select up to 5 files"):
        store(world, *[clean_png(f"{n}.png") for n in range(6)])
    assert not Attachment.objects.exists()


def test_storing_more_files_takes_no_more_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count: int) -> int:
        files = [clean_png(f"{n}.png") for n in range(count)]
        with CaptureQueriesContext(connection) as queries:
            store(world, *files)
        return len(queries)

    assert queries_for(1) == queries_for(5)


# Downloads -----------------------------------------------------------------------------------


def test_a_download_is_a_sandboxed_attachment_that_no_cache_keeps(world, client, harness):
    (attachment,) = store(world, clean_png("Ayşe's plan «draft».png"))
    sign_in(client, world.senco_a)

    response = client.get(f"/files-harness/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(attachment.file.path).read_bytes()
    assert response["Content-Type"] == "image/png"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(attachment.name, safe='')}" in disposition
    assert "\u00ab" not in disposition  # the raw name never reaches the header
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_name_cannot_break_out_of_the_download_header(world, client, harness):
    clean = clean_upload(
        data=png_bytes(), filename='x"; filename="evil.html;\r\nSet-Cookie: a=b.png'
    )
    (attachment,) = store(world, clean)
    sign_in(client, world.senco_a)
    disposition = client.get(f"/files-harness/{attachment.pk}/")["Content-Disposition"]
    assert disposition.count("filename=") == 1 and disposition.count("filename*=") == 1
    assert "\r" not in disposition and "\n" not in disposition
    assert 'filename="evil.html' not in disposition


def test_a_file_missing_from_the_storage_answers_not_found(world, client, harness, caplog):
    (attachment,) = store(world, clean_png())
    Path(attachment.file.path).unlink()
    sign_in(client, world.senco_a)

    response = client.get(f"/files-harness/{attachment.pk}/")

    assert response.status_code == 404
    assert any("has no file in the storage" in record.getMessage() for record in caplog.records)


# The attachments field on a form page ---------------------------------------------------------


def test_the_form_shows_the_file_upload_with_its_hint(world, client, harness):
    sign_in(client, world.senco_a)
    page = client.get(f"/files-harness/{world.school_a.pk}/note/").content.decode()
    assert 'class="govuk-file-upload"' in page and 'type="file" multiple' in page
    assert "PDF, PNG or JPG, up to 10MB each. You can choose up to 5 files." in page
    assert "choose them again" not in page


def test_a_form_drawn_whole_draws_the_file_upload():
    from tests.portal.files_urls import NoteForm

    html = str(NoteForm())
    assert 'class="govuk-file-upload"' in html and 'name="attachments"' in html


def test_a_refused_file_is_named_in_the_error_summary_and_by_the_field(world, client, harness):
    sign_in(client, world.senco_a)
    response = client.post(
        f"/files-harness/{world.school_a.pk}/note/",
        {
            "note": "Aisha was upset after lunch",
            "attachments": [
                SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png"),
                SimpleUploadedFile("report.docx", docx_bytes(), content_type="application/pdf"),
            ],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    message = "report.docx: The selected file must be a PDF, PNG or JPG"
    assert page.count(message) == 2  # in the summary, and above the field
    assert 'href="#id_attachments"' in page
    assert "govuk-file-upload--error" in page
    assert 'value="Aisha was upset after lunch"' in page
    assert "Files you chose before were not sent: choose them again." in page
    assert not Attachment.objects.exists()


def test_too_many_files_are_refused_on_the_form(world, client, harness):
    sign_in(client, world.senco_a)
    files = [SimpleUploadedFile(f"{n}.png", png_bytes()) for n in range(6)]
    response = client.post(
        f"/files-harness/{world.school_a.pk}/note/", {"note": "six", "attachments": files}
    )
    assert "Select up to 5 files" in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused_by_its_size_alone(world, client, harness, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    sign_in(client, world.senco_a)
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * 4096)
    response = client.post(
        f"/files-harness/{world.school_a.pk}/note/", {"note": "big", "attachments": [big]}
    )
    assert "scan.pdf: The selected file must be smaller than 1KB" in response.content.decode()


def test_good_files_on_the_form_are_stored(world, client, harness):
    sign_in(client, world.senco_a)
    response = client.post(
        f"/files-harness/{world.school_a.pk}/note/",
        {
            "note": "See attached",
            "attachments": [
                SimpleUploadedFile("a.png", png_bytes()),
                SimpleUploadedFile("b.png", png_bytes()),
            ],
        },
    )
    assert response.status_code == 201
    assert sorted(Attachment.objects.values_list("name", flat=True)) == ["a.png", "b.png"]


def test_no_files_is_fine_when_attachments_are_optional(world, client, harness):
    sign_in(client, world.senco_a)
    response = client.post(f"/files-harness/{world.school_a.pk}/note/", {"note": "No files"})
    assert response.status_code == 201
    assert not Attachment.objects.exists()


# Files left by rollbacks ---------------------------------------------------------------------


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_files_of_a_rolled_back_transaction_are_deleted_by_the_worker(world, private_storage_dir):
    (kept,) = store(world, clean_png("kept.png"))
    with pytest.raises(RuntimeError), transaction.atomic():
        (lost,) = store(world, clean_png("lost.png"))
        lost_path = Path(lost.file.path)
        raise RuntimeError("the concern could not be saved")
    assert lost_path.is_file()  # written before the rollback
    assert not Attachment.objects.filter(file=lost.file.name).exists()
    with pytest.raises(RuntimeError), transaction.atomic():
        (recent,) = store(world, clean_png("recent.png"))
        raise RuntimeError("rolled back a moment ago")
    for path in (Path(kept.file.path), lost_path):
        age(path, 2 * 60 * 60)

    run_worker()

    assert not lost_path.exists()
    assert Path(kept.file.path).is_file()  # it has a row
    assert Path(recent.file.path).is_file()  # too young: its transaction might still be open
    Attachment.objects.get(pk=kept.pk)


def test_the_prune_runs_again_after_an_hour(world):
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from portal.files.tasks import attachments_prune

    run_worker()
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=attachments_prune.module_path
    )
    assert waiting.count() == 1
    delay = waiting.get().run_after.timestamp() - time.time()
    assert 55 * 60 < delay <= 60 * 60


# Forms posted under a limit ------------------------------------------------------------------


def post_note(client, world, text: str):
    return client.post(f"/files-harness/{world.school_a.pk}/note/", {"note": text})


def test_the_sixth_post_within_the_hour_answers_429_and_keeps_what_was_typed(
    world, client, harness
):
    sign_in(client, world.senco_a)
    for number in range(5):
        assert post_note(client, world, f"note {number}").status_code == 201

    response = post_note(client, world, "Leo hid under the table & cried")

    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 3500 < wait <= 3600
    page = response.content.decode()
    assert 'value="Leo hid under the table &amp; cried"' in page
    assert (
        "You have sent a lot in a short time. Wait 60 minutes, then try again. "
        "What you typed is still here." in page
    )
    assert 'class="govuk-error-summary"' in page
    assert 'type="file"' in page  # the whole form, not an error page
    assert "Files you chose before were not sent: choose them again." in page


def test_the_limit_is_per_person(world, client, harness):
    sign_in(client, world.senco_a)
    for number in range(6):
        post_note(client, world, f"note {number}")
    assert post_note(client, world, "still limited").status_code == 429

    sign_in(client, world.teacher_a)
    assert post_note(client, world, "from a colleague at the same address").status_code == 201


def test_a_refused_post_uses_up_nothing(world, rf, settings):
    settings.PORTAL_RATE_LIMITS = {"send": "2/m/user"}
    request = rf.post("/")
    request.user = world.parent_1
    assert [limit_wait(request, action="send") for _ in range(2)] == [None, None]
    waits = [limit_wait(request, action="send") for _ in range(3)]
    assert all(wait is not None and 0 < wait <= 60 for wait in waits)


def test_every_limit_of_an_action_applies(world, rf, settings):
    settings.PORTAL_RATE_LIMITS = {"send": "10/m/user,3/m/ip"}

    def post_as(user):
        request = rf.post("/", REMOTE_ADDR="198.51.100.7")
        request.user = user
        return limit_wait(request, action="send")

    assert [post_as(world.parent_1), post_as(world.parent_2), post_as(world.senco_a)] == [None] * 3
    assert post_as(world.teacher_a) is not None  # a fourth person from the same address


def test_an_action_without_a_limit_is_never_limited(world, rf):
    request = rf.post("/")
    request.user = world.parent_1
    assert all(limit_wait(request, action="not_limited") is None for _ in range(50))


def test_rates_are_read_as_allauth_writes_them():
    five_an_hour, per_ip = parse_rates("5/h/user, 120/10m/ip")
    assert (five_an_hour.amount, five_an_hour.seconds, five_an_hour.per) == (5, 3600, "user")
    assert (per_ip.amount, per_ip.seconds, per_ip.per) == (120, 600, "ip")


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (59, "59 seconds"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (3600, "60 minutes"),
    ],
)
def test_the_wait_is_said_in_seconds_or_whole_minutes_rounded_up(seconds, words):
    assert f"Wait {words}, then try again." in wait_message(seconds)


# Hostile uploads to the field ----------------------------------------------------------------

KNOWN_REFUSALS = (
    "The selected file must be a PDF, PNG or JPG",
    "The selected file must be smaller than 10MB",
    "The selected file is empty",
    "The selected file could not be read. Save it again as a PDF, PNG or JPG and try again",
    "The selected PDF is password-protected. Remove the password and try again",
)


def _uploads():
    from hypothesis import strategies as st

    from tests.lib.test_uploads import contents

    upload = st.builds(
        lambda name, data: SimpleUploadedFile(name, data),
        # As the multipart parser passes them on: a base name, never empty, "." or "..".
        st.text(max_size=120).filter(
            lambda name: "\x00" not in name and os.path.basename(name) not in ("", ".", "..")
        ),
        st.one_of(contents, st.just(b"")),
    )
    return st.lists(upload, max_size=7)


def test_any_uploads_give_clean_files_or_errors_that_name_the_file():
    from django import forms
    from hypothesis import HealthCheck, given, settings

    from portal.files.forms import AttachmentsField
    from portal.lib.uploads import CleanFile

    class Form(forms.Form):
        attachments = AttachmentsField()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(uploads=_uploads())
    def check(uploads):
        from django.utils.datastructures import MultiValueDict

        form = Form(data={}, files=MultiValueDict({"attachments": uploads}))
        if form.is_valid():
            cleaned = form.cleaned_data["attachments"]
            assert len(cleaned) == len(uploads) <= 5
            assert all(isinstance(clean, CleanFile) for clean in cleaned)
            return
        errors = form.errors["attachments"]
        if len(uploads) > 5:
            assert errors == ["Select up to 5 files"]
            return
        for error in errors:
            name, _, message = error.rpartition(": ")
            assert name and message in KNOWN_REFUSALS

    check()


# Production storage ---------------------------------------------------------------------------


def production_storage(**env) -> str:
    import subprocess
    import sys

    from tests.portal.test_settings import ROOT, _production_env

    script = (
        "from django.core.files.storage import storages; s = storages['private']; "
        "print(type(s).__name__, getattr(s, 'bucket_name', ''), getattr(s, 'default_acl', ''), "
        "getattr(s, 'querystring_auth', ''), getattr(s, 'location', ''))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=_production_env(**env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_keeps_files_in_a_folder_with_no_address_by_default(tmp_path):
    shown = production_storage(VAR_DIR=str(tmp_path))
    assert shown == f"PrivateFileSystemStorage    {tmp_path / 'private'}"


def test_production_can_keep_files_in_a_private_bucket():
    shown = production_storage(
        PRIVATE_STORAGE_BUCKET="school-attachments",
        PRIVATE_STORAGE_ENDPOINT_URL="https://s3.example.org",
        PRIVATE_STORAGE_ACCESS_KEY_ID="id",
        PRIVATE_STORAGE_SECRET_ACCESS_KEY="secret",
    )
    assert shown.split() == ["S3Storage", "school-attachments", "private", "True"]


def test_a_pupil_reached_by_a_code_is_limited_as_themselves(world, rf, settings):
    from django.contrib.auth.models import AnonymousUser

    from portal.audit.actors import PupilActor

    settings.PORTAL_RATE_LIMITS = {"send": "1/m/user"}

    def post_as(pupil):
        request = rf.post("/")
        request.user = AnonymousUser()
        actor = PupilActor(pupil_id=pupil.pk, school_id=pupil.school_id)
        return limit_wait(request, action="send", user=actor)

    assert post_as(world.pupil_a1) is None
    assert post_as(world.pupil_a1) is not None
    assert post_as(world.pupil_a2) is None  # same address, another pupil
