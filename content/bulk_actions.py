"""The page listing's bulk "Publish" holds an SEN information report to the same rule as its
edit form: a report with a required item empty is refused, by name and with what is missing,
while the other pages selected (complete reports among them) are published."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.models import Page

from content.models import SENInformationReportPage
from content.report import EDITABLE_SECTIONS, Section, missing_sections


def sections_missing_before_publishing(page: Page) -> list[Section]:
    """What the version of `page` that publishing would make live lacks, if it is a report."""
    if not issubclass(page.specific_class or Page, SENInformationReportPage):
        return []
    draft = page.specific.get_latest_revision_as_object()
    return missing_sections(
        {section.field: getattr(draft, section.field) for section in EDITABLE_SECTIONS}
    )


def refusal_message(page: Page, missing: list[Section]) -> str:
    return _(
        "“%(title)s” (%(school)s) was not published: a report cannot be published until every "
        "required item has content. Missing: %(items)s."
    ) % {
        "title": page.get_admin_display_title(),
        "school": page.specific.school.name,
        "items": "; ".join(f"{section.code} {section.title}" for section in missing),
    }


class ReportCheckingPublishBulkAction(PublishBulkAction):
    template_name = "content/admin/confirm_bulk_publish.html"

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        self.refused = []
        ready = []
        for page in objects:
            missing = sections_missing_before_publishing(page)
            if missing:
                self.refused.append({"page": page, "message": refusal_message(page, missing)})
            else:
                ready.append(page)
        return ready, extra

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refused_reports"] = self.refused
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        for refused in self.refused:
            messages.error(self.request, refused["message"])
        return response

    @classmethod
    def execute_action(cls, objects, include_descendants=False, user=None, **kwargs):
        num_parent_objects, num_child_objects = 0, 0
        for page in objects:
            revision = page.get_latest_revision() or page.specific.save_revision(user=user)
            revision.publish(user=user)
            num_parent_objects += 1
            if not include_descendants:
                continue
            for descendant in page.get_descendants().not_live().defer_streamfields().specific():
                if user is not None and not descendant.permissions_for_user(user).can_publish():
                    continue
                # A draft report below a published section stays a draft until it is complete.
                if sections_missing_before_publishing(descendant):
                    continue
                revision = descendant.get_latest_revision() or descendant.save_revision(user=user)
                revision.publish(user=user)
                num_child_objects += 1
        return num_parent_objects, num_child_objects
