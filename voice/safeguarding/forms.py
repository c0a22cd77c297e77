"""Forms for the DSL's steps on a flag and the school's list of words. Error messages name the
field and say what to do."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.govuk_forms import GovukErrorsMixin

from .services import NOTE_MAX

WORDS_TEXT_MAX = 300 * 62


def _note_field(label, required_message, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=NOTE_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": required_message,
            "max_length": _("Enter a note of no more than 5,000 characters"),
            "null_characters_not_allowed": _("Remove the hidden characters from the note"),
        },
    )


class NoteForm(GovukErrorsMixin, forms.Form):
    note = _note_field(
        _("Add a note"),
        _("Enter the note"),
        help_text=_("What you did, who you told and when. Only safeguarding leads see notes."),
    )


class ResolveForm(GovukErrorsMixin, forms.Form):
    parents_may_see = forms.TypedChoiceField(
        label=_("Parents may see the pupil's views"),
        help_text=_(
            "Once reviewed, the parents see the pupil's answers. They never see this flag."
        ),
        choices=[("yes", _("Yes")), ("no", _("No, keep the views from the parents"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes if the parents may see the pupil's views"),
            "invalid_choice": _("Select yes if the parents may see the pupil's views"),
        },
    )
    note = _note_field(
        _("What was done"),
        _("Enter what was done about this flag"),
        help_text=_("For example, who you spoke to and what happens next."),
    )


class WordsForm(GovukErrorsMixin, forms.Form):
    phrases = forms.CharField(
        label=_("Words and phrases, one a line"),
        help_text=_(
            "Each line is 2 to 60 characters; at most 300 lines. Capitals, accents and "
            "punctuation do not matter. Lines starting with # are notes."
        ),
        required=False,
        max_length=WORDS_TEXT_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 20}),
        error_messages={
            "max_length": _("Enter no more than 300 words or phrases of up to 60 characters"),
            "null_characters_not_allowed": _("Remove the hidden characters from the list"),
        },
    )
