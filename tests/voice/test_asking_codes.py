"""The codes pupils type: no look-alikes, read forgivingly, shown in two groups."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from voice.asking.codes import (
    ALPHABET,
    LENGTH,
    code_display,
    code_is_possible,
    code_new,
    code_normalise,
)

LOOK_ALIKE_GROUPS = ["0OQD", "1IL", "2Z", "5S", "8B", "UV"]


def test_the_alphabet_has_no_characters_that_look_alike():
    for group in LOOK_ALIKE_GROUPS:
        assert not set(group) & set(ALPHABET), group
    assert "G" not in ALPHABET  # beside 6
    assert len(set(ALPHABET)) == len(ALPHABET) == 20


def test_a_new_code_is_eight_characters_from_the_alphabet():
    codes = {code_new() for _ in range(500)}
    assert all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in codes)
    # Random, not a sequence: 500 draws from 20**8 do not repeat.
    assert len(codes) == 500


def test_a_code_is_shown_in_two_groups_of_four():
    assert code_display("ACEF3479") == "ACEF 3479"


def test_what_is_typed_is_read_forgivingly():
    assert code_normalise(" acef-3479 ") == "ACEF3479"
    assert code_normalise("ACEF 3479") == "ACEF3479"
    assert code_normalise("ａｃｅｆ３４７９") == "ACEF3479"  # full-width, from some keyboards
    assert code_normalise("ACEF.G47Q") == "ACEF6479"


def test_a_code_with_a_left_out_character_can_never_be_right():
    assert not code_is_possible(code_normalise("ACEF0479"))
    assert not code_is_possible(code_normalise("ACEF347"))
    assert not code_is_possible(code_normalise("ACEF34799"))


@given(st.text(max_size=60))
def test_reading_any_text_never_fails_and_is_stable(typed):
    normalised = code_normalise(typed)
    assert code_normalise(normalised) == normalised
    if code_is_possible(normalised):
        assert code_normalise(code_display(normalised)) == normalised
