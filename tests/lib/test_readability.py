"""The Flesch reading ease score: known sentences score what hand counting gives them."""

import pytest

from portal.lib.readability import (
    longest_sentence,
    reading,
    reading_ease,
    sentences,
    syllables,
    words,
)


def test_the_cat_sat_on_the_mat_scores_116():
    # 6 words of one syllable in one sentence: 206.835 - 1.015 * 6 - 84.6 * 1.
    assert reading_ease("The cat sat on the mat.") == pytest.approx(116.1, abs=0.1)


def test_a_longer_sentence_scores_close_to_its_hand_count():
    # By hand: 16 words, 23 syllables, one sentence = 69.0. The dictionary leaves "unto" whole,
    # so the score errs a little high, never far.
    text = "This sentence, taken as a reading passage unto itself, is being used to prove a point."
    assert reading_ease(text) == pytest.approx(69.0, abs=6)


def test_long_words_score_lower_than_short_ones():
    assert reading_ease("We use considerable educational interventions.") < 30
    assert reading_ease("We help you read.") > 90


def test_syllables_come_from_the_british_hyphenation_dictionary():
    assert syllables("cat") == 1
    assert syllables("reading") == 2
    assert syllables("support") == 2
    assert syllables("Maths") == 1
    assert syllables("2026") == 1


def test_words_keep_apostrophes_and_drop_punctuation():
    assert words("Don't stop, it’s fine!") == ["Don't", "stop", "it’s", "fine"]


def test_sentences_end_at_full_stops_questions_and_exclamations():
    assert len(sentences("Hello. How are you? Great!! Yes")) == 4
    assert reading("Hello. How are you?").sentences == 2


def test_the_longest_sentence_is_counted_in_words():
    assert longest_sentence("Tell us about you. There are no wrong answers at all.") == 7
    assert longest_sentence("") == 0


def test_nothing_to_read_scores_as_easy():
    assert reading_ease("") == 100.0
