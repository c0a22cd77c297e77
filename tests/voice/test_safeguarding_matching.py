"""The matching of a pupil's words against safeguarding phrases (a pure function)."""

from __future__ import annotations

import pytest

from voice.safeguarding.matching import (
    matched_phrases,
    normalise,
    phrases_from_text,
    texts_in,
)
from voice.safeguarding.services import default_phrases

PHRASES = ["hit me", "don't want to go home", "secret", "kill myself", "touches me"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My brother hit me", ["hit me"]),
        ("He HITS ME when mum is out!", ["hit me"]),
        ("i dont want to go home", ["don't want to go home"]),
        ("I don’t want  to go   home.", ["don't want to go home"]),
        ("It's a SECRET", ["secret"]),
        ("we have secrets", ["secret"]),
        ("Sometimes I want to kill myself", ["kill myself"]),
        ("Kïll mysélf", ["kill myself"]),
        ("hit me... and it's a secret", ["hit me", "secret"]),
        ("he touches\nme", ["touches me"]),
        ("they kicked me", []),
    ],
)
def test_phrases_are_found_whatever_the_case_accents_and_punctuation(text, expected):
    assert matched_phrases(text, PHRASES) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I like white meat",
        "The whitest metal",
        "Secretary of the club",
        "I hit the ball and it went home",
        "I want to go home",
        "I like maths and football",
        "",
        "   ",
    ],
)
def test_ordinary_words_are_not_flagged(text):
    assert matched_phrases(text, PHRASES) == []


def test_normalise_drops_case_accents_apostrophes_and_punctuation():
    assert normalise("  Don’t  ÉCOLE-time!! ") == "dont ecole time"


def test_the_list_skips_notes_blank_lines_and_repeats():
    text = "# a note\nHit me\n\n  hit   ME \nsecret\n"
    assert phrases_from_text(text) == ["hit me", "secret"]


def test_texts_in_an_answer_value_are_every_string_inside_it():
    value = {"face": 2, "who": ["my mum", "Mr Patel"], "text": "ok", "picked": [3, 4]}
    assert sorted(texts_in(value)) == ["Mr Patel", "my mum", "ok"]


def test_the_default_list_is_sensible():
    phrases = default_phrases()
    assert 40 <= len(phrases) <= 60
    assert "hit me" in phrases and "want to die" in phrases
    # No single everyday word that would flag half of all answers.
    assert "sad" not in phrases and "angry" not in phrases
    assert matched_phrases("I feel sad at playtime and I am angry", phrases) == []
    assert "hit me" in matched_phrases("My dad hits me", phrases)
    assert "kick me" in matched_phrases("they kicked me at lunch", phrases)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("میرے ابو مجھے مارتے ہیں", "مجھے مارتے"),
        ("وہ مجھے مارتے ہیں۔", "مجھے مارتے"),
        ("Mae o'n fy nharo i yn y tŷ", "fy nharo"),
        ("Dw i ofn mynd adre i'r TŶ", "tŷ"),
        ("Dw i ofn mynd adre i'r ty", "tŷ"),
    ],
)
def test_phrases_in_urdu_and_welsh_are_found(text, phrase):
    assert matched_phrases(text, [phrase]) == [phrase]


def test_urdu_and_welsh_words_are_matched_only_whole():
    assert matched_phrases("مجھےمارتے", ["مجھے"]) == []
    assert matched_phrases("tŷ bach", ["ŷ"]) == []
    assert normalise("میرے ابو مجھے مارتے ہیں") == "میرے ابو مجھے مارتے ہیں"


def test_phrases_that_are_only_marks_are_dropped():
    assert phrases_from_text("!!!\n--\nhit me") == ["hit me"]
