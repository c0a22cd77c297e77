"""Rows the asking tests need: a question set the school may use, and requests made through the
real service."""

from __future__ import annotations

import datetime

from django.utils import timezone

from portal.audit.actors import AuditContext
from voice.models import (
    Question,
    QuestionKind,
    QuestionSet,
    RequestStatus,
    SetPurpose,
    SetScope,
    SetStatus,
    ViewsRequest,
)


def built_in_set(key: str = "all-about-me-asking", title: str = "All about me") -> QuestionSet:
    question_set, _ = QuestionSet.objects.get_or_create(
        scope=SetScope.BUILT_IN,
        key=key,
        defaults={
            "purpose": SetPurpose.ALL_ABOUT_ME,
            "title": title,
            "status": SetStatus.READY,
        },
    )
    if not question_set.questions.exists():
        Question.objects.create(
            question_set=question_set,
            order=1,
            kind=QuestionKind.FEELINGS,
            text="How do you feel at school?",
            scale_size=3,
        )
    return question_set


def ask(actor, pupil, **kwargs) -> ViewsRequest:
    from voice.asking.services import views_request_create

    kwargs.setdefault("question_set", built_in_set())
    return views_request_create(actor=actor, context=AuditContext(), pupil=pupil, **kwargs)


def expire(views_request: ViewsRequest) -> ViewsRequest:
    ViewsRequest.objects.filter(pk=views_request.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    views_request.refresh_from_db()
    return views_request


def set_status(views_request: ViewsRequest, status: RequestStatus) -> ViewsRequest:
    ViewsRequest.objects.filter(pk=views_request.pk).update(status=status)
    views_request.refresh_from_db()
    return views_request
