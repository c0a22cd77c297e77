"""Real recordings made with PyAV for the audio tests, and a pupil's answer to attach them to.

Tones are a 440 Hz sine; long files are silence at a low sample rate, so a 130-second
recording takes a fraction of a second to make."""

from __future__ import annotations

import array
import datetime
import io
import math
import struct

import av
from django.utils import timezone

from voice.models import (
    Answer,
    Question,
    QuestionKind,
    QuestionSet,
    RequestStatus,
    Response,
    SetPurpose,
    SetScope,
    SetStatus,
    ViewsRequest,
)


def recording(
    container: str = "webm",
    codec: str = "libopus",
    seconds: float = 3,
    *,
    rate: int = 48000,
    tone: bool = True,
    video: bool = False,
    options: dict | None = None,
) -> bytes:
    """`seconds` of sound encoded with `codec` in `container` (a PyAV format name)."""
    out = io.BytesIO()
    # FFmpeg's own Vorbis encoder makes stereo only.
    layout = "stereo" if codec == "vorbis" else "mono"
    channels = 2 if layout == "stereo" else 1
    with av.open(out, "w", format=container, options=options or {}) as muxer:
        picture = None
        if video:
            picture = muxer.add_stream("libvpx" if container == "webm" else "mpeg4", rate=10)
            picture.width = picture.height = 32
            picture.pix_fmt = "yuv420p"
        sound = muxer.add_stream(codec, rate=rate, layout=layout)
        if codec == "vorbis":
            sound.codec_context.options = {"strict": "-2"}
        total = int(seconds * rate)
        done = 0
        while done < total:
            count = min(960, total - done)
            frame = av.AudioFrame(format="s16", layout=layout, samples=count)
            if tone:
                samples = array.array(
                    "h",
                    (
                        int(8000 * math.sin(2 * math.pi * 440 * index / rate))
                        for index in range(done, done + count)
                        for _ in range(channels)
                    ),
                )
                frame.planes[0].update(samples.tobytes())
            else:
                frame.planes[0].update(bytes(count * 2 * channels))
            frame.sample_rate = rate
            frame.pts = done
            for packet in sound.encode(frame):
                muxer.mux(packet)
            done += count
        for packet in sound.encode(None):
            muxer.mux(packet)
        if picture is not None:
            for index in range(int(seconds * 10)):
                image = av.VideoFrame(32, 32, "yuv420p")
                image.pts = index
                for packet in picture.encode(image):
                    muxer.mux(packet)
            for packet in picture.encode(None):
                muxer.mux(packet)
    return out.getvalue()


def opus_webm(seconds: float = 3, **options) -> bytes:
    """What Chromium's and Firefox's MediaRecorder make: Opus in WebM, with no duration in the
    header (the muxer's live mode)."""
    return recording("webm", "libopus", seconds, options={"live": "1"}, **options)


def long_webm(seconds: float = 130) -> bytes:
    return recording("webm", "libopus", seconds, rate=8000, tone=False)


def header_says(data: bytes, seconds: float) -> bytes:
    """A WebM whose header claims a duration of `seconds` whatever its sound lasts: the
    Segment Info's Duration element (ID 0x4489, an 8-byte float of milliseconds) rewritten."""
    at = data.find(b"\x44\x89\x88")
    assert at > 0, "no Duration element to rewrite"
    return data[: at + 3] + struct.pack(">d", seconds * 1000) + data[at + 11 :]


def pupil_answer(
    pupil,
    *,
    allow_audio: bool = True,
    supervised_by=None,
    status: str = RequestStatus.STARTED,
    flagged: bool = False,
) -> Answer:
    """A pupil's answer to a "say it" question of a request that is open (unless `status` says
    otherwise), with no recording yet."""
    question_set = QuestionSet.objects.create(
        scope=SetScope.SCHOOL,
        school=pupil.school,
        purpose=SetPurpose.OTHER,
        title="How is school?",
        status=SetStatus.READY,
    )
    question = Question.objects.create(
        question_set=question_set,
        order=1,
        kind=QuestionKind.FREE_TEXT,
        text="Tell us about your day.",
        allow_audio=allow_audio,
    )
    views_request = ViewsRequest.objects.create(
        school=pupil.school,
        pupil=pupil,
        question_set=question_set,
        code=f"T{ViewsRequest.objects.count():07d}",
        status=status,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    response = Response.objects.create(
        request=views_request, school=pupil.school, pupil=pupil, supervised_by=supervised_by
    )
    answer = Answer.objects.create(response=response, question=question, value={"text": ""})
    if flagged:
        from voice.models import SafeguardingFlag

        SafeguardingFlag.objects.create(
            school=pupil.school, pupil=pupil, response=response, answer=answer, matched="hurt"
        )
    return answer


def with_recording(answer: Answer, data: bytes | None = None) -> Answer:
    """`answer` with a recording attached by the pupil, as the answering page does."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.audit.actors import AuditContext, PupilActor
    from voice.audio.services import answer_audio_attach

    return answer_audio_attach(
        actor=PupilActor(pupil_id=answer.response.pupil_id, school_id=answer.response.school_id),
        context=AuditContext(),
        answer=answer,
        upload=SimpleUploadedFile("blob", data or opus_webm(), content_type="audio/webm"),
    )
