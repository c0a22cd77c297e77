"""A pupil's page reached without a code that works is still "not found", drawn as a page a
pupil can act on: it needs their code, with a link to type it, naming nobody."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from voice.models import RequestStatus

from .conftest import give_visit

PUPIL_PAGES = ["/voice/start/", "/voice/question/1/", "/voice/done/", "/voice/my-targets/"]


def _friendly(response) -> BeautifulSoup:
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "This page needs your code."
    return soup


@pytest.mark.parametrize("url", PUPIL_PAGES)
def test_a_pupil_page_without_a_visit_is_not_found_and_asks_for_the_code(client, world, url):
    soup = _friendly(client.get(url))
    link = soup.select_one("#type-your-code")
    assert link.get_text(strip=True) == "Type your code"
    assert link["href"] == reverse("voice:enter") == "/voice/"
    assert "app-voice" in soup.body["class"]
    text = soup.get_text()
    for name in (
        world.pupil_a1.legal_first_name,
        world.pupil_a1.legal_last_name,
        world.school_a.name,
    ):
        assert name not in text


def test_signed_in_staff_get_the_same_page(client_as, world):
    _friendly(client_as(world.senco_a).get("/voice/question/1/"))


def test_a_code_that_stopped_working_asks_for_the_code_again(client, views_request, world):
    give_visit(client, views_request)
    assert client.get("/voice/question/1/").status_code == 200
    views_request.status = RequestStatus.CANCELLED
    views_request.save(update_fields=["status"])
    soup = _friendly(client.get("/voice/question/1/"))
    assert world.pupil_a1.legal_first_name not in soup.get_text()


def test_a_question_past_the_last_for_a_pupil_with_a_code_is_an_ordinary_not_found(
    client, views_request
):
    give_visit(client, views_request)
    response = client.get("/voice/question/99/")
    assert response.status_code == 404
    assert "This page needs your code" not in response.content.decode()


def test_other_pages_keep_the_ordinary_not_found(client, db):
    response = client.get("/portal/pupil-views/999999/")
    assert response.status_code in (302, 404)
    assert "This page needs your code" not in response.content.decode()
    response = client.get("/voice/nowhere/")
    assert response.status_code == 404
    assert "This page needs your code" not in response.content.decode()
