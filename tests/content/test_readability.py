"""Tests for trustrepair.content.readability: the reading-ease measure the library is held to."""

from __future__ import annotations

import pytest

from trustrepair.content.readability import (
    count_syllables,
    flesch_reading_ease,
    sentence_count,
    without_names,
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("the", 1),
        ("trust", 1),
        ("hope", 1),
        ("hopes", 1),
        ("loved", 1),
        ("people", 2),
        ("table", 2),
        ("wanted", 2),
        ("places", 2),
        ("agreed", 2),
        ("colleague", 2),
        ("atonement", 3),
        ("forgiveness", 3),
        ("apology", 4),
        ("responsibility", 6),
        ("don't", 1),
        ("755", 3),
    ],
)
def test_syllables_are_estimated_like_a_reader_says_them(word: str, syllables: int) -> None:
    """Common words, silent e's and -es/-ed endings get the syllables a reader hears."""
    assert count_syllables(word) == syllables


def test_sentences_end_at_full_stops_questions_and_quotes() -> None:
    """Sentences end at . ! ? (also before a closing quote), not at a decimal point or "…"."""
    assert sentence_count('She said "stop." Then she left! Why?') == 3
    assert sentence_count("Reasons to keep going") == 1
    assert sentence_count("It took 2.5 weeks. To feel safe, I need…") == 2


def test_reading_ease_matches_the_formula() -> None:
    """Six one-syllable words in one sentence score 206.835 - 1.015*6 - 84.6 = 116.145."""
    assert flesch_reading_ease("The cat sat on the mat.") == pytest.approx(116.145)


def test_long_words_and_long_sentences_read_harder() -> None:
    """Plain short sentences score far above a long, Latinate one."""
    plain = "You can stop at any time. Come back when you are ready."
    dense = (
        "Acknowledging responsibility, demonstrating repentance and offering restitution "
        "constitute the fundamental components of an effective organisational apology."
    )
    assert flesch_reading_ease(plain) > 90
    assert flesch_reading_ease(dense) < 0


def test_names_are_left_out_of_the_score() -> None:
    """A model's name (and its possessive) does not count against the passage."""
    text = "In Emotionally Focused Therapy, Gottman's phases come first."
    assert without_names(text, ["Emotionally Focused Therapy", "Gottman"]).split() == [
        "In",
        ",",
        "phases",
        "come",
        "first.",
    ]
    assert flesch_reading_ease(text, ["Emotionally Focused Therapy", "Gottman"]) > (
        flesch_reading_ease(text)
    )


def test_a_passage_without_words_is_an_error() -> None:
    """Scoring nothing is a mistake in the caller, not a score."""
    with pytest.raises(ValueError, match="no words"):
        flesch_reading_ease("— …")
