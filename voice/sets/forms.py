"""Forms for question sets. The services validate again; these give each field its message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.govuk_forms import GovukErrorsMixin
from portal.support.passports.selectors import BUILT_IN_HEADINGS
from voice.models import QuestionKind, SetPurpose

from .selectors import symbol_palette


def _symbol_choices():
    return [("", _("No symbol"))] + [(s.code, s.label) for s in symbol_palette()]


class SetForm(GovukErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        error_messages={"required": _("Enter a title for the set")},
    )
    introduction = forms.CharField(
        label=_("What the pupil reads first (optional)"),
        help_text=_("Short sentences of 15 words or fewer, in plain words."),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    purpose = forms.ChoiceField(
        label=_("What the set is for"),
        choices=SetPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the set is for")},
    )


class QuestionForm(GovukErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"),
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of question")},
    )
    text = forms.CharField(
        label=_("Question, in words a child understands"),
        help_text=_(
            "Pupils read best with short sentences of 15 words or fewer, in short, plain words."
        ),
        max_length=200,
        error_messages={"required": _("Enter the question")},
    )
    scale_size = forms.TypedChoiceField(
        label=_("Number of faces (for a feelings scale)"),
        choices=[(3, _("3 faces")), (5, _("5 faces"))],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    allow_audio = forms.BooleanField(
        label=_("The pupil may record a spoken answer"), required=False
    )
    passport_heading = forms.ChoiceField(
        label=_("Passport heading this answer feeds (optional)"),
        help_text=_("For an “All about me” set: the one-page profile heading it fills."),
        required=False,
    )
    symbol = forms.ChoiceField(label=_("Symbol"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args, current_heading: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        headings = [(title, _(title)) for title, _guidance in BUILT_IN_HEADINGS]
        if current_heading and current_heading not in dict(headings):
            headings.append((current_heading, current_heading))
        self.fields["passport_heading"].choices = [
            ("", pgettext_lazy("passport heading", "None"))
        ] + headings
        self.fields["symbol"].choices = _symbol_choices()

    def clean(self):
        data = super().clean()
        if data.get("kind") == QuestionKind.FEELINGS and not data.get("scale_size"):
            self.add_error("scale_size", _("Choose 3 faces or 5 faces"))
        return data


class CardForm(GovukErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Words on the card"),
        help_text=_("A few short words, such as “Play games”."),
        max_length=120,
        error_messages={"required": _("Enter the words on the card")},
    )
    symbol = forms.ChoiceField(label=_("Symbol"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["symbol"].choices = _symbol_choices()


class CopyForm(GovukErrorsMixin, forms.Form):
    target = forms.ChoiceField(
        label=_("Copy it to"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where to copy the set")},
    )

    def __init__(self, *args, schools, trusts, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"school-{school.pk}", school.name) for school in schools] + [
            (
                f"trust-{trust.pk}",
                _("%(trust)s (for every school of the trust)") % {"trust": trust.name},
            )
            for trust in trusts
        ]
        self.fields["target"].choices = choices
        # With one place to copy to there is nothing to choose: the page names it instead.
        self.only_target = choices[0][1] if len(choices) == 1 else None
        if self.only_target is not None:
            self.fields["target"].widget = forms.HiddenInput()
            self.fields["target"].initial = choices[0][0]


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
