"""Reactions to Wagtail's page lifecycle signals: purge the public cache, and tell the core
when a school's SEN information report is published (the core never reads page content)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.cache import public_pages_purge
from content.models import SENInformationReportPage
from portal.services.schools import school_report_review_record


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    page = instance.specific
    if isinstance(page, SENInformationReportPage) and page.locale.language_code == "en":
        school_report_review_record(
            school_id=page.school.pk, reviewed_on=page.last_reviewed, url=page.url or ""
        )
    transaction.on_commit(public_pages_purge)


@receiver(page_unpublished)
@receiver(post_page_move)
def on_page_changed(sender, instance, **kwargs):
    transaction.on_commit(public_pages_purge)


@receiver(post_delete, sender=Page)
def on_page_deleted(sender, instance, **kwargs):
    transaction.on_commit(public_pages_purge)
