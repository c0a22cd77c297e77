"""The formal notice (COP-6.43, 6.48): parents are told in the portal and by email when their
child is placed on SEN Support, with the SENCO's and the IASS's contacts; delivery and the
first reading are recorded."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction, AuditEvent
from portal.notifications.models import EmailStatus, Notification, NotificationKind
from portal.people.services import invitation_accept
from portal.pupils.models import SenStatus
from portal.pupils.services import PupilDetails, pupil_create, pupil_update
from portal.support.notices import services
from portal.support.notices.models import FormalNotice, NoticeRecipient
from tests.conftest import count_queries, run_worker, sign_in
from tests.factories import InvitationFactory, PupilFactory, UserFactory, link_parent

CONTEXT = AuditContext()


def details_of(pupil, **changes) -> PupilDetails:
    values = {
        "legal_first_name": pupil.legal_first_name,
        "legal_last_name": pupil.legal_last_name,
        "preferred_name": pupil.preferred_name,
        "date_of_birth": pupil.date_of_birth,
        "year_group": pupil.year_group,
        "upn": pupil.upn,
        "sen_status": pupil.sen_status,
        "home_language": pupil.home_language,
        "areas_of_need": ("communication",),
    }
    return PupilDetails(**(values | changes))


@pytest.fixture
def monitored(world):
    """Aisha, monitored (not yet on SEN Support), with two linked parents."""
    world.pupil_a1.sen_status = SenStatus.MONITORING
    world.pupil_a1.save()
    second = UserFactory(email="dad@example.org", preferred_language="ur")
    link_parent(second, world.pupil_a1, relationship="father")
    return world


def test_cop_6_43_parents_formally_notified_when_placed_on_sen_support(
    monitored, django_capture_on_commit_callbacks
):
    world = monitored
    pupil = world.pupil_a1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pupil_update(
            actor=world.senco_a,
            context=CONTEXT,
            pupil=pupil,
            details=details_of(pupil, sen_status=SenStatus.SEN_SUPPORT),
        )
        assert len(mail.outbox) == 0, "nothing leaves before the commit"
    assert callbacks
    notice = FormalNotice.objects.get(pupil=pupil)
    assert notice.senco_email == world.school_a.senco_email
    assert notice.iass_name == "Northshire SENDIASS"
    copies = NoticeRecipient.objects.filter(notice=notice).select_related("email", "parent")
    assert {copy.parent.email for copy in copies} == {"parent1@example.org", "dad@example.org"}
    assert all(copy.email is not None and copy.first_read_at is None for copy in copies)
    assert (
        Notification.objects.filter(kind=NotificationKind.FORMAL_NOTICE, url__contains="notices")
        .values("recipient")
        .count()
        == 2
    )
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox if "notices" in message.body) == [
        "dad@example.org",
        "parent1@example.org",
    ]
    english = next(m for m in mail.outbox if m.to == ["parent1@example.org"])
    assert "special educational provision" in english.body
    assert "Northshire SENDIASS" in english.body and world.school_a.senco_email in english.body
    for copy in copies:
        copy.email.refresh_from_db()
        assert copy.email.status == EmailStatus.SENT
    assert AuditEvent.objects.filter(action=AuditAction.NOTICE_SENT).count() == 1


def test_nothing_is_sent_when_the_change_rolls_back(monitored):
    world = monitored
    with pytest.raises(RuntimeError), transaction.atomic():
        pupil_update(
            actor=world.senco_a,
            context=CONTEXT,
            pupil=world.pupil_a1,
            details=details_of(world.pupil_a1, sen_status=SenStatus.SEN_SUPPORT),
        )
        raise RuntimeError
    run_worker()
    assert not FormalNotice.objects.exists()
    assert mail.outbox == []


def test_no_notice_when_the_status_does_not_change_to_sen_support(world):
    pupil = world.pupil_a1  # already on SEN Support
    pupil_update(
        actor=world.senco_a,
        context=CONTEXT,
        pupil=pupil,
        details=details_of(pupil, preferred_name="Ash"),
    )
    pupil_update(
        actor=world.senco_a,
        context=CONTEXT,
        pupil=pupil,
        details=details_of(pupil, sen_status=SenStatus.EHC_PLAN),
    )
    assert not FormalNotice.objects.exists()


def test_a_pupil_added_on_sen_support_has_no_parents_yet_and_the_first_parent_linked_is_told(
    world,
):
    pupil = pupil_create(
        actor=world.senco_a,
        context=CONTEXT,
        school=world.school_a,
        details=details_of(PupilFactory.build(), sen_status=SenStatus.SEN_SUPPORT),
    )
    assert not FormalNotice.objects.exists()
    invitation = InvitationFactory.create(
        pupil=pupil, email="newmum@example.org", invited_by=world.senco_a
    )
    parent = UserFactory(email="newmum@example.org")
    invitation_accept(actor=parent, context=CONTEXT, token=invitation.token)
    copy = NoticeRecipient.objects.get(parent=parent)
    assert copy.notice.pupil == pupil and copy.email.to == "newmum@example.org"


def test_first_reading_is_recorded_once(world, client):
    notice = services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    sign_in(client, world.parent_1)
    page = client.get(f"/portal/notices/{notice.pk}/").content.decode()
    assert "special educational provision" in page
    assert notice.senco_name in page and "Northshire SENDIASS" in page
    copy = NoticeRecipient.objects.get(notice=notice, parent=world.parent_1)
    first = copy.first_read_at
    assert first is not None
    client.get(f"/portal/notices/{notice.pk}/")
    copy.refresh_from_db()
    assert copy.first_read_at == first
    assert AuditEvent.objects.filter(action=AuditAction.NOTICE_READ).count() == 1
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.SUPPORT_VIEWED, detail=f"formal notice {notice.pk}"
        ).count()
        == 2
    )


def test_staff_reading_does_not_count_as_the_parents(world, client):
    notice = services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    page = sign_in(client, world.senco_a).get(f"/portal/notices/{notice.pk}/").content.decode()
    assert "Not read yet" in page
    assert not NoticeRecipient.objects.filter(first_read_at__isnull=False).exists()


def test_the_notice_keeps_the_contacts_of_the_day_it_was_sent(world, client):
    notice = services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    world.school_a.senco_name = "A New SENCO"
    world.school_a.save()
    page = sign_in(client, world.parent_1).get(f"/portal/notices/{notice.pk}/").content.decode()
    assert "A New SENCO" not in page and notice.senco_name in page


def test_childs_page_shows_the_notice_read_or_unread(world, client):
    notice = services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    sign_in(client, world.parent_1)
    child = f"/portal/pupils/{world.pupil_a1.pk}/"
    assert "Unread" in client.get(child).content.decode()
    client.get(f"/portal/notices/{notice.pk}/")
    html = client.get(child).content.decode()
    assert "Unread" not in html and ">Read<" in html


def test_senco_sees_delivery_and_reading_per_parent(world, client):
    notice = services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    sign_in(client, world.parent_1).get(f"/portal/notices/{notice.pk}/")
    run_worker()
    page = sign_in(client, world.senco_a).get(f"/portal/pupils/{world.pupil_a1.pk}/notices/")
    html = page.content.decode()
    assert "parent1@example.org" in html or world.parent_1.get_full_name() in html
    assert ">Sent<" in html
    assert "Not read yet" not in html


def test_senco_resends_from_the_pupils_page(world, client):
    sign_in(client, world.senco_a)
    response = client.post(f"/portal/pupils/{world.pupil_a1.pk}/notices/send/")
    assert response.status_code == 302
    assert FormalNotice.objects.filter(pupil=world.pupil_a1).count() == 1


def test_resend_without_parents_explains_what_to_do(world, client):
    sign_in(client, world.senco_a)
    response = client.post(f"/portal/pupils/{world.pupil_a2.pk}/notices/send/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html and "Invite a parent first" in html
    assert not FormalNotice.objects.exists()


def test_only_sen_support_pupils_get_a_notice(world):
    world.pupil_a1.sen_status = SenStatus.MONITORING
    world.pupil_a1.save()
    with pytest.raises(ValidationError):
        services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)


def test_parent_cannot_see_another_childs_notice(world, client):
    other = PupilFactory(school=world.school_a)
    link_parent(UserFactory(), other)
    notice = services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=other)
    assert sign_in(client, world.parent_1).get(f"/portal/notices/{notice.pk}/").status_code == 404
    assert sign_in(client, world.senco_b).get(f"/portal/notices/{notice.pk}/").status_code == 404


def test_pupil_notice_list_queries_do_not_grow(world, client, django_assert_num_queries):
    for index in range(3):
        link_parent(UserFactory(email=f"carer{index}@example.org"), world.pupil_a1)
    services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    sign_in(client, world.senco_a)
    url = f"/portal/pupils/{world.pupil_a1.pk}/notices/"
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for _ in range(20):
        services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    with django_assert_num_queries(few):
        client.get(url)


def test_child_page_queries_do_not_grow_with_notices(world, client, django_assert_num_queries):
    services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    sign_in(client, world.parent_1)
    url = f"/portal/pupils/{world.pupil_a1.pk}/"
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for _ in range(20):
        services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    with django_assert_num_queries(few):
        client.get(url)


def test_a_register_import_that_places_a_pupil_on_sen_support_sends_the_notice(monitored, client):
    from tests.portal.test_register_import import HEADER, confirm, make_csv, upload

    world = monitored
    pupil = world.pupil_a1
    pupil.upn = "A123456789012"
    pupil.save()
    row = [
        pupil.legal_first_name,
        pupil.legal_last_name,
        "",
        pupil.date_of_birth.strftime("%d/%m/%Y"),
        f"Year {pupil.year_group}",
        pupil.upn,
        "SEN Support",
        "Communication and interaction",
        "English",
    ]
    sign_in(client, world.senco_a)
    upload(client, world, make_csv([row], HEADER))
    assert confirm(client, world).status_code == 302
    notice = FormalNotice.objects.get(pupil=pupil)
    assert notice.recipients.count() == 2


def test_a_parent_who_chose_email_at_once_gets_one_email_the_notice(
    monitored, django_capture_on_commit_callbacks
):
    from portal.notifications.models import Delivery, NotificationPreference

    world = monitored
    NotificationPreference.objects.create(user=world.parent_1, delivery=Delivery.EMAIL_AT_ONCE)
    world.pupil_a1.sen_status = SenStatus.SEN_SUPPORT
    world.pupil_a1.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.formal_notice_send(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    run_worker()
    to_mother = [m for m in mail.outbox if m.to == ["parent1@example.org"]]
    assert len(to_mother) == 1
    body = to_mother[0].body
    assert "/notices/" in body and "special educational provision" in body
    assert "Northshire SENDIASS" in body and world.school_a.senco_email in body
    assert world.pupil_a1.display_name not in body and "communication" not in body.lower()
    assert (
        Notification.objects.filter(
            recipient=world.parent_1, kind=NotificationKind.FORMAL_NOTICE
        ).count()
        == 1
    )
    assert len([m for m in mail.outbox if m.to == ["dad@example.org"]]) == 1


def test_a_double_click_on_send_again_emails_every_parent_once(world, client):
    sign_in(client, world.senco_a)
    url = f"/portal/pupils/{world.pupil_a1.pk}/notices/send/"
    assert client.post(url).status_code == 302
    response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html and "less than 10 minutes ago" in html
    assert FormalNotice.objects.filter(pupil=world.pupil_a1).count() == 1
    assert NoticeRecipient.objects.filter(parent=world.parent_1).count() == 1


def test_the_notice_can_be_sent_again_once_a_few_minutes_have_passed(world):
    import datetime

    from django.utils import timezone

    services.formal_notice_resend(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    FormalNotice.objects.update(sent_at=timezone.now() - datetime.timedelta(minutes=11))
    services.formal_notice_resend(actor=world.senco_a, context=CONTEXT, pupil=world.pupil_a1)
    assert FormalNotice.objects.filter(pupil=world.pupil_a1).count() == 2
