"""Files people attach, made safe to keep and to hand to someone else: no database here.

Only PDF, PNG and JPEG are taken, recognised by their content (never by the name or the type
the browser claims). Nothing is kept as it arrived: images are decoded and encoded again, which
drops their metadata (EXIF, GPS) and anything hidden after the picture; PDFs are rebuilt page
by page into a new document without scripts, automatic actions, embedded files or forms. A
file that cannot be rebuilt is refused. See docs/adr/0015-attachments.md.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
import pikepdf
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from portal.lib.text import TEXT_DIRECTION_CONTROLS

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# About 40 megapixels: more than a phone camera saves, and a decoded picture of that size
# (160 MB at four bytes a pixel) is the most one upload may cost in memory.
DEFAULT_MAX_PIXELS = 40_000_000
NAME_MAX_LENGTH = 100

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}
ALLOWED_TYPES = frozenset(EXTENSIONS)

# Left-to-right, right-to-left and Arabic letter marks: harmless in a sentence, but in a file
# name they only serve to make "photo.exe" look like something else.
_BIDI_MARKS = frozenset("\u200e\u200f\u061c")
_SPACES = re.compile(r"\s+")

# The only link actions a rebuilt PDF keeps: go to a web address, go to a page.
_SAFE_ACTIONS = frozenset({"/URI", "/GoTo"})
_SAFE_SCHEMES = ("https://", "http://", "mailto:")
# Annotations that carry a file, a sound or a film, or run something when shown.
_UNSAFE_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
)


class UploadRefused(Exception):
    """A file the portal will not keep; `message` says, for the person who chose it, what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanFile:
    """A file made safe: its display name, detected type and rebuilt content."""

    name: str
    content_type: str
    data: bytes
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_pixels() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def wrong_type_message() -> str:
    return _("The selected file must be a PDF, PNG or JPG")


def too_big_message() -> str:
    return _("The selected file must be smaller than %(size)s") % {"size": size_in_words()}


def empty_message() -> str:
    return _("The selected file is empty")


def unreadable_message() -> str:
    return _(
        "The selected file could not be read. Save it again as a PDF, PNG or JPG and try again"
    )


def password_message() -> str:
    return _("The selected PDF is password-protected. Remove the password and try again")


def size_in_words(size: int | None = None) -> str:
    """The limit as people say it: "10MB" (GOV.UK writes no space before the unit)."""
    size = max_bytes() if size is None else size
    megabytes = size / (1024 * 1024)
    if megabytes >= 1:
        return f"{megabytes:g}MB"
    return f"{max(1, size // 1024)}KB"


def check_size(size: int) -> None:
    """Refuse an empty or oversized file before any of it is parsed (or even read)."""
    if size <= 0:
        raise UploadRefused(empty_message())
    if size > max_bytes():
        raise UploadRefused(too_big_message())


def clean_upload(*, data: bytes, filename: str) -> CleanFile:
    """The file rebuilt for keeping, or UploadRefused with a message naming what to do.

    The type comes from the content: a web page renamed "letter.pdf" is refused. Images are
    re-encoded in their own format (orientation applied, metadata dropped, oversized pictures
    refused); PDFs are rebuilt page by page without active content. The display name is the
    original base name, cleaned, with the extension of the type found."""
    check_size(len(data))
    kind = filetype.guess(data)
    content_type = kind.mime if kind is not None else None
    if content_type not in ALLOWED_TYPES:
        raise UploadRefused(wrong_type_message())
    rebuilt = _rebuild_pdf(data) if content_type == PDF else _reencode_image(data, content_type)
    return CleanFile(
        name=display_name(filename, EXTENSIONS[content_type]),
        content_type=content_type,
        data=rebuilt,
        size=len(rebuilt),
        sha256=hashlib.sha256(rebuilt).hexdigest(),
    )


def safe_base_name(filename: str) -> str:
    """The base name a person gave the file, safe to show or repeat back: no folders, no control
    or text-direction characters, spaces collapsed, at most NAME_MAX_LENGTH characters."""
    base = PurePosixPath(str(filename).replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(
        " "
        if unicodedata.category(char) in ("Cc", "Cs") or char in TEXT_DIRECTION_CONTROLS
        else char
        for char in base
        if char not in _BIDI_MARKS
    )
    return _SPACES.sub(" ", base).strip()[:NAME_MAX_LENGTH]


def display_name(filename: str, extension: str) -> str:
    """`safe_base_name` ending in `extension` (the detected type's), at most NAME_MAX_LENGTH
    characters in all."""
    base = safe_base_name(filename)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip(" .")[: NAME_MAX_LENGTH - len(extension) - 1].rstrip(" .")
    return f"{stem or 'attachment'}.{extension}"


# Images ------------------------------------------------------------------------------------


def _reencode_image(data: bytes, content_type: str) -> bytes:
    expected = "PNG" if content_type == PNG else "JPEG"
    try:
        with warnings.catch_warnings():
            # Damaged EXIF only makes Pillow warn (and the EXIF is dropped anyway); a picture
            # between Pillow's pixel limit and twice it only warns too, and is refused here.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
                if width * height > max_pixels() or width <= 0 or height <= 0:
                    raise UploadRefused(unreadable_message())
                icc_profile = image.info.get("icc_profile")
                image.load()
                upright = ImageOps.exif_transpose(image)
                return _encode(upright, expected, icc_profile)
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused(unreadable_message()) from None
    except Exception as error:  # noqa: BLE001 - whatever a damaged picture makes Pillow raise
        logger.info("An uploaded %s could not be decoded: %r", expected, error)
        raise UploadRefused(unreadable_message()) from None


def _encode(image: Image.Image, image_format: str, icc_profile: bytes | None) -> bytes:
    """Encode with nothing but the pixels (and the colour profile that says what they mean):
    no EXIF, no text chunks, no comments, no thumbnails."""
    out = io.BytesIO()
    # Pillow writes some of what it read back out (a JPEG's comment and XMP) unless told not to.
    image.info = {}
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, **options)
    else:
        if image.mode not in ("1", "L", "LA", "RGB", "RGBA", "I;16"):
            image = image.convert("RGBA")
        image.save(out, "PNG", **options)
    return out.getvalue()


# PDFs --------------------------------------------------------------------------------------


def _rebuild_pdf(data: bytes) -> bytes:
    try:
        source = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise UploadRefused(password_message()) from None
    except Exception as error:  # noqa: BLE001 - whatever a damaged PDF makes qpdf raise
        logger.info("An uploaded PDF could not be opened: %r", error)
        raise UploadRefused(unreadable_message()) from None
    try:
        with source:
            if len(source.pages) == 0:
                raise UploadRefused(unreadable_message())
            rebuilt = pikepdf.new()
            with rebuilt:
                for page in source.pages:
                    rebuilt.pages.append(page)
                _strip_active_content(rebuilt)
                out = io.BytesIO()
                # Streams are copied as they are: never decompressed, so a compressed bomb
                # costs no more than its own size.
                rebuilt.save(
                    out,
                    stream_decode_level=pikepdf.StreamDecodeLevel.none,
                    fix_metadata_version=False,
                )
                return out.getvalue()
    except UploadRefused:
        raise
    except Exception as error:  # noqa: BLE001
        logger.info("An uploaded PDF could not be rebuilt: %r", error)
        raise UploadRefused(unreadable_message()) from None


def _strip_active_content(pdf: pikepdf.Pdf) -> None:
    """Remove from the copied pages everything that acts rather than shows: additional actions
    (/AA), scripts, actions other than going to a page or a web address, embedded files and the
    annotations that carry them, and links from form widgets back to their (dropped) form.

    The new document's catalogue is fresh, so the source's OpenAction, name trees (JavaScript,
    EmbeddedFiles), AcroForm, outlines and metadata were never copied."""
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if annotations is not None:
            kept = pikepdf.Array(
                annotation
                for annotation in annotations
                if isinstance(annotation, pikepdf.Dictionary)
                and str(annotation.get("/Subtype", "")) not in _UNSAFE_ANNOTATIONS
            )
            page.obj.Annots = pdf.make_indirect(kept)
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        _clean_object(page.obj, seen)


def _clean_object(obj, seen: set[tuple[int, int]]) -> None:
    stack = [obj]
    while stack:
        current = stack.pop()
        if isinstance(current, pikepdf.Stream):
            dictionary = current.stream_dict
        elif isinstance(current, pikepdf.Dictionary | pikepdf.Array):
            dictionary = current
        else:
            continue
        if current.is_indirect:
            if current.objgen in seen:
                continue
            seen.add(current.objgen)
        if isinstance(dictionary, pikepdf.Dictionary):
            _clean_dictionary(dictionary)
            children = [dictionary[key] for key in list(dictionary.keys()) if key != "/Parent"]
        else:
            children = list(dictionary)
        stack.extend(child for child in children if _is_container(child))


def _is_container(value) -> bool:
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)


def _clean_dictionary(dictionary: pikepdf.Dictionary) -> None:
    for key in ("/AA", "/JS", "/JavaScript", "/EF", "/EmbeddedFiles", "/OpenAction", "/Next"):
        if key in dictionary:
            del dictionary[key]
    action = dictionary.get("/A")
    if action is not None and not _is_safe_action(action):
        del dictionary["/A"]
    if str(dictionary.get("/Subtype", "")) == "/Widget":
        # The form is gone: a widget keeps its appearance, not its field (and the field's
        # actions and calculation scripts).
        for key in ("/Parent", "/FT", "/V", "/DV"):
            if key in dictionary:
                del dictionary[key]


def _is_safe_action(action) -> bool:
    """Going to a page, or to a web or email address (not a `javascript:` or `file:` one)."""
    if not isinstance(action, pikepdf.Dictionary):
        return False
    kind = str(action.get("/S", ""))
    if kind == "/URI":
        try:
            address = bytes(action.get("/URI", b"")).decode("latin-1").strip().lower()
        except (TypeError, ValueError):
            return False
        return address.startswith(_SAFE_SCHEMES)
    return kind in _SAFE_ACTIONS
