"""Forms for asking: the code a pupil types, and a new request."""

from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from portal.govuk_forms import GovukErrorsMixin
from voice.sets import wording

from .codes import code_display, code_is_possible, code_normalise
from .services import EXPIRY_DAYS_DEFAULT, EXPIRY_DAYS_MAX, EXPIRY_DAYS_MIN

WRONG_CODE = _("Check your code. Ask your teacher if it does not work.")
NO_MEETING = "none"
ON, OFF = "on", "off"


class CodeForm(GovukErrorsMixin, forms.Form):
    code = forms.CharField(
        label=_("Type your code"),
        max_length=40,
        strip=True,
        error_messages={
            "required": _("Type your code. It is on your card."),
            "max_length": WRONG_CODE,
            "null_characters_not_allowed": WRONG_CODE,
        },
    )

    def clean_code(self) -> str:
        """The code as it would be written; a code that could never be one is wrong at once
        (without counting against any limit: it cannot be a guess)."""
        normalised = code_normalise(self.cleaned_data["code"])
        if not code_is_possible(normalised):
            raise forms.ValidationError(WRONG_CODE, code="impossible")
        return normalised


def prefill_code(typed: str) -> str:
    """A code from the card's address (`?code=`), as shown in the box: in two groups when it
    could be a code, otherwise nothing (a link cannot put arbitrary words on the page)."""
    normalised = code_normalise((typed or "")[:40])
    return code_display(normalised) if code_is_possible(normalised) else ""


class RequestForm(GovukErrorsMixin, forms.Form):
    question_set = forms.ModelChoiceField(
        label=_("Question set"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a question set"),
            "invalid_choice": _("Choose a question set your school can use"),
        },
    )
    meeting = forms.ChoiceField(
        label=_("Is it for a meeting?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a meeting, or say it is not for a meeting"),
            "invalid_choice": _("Choose a meeting of this pupil that is not cancelled"),
        },
    )
    expires_in_days = forms.IntegerField(
        label=_("How many days the code works"),
        help_text=_("From 1 to 28 days. Leave it empty for 14 days."),
        required=False,
        min_value=EXPIRY_DAYS_MIN,
        max_value=EXPIRY_DAYS_MAX,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": _("Enter the number of days as a number, like 14"),
            "min_value": _("Enter a number of days from 1 to 28"),
            "max_value": _("Enter a number of days from 1 to 28"),
        },
    )
    symbols_on = forms.ChoiceField(
        label=_("Show symbols beside the words?"),
        help_text=_("Symbols are on unless you choose otherwise. The pupil can change this."),
        choices=[(ON, _("Yes, show symbols")), (OFF, _("No, words only"))],
        initial=ON,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to show symbols"),
            "invalid_choice": _("Choose whether to show symbols"),
        },
    )
    calm = forms.ChoiceField(
        label=_("Use the calm display?"),
        help_text=_(
            "Larger text, more space, a cream background and no movement. Off unless you "
            "choose it. The pupil can change this."
        ),
        choices=[(OFF, _("No, the usual display")), (ON, _("Yes, the calm display"))],
        initial=OFF,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to use the calm display"),
            "invalid_choice": _("Choose whether to use the calm display"),
        },
    )

    def __init__(self, *args, sets, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question_set"].queryset = sets
        # The set's title as the pupil will see it: a built-in set's in the page's language.
        self.fields["question_set"].label_from_instance = lambda question_set: wording.shown(
            question_set.title, question_set
        )
        self._meetings = {str(meeting.pk): meeting for meeting in meetings}
        if self._meetings:
            self.fields["meeting"].choices = [(NO_MEETING, _("No, not for a meeting"))] + [
                (key, _meeting_label(meeting)) for key, meeting in self._meetings.items()
            ]
        else:
            del self.fields["meeting"]

    def clean_meeting(self):
        value = self.cleaned_data.get("meeting")
        return None if value in (None, "", NO_MEETING) else self._meetings[value]

    def clean_expires_in_days(self) -> int:
        days = self.cleaned_data.get("expires_in_days")
        return EXPIRY_DAYS_DEFAULT if days is None else days

    def clean_symbols_on(self) -> bool:
        return self.cleaned_data["symbols_on"] == ON

    def clean_calm(self) -> bool:
        return self.cleaned_data["calm"] == ON


def _meeting_label(meeting) -> str:
    when = formats.date_format(timezone.localtime(meeting.starts_at), "j F Y")
    return f"{meeting.get_kind_display()}, {when}"
