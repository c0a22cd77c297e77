"""Is an uploaded file a short sound recording? No database here.

A recording is kept only when it is what a browser's MediaRecorder makes (Opus or Vorbis in
WebM or Ogg, AAC or Opus in MP4, as Chromium, Firefox and Safari record), or a plain WAV or
MP3; when it holds sound and nothing else; and when it lasts at most VOICE_AUDIO_MAX_SECONDS.

The container is recognised by its content first (never by the name or the type the browser
claims) and then opened with that one demuxer only, so FFmpeg never guesses among its hundreds
of formats (some of which read other files). The length is measured by decoding every packet
and counting the samples: MediaRecorder's WebM has no duration in its header, and a header may
say anything. Decoding stops as soon as the limit is passed, so a long file costs no more than
a short one.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import av
import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from portal.lib.uploads import UploadRefused, size_in_words

logger = logging.getLogger(__name__)

DEFAULT_MAX_SECONDS = 120
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# The shortest Opus frame is 2.5 ms: a real recording of the longest allowed length has no
# more packets than this; anything with more is padding made to cost time.
_PACKETS_PER_SECOND = 400


@dataclass(frozen=True)
class _Container:
    demuxer: str
    content_type: str
    codecs: frozenset[str]


_WEBM = _Container("matroska", "audio/webm", frozenset({"opus", "vorbis"}))
_OGG = _Container("ogg", "audio/ogg", frozenset({"opus", "vorbis"}))
_MP4 = _Container("mp4", "audio/mp4", frozenset({"aac", "opus"}))
_WAV = _Container(
    "wav", "audio/wav", frozenset({"pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_u8"})
)
_MP3 = _Container("mp3", "audio/mpeg", frozenset({"mp3", "mp3float"}))

# What `filetype` calls each container it recognises.
_SNIFFED = {
    "video/webm": _WEBM,
    "video/x-matroska": _WEBM,
    "audio/ogg": _OGG,
    "audio/opus": _OGG,
    "video/ogg": _OGG,
    "audio/mp4": _MP4,
    "video/mp4": _MP4,
    "audio/x-m4a": _MP4,
    "video/quicktime": _MP4,
    "audio/x-wav": _WAV,
    "audio/wav": _WAV,
    "audio/mpeg": _MP3,
}


@dataclass(frozen=True)
class CheckedAudio:
    """A recording that passed: its bytes, the type to serve it as, its codec and real length."""

    data: bytes
    content_type: str
    codec: str
    seconds: float


def max_seconds() -> int:
    return int(getattr(settings, "VOICE_AUDIO_MAX_SECONDS", DEFAULT_MAX_SECONDS))


def max_bytes() -> int:
    return int(getattr(settings, "VOICE_AUDIO_MAX_BYTES", DEFAULT_MAX_BYTES))


def minutes_in_words(seconds: int) -> str:
    if seconds % 60 == 0:
        minutes = seconds // 60
        return (_("1 minute") if minutes == 1 else _("%(count)d minutes")) % {"count": minutes}
    return _("%(count)d seconds") % {"count": seconds}


def not_a_recording_message() -> str:
    return _("The file is not a sound recording. Record your answer again.")


def unplayable_message() -> str:
    return _("The recording could not be played. Record your answer again.")


def empty_message() -> str:
    return _("The recording is empty. Record your answer again.")


def too_long_message() -> str:
    return _("The recording must be %(length)s or shorter. Record a shorter answer.") % {
        "length": minutes_in_words(max_seconds())
    }


def too_big_message() -> str:
    return _("The recording must be smaller than %(size)s. Record a shorter answer.") % {
        "size": size_in_words(max_bytes())
    }


def check_audio(*, data: bytes) -> CheckedAudio:
    """The recording with its real length, or UploadRefused with a message saying what to do."""
    if not data:
        raise UploadRefused(empty_message())
    if len(data) > max_bytes():
        raise UploadRefused(too_big_message())
    kind = filetype.guess(data)
    container = _SNIFFED.get(kind.mime) if kind is not None else None
    if container is None:
        raise UploadRefused(not_a_recording_message())
    try:
        with av.open(io.BytesIO(data), mode="r", format=container.demuxer) as opened:
            codec, seconds = _measure(opened, container)
    except UploadRefused:
        raise
    except (av.FFmpegError, ValueError, OverflowError, ZeroDivisionError) as error:
        logger.info("An uploaded recording could not be read: %r", error)
        raise UploadRefused(unplayable_message()) from None
    return CheckedAudio(
        data=data, content_type=container.content_type, codec=codec, seconds=seconds
    )


def _measure(opened, container: _Container) -> tuple[str, float]:
    streams = list(opened.streams)
    audio = [stream for stream in streams if stream.type == "audio"]
    # Only sound: a film, a picture (an MP3's cover) or subtitles are refused.
    if len(audio) != 1 or len(streams) != 1:
        raise UploadRefused(not_a_recording_message())
    stream = audio[0]
    codec = stream.codec_context.name
    if codec not in container.codecs:
        raise UploadRefused(not_a_recording_message())
    limit = max_seconds()
    packet_limit = (limit + 1) * _PACKETS_PER_SECOND
    samples_by_rate: dict[int, int] = {}
    seconds = 0.0
    for count, packet in enumerate(opened.demux(stream), start=1):
        if count > packet_limit:
            raise UploadRefused(too_long_message())
        for frame in packet.decode():
            if not frame.sample_rate:
                raise UploadRefused(unplayable_message())
            samples_by_rate[frame.sample_rate] = (
                samples_by_rate.get(frame.sample_rate, 0) + frame.samples
            )
        seconds = sum(samples / rate for rate, samples in samples_by_rate.items())
        # A little over the limit is allowed: encoders pad the last frame.
        if seconds > limit + 0.5:
            raise UploadRefused(too_long_message())
    if seconds <= 0:
        raise UploadRefused(empty_message())
    return codec, round(seconds, 2)
