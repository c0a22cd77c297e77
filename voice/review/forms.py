"""The SENCO's review of a pupil's views, and the "how I communicate" note."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.govuk_forms import GovukErrorsMixin
from portal.lib.text import NoTextDirectionControls
from voice.models import GatheredHow, Wording

from .selectors import ShownAnswer
from .services import COMMUNICATION_MAX, HELPED_BY_MAX, NEEDS_HELPER, NOTE_MAX


def wording_field_name(answer_id: int) -> str:
    return f"wording_{answer_id}"


class ReviewForm(GovukErrorsMixin, forms.Form):
    """How the views were gathered, who helped, whose words each answer with words is, and a
    note. Nothing is chosen for the SENCO on a first review; a second review starts from the
    first one's record."""

    gathered_how = forms.ChoiceField(
        label=_("How were the pupil's views gathered?"),
        choices=GatheredHow.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select how the pupil's views were gathered"),
            "invalid_choice": _("Select how the pupil's views were gathered"),
        },
    )
    helped_by = forms.CharField(
        label=_("Who helped"),
        help_text=_("Needed when the pupil had help or an adult wrote for them."),
        required=False,
        max_length=HELPED_BY_MAX,
        strip=True,
        validators=[NoTextDirectionControls(_("Who helped"))],
        error_messages={
            "max_length": _("Who helped must be 200 characters or fewer"),
            "null_characters_not_allowed": _("Remove the hidden characters from who helped"),
        },
    )
    note = forms.CharField(
        label=_("Note for the record (optional)"),
        required=False,
        max_length=NOTE_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("The note must be 4,000 characters or fewer"),
            "null_characters_not_allowed": _("Remove the hidden characters from the note"),
        },
    )

    def __init__(self, *args, answers: list[ShownAnswer], **kwargs):
        super().__init__(*args, **kwargs)
        self.answers_with_words = [answer for answer in answers if answer.has_words]
        for answer in self.answers_with_words:
            self.fields[wording_field_name(answer.pk)] = forms.ChoiceField(
                label=_("Whose words are these?"),
                choices=Wording.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _(
                        "Select whether the answer is the pupil's own words or an adult's "
                        "paraphrase"
                    ),
                    "invalid_choice": _(
                        "Select whether the answer is the pupil's own words or an adult's "
                        "paraphrase"
                    ),
                },
            )

    @staticmethod
    def initial_for(response, answers: list[ShownAnswer]) -> dict:
        """The record of an earlier review, for a second one; nothing for a first."""
        if not response.reviewed_at:
            return {}
        initial = {
            "gathered_how": response.gathered_how,
            "helped_by": response.helped_by,
            "note": response.review_note,
        }
        for answer in answers:
            initial[wording_field_name(answer.pk)] = answer.answer.wording
        return initial

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("gathered_how") in NEEDS_HELPER and not cleaned.get("helped_by"):
            self.add_error("helped_by", ValidationError(_("Enter who helped the pupil")))
        return cleaned

    def wordings(self) -> dict[int, str]:
        return {
            answer.pk: self.cleaned_data[wording_field_name(answer.pk)]
            for answer in self.answers_with_words
        }

    def wording_fields(self):
        """Each answer with words beside its field, in the order of the questions."""
        return [(answer, self[wording_field_name(answer.pk)]) for answer in self.answers_with_words]


class CommunicationNoteForm(GovukErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("How the pupil communicates and gives their views"),
        help_text=_(
            "For example: uses symbols and short sentences; needs time to answer; "
            "prefers to talk with a trusted adult. Leave empty to remove the note."
        ),
        required=False,
        max_length=COMMUNICATION_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": _("How the pupil communicates must be 2,000 characters or fewer"),
            "null_characters_not_allowed": _("Remove the hidden characters from the note"),
        },
    )
