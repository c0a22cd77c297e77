"""Meetings: arranging them, the record and its steps, sharing it, the parents' answers, and the
parents' views before a review. Thin views: parse input, call access_*, a service or a selector,
render."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.audit.actors import AuditContext
from portal.audit.models import AuditAction
from portal.audit.services import audit_record
from portal.files.responses import attachment_download_response
from portal.govuk_forms import add_service_errors
from portal.panels import MEETING_RECORD, panels_for
from portal.pupils.access import access_pupil_to_manage, is_parent_of
from portal.ratelimit import limit_wait, render_rate_limited

from . import forms, selectors, services
from .access import (
    access_meeting,
    access_meeting_as_parent,
    access_meeting_record,
    access_meeting_to_manage,
    access_next_step_to_mark,
    access_parent_response_to_answer,
    access_parent_views,
    access_parent_views_to_answer,
    access_school_meetings,
    access_shared_record_as_parent,
    can_manage_meeting,
)
from .models import DateStatus, RecordStatus

METHODS = require_http_methods(["GET", "POST"])


def _form_page(
    request: HttpRequest,
    *,
    form,
    title: str,
    caption: str,
    back: str,
    submit: str,
    run: Callable[[dict], object],
    done: str,
    success_url: str,
    intro: str = "",
    errors: list[str] | None = None,
    extra: dict | None = None,
    rate_limit: str = "",
) -> HttpResponse:
    """A form page: on a valid POST call `run` with the cleaned data; a ValidationError from the
    service is shown on the form (or at the top); success redirects with a message. With
    `rate_limit` (an action of PORTAL_RATE_LIMITS) a flood answers 429 with the form as typed."""
    errors = list(errors or [])
    page = {
        "form": form,
        "title": title,
        "caption": caption,
        "back": back,
        "submit": submit,
        "intro": intro,
        **(extra or {}),
    }
    if request.method == "POST" and form.is_valid():
        wait = limit_wait(request, action=rate_limit) if rate_limit else None
        if wait is not None:
            return render_rate_limited(
                request, "support/meetings/form.html", {**page, "errors": errors}, wait_seconds=wait
            )
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict") and any(
                name in form.fields for name in error.error_dict
            ):
                add_service_errors(form, error)
            else:
                errors = list(error.messages)
        else:
            messages.success(request, done)
            return redirect(success_url)
    return render(request, "support/meetings/form.html", {**page, "errors": errors})


def _confirm_page(
    request: HttpRequest,
    *,
    title: str,
    caption: str,
    body: str,
    submit: str,
    back: str,
    run: Callable[[], object],
    done: str,
    success_url: str,
    warning: bool = False,
) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        try:
            outcome = run()
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(request, outcome if isinstance(outcome, str) else done)
            return redirect(success_url)
    return render(
        request,
        "support/meetings/confirm.html",
        {
            "title": title,
            "caption": caption,
            "body": body,
            "submit": submit,
            "back": back,
            "errors": errors,
            "warning": warning,
        },
    )


def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _caption(meeting) -> str:
    return f"{meeting.get_kind_display()} – {meeting.pupil.display_name}"


# Arranging -------------------------------------------------------------------------------------


@login_required
@never_cache
@METHODS
def meeting_propose(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access_pupil_to_manage(actor=request.user, pupil_id=pupil_id, context=context)
    form = forms.ProposeForm(_data(request))
    made = {}

    def run(data):
        made["meeting"] = services.meeting_propose(
            actor=request.user,
            context=context,
            pupil=pupil,
            kind=data["kind"],
            starts_at=form.starts_at(),
            location=data["location"],
        )

    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting proposed. The parents have been told."))
            return redirect("support:meeting_detail", meeting_id=made["meeting"].pk)
    return render(
        request,
        "support/meetings/form.html",
        {
            "form": form,
            "title": _("Propose a meeting"),
            "caption": pupil.display_name,
            "back": reverse("portal:pupil_detail", args=[pupil.pk]),
            "submit": _("Propose the meeting"),
            "intro": _("The parents are told and can accept the date or ask for another."),
            "errors": [],
        },
    )


@login_required
@never_cache
@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting(actor=request.user, meeting_id=meeting_id, context=context)
    page = selectors.meeting_page_audited(actor=request.user, context=context, meeting=meeting)
    is_parent = is_parent_of(request.user, meeting.pupil)
    return render(
        request,
        "support/meetings/detail.html",
        {
            "meeting": meeting,
            "page": page,
            "is_parent": is_parent,
            "can_manage": can_manage_meeting(request.user, meeting),
            "record_visible": meeting.is_shared or not is_parent,
            "is_past": meeting.starts_at < timezone.now(),
            # A parent reads only their own note about the date; the staff read it whoever wrote it.
            "show_date_note": bool(meeting.parent_date_note)
            and (not is_parent or meeting.parent_date_note_by_id == request.user.pk),
            "brand_colour": meeting.school.brand_colour,
        },
    )


@login_required
@never_cache
@METHODS
def meeting_date_reply(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_as_parent(actor=request.user, meeting_id=meeting_id, context=context)
    form = forms.DateReplyForm(_data(request))

    def run(data):
        if data["answer"] == forms.DateReplyForm.ACCEPT:
            services.meeting_date_accept(actor=request.user, context=context, meeting=meeting)
        else:
            services.meeting_date_ask_another(
                actor=request.user, context=context, meeting=meeting, note=data["note"]
            )

    open_to_answer = meeting.date_status in (DateStatus.PROPOSED, DateStatus.ACCEPTED)
    refused = [] if open_to_answer else [_("There is no date waiting for your answer")]
    if open_to_answer and request.method != "POST" and meeting.starts_at < timezone.now():
        # On a post the service says why, once.
        refused = [
            _("This date has passed: ask the school to arrange another if you still need one")
        ]
    return _form_page(
        request,
        form=form,
        title=_("Can you come to the meeting?"),
        caption=_caption(meeting),
        back=services.meeting_url(meeting),
        submit=_("Send your answer"),
        run=run,
        done=_("Your answer has been sent to the school."),
        success_url=services.meeting_url(meeting),
        errors=refused,
        extra={"meeting": meeting, "show_when": True},
    )


@login_required
@never_cache
@METHODS
def meeting_reschedule(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_to_manage(actor=request.user, meeting_id=meeting_id, context=context)
    form = forms.RescheduleForm(_data(request), initial={"location": meeting.location})
    return _form_page(
        request,
        form=form,
        title=_("Propose a new date"),
        caption=_caption(meeting),
        back=services.meeting_url(meeting),
        submit=_("Propose the new date"),
        run=lambda data: services.meeting_reschedule(
            actor=request.user,
            context=context,
            meeting=meeting,
            starts_at=form.starts_at(),
            location=data["location"],
        ),
        done=_("New date proposed. The parents have been told."),
        success_url=services.meeting_url(meeting),
        extra={"meeting": meeting, "show_when": True},
    )


@login_required
@never_cache
@METHODS
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_to_manage(actor=request.user, meeting_id=meeting_id, context=context)
    return _confirm_page(
        request,
        title=_("Cancel this meeting?"),
        caption=_caption(meeting),
        body=_("The parents are told that the meeting is cancelled."),
        submit=_("Cancel the meeting"),
        back=services.meeting_url(meeting),
        run=lambda: services.meeting_cancel(actor=request.user, context=context, meeting=meeting),
        done=_("Meeting cancelled. The parents have been told."),
        success_url=services.meeting_url(meeting),
        warning=True,
    )


# The record ------------------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def meeting_record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_record(actor=request.user, meeting_id=meeting_id, context=context)
    is_parent = is_parent_of(request.user, meeting.pupil)
    page = selectors.meeting_record_audited(
        actor=request.user, context=context, meeting=meeting, for_staff=not is_parent
    )
    manager = can_manage_meeting(request.user, meeting)
    return render(
        request,
        "support/meetings/record.html",
        {
            "meeting": meeting,
            "page": page,
            "is_parent": is_parent,
            "can_manage": manager,
            "is_draft": meeting.record_status == RecordStatus.DRAFT,
            "can_edit": manager and meeting.record_status == RecordStatus.DRAFT,
            "today": services.local_today(),
            "panels": panels_for(MEETING_RECORD, request=request, meeting=meeting),
            "authority": meeting.school.local_authority,
            "school": meeting.school,
            "brand_colour": meeting.school.brand_colour,
        },
    )


def _to_record_if_shared(request: HttpRequest, meeting) -> HttpResponse | None:
    """A shared record is not a draft: its editing pages send the SENCO back to the record,
    where corrections are added as addenda. Nothing is changed."""
    if not meeting.is_shared:
        return None
    messages.info(
        request,
        _(
            "This record has been shared with the parents, so it cannot be changed. "
            "Add any correction as an addendum."
        ),
    )
    return redirect(f"{services.record_url(meeting)}#addenda")


def _refuse_if_shared(meeting) -> list[str]:
    if meeting.is_shared:
        return [
            _("This record has been shared with the parents and cannot be changed: add an addendum")
        ]
    return []


@login_required
@never_cache
@METHODS
def meeting_record_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_to_manage(actor=request.user, meeting_id=meeting_id, context=context)
    if shared := _to_record_if_shared(request, meeting):
        return shared
    initial = {
        "parent_views": meeting.parent_views
        or services.parent_views_as_text(selectors.answered_views_for(meeting)),
        "pupil_views": meeting.pupil_views,
        "discussion": meeting.discussion,
        "outcomes_agreed": meeting.outcomes_agreed,
    }
    form = forms.RecordForm(_data(request), initial=initial)
    return _form_page(
        request,
        form=form,
        title=_("Write the record"),
        caption=_caption(meeting),
        back=services.record_url(meeting),
        submit=_("Save the draft"),
        intro=_("The parents do not see the record until you share it."),
        run=lambda data: services.meeting_record_update(
            actor=request.user, context=context, meeting=meeting, **data
        ),
        done=_("Draft record saved."),
        success_url=services.record_url(meeting),
        errors=_refuse_if_shared(meeting),
        extra={"refused": meeting.is_shared},
    )


@login_required
@never_cache
@METHODS
def meeting_attendee_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_to_manage(actor=request.user, meeting_id=meeting_id, context=context)
    if shared := _to_record_if_shared(request, meeting):
        return shared
    form = forms.AttendeeForm(_data(request))
    return _form_page(
        request,
        form=form,
        title=_("Add who attended"),
        caption=_caption(meeting),
        back=services.record_url(meeting),
        submit=_("Add"),
        run=lambda data: services.meeting_attendee_add(
            actor=request.user, context=context, meeting=meeting, **data
        ),
        done=_("Attendee added."),
        success_url=services.record_url(meeting),
        errors=_refuse_if_shared(meeting),
        extra={"refused": meeting.is_shared},
    )


@login_required
@never_cache
@METHODS
def meeting_attendee_remove(
    request: HttpRequest, meeting_id: int, attendee_id: int
) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_to_manage(actor=request.user, meeting_id=meeting_id, context=context)
    attendee = meeting.attendees.filter(pk=attendee_id).first()
    if attendee is None:
        raise Http404
    return _confirm_page(
        request,
        title=_("Remove %(name)s from who attended?") % {"name": attendee.name},
        caption=_caption(meeting),
        body=_("Only while the record is a draft."),
        submit=_("Remove"),
        back=services.record_url(meeting),
        run=lambda: services.meeting_attendee_remove(
            actor=request.user, context=context, meeting=meeting, attendee_id=attendee.pk
        ),
        done=_("Attendee removed."),
        success_url=services.record_url(meeting),
        warning=True,
    )


@login_required
@never_cache
@METHODS
def meeting_step_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_to_manage(actor=request.user, meeting_id=meeting_id, context=context)
    if shared := _to_record_if_shared(request, meeting):
        return shared
    form = forms.NextStepForm(_data(request))
    return _form_page(
        request,
        form=form,
        title=_("Add a next step"),
        caption=_caption(meeting),
        back=services.record_url(meeting),
        submit=_("Add the next step"),
        run=lambda data: services.meeting_next_step_add(
            actor=request.user, context=context, meeting=meeting, **data
        ),
        done=_("Next step added."),
        success_url=services.record_url(meeting),
        errors=_refuse_if_shared(meeting),
        extra={"refused": meeting.is_shared},
    )


@login_required
@never_cache
@METHODS
def meeting_step_remove(request: HttpRequest, meeting_id: int, step_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_to_manage(actor=request.user, meeting_id=meeting_id, context=context)
    step = meeting.next_steps.filter(pk=step_id).first()
    if step is None:
        raise Http404
    return _confirm_page(
        request,
        title=_("Remove this next step?"),
        caption=_caption(meeting),
        body=step.action,
        submit=_("Remove"),
        back=services.record_url(meeting),
        run=lambda: services.meeting_next_step_remove(
            actor=request.user, context=context, meeting=meeting, step_id=step.pk
        ),
        done=_("Next step removed."),
        success_url=services.record_url(meeting),
        warning=True,
    )


@login_required
@never_cache
@METHODS
def meeting_share(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_to_manage(actor=request.user, meeting_id=meeting_id, context=context)

    def run():
        shared = services.meeting_share_with_parents(
            actor=request.user, context=context, meeting=meeting
        )
        if not shared:
            return _("This record had already been shared.")
        return _("Record shared. The parents have been told and sent a copy by email.")

    return _confirm_page(
        request,
        title=_("Share the record with the parents?"),
        caption=_caption(meeting),
        body=_(
            "Once shared the record cannot be changed: later corrections are added as addenda. "
            "The parents are told in the portal and by email."
        ),
        submit=_("Share the record"),
        back=services.record_url(meeting),
        run=run,
        done="",
        success_url=services.record_url(meeting),
    )


@login_required
@never_cache
@METHODS
def meeting_addendum_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_to_manage(actor=request.user, meeting_id=meeting_id, context=context)
    form = forms.AddendumForm(_data(request))
    return _form_page(
        request,
        form=form,
        title=_("Add an addendum"),
        caption=_caption(meeting),
        back=services.record_url(meeting),
        submit=_("Add the addendum"),
        run=lambda data: services.meeting_addendum_add(
            actor=request.user, context=context, meeting=meeting, text=data["text"]
        ),
        done=_("Addendum added. The parents have been told."),
        success_url=services.record_url(meeting),
        errors=[]
        if meeting.is_shared
        else [_("This record has not been shared with the parents yet")],
    )


# The parents' answers --------------------------------------------------------------------------


@login_required
@never_cache
@METHODS
def meeting_acknowledge(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_shared_record_as_parent(
        actor=request.user, meeting_id=meeting_id, context=context
    )

    def run():
        if services.meeting_acknowledge(actor=request.user, context=context, meeting=meeting):
            return _("Thank you. The school can see that you have read the record.")
        return _("You had already said that you have read this record.")

    return _confirm_page(
        request,
        title=_("Say you have read the record"),
        caption=_caption(meeting),
        body=_(
            "This tells the school you have read the record. It does not mean you agree with "
            "everything in it: you can still respond."
        ),
        submit=_("I have read the record"),
        back=services.record_url(meeting),
        run=run,
        done="",
        success_url=services.record_url(meeting),
    )


@login_required
@never_cache
@METHODS
def meeting_respond(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_shared_record_as_parent(
        actor=request.user, meeting_id=meeting_id, context=context
    )
    form = forms.ResponseForm(_data(request))
    return _form_page(
        request,
        form=form,
        title=_("Respond to the record"),
        caption=_caption(meeting),
        back=services.record_url(meeting),
        submit=_("Send your response"),
        intro=_("The SENCO reads your response and answers it here."),
        run=lambda data: services.meeting_response_add(
            actor=request.user, context=context, meeting=meeting, **data
        ),
        done=_("Your response has been sent to the school."),
        success_url=services.record_url(meeting),
        rate_limit="meeting_respond",
    )


@login_required
@never_cache
@METHODS
def meeting_response_answer(request: HttpRequest, response_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    response = access_parent_response_to_answer(
        actor=request.user, response_id=response_id, context=context
    )
    meeting = response.meeting
    form = forms.AnswerForm(_data(request))
    return _form_page(
        request,
        form=form,
        title=_("Answer the parent's response"),
        caption=_caption(meeting),
        back=services.record_url(meeting),
        submit=_("Send the answer"),
        run=lambda data: services.meeting_response_answer(
            actor=request.user, context=context, response=response, reply=data["reply"]
        ),
        done=_("Answer sent. The parent has been told."),
        success_url=services.record_url(meeting),
        errors=[_("This response has already been answered")] if response.replied_at else [],
        extra={"response": response},
    )


@login_required
@never_cache
@METHODS
def next_step_mark(request: HttpRequest, step_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    step = access_next_step_to_mark(actor=request.user, step_id=step_id, context=context)
    meeting = step.meeting
    form = forms.StepMarkForm(_data(request))
    return _form_page(
        request,
        form=form,
        title=_("Mark a next step"),
        caption=_caption(meeting),
        back=services.record_url(meeting),
        submit=_("Save"),
        run=lambda data: services.next_step_mark(
            actor=request.user, context=context, step=step, done=data["done"] == "yes"
        ),
        done=_("Next step updated."),
        success_url=services.record_url(meeting),
        extra={"step": step},
    )


# Parents' views ---------------------------------------------------------------------------------


@login_required
@never_cache
@METHODS
def parent_views_request(request: HttpRequest, meeting_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    meeting = access_meeting_to_manage(actor=request.user, meeting_id=meeting_id, context=context)
    form = forms.ParentViewsRequestForm(_data(request))
    return _form_page(
        request,
        form=form,
        title=_("Ask the parents for their views"),
        caption=_caption(meeting),
        back=services.meeting_url(meeting),
        submit=_("Ask the parents"),
        intro=_(
            "The parents are asked what is going well, what worries them, what they would like "
            "discussed and anything from home they want to share."
        ),
        run=lambda data: services.parent_views_request(
            actor=request.user, context=context, meeting=meeting, answer_by=data["answer_by"]
        ),
        done=_("The parents have been asked for their views."),
        success_url=services.meeting_url(meeting),
    )


def _views_draft_key(views_id: int) -> str:
    return f"parent_views_{views_id}"


@login_required
@never_cache
@METHODS
def parent_views_answer(request: HttpRequest, views_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    views = access_parent_views_to_answer(
        actor=request.user, parent_views_id=views_id, context=context
    )
    if views.answered_at is not None:
        return redirect("support:parent_views_check", views_id=views.pk)
    key = _views_draft_key(views.pk)
    form = forms.ParentViewsForm(_data(request), initial=request.session.get(key) or {})
    closed = services.parent_views_closed_reason(views.meeting)
    if closed:
        # Nothing is kept: the page says why the views can no longer be sent.
        form = forms.ParentViewsForm(initial=request.session.get(key) or {})
        form.cleaned_data = {}
        add_service_errors(form, ValidationError(closed))
    elif request.method == "POST" and form.is_valid():
        request.session[key] = form.cleaned_data
        return redirect("support:parent_views_check", views_id=views.pk)
    selectors.parent_views_page_audited(actor=request.user, context=context, views=views)
    return render(
        request,
        "support/meetings/views_form.html",
        {"form": form, "views": views, "pupil": views.pupil},
    )


@login_required
@never_cache
@METHODS
def parent_views_check(request: HttpRequest, views_id: int) -> HttpResponse:
    """Check your answers, then send them with any files. Once sent, this page shows them."""
    context = AuditContext.from_request(request)
    views = access_parent_views_to_answer(
        actor=request.user, parent_views_id=views_id, context=context
    )
    key = _views_draft_key(views.pk)
    draft = request.session.get(key) or {}
    if views.answered_at is None and not any(draft.values()):
        return redirect("support:parent_views_answer", views_id=views.pk)
    form = (
        forms.ParentViewsSendForm(request.POST, request.FILES) if request.method == "POST" else None
    )
    form = form or forms.ParentViewsSendForm()
    if request.method == "POST" and views.answered_at is None and form.is_valid():
        try:
            services.parent_views_submit(
                actor=request.user,
                context=context,
                views=views,
                going_well=draft.get("going_well", ""),
                worries=draft.get("worries", ""),
                to_discuss=draft.get("to_discuss", ""),
                from_home=draft.get("from_home", ""),
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session.pop(key, None)
            messages.success(request, _("Thank you. Your views have been sent to the school."))
            return redirect("support:parent_views_check", views_id=views.pk)
    selectors.parent_views_page_audited(actor=request.user, context=context, views=views)
    # Families can be separated: a parent reads only the views they gave themselves.
    by_other = views.answered_at is not None and views.answered_by_id != request.user.pk
    return render(
        request,
        "support/meetings/views_check.html",
        {
            "form": form,
            "views": views,
            "pupil": views.pupil,
            "by_other": by_other,
            "rows": []
            if by_other
            else [
                (
                    name,
                    forms.ParentViewsForm.base_fields[name].label,
                    getattr(views, name) if views.answered_at else draft.get(name, ""),
                )
                for name in forms.ParentViewsForm.base_fields
            ],
            "sent": views.answered_at is not None,
            "files": list(views.attachments.all()) if views.answered_at and not by_other else [],
        },
    )


@login_required
@never_cache
@require_GET
def parent_views_attachment(
    request: HttpRequest, views_id: int, attachment_id: int
) -> HttpResponse:
    """A file given with the parents' views, for whoever may see the pupil. Audited."""
    context = AuditContext.from_request(request)
    views = access_parent_views(actor=request.user, parent_views_id=views_id, context=context)
    attachment = views.attachments.filter(pk=attachment_id, school_id=views.school_id).first()
    # Families can be separated: a parent downloads only the files they gave themselves.
    another_parents = (
        is_parent_of(request.user, views.pupil) and views.answered_by_id != request.user.pk
    )
    if attachment is None or another_parents:
        raise Http404
    audit_record(
        action=AuditAction.ATTACHMENT_DOWNLOADED,
        actor=request.user,
        context=context,
        obj=attachment,
        detail=f"parent views {views.pk}",
    )
    return attachment_download_response(attachment=attachment)


# The school's list -----------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def school_meetings(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access_school_meetings(actor=request.user, school_id=school_id, context=context)
    filters = forms.MeetingFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    page = selectors.school_meetings_audited(
        actor=request.user,
        context=context,
        school=school,
        page_number=request.GET.get("page"),
        status=status or None,
    )

    def href(number: int) -> str:
        return "?" + urlencode({**({"status": status} if status else {}), "page": number})

    return render(
        request,
        "support/meetings/school_list.html",
        {
            "school": school,
            "filters": filters,
            "page": page,
            "previous": href(page.previous_page_number()) if page.has_previous() else None,
            "next": href(page.next_page_number()) if page.has_next() else None,
            "brand_colour": school.brand_colour,
        },
    )
