"""Writes to a school's own record."""

from __future__ import annotations

import datetime

from django.db import transaction

from portal.schools.models import School


def school_report_review_record(
    *, school_id: int, reviewed_on: datetime.date | None, url: str
) -> None:
    """Record that the school's SEN information report was published with this review date.

    Caller: the public pages, when a report is published (the core never reads page content).
    The dashboards flag the report as overdue from this date (COP-6.79).
    """
    with transaction.atomic():
        School.objects.filter(pk=school_id).update(
            sen_report_reviewed_on=reviewed_on, sen_report_url=url
        )


def school_report_review_clear(*, school_id: int) -> None:
    """Record that the school has no published SEN information report (unpublished or deleted).

    Caller: the public pages. The dashboards then flag the report as missing.
    """
    with transaction.atomic():
        School.objects.filter(pk=school_id).update(sen_report_reviewed_on=None, sen_report_url="")
