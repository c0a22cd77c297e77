from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from content.bulk_actions import ReportCheckingPublishBulkAction
from content.selectors import pages_choosable
from portal.schools.selectors import schools_with_overdue_reports


class OverdueReportsPanel(Component):
    """The Wagtail dashboard names every school the editor works for whose report is overdue."""

    name = "overdue_reports"
    order = 50
    template_name = "content/admin/overdue_reports_panel.html"

    def __init__(self, schools):
        self.schools = schools

    def get_context_data(self, parent_context):
        return {"schools": self.schools, "heading": _("SEN information report review overdue")}


@hooks.register("construct_homepage_panels")
def add_overdue_reports_panel(request, panels):
    overdue = schools_with_overdue_reports(user=request.user)
    if overdue:
        panels.append(OverdueReportsPanel(overdue))


# Registered after Wagtail's own "publish" so that it replaces it.
hooks.register("register_bulk_action", ReportCheckingPublishBulkAction, order=100)


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_the_editors_sections(pages, request):
    """Browsing and searching the page chooser list only pages the editor may be shown; browsing
    into any other page by its id is not found (its title would head the list)."""
    parent_id = (request.resolver_match.kwargs if request.resolver_match else {}).get(
        "parent_page_id"
    )
    if (
        parent_id is not None
        and not pages_choosable(user=request.user, pages=Page.objects.filter(pk=parent_id)).exists()
    ):
        raise Http404
    return pages_choosable(user=request.user, pages=pages)
