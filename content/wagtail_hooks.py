from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from content.bulk_actions import ReportCheckingPublishBulkAction
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
