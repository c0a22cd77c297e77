"""Documents uploaded for a school are private to its CMS editors unless one is published on
purpose: nobody else can fetch them from the real /documents/<id>/<file> URL, even by id."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model

from content.services import school_document_collections
from tests.conftest import sign_in

SECRET = b"Minutes of the SEN panel: private to the school."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _default_collection(client) -> int:
    """The collection the upload form offers first: what a browser submits if nobody chooses."""
    form = client.get("/cms/documents/add/").content.decode()
    select = form[form.index('name="collection"') :]
    return int(re.search(r'<option value="(\d+)"', select).group(1))


def _upload(client, title="SEN panel minutes"):
    response = client.post(
        "/cms/documents/add/",
        {
            "title": title,
            "file": SimpleUploadedFile("minutes.txt", SECRET, "text/plain"),
            "collection": _default_collection(client),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return get_document_model().objects.get(title=title)


def _fetch(client, document):
    response = client.get(f"/documents/{document.pk}/{document.filename}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def test_an_editors_upload_lands_in_the_schools_private_collection(site, world, client, media):
    document = _upload(sign_in(client, world.senco_a))
    private, _ = school_document_collections(world.school_a)
    assert document.collection == private


def test_a_private_document_is_refused_to_anonymous_readers_and_strangers(
    site, world, client, media
):
    document = _upload(sign_in(client, world.senco_a))
    for reader in (
        Client(),
        sign_in(Client(), world.senco_b),  # another school's editor
        sign_in(Client(), world.parent_1),
        sign_in(Client(), world.stranger),
    ):
        status, body = _fetch(reader, document)
        assert status in (302, 403, 404)
        assert SECRET not in body


def test_the_schools_editors_and_approvers_fetch_their_private_document(site, world, client, media):
    document = _upload(sign_in(client, world.senco_a))
    for editor in (world.senco_a, world.head_a):
        status, body = _fetch(sign_in(Client(), editor), document)
        assert (status, body) == (200, SECRET)


def test_another_schools_editor_cannot_choose_a_private_collection(site, world, client, media):
    _upload(sign_in(client, world.senco_a))
    page = sign_in(Client(), world.senco_b).get("/cms/documents/").content.decode()
    assert "SEN panel minutes" not in page


def test_a_document_moved_to_the_published_collection_is_public(site, world, client, media):
    editor = sign_in(client, world.senco_a)
    document = _upload(editor)
    _, published = school_document_collections(world.school_a)
    response = editor.post(
        f"/cms/documents/edit/{document.pk}/",
        {"title": document.title, "collection": published.pk},
    )
    assert response.status_code == 302
    status, body = _fetch(Client(), document)
    assert (status, body) == (200, SECRET)
