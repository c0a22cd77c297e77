"""Conversations and quiet hours: thin views that parse input, call access_*, a service or a
selector, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from messaging.conversations import access, selectors, services
from messaging.conversations.forms import ConversationStartForm, MessageForm, QuietHoursForm
from portal.audit.actors import AuditContext
from portal.files.responses import attachment_download_response
from portal.govuk_forms import add_service_errors
from portal.people.models import User
from portal.pupils.access import is_parent_of
from portal.ratelimit import limit_wait, render_rate_limited

# The rate limit (PORTAL_RATE_LIMITS) that starting a conversation and replying share.
SEND_ACTION = "message_send"


def _tell_when_held(request: HttpRequest, sent: services.Sent, quiet) -> None:
    """After a message sent in quiet hours, say when the others will see it."""
    if sent.held_until is None:
        return
    sentence = selectors.quiet_hours_sentence(quiet)
    messages.info(request, f"{sentence} {selectors.seen_from_sentence(sent.held_until)}".strip())


@login_required
@never_cache
@require_GET
def conversation_list(request: HttpRequest) -> HttpResponse:
    page = selectors.conversation_list_audited(
        actor=request.user, context=AuditContext.from_request(request), page=request.GET.get("page")
    )
    return render(request, "conversations/conversation_list.html", {"page": page})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    conversation = access.access_conversation(
        actor=request.user, conversation_id=conversation_id, context=context
    )
    quiet = selectors.quiet_hours_of(school=conversation.school)
    form = MessageForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        wait = limit_wait(request, action=SEND_ACTION)
        if wait is not None:
            return render_rate_limited(
                request,
                "conversations/conversation_detail.html",
                _detail_context(request, context, conversation, quiet, form),
                wait_seconds=wait,
            )
        try:
            sent = services.message_send(
                actor=request.user,
                context=context,
                conversation=conversation,
                body=form.cleaned_data["body"],
                reply_needed_by=form.cleaned_data["reply_needed_by"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message has been sent."))
            _tell_when_held(request, sent, quiet)
            return redirect("messaging:conversation_detail", conversation_id=conversation.pk)
    if request.method == "GET" and not _hidden_refresh(request):
        services.conversation_mark_read(actor=request.user, conversation=conversation)
    return render(
        request,
        "conversations/conversation_detail.html",
        _detail_context(request, context, conversation, quiet, form),
    )


def _hidden_refresh(request: HttpRequest) -> bool:
    """A live region refetching the page while its tab is not on screen: nobody is reading, so
    the conversation is not marked read (the page refreshes again when it is shown)."""
    return (
        request.headers.get("X-Live-Region") == "1" and request.headers.get("X-Page-Visible") != "1"
    )


def _detail_context(request, context, conversation, quiet, form) -> dict:
    return {
        "thread": selectors.conversation_thread_audited(
            actor=request.user, context=context, conversation=conversation
        ),
        "conversation": conversation,
        "pupil_first_name": selectors.first_name_of(conversation.pupil),
        "form": form,
        "quiet_sentence": selectors.quiet_hours_sentence(quiet),
        "brand_colour": conversation.school.brand_colour,
    }


@login_required
@never_cache
@require_GET
def conversation_attachment(
    request: HttpRequest, conversation_id: int, attachment_id: int
) -> HttpResponse:
    """A file attached to a message of the conversation, for its members; the read is
    audited."""
    context = AuditContext.from_request(request)
    conversation = access.access_conversation(
        actor=request.user, conversation_id=conversation_id, context=context
    )
    attachment = access.access_conversation_attachment(
        actor=request.user, conversation=conversation, attachment_id=attachment_id, context=context
    )
    return attachment_download_response(attachment=attachment)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def conversation_start(request: HttpRequest, pupil_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    pupil = access.access_pupil_to_start_conversation(
        actor=request.user, pupil_id=pupil_id, context=context
    )
    as_parent = is_parent_of(request.user, pupil)
    staff_choices = [
        choice
        for choice in selectors.staff_to_message(pupil=pupil)
        if choice.user.pk != request.user.pk
    ]
    parents = None if as_parent else selectors.linked_parents(pupil=pupil)
    form = ConversationStartForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        staff_choices=staff_choices,
        parent_choices=parents,
    )
    quiet = selectors.quiet_hours_of(school=pupil.school)
    page_context = {
        "form": form,
        "pupil": pupil,
        "pupil_first_name": selectors.first_name_of(pupil),
        "as_parent": as_parent,
        "no_staff": as_parent and not staff_choices,
        "no_parents": parents is not None and not parents,
        "quiet_sentence": selectors.quiet_hours_sentence(quiet),
        "brand_colour": pupil.school.brand_colour,
    }
    template = "conversations/conversation_start.html"
    if request.method == "POST" and form.is_valid():
        wait = limit_wait(request, action=SEND_ACTION)
        if wait is not None:
            return render_rate_limited(request, template, page_context, wait_seconds=wait)
        data = form.cleaned_data
        parent = request.user if as_parent else next(p for p in parents if p.pk == data["parent"])
        try:
            conversation, sent = services.conversation_start(
                actor=request.user,
                context=context,
                pupil=pupil,
                parent=parent,
                staff=list(User.objects.filter(pk__in=data["staff"])),
                subject=data["subject"],
                body=data["body"],
                reply_needed_by=data["reply_needed_by"],
                attachments=data["attachments"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message has been sent."))
            _tell_when_held(request, sent, quiet)
            return redirect("messaging:conversation_detail", conversation_id=conversation.pk)
    return render(request, template, page_context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def quiet_hours_edit(request: HttpRequest, school_id: int) -> HttpResponse:
    context = AuditContext.from_request(request)
    school = access.access_school_quiet_hours(
        actor=request.user, school_id=school_id, context=context
    )
    quiet = selectors.quiet_hours_of(school=school)
    form = QuietHoursForm(
        request.POST if request.method == "POST" else None,
        initial=QuietHoursForm.initial_from(quiet),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.quiet_hours_set(
                actor=request.user, context=context, school=school, **form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Quiet hours saved."))
            return redirect("messaging:quiet_hours", school_id=school.pk)
    return render(
        request,
        "conversations/quiet_hours_form.html",
        {
            "form": form,
            "school": school,
            "quiet_sentence": selectors.quiet_hours_sentence(quiet),
            "brand_colour": school.brand_colour,
        },
    )
