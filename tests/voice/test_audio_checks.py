"""Checking an uploaded recording: what browsers record is kept with its real length; anything
that is not a short sound recording is refused with a message that says what to do."""

from __future__ import annotations

import io

import av
import pytest

from portal.lib.uploads import UploadRefused
from tests.voice.recordings import header_says, long_webm, opus_webm, recording
from voice.audio.checks import check_audio

NOT_A_RECORDING = "The file is not a sound recording. Record your answer again."
TOO_LONG = "The recording must be 2 minutes or shorter. Record a shorter answer."
UNPLAYABLE = "The recording could not be played. Record your answer again."


def refusal(data: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        check_audio(data=data)
    return refused.value.message


@pytest.mark.parametrize(
    ("made", "content_type", "codec"),
    [
        (lambda: opus_webm(3), "audio/webm", "opus"),
        (lambda: recording("mp4", "aac", 3, rate=44100), "audio/mp4", "aac"),
        (lambda: recording("ipod", "aac", 3, rate=44100), "audio/mp4", "aac"),
        (lambda: recording("ogg", "libopus", 3), "audio/ogg", "opus"),
        (lambda: recording("ogg", "vorbis", 3, rate=8000), "audio/ogg", "vorbis"),
        (lambda: recording("wav", "pcm_s16le", 3, rate=8000), "audio/wav", "pcm_s16le"),
        (lambda: recording("mp3", "libmp3lame", 3, rate=8000), "audio/mpeg", "mp3float"),
    ],
    ids=["opus-webm", "aac-mp4", "aac-m4a", "opus-ogg", "vorbis-ogg", "wav", "mp3"],
)
def test_what_browsers_record_is_accepted_with_its_real_length(made, content_type, codec):
    checked = check_audio(data=made())

    assert checked.content_type == content_type
    assert checked.codec == codec
    # Encoders pad the last frame a little.
    assert 2.95 <= checked.seconds <= 3.1


def test_a_webm_with_no_duration_in_its_header_is_measured_by_its_sound():
    data = opus_webm(4)
    with av.open(io.BytesIO(data)) as opened:
        assert opened.duration is None

    assert check_audio(data=data).seconds == pytest.approx(4, abs=0.05)


def test_a_recording_longer_than_two_minutes_is_refused():
    assert refusal(long_webm(130)) == TOO_LONG


def test_a_long_recording_whose_header_claims_three_seconds_is_still_refused():
    lying = header_says(long_webm(130), 3)
    with av.open(io.BytesIO(lying)) as opened:
        assert opened.duration == 3_000_000

    assert refusal(lying) == TOO_LONG


def test_a_short_recording_whose_header_claims_an_hour_keeps_its_real_length():
    lying = header_says(recording("webm", "libopus", 3), 3600)

    assert check_audio(data=lying).seconds == pytest.approx(3, abs=0.05)


def test_the_longest_length_comes_from_the_setting(settings):
    settings.VOICE_AUDIO_MAX_SECONDS = 2

    assert refusal(opus_webm(3)) == (
        "The recording must be 2 seconds or shorter. Record a shorter answer."
    )
    assert check_audio(data=opus_webm(1.5)).seconds == pytest.approx(1.5, abs=0.05)


def test_a_text_file_named_like_a_recording_is_refused():
    assert refusal(b"Dear teacher, this is not a recording at all.\n" * 20) == NOT_A_RECORDING


def test_a_film_is_refused_even_with_sound_in_it():
    assert refusal(recording("webm", "libopus", 2, video=True)) == NOT_A_RECORDING
    assert refusal(recording("mp4", "aac", 2, rate=8000, video=True)) == NOT_A_RECORDING


def test_a_picture_is_refused():
    from tests.portal.test_files import png_bytes

    assert refusal(png_bytes()) == NOT_A_RECORDING


def test_a_container_with_a_codec_browsers_do_not_record_is_refused():
    assert refusal(recording("matroska", "flac", 2, rate=8000)) == NOT_A_RECORDING
    assert refusal(recording("wav", "adpcm_ms", 2, rate=8000)) == NOT_A_RECORDING


def test_a_recording_cut_off_before_any_sound_is_refused():
    assert refusal(opus_webm(3)[:200]) == UNPLAYABLE


def test_an_mp4_cut_off_before_its_index_is_refused():
    data = recording("mp4", "aac", 3, rate=8000)

    assert refusal(data[: len(data) // 3]) == UNPLAYABLE


def test_a_webm_cut_off_part_way_keeps_only_the_sound_that_plays():
    # MediaRecorder streams WebM in pieces: what arrived plays, and its real length is kept.
    data = opus_webm(3)

    assert check_audio(data=data[: len(data) // 2]).seconds < 2


def test_an_empty_file_is_refused():
    assert refusal(b"") == "The recording is empty. Record your answer again."


def test_a_file_over_the_size_limit_is_refused_unread(settings):
    settings.VOICE_AUDIO_MAX_BYTES = 1000

    assert refusal(opus_webm(3)) == (
        "The recording must be smaller than 1KB. Record a shorter answer."
    )


def test_garbage_after_a_webm_header_is_refused():
    data = opus_webm(3)

    assert refusal(data[:300] + bytes(range(256)) * 40) in (UNPLAYABLE, NOT_A_RECORDING)
