"""Tests for trustrepair.domain.answers: value rules, conditions, the safety concern rule."""

from __future__ import annotations

import pytest

from tests.helpers import sample_exercise
from trustrepair.content.loader import load_bytes
from trustrepair.domain.answers import (
    InvalidAnswer,
    is_answered,
    raises_concern,
    validate_value,
    visible_steps,
)


def test_scale_values_must_be_in_range() -> None:
    """A scale accepts whole numbers in its range only (not booleans)."""
    step = sample_exercise().step("pain")
    assert validate_value(step, 7) == 7
    for bad in (11, -1, True, "7", 7.5):
        with pytest.raises(InvalidAnswer):
            validate_value(step, bad)


def test_commitment_shape_is_normalised() -> None:
    """A commitment keeps text, an ISO date or None, and kept true/false/None."""
    step = sample_exercise().step("promise")
    assert validate_value(step, {"text": "Call weekly"}) == {
        "text": "Call weekly",
        "date": None,
        "kept": None,
    }
    with pytest.raises(InvalidAnswer):
        validate_value(step, {"text": "x", "date": "next week"})
    with pytest.raises(InvalidAnswer):
        validate_value(step, {"text": "x", "colour": "red"})


def test_reading_steps_take_no_answer() -> None:
    """Reading steps refuse values."""
    with pytest.raises(InvalidAnswer):
        validate_value(sample_exercise().step("read"), "x")


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


def test_concern_options_raise_concern() -> None:
    """Choosing an option marked concern (choice or checklist) raises a concern."""
    text = """\
id: check
title: Check
stage: acknowledgement
tracks: [hurt]
relationships: [romantic]
mode: solo
minutes: 3
models: [safety-screening]
summary: s
intro: i
safety_check: true
steps:
  - id: afraid
    kind: choice
    prompt: Afraid?
    options:
      - {id: no, label: No}
      - {id: yes, label: Yes, concern: true}
  - id: things
    kind: checklist
    prompt: Any of these?
    items:
      - {id: none, label: None}
      - {id: threats, label: Threats, concern: true}
"""
    exercise = load_bytes(text.encode(), "c.yaml").exercise
    assert exercise is not None
    assert not raises_concern(exercise, {"afraid": "no", "things": ["none"]})
    assert raises_concern(exercise, {"afraid": "yes"})
    assert raises_concern(exercise, {"afraid": "no", "things": ["threats"]})
