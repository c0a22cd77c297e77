"""The CMS's choosers (pages, documents, images) show a school's editors their own section and
the site's published pages, never another school's drafts or private files."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from content.models import GuidancePage
from content.services import school_document_collections
from tests.conftest import sign_in

B_DRAFT = "Draft for Riverside Academy only"
A_DRAFT = "Draft for Riverside Primary"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def drafts(site):
    """An unpublished page in each school's section, and one under it."""
    b_draft = site.page_b.add_child(
        instance=GuidancePage(title=B_DRAFT, slug="b-draft", live=False, intro="Support plans")
    )
    b_draft.save_revision()
    b_child = b_draft.add_child(
        instance=GuidancePage(
            title=f"{B_DRAFT}: child", slug="b-child", live=False, intro="Support plans"
        )
    )
    a_draft = site.page_a.add_child(
        instance=GuidancePage(title=A_DRAFT, slug="a-draft", live=False, intro="Support plans")
    )
    return {"a": a_draft, "b": b_draft, "b_child": b_child}


def chooser_pages(client: Client, site, drafts) -> str:
    """Everything the page chooser shows while browsing every page and searching."""
    urls = [
        "/cms/choose-page/",
        f"/cms/choose-page/{site.home.pk}/",
        f"/cms/choose-page/{site.page_a.pk}/",
        f"/cms/choose-page/{site.page_b.pk}/",
        "/cms/choose-page/search/?q=Draft",
        "/cms/choose-page/search/?q=Support",
        "/cms/choose-page/search/?q=Riverside",
        f"/cms/choose-page/{site.page_b.pk}/?q=Draft",
    ]
    shown = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        shown.append(response.content.decode())
    return "\n".join(shown)


def test_a_senco_never_sees_another_schools_unpublished_pages_in_the_chooser(site, world, drafts):
    shown = chooser_pages(sign_in(Client(), world.senco_a), site, drafts)

    assert B_DRAFT not in shown
    assert A_DRAFT in shown
    assert site.guidance.title in shown  # the site's published pages, to link to


@pytest.mark.parametrize("draft", ["b", "b_child"])
def test_browsing_into_another_schools_draft_by_id_is_not_found(site, world, drafts, draft):
    client = sign_in(Client(), world.senco_a)

    response = client.get(f"/cms/choose-page/{drafts[draft].pk}/")

    assert response.status_code == 404
    assert B_DRAFT not in response.content.decode()


def test_a_superuser_sees_every_page_in_the_chooser(site, world, drafts):
    shown = chooser_pages(sign_in(Client(), world.superuser), site, drafts)

    assert B_DRAFT in shown
    assert A_DRAFT in shown


def upload_document(collection, title: str):
    return get_document_model().objects.create(
        title=title,
        file=SimpleUploadedFile(f"{collection.pk}.txt", b"minutes", "text/plain"),
        collection=collection,
    )


def upload_image(collection, title: str):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(), collection=collection
    )


def test_the_document_chooser_shows_a_senco_only_their_schools_documents(site, world, media):
    private_a, _ = school_document_collections(world.school_a)
    private_b, published_b = school_document_collections(world.school_b)
    upload_document(private_a, "Riverside Primary minutes")
    upload_document(private_b, "Riverside Academy private minutes")
    upload_document(published_b, "Riverside Academy published minutes")
    client = sign_in(Client(), world.senco_a)

    shown = "\n".join(
        client.get(url).content.decode()
        for url in ("/cms/documents/chooser/", "/cms/documents/chooser/results/?q=minutes")
    )

    assert "Riverside Academy private minutes" not in shown
    assert "Riverside Academy published minutes" not in shown
    assert "Riverside Primary minutes" in shown


def test_the_image_chooser_shows_a_senco_no_other_schools_images(site, world, media):
    private_b, _ = school_document_collections(world.school_b)
    upload_image(private_b, "Riverside Academy private photo")
    client = sign_in(Client(), world.senco_a)

    shown = "\n".join(
        client.get(url).content.decode()
        for url in ("/cms/images/chooser/", "/cms/images/chooser/results/?q=photo")
    )

    assert "Riverside Academy private photo" not in shown
