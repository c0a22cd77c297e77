"""The fixed answers of the question kinds, each with its words and its OpenMoji symbol. The
faces are always labelled in words: a pupil never sees a bare number."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Faces by scale size: (value, symbol, words), saddest first.
FACES = {
    3: [
        (1, "1F641", _("Not good")),
        (2, "1F610", _("OK")),
        (3, "1F642", _("Good")),
    ],
    5: [
        (1, "1F61E", _("Very bad")),
        (2, "1F641", _("Not good")),
        (3, "1F610", _("OK")),
        (4, "1F642", _("Good")),
        (5, "1F600", _("Very good")),
    ],
}

SORT_PILES = {
    "like": ("1F44D", _("I like it")),
    "not_sure": ("1F914", _("Not sure")),
    "dislike": ("1F44E", _("I don't like it")),
}

YES_NO_ANSWERS = {
    "yes": ("1F44D", _("Yes")),
    "no": ("1F44E", _("No")),
    "not_sure": ("1F914", _("Not sure")),
    "dont_understand": ("2753", _("I don't understand")),
}

WHO_HELPED = {
    "on_my_own": ("1F64B", _("I did it on my own")),
    "teacher": ("1F9D1-200D-1F3EB", _("My teacher")),
    "teaching_assistant": ("1F91D", _("A teaching assistant")),
    "family": ("1F46A", _("My mum, dad or carer")),
    "friend": ("1F46B", _("A friend")),
    "someone_else": ("1F464", _("Someone else")),
}

# Every symbol the answering pages draw themselves (the question sets name the rest).
OWN_SYMBOLS = sorted(
    {code for faces in FACES.values() for _value, code, _words in faces}
    | {code for code, _words in SORT_PILES.values()}
    | {code for code, _words in YES_NO_ANSWERS.values()}
    | {code for code, _words in WHO_HELPED.values()}
)
