"""The pupil's forms: one per question, its fields made from the question's kind. Every message
is in a child's words and says what to do."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from voice.models import Question, QuestionKind

from .choices import FACES, SORT_PILES, WHO_HELPED, YES_NO_ANSWERS
from .services import TEXT_LIMIT

# The field each kind's answer is in: what the error summary links to.
ANSWER_FIELD = "answer"


def sort_field_name(option_id: int) -> str:
    return f"card_{option_id}"


class AnswerForm(forms.Form):
    """One question's answer. `answer_value()` is the value to save, in the shape `Answer.value`
    describes; the service checks it again against the question."""

    just_for_teacher = forms.BooleanField(required=False)

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        kind = question.kind
        options = [(str(option.pk), option.text) for option in question.options.all()]
        if kind == QuestionKind.FEELINGS:
            faces = FACES.get(question.scale_size or 5, FACES[5])
            self.fields[ANSWER_FIELD] = forms.TypedChoiceField(
                choices=[(str(value), words) for value, _code, words in faces],
                coerce=int,
                error_messages={"required": _("Choose a face, or press Skip.")},
            )
        elif kind == QuestionKind.SORT:
            for option_id, _text in options:
                self.fields[sort_field_name(int(option_id))] = forms.ChoiceField(
                    choices=[(pile, words) for pile, (_code, words) in SORT_PILES.items()],
                    required=False,
                )
        elif kind == QuestionKind.CHOICE:
            self.fields[ANSWER_FIELD] = forms.TypedChoiceField(
                choices=options,
                coerce=int,
                error_messages={"required": _("Choose a card, or press Skip.")},
            )
        elif kind == QuestionKind.YES_NO:
            self.fields[ANSWER_FIELD] = forms.ChoiceField(
                choices=[(code, words) for code, (_symbol, words) in YES_NO_ANSWERS.items()],
                error_messages={"required": _("Choose an answer, or press Skip.")},
            )
        elif kind == QuestionKind.HELPS:
            self.fields[ANSWER_FIELD] = forms.TypedMultipleChoiceField(
                choices=options,
                coerce=int,
                error_messages={"required": _("Choose at least one card, or press Skip.")},
            )
        elif kind == QuestionKind.WHO_HELPED:
            self.fields[ANSWER_FIELD] = forms.MultipleChoiceField(
                choices=[(code, words) for code, (_symbol, words) in WHO_HELPED.items()],
                error_messages={"required": _("Choose who helped you, or press Skip.")},
            )
        elif kind == QuestionKind.FREE_TEXT:
            self.fields[ANSWER_FIELD] = forms.CharField(
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea,
                error_messages={
                    "max_length": _("Your answer is too long. Use 2,000 characters or fewer.")
                },
            )
            if question.allow_audio:
                self.fields["audio"] = forms.FileField(required=False)
        for name, field in self.fields.items():
            if name != "just_for_teacher" and isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = _("Choose from the answers on this page.")

    def clean(self):
        cleaned = super().clean()
        kind = self.question.kind
        cards = [name for name in self.fields if name.startswith("card_")]
        if kind == QuestionKind.SORT and not self.errors and not any(map(cleaned.get, cards)):
            self.add_error(None, _("Put at least one card in a pile, or press Skip."))
        free_text = kind == QuestionKind.FREE_TEXT
        if free_text and not self.errors and not _wrote(cleaned):
            self.add_error(ANSWER_FIELD, _("Write your answer, or press Skip."))
        return cleaned

    def is_blank(self) -> bool:
        """Nothing chosen or written (for Back, which then moves without saving)."""
        keys = [name for name in self.fields if name != "just_for_teacher"]
        return not any(self.data.get(name) for name in keys) and not self.files

    def answer_value(self) -> dict:
        data = self.cleaned_data
        kind = self.question.kind
        if kind == QuestionKind.FEELINGS:
            return {"face": data[ANSWER_FIELD]}
        if kind == QuestionKind.SORT:
            piles = {
                name.removeprefix("card_"): data[name]
                for name in self.fields
                if name.startswith("card_") and data.get(name)
            }
            return {"sort": piles}
        if kind == QuestionKind.CHOICE:
            return {"choice": data[ANSWER_FIELD]}
        if kind == QuestionKind.YES_NO:
            return {"answer": data[ANSWER_FIELD]}
        if kind == QuestionKind.HELPS:
            return {"picked": data[ANSWER_FIELD]}
        if kind == QuestionKind.WHO_HELPED:
            return {"who": data[ANSWER_FIELD]}
        return {}

    def answer_text(self) -> str:
        if self.question.kind == QuestionKind.FREE_TEXT:
            return self.cleaned_data.get(ANSWER_FIELD) or ""
        return ""

    def error_target(self) -> str:
        """The id the error summary's link goes to: the first control of the answer."""
        if self.question.kind == QuestionKind.SORT:
            first = next((name for name in self.fields if name.startswith("card_")), "")
            return f"{first}-0" if first else "answer-fieldset"
        if self.question.kind == QuestionKind.FREE_TEXT:
            return ANSWER_FIELD
        return f"{ANSWER_FIELD}-0"

    def error_links(self) -> list[tuple[str, str]]:
        """Each error with the id of the control it is about, for the error summary: a card's
        error goes to that card's first pile, a recording's to the file input."""
        links = [(self.error_target(), str(error)) for error in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            if name.startswith("card_"):
                target = f"{name}-0"
            elif name == "audio":
                target = "id_audio"
            elif name == ANSWER_FIELD:
                target = self.error_target()
            else:
                target = name
            links += [(target, str(error)) for error in errors]
        return links


def _wrote(cleaned: dict) -> bool:
    """Some words, or a recording."""
    return bool((cleaned.get(ANSWER_FIELD) or "").strip() or cleaned.get("audio"))


class DisplayForm(forms.Form):
    """Pictures on or off, and the calm display: two plain checkboxes, so unticking works."""

    symbols_on = forms.BooleanField(required=False)
    calm = forms.BooleanField(required=False)
    back_to = forms.IntegerField(required=False, min_value=1, max_value=500)


class TargetCheckInForm(forms.Form):
    outcome = forms.IntegerField(min_value=1)
    face = forms.TypedChoiceField(
        choices=[(str(value), words) for value, _code, words in FACES[3]],
        coerce=int,
        error_messages={"required": _("Choose a face.")},
    )
