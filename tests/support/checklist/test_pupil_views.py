"""The core service other journeys call to record that a pupil's views were gathered."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from portal.audit.actors import AuditContext, PupilActor, SystemActor
from portal.audit.models import AuditAction, AuditEvent
from portal.support.checklist.models import PupilViewsRecord
from portal.support.checklist.services import pupil_views_record

from . import builders as b

pytestmark = pytest.mark.django_db


def _record(world, **overrides):
    arguments = {
        "actor": PupilActor(pupil_id=world.pupil_a1.pk, school_id=world.school_a.pk),
        "context": AuditContext(),
        "pupil": world.pupil_a1,
        "gathered_on": b.today(),
        "source": "voice",
        "source_id": "response-7",
    } | overrides
    return pupil_views_record(**arguments)


def test_recording_the_same_source_twice_keeps_one_record_and_one_audit_row(world):
    first = _record(world)
    second = _record(world, actor=SystemActor("retry"))
    assert first.pk == second.pk
    assert PupilViewsRecord.objects.count() == 1
    events = AuditEvent.objects.filter(action=AuditAction.PUPIL_VIEWS_RECORDED)
    assert events.count() == 1
    assert events.get().detail == "voice:response-7"


def test_records_without_a_source_id_are_the_same_on_the_same_day(world):
    _record(world, source_id="")
    _record(world, source_id="")
    assert PupilViewsRecord.objects.count() == 1


def test_the_record_belongs_to_the_pupils_school(world):
    record = _record(world)
    assert record.school_id == world.school_a.pk


@pytest.mark.parametrize(
    "overrides",
    [
        {"source": ""},
        {"source": "x" * 41},
        {"source_id": "y" * 41},
        {"gathered_on": b.today() + b.DAY},
    ],
)
def test_bad_arguments_are_refused_and_nothing_is_written(world, overrides):
    with pytest.raises(ValidationError):
        _record(world, **overrides)
    assert not PupilViewsRecord.objects.exists()


def test_a_cycle_of_another_pupil_is_refused(world):
    other = b.cycle(world.pupil_a2)
    with pytest.raises(ValidationError):
        _record(world, cycle=other)
