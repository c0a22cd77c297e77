"""The built-in sets' words: easy to read (Flesch reading ease at least 80, sentences of 15
words at most) and all in the translation catalogue's source."""

from __future__ import annotations

from statistics import mean
from types import SimpleNamespace

from django.utils import translation

from portal.lib.readability import longest_sentence, reading_ease
from voice.models import SetScope
from voice.sets.builtin import STRINGS, builtin_data, builtin_strings_source, pupil_strings
from voice.sets.wording import set_lang, shown

# The issue names the three sets; "Before my review" keeps that name although its two-syllable
# words score 62.8 alone. Every other string a pupil reads scores 80 or more.
TITLES_NAMED_BY_THE_ISSUE = {"Before my review"}


def _set_strings(item: dict) -> list[str]:
    strings = [item["title"], item["introduction"]]
    for question in item["questions"]:
        strings.append(question["text"])
        strings += [option["text"] for option in question.get("options", [])]
    return strings


def test_every_pupil_facing_string_of_the_built_in_sets_reads_easily():
    hard = {
        text: reading_ease(text)
        for item in builtin_data()
        for text in _set_strings(item)
        if reading_ease(text) < 80 and text not in TITLES_NAMED_BY_THE_ISSUE
    }
    assert hard == {}


def test_no_sentence_of_the_built_in_sets_is_longer_than_15_words():
    long = [text for text in pupil_strings() if longest_sentence(text) > 15]
    assert long == []


def test_reading_ease_per_set_is_recorded(capsys):
    lines = []
    for item in builtin_data():
        scores = [reading_ease(text) for text in _set_strings(item)]
        lines.append(f"{item['key']}: min {min(scores):.1f}, mean {mean(scores):.1f}")
        assert mean(scores) >= 90
    with capsys.disabled():
        print("\nReading ease of the built-in sets:\n" + "\n".join(lines))


def test_the_generated_strings_file_matches_the_sets():
    assert STRINGS.read_text(encoding="utf-8") == builtin_strings_source(), (
        "Run: python manage.py shell -c "
        '"from voice.sets.builtin import builtin_strings_write; builtin_strings_write()"'
    )


BUILT_IN = SimpleNamespace(scope=SetScope.BUILT_IN)
SCHOOLS = SimpleNamespace(scope=SetScope.SCHOOL)


def test_shown_translates_a_built_in_sets_words_and_leaves_a_schools_alone():
    with translation.override("ur"):
        in_urdu = translation.gettext("All about me")
        assert in_urdu != "All about me"
        assert shown("All about me", BUILT_IN) == in_urdu
        # A school's copy that kept the built-in words is read in English, as the pupil reads it.
        assert shown("All about me", SCHOOLS) == "All about me"
    assert shown("", BUILT_IN) == ""


def test_a_schools_words_are_marked_english_only_on_a_page_in_another_language():
    with translation.override("ur"):
        assert set_lang(SCHOOLS) == "en"
        assert set_lang(BUILT_IN) == ""
    with translation.override("cy"):
        assert set_lang(SimpleNamespace(scope=SetScope.TRUST)) == "en"
    with translation.override("en"):
        assert set_lang(SCHOOLS) == ""
