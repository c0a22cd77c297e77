"""Writes for public pages: each school's section of the site, its editors and approvers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from content import fixture_data
from content.models import GuidancePage, SchoolPage
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
        school_document_collections_set_up(school=school, groups=[editors, approvers])
    return school_page


DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")


def _collection_names(school: School) -> tuple[str, str]:
    return (f"{school.name} ({school.urn})", f"{school.name} ({school.urn}): published documents")


def school_document_collections(school: School) -> tuple[Collection | None, Collection | None]:
    """The school's private document collection and its collection of published documents."""
    private_name, published_name = _collection_names(school)
    root = Collection.get_first_root_node()
    if root is None:
        return None, None
    children = {collection.name: collection for collection in root.get_children()}
    return children.get(private_name), children.get(published_name)


def school_document_collections_set_up(*, school: School, groups: list[Group]) -> None:
    """Give the school two document collections its editors and approvers may upload to:
    a private one, the default, whose documents only those groups (and site administrators) can
    fetch, even by id; and one for documents an editor publishes on purpose, by moving them
    there, to link from public pages.

    The private collection is made first so that it comes first in (and is the default of) the
    upload form's list. Caller: `school_section_set_up`. Idempotent.
    """
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    private, published = school_document_collections(school)
    private_name, published_name = _collection_names(school)
    if private is None:
        private = root.add_child(instance=Collection(name=private_name))
    if published is None:
        published = root.add_child(instance=Collection(name=published_name))
    restriction = CollectionViewRestriction.objects.filter(
        collection=private, restriction_type=BaseViewRestriction.GROUPS
    ).first() or CollectionViewRestriction.objects.create(
        collection=private, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.add(*groups)
    permissions = Permission.objects.filter(
        content_type__app_label="wagtaildocs", codename__in=DOCUMENT_PERMISSIONS
    )
    for group in groups:
        for collection in (private, published):
            for permission in permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )


def school_editor_add(*, school: School, user: User, approver: bool = False) -> None:
    """Let a member of the school's staff edit its public pages (and, as approver, publish)."""
    editors_name, approvers_name = _group_names(school)
    user.groups.add(Group.objects.get(name=approvers_name if approver else editors_name))


# The site-wide pages the law asks for, each with its default text in content/fixtures/statutory/.
STATUTORY_SLUGS = ("accessibility-statement", "privacy-notice", "privacy-for-children")


def statutory_pages_set_up(
    *, home: Page, contact_email: str, contact_phone: str = ""
) -> dict[str, str]:
    """Make sure the accessibility statement and the privacy notices (for adults, and for
    children) exist and are live under `home`, from their default text.

    A page missing is created and published. A page that a person has touched in any way
    (edited, published, unpublished, moved: anything in its history with a user) is left exactly
    as it is; a page only this function ever wrote is brought up to date with the default text.

    Caller: `manage.py setup_statutory_pages` (a deployment step) and the demo seed. Idempotent.
    Returns what happened to each page, by slug: "created", "updated", "kept" or "unchanged".
    """
    placeholders = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/",
        "contact_email": contact_email,
        "contact_phone": contact_phone,
        "month": timezone.localdate().strftime("%B %Y"),
    }
    outcome: dict[str, str] = {}
    with transaction.atomic():
        for slug in STATUTORY_SLUGS:
            data = fixture_data.load(f"statutory/{slug}.yaml")
            fields = {
                "title": data["title"],
                "intro": fixture_data.fill(data["intro"], placeholders, html=False),
                "body": fixture_data.stream(data["body"], placeholders=placeholders),
            }
            page = GuidancePage.objects.child_of(home).filter(slug=slug).first()
            if page is None:
                page = home.add_child(instance=GuidancePage(slug=slug, **fields))
                page.save_revision().publish()
                outcome[slug] = "created"
            elif PageLogEntry.objects.filter(page=page, user__isnull=False).exists():
                outcome[slug] = "kept"
            elif _differs(page, fields) or not page.live:
                for name, value in fields.items():
                    setattr(page, name, value)
                page.save_revision().publish()
                outcome[slug] = "updated"
            else:
                outcome[slug] = "unchanged"
    return outcome


def _differs(page: GuidancePage, fields: dict) -> bool:
    stream_block = GuidancePage._meta.get_field("body").stream_block
    wanted = stream_block.to_python(
        [{"type": block_type, "value": value} for block_type, value in fields["body"]]
    )

    def comparable(stream) -> list:
        return [(block.block_type, block.block.get_prep_value(block.value)) for block in stream]

    return (page.title, page.intro, comparable(page.body)) != (
        fields["title"],
        fields["intro"],
        comparable(wanted),
    )


def _slug(school: School) -> str:
    from django.utils.text import slugify

    return slugify(school.name)[:80] or f"school-{school.urn}"
