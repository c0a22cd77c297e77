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
