"""Writes for public pages: each school's section of the site, its editors and approvers."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from content.models import SchoolPage
from portal.people.models import User
from portal.schools.models import School

# Editors draft and ask for approval; approvers (the headteacher) may also publish.
EDITOR_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
APPROVER_PERMISSIONS = (*EDITOR_PERMISSIONS, "publish_page")


def _group_names(school: School) -> tuple[str, str]:
    return (f"{school.name} ({school.urn}): editors", f"{school.name} ({school.urn}): approvers")


def _grant(group: Group, page: Page, codenames: tuple[str, ...]) -> None:
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(admin_access)
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def school_section_set_up(*, school: School, home: Page, title: str | None = None) -> SchoolPage:
    """Create (or find) the school's public section with its editor and approver groups, their
    page permissions on that section only, and the approval workflow for its pages.

    Caller: the site administrator or the demo seed. Idempotent.
    """
    with transaction.atomic():
        school_page = SchoolPage.objects.filter(school=school, locale=home.locale).first()
        if school_page is None:
            school_page = home.add_child(
                instance=SchoolPage(title=title or school.name, slug=_slug(school), school=school)
            )
            school_page.save_revision().publish()
        editors_name, approvers_name = _group_names(school)
        editors, _ = Group.objects.get_or_create(name=editors_name)
        approvers, _ = Group.objects.get_or_create(name=approvers_name)
        _grant(editors, school_page, EDITOR_PERMISSIONS)
        _grant(approvers, school_page, APPROVER_PERMISSIONS)
        workflow, _ = Workflow.objects.get_or_create(name=f"{school.name}: headteacher approval")
        if not workflow.workflow_tasks.exists():
            task = GroupApprovalTask.objects.create(name=f"{school.name}: headteacher approves")
            task.groups.set([approvers])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(page=school_page, defaults={"workflow": workflow})
    return school_page


def school_editor_add(*, school: School, user: User, approver: bool = False) -> None:
    """Let a member of the school's staff edit its public pages (and, as approver, publish)."""
    editors_name, approvers_name = _group_names(school)
    user.groups.add(Group.objects.get(name=approvers_name if approver else editors_name))


def _slug(school: School) -> str:
    from django.utils.text import slugify

    return slugify(school.name)[:80] or f"school-{school.urn}"
