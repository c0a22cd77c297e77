"""Reactions to Wagtail's page lifecycle signals and to the records public pages show: purge
the public cache, and tell the core when a school's SEN information report is published or
withdrawn (the core never reads page content)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.cache import public_pages_purge
from content.models import SENInformationReportPage
from portal.schools.models import LocalAuthority, School
from portal.schools.services import school_report_review_clear, school_report_review_record


def _purge_after_commit(**kwargs) -> None:
    transaction.on_commit(public_pages_purge)


def _english_report(page) -> SENInformationReportPage | None:
    page = page.specific
    if isinstance(page, SENInformationReportPage) and page.locale.language_code == "en":
        return page
    return None


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    report = _english_report(instance)
    if report is not None:
        school_report_review_record(
            school_id=report.school.pk, reviewed_on=report.last_reviewed, url=report.url or ""
        )
    _purge_after_commit()


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    report = _english_report(instance)
    if report is not None:
        school_report_review_clear(school_id=report.school.pk)
    _purge_after_commit()


@receiver(post_delete, sender=SENInformationReportPage)
def on_report_deleted(sender, instance, **kwargs):
    if instance.live and instance.locale.language_code == "en":
        school_id = (
            School.objects.filter(pages__path=instance.path[: -Page.steplen])
            .values_list("pk", flat=True)
            .first()
        )
        if school_id:
            school_report_review_clear(school_id=school_id)


# Anything a public page shows, or who may see it, empties the cache when it changes.
post_page_move.connect(_purge_after_commit)
post_delete.connect(_purge_after_commit, sender=Page)
for model in (PageViewRestriction, School, LocalAuthority):
    post_save.connect(_purge_after_commit, sender=model, dispatch_uid=f"purge-{model.__name__}")
    post_delete.connect(_purge_after_commit, sender=model, dispatch_uid=f"purge-d-{model.__name__}")
