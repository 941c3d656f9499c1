"""Tests for trustrepair.domain.answers: value rules, conditions, the safety concern rule."""

from __future__ import annotations

from tests.helpers import sample_exercise
from trustrepair.domain.answers import (
    is_answered,
    visible_steps,
)


def test_conditional_step_follows_the_answer() -> None:
    """A step shown at 'at_least 7' appears and disappears with the scale answer."""
    exercise = sample_exercise()
    ids = lambda answers: [s.id for s in visible_steps(exercise, answers)]  # noqa: E731
    assert "heavy" not in ids({})
    assert "heavy" not in ids({"pain": 6})
    assert "heavy" in ids({"pain": 7})


def test_blank_answers_do_not_count() -> None:
    """Whitespace, empty lists and empty commitments are not answers."""
    assert not is_answered("  \n")
    assert not is_answered(["", " "])
    assert not is_answered({"text": " ", "date": None})
    assert is_answered(0)
    assert is_answered(["one"])
