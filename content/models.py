"""Public pages: the home page, each school's section, its SEN information report, guidance."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from content.blocks import body_blocks, section_blocks
from content.report import EDITABLE_SECTIONS, SECTIONS, missing_sections
from content.search import search_hits
from portal.lib.text import search_words, without_hidden_characters

# Form buttons that make a report public, now or once approved.
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class PublicPage(Page):
    """Marks responses that anonymous readers may be served from the public page cache."""

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        return self.mark_public(super().serve(request, *args, **kwargs))

    def mark_public(self, response):
        if getattr(response, "public_page", None) is None:
            response.public_page = not self.get_view_restrictions().exists()
        return response


class HomePage(PublicPage):
    """The portal's front page: what it is, the schools, guidance, and the way in."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["content.SchoolPage", "content.GuidancePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """A page not yet translated into this home page's language is served in the default
        language under the same prefix (its template says so), rather than not found."""
        try:
            return super().route(request, path_components)
        except Http404:
            default = self.get_translation_or_none(Locale.get_default())
            if default is None or default.pk == self.pk:
                raise
            return default.specific.route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().public().specific().order_by("title")
        context["schools"] = [child for child in children if isinstance(child, SchoolPage)]
        context["guidance"] = [child for child in children if isinstance(child, GuidancePage)]
        return context


class SchoolPage(RoutablePageMixin, PublicPage):
    """A school's public section: its report and guidance, searchable, with independent advice."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="pages", verbose_name=_("school")
    )
    intro = models.TextField(_("introduction"), blank=True)

    # Which school a section belongs to is the site administrator's to set, never an editor's.
    content_panels = [
        *Page.content_panels,
        FieldPanel("school", permission="superuser"),
        FieldPanel("intro"),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.SENInformationReportPage", "content.GuidancePage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("school page")

    def serve(self, request, *args, **kwargs):
        # RoutablePageMixin's serve comes first and does not reach PublicPage's.
        return self.mark_public(super().serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific().order_by("path")
        context["school_page"] = self
        context["brand_colour"] = self.school.brand_colour
        return context

    @path("search/", name="search")
    def search(self, request):
        # Shown back as typed, less what could hide or reorder text; searched for as words only
        # (any text answers results or "no results", never a server error).
        query = " ".join(without_hidden_characters(request.GET.get("q", "")).split())[:200]
        words = search_words(query)
        results = []
        if words:
            results = list(
                Page.objects.live()
                .public()
                .descendant_of(self, inclusive=True)
                .filter(locale=self.locale)
                .specific()
                .search(words)[:50]
            )
        response = render(
            request,
            "content/search_results.html",
            {
                "page": self,
                "school_page": self,
                "query": query,
                "results": results,
                "hits": search_hits(results, words),
            },
        )
        response.public_page = False  # one cache entry per query would let anyone fill the cache
        return response


class ReportPageForm(WagtailAdminPageForm):
    """Drafts may be incomplete; publishing, or asking for approval, needs every item."""

    def clean(self):
        cleaned = super().clean()
        last_reviewed = cleaned.get("last_reviewed")
        if last_reviewed and last_reviewed > timezone.localdate():
            self.add_error("last_reviewed", _("The last review date cannot be in the future."))
        if any(action in self.data for action in PUBLISHING_ACTIONS):
            missing = missing_sections(cleaned)
            for section in missing:
                self.add_error(section.field, _("Write this section before publishing."))
            if missing:
                raise ValidationError(
                    _(
                        "The report cannot be published until every required item has content. "
                        "Missing: %(items)s."
                    )
                    % {"items": "; ".join(f"{s.code} {s.title}" for s in missing)}
                )
        return cleaned


def _section_field(field: str) -> StreamField:
    section = next(section for section in EDITABLE_SECTIONS if section.field == field)
    return StreamField(
        section_blocks(), blank=True, verbose_name=format_lazy("{} {}", section.code, section.title)
    )


class SENInformationReportPage(PublicPage):
    """The school's SEN information report (COP-6.79/6.81; SEND Regulations 2014, Schedule 1)."""

    summary = models.TextField(
        _("plain-language summary"),
        help_text=_("Three to five short sentences for a parent in a hurry."),
    )
    last_reviewed = models.DateField(_("last reviewed"), default=timezone.localdate)

    sir_1 = _section_field("sir_1")
    sir_2 = _section_field("sir_2")
    sir_3a = _section_field("sir_3a")
    sir_3b = _section_field("sir_3b")
    sir_3c = _section_field("sir_3c")
    sir_3d = _section_field("sir_3d")
    sir_3e = _section_field("sir_3e")
    sir_3f = _section_field("sir_3f")
    sir_3g = _section_field("sir_3g")
    sir_5 = _section_field("sir_5")
    sir_6 = _section_field("sir_6")
    sir_7 = _section_field("sir_7")
    sir_8 = _section_field("sir_8")
    sir_9 = _section_field("sir_9")
    sir_10 = _section_field("sir_10")
    sir_12 = _section_field("sir_12")
    access_admissions = _section_field("access_admissions")
    access_equal_treatment = _section_field("access_equal_treatment")
    access_facilities = _section_field("access_facilities")
    access_plan = _section_field("access_plan")

    base_form_class = ReportPageForm
    parent_page_types = ["content.SchoolPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        *(index.SearchField(section.field) for section in EDITABLE_SECTIONS),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [*Page.content_panels, FieldPanel("summary"), FieldPanel("last_reviewed")],
                heading=_("Summary"),
            ),
            ObjectList(
                [FieldPanel(section.field) for section in EDITABLE_SECTIONS[:16]],
                heading=_("Schedule 1 items"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [FieldPanel(section.field) for section in EDITABLE_SECTIONS[16:]],
                        heading=_("Accessibility arrangements for disabled pupils"),
                    )
                ],
                heading=_("Accessibility"),
            ),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("SEN information report")

    @property
    def school(self):
        return self.get_parent().specific.school

    def sections(self):
        """Every required item in order, with its content or the record it comes from."""
        return [
            {
                "section": section,
                "anchor": section.code.lower(),
                "body": getattr(self, section.field) if section.field else None,
            }
            for section in SECTIONS
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        school_page = SchoolPage.objects.select_related("school__local_authority").get(
            pk=self.get_parent().pk
        )
        context["school_page"] = school_page
        context["school"] = school_page.school
        context["brand_colour"] = school_page.school.brand_colour
        context["sections"] = self.sections()
        return context


class GuidancePage(PublicPage):
    """Plain-English guidance for parents: what SEN Support is, how to raise a concern, ..."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["content.HomePage", "content.SchoolPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("guidance page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent().specific
        if isinstance(parent, SchoolPage):
            school_page = SchoolPage.objects.select_related("school__local_authority").get(
                pk=parent.pk
            )
            context["school_page"] = school_page
            context["brand_colour"] = school_page.school.brand_colour
        return context
