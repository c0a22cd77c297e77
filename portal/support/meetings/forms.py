"""Forms for meetings, their records and the parents' views. Error messages name the field and
say what to do; nothing is chosen for a person who did not choose it."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.files.forms import AttachmentsField
from portal.govuk_forms import GovukDateField, GovukErrorsMixin

from .models import AttendeeKind, MeetingKind, ResponseKind, StepOwner
from .services import MAX_LINE, MAX_TEXT, local_zone

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def _text(label, required_message="", *, help_text="", rows=5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=MAX_TEXT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": required_message,
            "max_length": _("Enter no more than 5,000 characters"),
            "null_characters_not_allowed": _("Remove the hidden characters from the text"),
        },
    )


def _line(label, required_message="", *, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required_message),
        max_length=MAX_LINE,
        strip=True,
        error_messages={
            "required": required_message,
            "max_length": _("Enter no more than 200 characters"),
            "null_characters_not_allowed": _("Remove the hidden characters from the text"),
        },
    )


def _radios(label, choices, message):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def parse_time(value: str) -> datetime.time | None:
    """A time of day as people write it: 14:30, 14.30, 2:30pm, 9am. None if it is not one."""
    match = _TIME.match(value or "")
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class _WhenForm(GovukErrorsMixin, forms.Form):
    date = GovukDateField(
        label=_("Date"),
        help_text=_("For example, 27 3 2027"),
        error_messages={"required": _("Enter the date of the meeting")},
    )
    time = _line(
        _("Time"), _("Enter the time of the meeting"), help_text=_("For example, 14:30 or 2:30pm")
    )
    location = _line(
        _("Where (optional)"), help_text=_("For example, the SENCO's office, or a video call")
    )

    def clean_time(self):
        parsed = parse_time(self.cleaned_data["time"])
        if parsed is None:
            raise forms.ValidationError(_("Enter a time, for example 14:30 or 2:30pm"))
        return parsed

    def starts_at(self) -> datetime.datetime | None:
        day, time = self.cleaned_data.get("date"), self.cleaned_data.get("time")
        if day is None or time is None:
            return None
        return datetime.datetime.combine(day, time, tzinfo=local_zone())


class ProposeForm(_WhenForm):
    kind = _radios(
        _("What kind of meeting is it?"), MeetingKind.choices, _("Select the kind of meeting")
    )
    field_order = ["kind", "date", "time", "location"]


class RescheduleForm(_WhenForm):
    pass


class DateReplyForm(GovukErrorsMixin, forms.Form):
    ACCEPT, ANOTHER = "accept", "another"
    answer = _radios(
        _("Can you come to the meeting?"),
        [(ACCEPT, _("Yes, I can come")), (ANOTHER, _("No, I would like another date"))],
        _("Select if you can come or would like another date"),
    )
    note = _text(_("Which days and times would suit you? (if you would like another date)"), rows=3)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == self.ANOTHER and not cleaned.get("note"):
            self.add_error("note", _("Enter which days and times would suit you"))
        return cleaned


class RecordForm(GovukErrorsMixin, forms.Form):
    parent_views = _text(
        _("The parents' views considered"),
        help_text=_("Filled in from the views the parents gave before the meeting, if any."),
    )
    pupil_views = _text(
        _("The pupil's views considered"),
        help_text=_("What the pupil said, in their words where you can."),
    )
    discussion = _text(_("What was discussed"))
    outcomes_agreed = _text(
        _("Outcomes agreed"),
        _("Enter the outcomes agreed"),
        help_text=_("The parents read this: use plain words."),
    )


class AttendeeForm(GovukErrorsMixin, forms.Form):
    kind = _radios(_("Who attended?"), AttendeeKind.choices, _("Select who attended"))
    name = _line(_("Name"), _("Enter the name of who attended"))
    role = _line(
        _("Role (needed for an outside professional)"),
        help_text=_("For example, educational psychologist"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == AttendeeKind.PROFESSIONAL and not cleaned.get("role"):
            self.add_error("role", _("Enter the outside professional's role"))
        return cleaned


class NextStepForm(GovukErrorsMixin, forms.Form):
    action = _text(_("What will be done?"), _("Enter the action agreed"), rows=3)
    owner = _radios(_("Who will do it?"), StepOwner.choices, _("Select who will do it"))
    owner_name = _line(
        _("Their name (needed for someone else)"),
        help_text=_("For example, Mrs Ahmed, class teacher"),
    )
    due_on = GovukDateField(
        label=_("By when?"),
        help_text=_("For example, 27 3 2027"),
        error_messages={"required": _("Enter the date it is due by")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner") == StepOwner.OTHER and not cleaned.get("owner_name"):
            self.add_error("owner_name", _("Enter the name of who will do it"))
        return cleaned


class AddendumForm(GovukErrorsMixin, forms.Form):
    text = _text(
        _("Addendum"),
        _("Enter the addendum"),
        help_text=_("The record itself stays as it was shared; the parents see this beneath it."),
    )


class ResponseForm(GovukErrorsMixin, forms.Form):
    kind = _radios(
        _("What would you like to do?"), ResponseKind.choices, _("Select what you would like to do")
    )
    text = _text(_("Your response"), _("Enter your response"))


class AnswerForm(GovukErrorsMixin, forms.Form):
    reply = _text(
        _("The school's answer"),
        _("Enter the school's answer"),
        help_text=_("The parent is told and reads it under their response."),
    )


class StepMarkForm(GovukErrorsMixin, forms.Form):
    done = _radios(
        _("Has this been done?"),
        [("yes", _("Yes, it has been done")), ("no", _("No, not yet"))],
        _("Select if this has been done"),
    )


class ParentViewsRequestForm(GovukErrorsMixin, forms.Form):
    answer_by = GovukDateField(
        label=_("Answer by"),
        help_text=_("A few days before the meeting, for example 27 3 2027"),
        error_messages={"required": _("Enter the date to answer by")},
    )


class ParentViewsForm(GovukErrorsMixin, forms.Form):
    going_well = _text(_("What is going well?"), rows=4)
    worries = _text(_("What worries you?"), rows=4)
    to_discuss = _text(_("What would you like discussed at the meeting?"), rows=4)
    from_home = _text(_("Is there anything from home you want to share?"), rows=4)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in self.fields):
            self.add_error("going_well", _("Answer at least one of the questions"))
        return cleaned


class ParentViewsSendForm(GovukErrorsMixin, forms.Form):
    """The check-your-answers page: the files to send with the views, uploaded with them."""

    attachments = AttachmentsField(label=_("Attach documents or photos (optional)"))


class MeetingFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        choices=[
            ("", _("All meetings")),
            ("draft", _("Records still draft")),
            ("shared", _("Records shared")),
            ("new_date", _("Parent asked for another date")),
        ],
        required=False,
    )
