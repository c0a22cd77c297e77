"""Forms for conversations and quiet hours, in the GOV.UK Design System pattern."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from messaging.conversations.services import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH
from portal.files.forms import AttachmentsField
from portal.govuk_forms import GovukDateField, GovukErrorsMixin


class ReplyNeededByField(GovukDateField):
    """An optional GOV.UK date input for the day a reply is needed by, in the future."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Reply needed by (optional)"),
            help_text=_("If you need an answer by a certain day, for example 27 3 2027"),
            required=False,
            error_messages={
                "incomplete": _("The date you need a reply by must include a day, month and year")
            },
            **kwargs,
        )

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            raise ValidationError(
                _("The date you need a reply by must be a real date"), code="invalid"
            ) from error

    def clean(self, value):
        day = super().clean(value)
        if day is not None and day <= timezone.localdate():
            raise ValidationError(
                _("The date you need a reply by must be in the future"), code="past"
            )
        return day


def _body_field() -> forms.CharField:
    return forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter your message"),
            "max_length": _("Your message must be %(limit_value)s characters or fewer"),
        },
    )


class MessageForm(GovukErrorsMixin, forms.Form):
    body = _body_field()
    reply_needed_by = ReplyNeededByField()
    attachments = AttachmentsField()

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise ValidationError(_("Enter your message"), code="required")
        return body


class ConversationStartForm(MessageForm):
    """Who to message (and, for the SENCO, which parent), a subject and the first message."""

    field_order = ["parent", "staff", "subject", "body", "reply_needed_by", "attachments"]

    parent = forms.TypedChoiceField(
        label=_("Which parent or carer do you want to message?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the parent or carer to message"),
            "invalid_choice": _("Select the parent or carer to message"),
        },
    )
    staff = forms.TypedMultipleChoiceField(
        label=_("Who do you want to message?"),
        help_text=_("Select all that apply."),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select who you want to message"),
            "invalid_choice": _("Select only staff shown in the list"),
        },
    )
    subject = forms.CharField(
        label=_("Subject"),
        help_text=_("For example, Help with reading at home"),
        max_length=SUBJECT_MAX_LENGTH,
        error_messages={
            "required": _("Enter a subject"),
            "max_length": _("The subject must be %(limit_value)s characters or fewer"),
        },
    )

    def __init__(self, *args, staff_choices, parent_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [(choice.user.pk, choice.label) for choice in staff_choices]
        if parent_choices is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].choices = [
                (user.pk, user.get_full_name() or user.email) for user in parent_choices
            ]
            # The SENCO starting the conversation is in it already; others are optional.
            self.fields["staff"].required = False
            self.fields["staff"].label = _("Anyone else from the school? (optional)")


YES_NO = [("yes", _("Yes")), ("no", _("No"))]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


class QuietHoursForm(GovukErrorsMixin, forms.Form):
    enabled = forms.ChoiceField(
        label=_("Should staff have quiet hours?"),
        help_text=_(
            "Messages sent in quiet hours arrive at once, but nobody is told of them until "
            "quiet hours end."
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if staff should have quiet hours")},
    )
    starts_at = forms.TimeField(
        label=_("Quiet hours start at"),
        help_text=_("A time on the 24-hour clock, for example 18:00"),
        input_formats=TIME_FORMATS,
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": _("Enter the time quiet hours start, for example 18:00")},
    )
    ends_at = forms.TimeField(
        label=_("Quiet hours end at"),
        help_text=_("For example 07:30. An earlier time than the start means the next morning."),
        input_formats=TIME_FORMATS,
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": _("Enter the time quiet hours end, for example 07:30")},
    )
    weekends = forms.ChoiceField(
        label=_("Are weekends and school holidays quiet all day?"),
        help_text=_("Bank holidays, the holidays between terms and days the school is closed."),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if weekends and school holidays are quiet")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") == "yes":
            if cleaned.get("starts_at") is None and "starts_at" not in self.errors:
                self.add_error(
                    "starts_at", _("Enter the time quiet hours start, for example 18:00")
                )
            if cleaned.get("ends_at") is None and "ends_at" not in self.errors:
                self.add_error("ends_at", _("Enter the time quiet hours end, for example 07:30"))
        return cleaned

    @staticmethod
    def initial_from(quiet) -> dict:
        if quiet is None:
            return {}
        return {
            "enabled": "yes" if quiet.enabled else "no",
            "starts_at": quiet.starts_at.strftime("%H:%M") if quiet.starts_at else "",
            "ends_at": quiet.ends_at.strftime("%H:%M") if quiet.ends_at else "",
            "weekends": "yes" if quiet.weekends else "no",
        }

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "enabled": data["enabled"] == "yes",
            "starts_at": data.get("starts_at"),
            "ends_at": data.get("ends_at"),
            "weekends": data["weekends"] == "yes",
        }
