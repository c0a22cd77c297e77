"""Forms for concerns: the question pages of the raise journey, the steps on a concern and the
school's procedure. Error messages name the field and say what to do."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.files.forms import AttachmentsField
from portal.govuk_forms import GovukDateField, GovukErrorsMixin

from .models import MAX_LIMIT_DAYS, ConcernCategory, ConcernStatus, Deadline

TEXT_LIMIT = 5000
MAX_STAGES = 20


def _text(label, required_message, *, required=True, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_LIMIT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": required_message,
            "max_length": _("Enter no more than 5,000 characters"),
            "null_characters_not_allowed": _("Remove the hidden characters from the text"),
        },
    )


class ChildForm(GovukErrorsMixin, forms.Form):
    pupil = forms.TypedChoiceField(
        label=_("Which child is your concern about?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select which child your concern is about"),
            "invalid_choice": _("Select which child your concern is about"),
        },
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].choices = [(child.pk, str(child)) for child in children]


class CategoryForm(GovukErrorsMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("What is your concern about?"),
        choices=ConcernCategory.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what your concern is about"),
            "invalid_choice": _("Select what your concern is about"),
        },
    )


class WhatHappenedForm(GovukErrorsMixin, forms.Form):
    what_happened = _text(
        _("What happened?"),
        _("Enter what happened"),
        help_text=_("Say what happened and when. Do not include other children's names."),
    )


class WouldLikeForm(GovukErrorsMixin, forms.Form):
    would_like = _text(
        _("What would you like to happen?"),
        _("Enter what you would like to happen"),
        help_text=_("For example, a meeting with the SENCO or a change to your child's support."),
    )


class ReplyForm(GovukErrorsMixin, forms.Form):
    body = _text(_("Your reply"), _("Enter your reply"))
    attachments = AttachmentsField()


class SendForm(GovukErrorsMixin, forms.Form):
    """The check-your-answers page: the files to send with the concern, uploaded with it."""

    attachments = AttachmentsField(label=_("Attach documents or photos (optional)"))


class AnswerForm(GovukErrorsMixin, forms.Form):
    body = _text(
        _("The school's answer"),
        _("Enter the school's answer"),
        help_text=_("The parent sees this answer and can say if it did not resolve the concern."),
    )


class NotResolvedForm(GovukErrorsMixin, forms.Form):
    body = _text(
        _("What is still not resolved? (optional)"),
        "",
        required=False,
    )


class AssignForm(GovukErrorsMixin, forms.Form):
    assignee = forms.TypedChoiceField(
        label=_("Who should look after this concern?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select a member of staff"),
            "invalid_choice": _("Select a member of staff"),
        },
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [(user.pk, label) for user, label in staff]


class ReviseDateForm(GovukErrorsMixin, forms.Form):
    deadline = forms.ChoiceField(
        label=_("Which date are you revising?"),
        choices=Deadline.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select which date to revise"),
            "invalid_choice": _("Select which date to revise"),
        },
    )
    new_date = GovukDateField(
        label=_("New date"),
        help_text=_("A school day, for example 27 3 2027"),
        error_messages={"required": _("Enter the new date")},
    )
    reason = _text(
        _("Why is the date changing?"),
        _("Enter the reason for the new date"),
        help_text=_("The parent sees this reason."),
    )

    def __init__(self, *args, concern=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.concern = concern

    def clean_new_date(self):
        from .services import check_new_date, local_today

        new_date = self.cleaned_data["new_date"]
        if new_date is not None and self.concern is not None:
            try:
                check_new_date(self.concern, new_date, local_today())
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["new_date"]) from error
        return new_date


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *ConcernStatus.choices],
        required=False,
    )


class PolicyForm(GovukErrorsMixin, forms.Form):
    def _days(label):
        return forms.IntegerField(
            label=label,
            min_value=1,
            max_value=MAX_LIMIT_DAYS,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
            error_messages={
                "required": _("Enter a number of school days from 1 to 40"),
                "invalid": _("Enter a whole number of school days from 1 to 40"),
                "min_value": _("Enter a number of school days from 1 to 40"),
                "max_value": _("Enter a number of school days from 1 to 40"),
            },
        )

    acknowledge_within_days = _days(_("School days to acknowledge a concern"))
    answer_within_days = _days(_("School days to answer a concern"))
    complaints_procedure_url = forms.URLField(
        label=_("Web address of the complaints procedure (optional)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, like https://example.org/complaints")},
    )
    stages = forms.CharField(
        label=_("Stages of the complaints procedure"),
        help_text=_(
            "One stage a line, in order: the name, then optionally | how to start it | contact. "
            "For example: Stage 1: headteacher | Write to the headteacher | office@example.org"
        ),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": _("Enter no more than 5,000 characters"),
            "null_characters_not_allowed": _("Remove the hidden characters from the stages"),
        },
    )
    del _days

    def clean_stages(self):
        stages = self.cleaned_data["stages"]
        if len([line for line in stages.splitlines() if line.strip()]) > MAX_STAGES:
            raise forms.ValidationError(_("Enter no more than 20 stages"))
        return stages

    def stage_details(self):
        from .services import StageDetails

        details = []
        for line in self.cleaned_data.get("stages", "").splitlines():
            parts = [part.strip() for part in line.split("|")]
            if parts and parts[0]:
                details.append(
                    StageDetails(
                        name=parts[0],
                        how_to_start=parts[1] if len(parts) > 1 else "",
                        contact=" | ".join(parts[2:]) if len(parts) > 2 else "",
                    )
                )
        return details
