"""Public page types in the URL x role test: everyone may read them, whatever their role."""

import pytest

from tests.portal.test_access_matrix import ROLES, SECOND_FACTOR, _client_for, _outcome


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_read_every_public_page_type(role, site, world, client):
    client = _client_for(role, world, client)
    urls = [
        site.home.url,
        site.page_a.url,
        site.page_a.url + "search/?q=support",
        site.report_a.url,
        site.guidance.url,
    ]
    assert {url: _outcome(client.get(url)) for url in urls} == dict.fromkeys(urls, 200)


@pytest.mark.parametrize("role", ["senco_a", "head_a"])
def test_school_editors_reach_the_cms_only_after_a_second_factor(role, site, world, client):
    user = getattr(world, role)
    assert _outcome(_client_for("anonymous", world, client).get("/cms/")) == "login"
    from tests.conftest import sign_in

    assert _outcome(sign_in(client, user, verified=False).get("/cms/")) == SECOND_FACTOR
    assert _outcome(sign_in(client, user).get("/cms/")) == 200


@pytest.mark.parametrize("return_url", ["Zoë", "portal:dashboard", "//evil.example.com/", ""])
def test_a_private_pages_password_form_never_fails_on_its_return_address(db, client, return_url):
    # Wagtail handed any relative text to redirect(), which looked it up as a view name.
    from wagtail.models import PageViewRestriction

    from tests.conftest import ensure_home_page

    home = ensure_home_page()
    restriction = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{home.pk}/",
        {"password": "open sesame", "return_url": return_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def _private_documents(world):
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Governors' papers")
    return CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="open sesame",
    )


@pytest.mark.parametrize("return_url", ["Zoë", "portal:dashboard", "//evil.example.com/", ""])
def test_a_private_documents_password_form_never_fails_on_its_return_address(
    world, client, return_url
):
    restriction = _private_documents(world)

    response = client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": "open sesame", "return_url": return_url},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_guessing_a_shared_password_is_limited_per_address(world, client):
    from wagtail.models import PageViewRestriction

    from tests.conftest import ensure_home_page

    home = ensure_home_page()
    page = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )
    documents = _private_documents(world)
    urls = [
        f"/_util/authenticate_with_password/{page.pk}/{home.pk}/",
        f"/documents/authenticate_with_password/{documents.pk}/",
    ]
    answers = [
        client.post(urls[attempt % 2], {"password": "guess", "return_url": "/"}).status_code
        for attempt in range(20)
    ]
    assert answers == [200] * 20

    refused = client.post(urls[0], {"password": "open sesame", "return_url": "/"})

    assert refused.status_code == 429
    # Someone at another address is not held up.
    other = client.post(
        urls[1], {"password": "open sesame", "return_url": "/"}, REMOTE_ADDR="192.0.2.7"
    )
    assert other.status_code == 302
