"""A pupil's recorded answer: kept privately with the answer, replaced and removed by the pupil,
and played only by staff who may read the pupil's views, each play audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from portal.audit.actors import AuditContext, PupilActor
from portal.audit.models import AuditAction, AuditEvent
from tests.conftest import sign_in
from tests.factories import assign_teacher
from tests.voice.recordings import long_webm, opus_webm, pupil_answer, recording, with_recording
from voice.audio.headers import allow_recording
from voice.audio.services import answer_audio_attach, answer_audio_remove
from voice.models import Answer, RequestStatus

CONTEXT = AuditContext(ip_address="192.0.2.20", request_id="audio-test-0001")


def pupil_of(answer: Answer) -> PupilActor:
    return PupilActor(pupil_id=answer.response.pupil_id, school_id=answer.response.school_id)


def upload(data: bytes, name: str = "blob") -> SimpleUploadedFile:
    # The browser's claim is whatever it likes: it is never read.
    return SimpleUploadedFile(name, data, content_type="audio/webm")


def attach(answer: Answer, data: bytes, actor=None) -> Answer:
    return answer_audio_attach(
        actor=actor or pupil_of(answer), context=CONTEXT, answer=answer, upload=upload(data)
    )


def stored_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def audio_error(raised: pytest.ExceptionInfo) -> str:
    return raised.value.message_dict["audio"][0]


def play_url(answer: Answer) -> str:
    return reverse("voice:answer_audio", kwargs={"answer_id": answer.pk})


# Keeping a recording ---------------------------------------------------------------------------


def test_a_recording_is_kept_privately_under_a_random_name_with_its_real_length(
    world, private_storage_dir
):
    answer = pupil_answer(world.pupil_a1)
    data = opus_webm(3)

    attach(answer, data)

    answer.refresh_from_db()
    assert answer.audio_seconds == pytest.approx(3, abs=0.05)
    assert answer.audio_type == "audio/webm"
    path = Path(answer.audio.path)
    assert path.is_relative_to(private_storage_dir / "voice" / str(world.school_a.pk))
    assert path.read_bytes() == data
    assert "blob" not in path.name and path.suffix == ""
    event = AuditEvent.objects.get(action=AuditAction.VOICE_ANSWERED)
    assert event.actor_kind == "pupil"
    assert event.object_id == str(answer.pk)
    assert event.school_id == world.school_a.pk
    assert "recording added" in event.detail


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a recording\n" * 50, "The file is not a sound recording. Record your answer again."),
        (None, "The recording must be 2 minutes or shorter. Record a shorter answer."),
        (b"", "The recording is empty. Record your answer again."),
    ],
    ids=["text", "too-long", "empty"],
)
def test_a_refused_file_saves_nothing_and_says_what_to_do(
    world, private_storage_dir, data, message
):
    answer = pupil_answer(world.pupil_a1)
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        attach(answer, long_webm(130) if data is None else data)

    assert audio_error(refused) == message
    answer.refresh_from_db()
    assert not answer.audio and answer.audio_seconds is None and answer.audio_type == ""
    assert stored_files(private_storage_dir) == []
    assert AuditEvent.objects.count() == events


def test_a_refused_file_leaves_the_earlier_recording_as_it_was(world, private_storage_dir):
    answer = with_recording(pupil_answer(world.pupil_a1), opus_webm(2))
    kept = answer.audio.name

    with pytest.raises(ValidationError):
        attach(answer, recording("webm", "libopus", 2, video=True))

    answer.refresh_from_db()
    assert answer.audio.name == kept
    assert answer.audio_seconds == pytest.approx(2, abs=0.05)
    assert len(stored_files(private_storage_dir)) == 1


def test_a_new_recording_replaces_the_old_one_whose_file_goes_after_commit(
    world, private_storage_dir, django_capture_on_commit_callbacks
):
    answer = with_recording(pupil_answer(world.pupil_a1), opus_webm(2))
    old = Path(answer.audio.path)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attach(answer, recording("mp4", "aac", 4, rate=8000))
    assert old.exists(), "deleted before the transaction committed"
    for callback in callbacks:
        callback()

    answer.refresh_from_db()
    assert answer.audio_type == "audio/mp4"
    assert answer.audio_seconds == pytest.approx(4, abs=0.1)
    assert not old.exists()
    assert stored_files(private_storage_dir) == [Path(answer.audio.path)]


def test_a_recording_whose_transaction_fails_leaves_no_file(world, private_storage_dir):
    answer = pupil_answer(world.pupil_a1)

    class Boom(Exception):
        pass

    from unittest import mock

    with (
        mock.patch("voice.audio.services.audit_record", side_effect=Boom),
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        attach(answer, opus_webm(2))

    answer.refresh_from_db()
    assert not answer.audio
    assert stored_files(private_storage_dir) == []


def test_the_pupil_removes_their_recording(
    world, private_storage_dir, django_capture_on_commit_callbacks
):
    answer = with_recording(pupil_answer(world.pupil_a1))
    answer.text = "I like maths"
    answer.save()

    with django_capture_on_commit_callbacks(execute=True):
        answer_audio_remove(actor=pupil_of(answer), context=CONTEXT, answer=answer)

    answer.refresh_from_db()
    assert not answer.audio and answer.audio_seconds is None and answer.audio_type == ""
    assert answer.text == "I like maths"
    assert stored_files(private_storage_dir) == []
    assert AuditEvent.objects.filter(detail="recording removed").count() == 1


def test_the_adult_supervising_may_record_for_the_pupil(world):
    answer = pupil_answer(world.pupil_a1, supervised_by=world.teacher_a)

    attach(answer, opus_webm(2), actor=world.teacher_a)

    answer.refresh_from_db()
    assert answer.audio


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("another pupil", "Only the pupil or the adult with them can do this"),
        ("staff not supervising", "Only the pupil or the adult with them can do this"),
        ("no recording asked", "This question has no recording. Type your answer."),
        ("finished", "This code no longer works. Ask your teacher for help."),
        ("cancelled", "This code no longer works. Ask your teacher for help."),
    ],
)
def test_a_recording_is_refused_where_it_does_not_belong(world, private_storage_dir, case, message):
    answer = pupil_answer(
        world.pupil_a1,
        allow_audio=case != "no recording asked",
        status={"finished": RequestStatus.FINISHED, "cancelled": RequestStatus.CANCELLED}.get(
            case, RequestStatus.STARTED
        ),
    )
    actor = {
        "another pupil": PupilActor(pupil_id=world.pupil_a2.pk, school_id=world.school_a.pk),
        "staff not supervising": world.senco_a,
    }.get(case, pupil_of(answer))

    with pytest.raises(ValidationError) as refused:
        attach(answer, opus_webm(2), actor=actor)

    assert audio_error(refused) == message
    assert stored_files(private_storage_dir) == []


# Playing it back -------------------------------------------------------------------------------


def test_the_senco_plays_the_recording_inline_and_the_play_is_audited(world, client):
    data = opus_webm(2)
    answer = with_recording(pupil_answer(world.pupil_a1), data)

    response = sign_in(client, world.senco_a).get(play_url(answer))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "audio/webm"
    assert response["Content-Disposition"] == "inline"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    played = AuditEvent.objects.get(action=AuditAction.VOICE_AUDIO_PLAYED)
    assert played.actor_id == world.senco_a.pk
    assert played.object_id == str(answer.pk)
    assert played.school_id == world.school_a.pk


@pytest.mark.parametrize("role", ["head_a", "teacher_a"])
def test_the_headteacher_and_an_assigned_teacher_may_play_it(world, client, role):
    answer = with_recording(pupil_answer(world.pupil_a1))

    assert sign_in(client, getattr(world, role)).get(play_url(answer)).status_code == 200


@pytest.mark.parametrize(
    "role", ["parent_1", "senco_b", "senco_c", "dsl_a", "admin_a", "trust_lead", "stranger"]
)
def test_anyone_else_gets_not_found_and_the_refusal_is_audited(world, client, role):
    answer = with_recording(pupil_answer(world.pupil_a1))

    response = sign_in(client, getattr(world, role)).get(play_url(answer))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.VOICE_AUDIO_PLAYED).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_REFUSED, detail=f"answer audio {answer.pk}"
    ).exists()


def test_a_teacher_not_assigned_to_the_pupil_gets_not_found(world, client):
    answer = with_recording(pupil_answer(world.pupil_a2))

    assert sign_in(client, world.teacher_a).get(play_url(answer)).status_code == 404
    assign_teacher(world.teacher_a, world.pupil_a2)
    assert sign_in(client, world.teacher_a).get(play_url(answer)).status_code == 200


def test_the_dsl_plays_a_recording_from_answers_flagged_for_safeguarding(world, client):
    answer = with_recording(pupil_answer(world.pupil_a1, flagged=True))

    assert sign_in(client, world.dsl_a).get(play_url(answer)).status_code == 200


def test_an_answer_without_a_recording_is_not_found(world, client):
    answer = pupil_answer(world.pupil_a1)

    assert sign_in(client, world.senco_a).get(play_url(answer)).status_code == 404


def test_a_recording_missing_from_the_storage_is_not_found_not_an_error(world, client):
    answer = with_recording(pupil_answer(world.pupil_a1))
    Path(answer.audio.path).unlink()

    assert sign_in(client, world.senco_a).get(play_url(answer)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.VOICE_AUDIO_PLAYED).exists()


def test_staff_who_have_not_passed_the_second_factor_are_sent_to_it(world, client):
    answer = with_recording(pupil_answer(world.pupil_a1))

    response = sign_in(client, world.senco_a, verified=False).get(play_url(answer))

    assert response.status_code == 302 and "/portal/2fa/" in response["Location"]


def test_playing_costs_the_same_queries_however_many_recordings_the_school_has(
    world, client, django_assert_num_queries
):
    from tests.conftest import count_queries

    first = with_recording(pupil_answer(world.pupil_a1))
    signed_in = sign_in(client, world.senco_a)
    signed_in.get(play_url(first))  # the session and the second factor, loaded once
    one = count_queries(lambda: signed_in.get(play_url(first)))
    for _ in range(12):
        with_recording(pupil_answer(world.pupil_a1))
    many = count_queries(lambda: signed_in.get(play_url(first)))

    assert one == many


# The snippets ----------------------------------------------------------------------------------


def test_the_player_shows_the_length_and_plays_from_the_staff_address(world):
    answer = with_recording(pupil_answer(world.pupil_a1), opus_webm(3))

    html = render_to_string("voice/audio/player.html", {"answer": answer})

    assert f'src="{play_url(answer)}"' in html
    assert 'preload="none"' in html and "controls" in html
    assert "recorded answer (0:03)" in html


def test_the_player_draws_nothing_for_an_answer_without_a_recording(world):
    html = render_to_string("voice/audio/player.html", {"answer": pupil_answer(world.pupil_a1)})

    assert "<audio" not in html


def test_the_recorder_says_a_recording_is_kept_and_offers_to_remove_it(world):
    answer = with_recording(pupil_answer(world.pupil_a1), opus_webm(3))
    request = RequestFactory().get("/voice/question/1/")
    request.csp_nonce = "n0nce"

    html = render_to_string("voice/audio/recorder.html", {"answer": answer}, request=request)

    assert "You recorded an answer (0:03)." in html
    assert 'name="audio_remove"' in html
    assert 'name="audio" type="file"' in html and "data-voice-record" in html
    assert 'data-label-record="Record"' in html and 'data-max-seconds="120"' in html
    assert 'nonce="n0nce"' in html


def test_the_recorder_shows_the_error_on_its_field(world):
    html = render_to_string(
        "voice/audio/recorder.html",
        {
            "answer": None,
            "errors": ["The file is not a sound recording. Record your answer again."],
        },
    )

    assert "govuk-form-group--error" in html
    assert (
        'id="id_audio-error"' in html and 'aria-describedby="id_audio-hint id_audio-error"' in html
    )
    assert "audio_remove" not in html


def test_a_page_with_the_recorder_may_use_the_microphone_and_no_other_page_may(world, client):
    from django.http import HttpResponse

    response = allow_recording(HttpResponse())
    other = client.get("/healthz")

    assert "microphone=(self)" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response._csp_update == {"media-src": ["'self'", "blob:"]}
    assert "microphone=()" in other["Permissions-Policy"]
