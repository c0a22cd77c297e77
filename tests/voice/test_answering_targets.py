"""My targets: the pupil sees only the target wording their plan was shared with, and says with
a face how each is going."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.support.plans import services as plan_services
from tests.factories import make_plan
from voice.models import TargetCheckIn

pytestmark = pytest.mark.django_db

URL = "/voice/my-targets/"


def test_the_url_is_my_targets():
    assert reverse("voice:targets") == URL


def test_no_plan_gives_a_kind_sentence(pupil_client):
    html = pupil_client.get(URL).content.decode()
    assert "You have no targets to look at yet." in html


def test_an_unshared_draft_is_never_shown(pupil_client, world):
    make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book",), share=False)
    html = pupil_client.get(URL).content.decode()
    assert "I can: reads a short book" not in html
    assert "You have no targets to look at yet." in html


def test_shared_targets_show_in_the_childs_words_and_later_edits_do_not(pupil_client, world):
    cycle = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book",))
    plan_services.outcome_add(
        actor=world.senco_a,
        context=AuditContext(),
        cycle=cycle,
        details=plan_services.OutcomeDetails(
            parent_wording="Unshared new outcome", child_wording="I can: secret new target"
        ),
    )
    html = pupil_client.get(URL).content.decode()
    assert "I can: reads a short book" in html
    assert "Reads a short book" not in html.replace("I can: reads a short book", "")
    assert "secret new target" not in html


def test_a_face_is_saved_once_per_target_and_can_be_changed(pupil_client, world, views_request):
    cycle = make_plan(world.pupil_a1, world.senco_a, outcomes=("Reads a short book",))
    outcome = cycle.outcomes.get()
    page = pupil_client.post(URL, {"outcome": outcome.pk, "face": "3"})
    assert page.status_code == 302
    pupil_client.post(URL, {"outcome": outcome.pk, "face": "1"})
    check_in = TargetCheckIn.objects.get()
    assert (check_in.face, check_in.request_id, check_in.pupil_id) == (
        1,
        views_request.pk,
        world.pupil_a1.pk,
    )
    assert check_in.target == "I can: reads a short book"
    assert AuditEvent.objects.filter(action=AuditAction.VOICE_TARGET_CHECK_IN).count() == 2
    html = pupil_client.get(URL).content.decode()
    assert 'value="1" checked' in html


@pytest.mark.parametrize("face", ["0", "4", "", "x"])
def test_a_face_outside_three_is_refused(pupil_client, world, face):
    cycle = make_plan(world.pupil_a1, world.senco_a)
    page = pupil_client.post(URL, {"outcome": cycle.outcomes.get().pk, "face": face})
    assert page.status_code == 400
    assert "Choose a face." in page.content.decode()
    assert not TargetCheckIn.objects.exists()


def test_another_pupils_target_is_refused(pupil_client, world):
    other = make_plan(world.pupil_a2, world.senco_a).outcomes.get()
    page = pupil_client.post(URL, {"outcome": other.pk, "face": "2"})
    assert page.status_code == 400
    assert not TargetCheckIn.objects.exists()


def test_the_start_page_links_to_my_targets(pupil_client):
    assert f'href="{URL}"' in pupil_client.get(reverse("voice:start")).content.decode()
