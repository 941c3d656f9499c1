"""Tests for trustrepair.domain.exercise: who a step is for in exercises for two."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from trustrepair.domain.exercise import Exercise, Who


def _exercise(mode: str, *steps: dict[str, Any]) -> Exercise:
    return Exercise.model_validate(
        {
            "id": "small",
            "title": "Small",
            "stage": "rebuilding",
            "tracks": ["hurt", "repairing"],
            "relationships": ["romantic"],
            "mode": mode,
            "minutes": 10,
            "models": ["trust-foundations"],
            "summary": "One line.",
            "intro": "Hello.",
            "steps": list(steps),
        }
    )


FEELINGS = {"id": "feelings", "kind": "text", "who": "each", "prompt": "Your feelings?"}


@pytest.mark.parametrize("mode", ["together", "parallel"])
def test_each_is_accepted_in_exercises_for_two(mode: str) -> None:
    """A step may be for `each` person in together and parallel exercises."""
    assert _exercise(mode, FEELINGS).step("feelings").who is Who.EACH


def test_each_is_refused_in_a_solo_exercise() -> None:
    """`each` means nothing with one person, like every other `who`."""
    with pytest.raises(ValidationError, match="'who' is only for parallel or together mode"):
        _exercise("solo", FEELINGS)


def test_a_reading_cannot_be_for_each() -> None:
    """A reading has no answer to give in turn, so it may be for `both` but not `each`."""
    reading = {"id": "why", "kind": "reading", "text": "Why. Because."}
    assert _exercise("together", {**reading, "who": "both"}).steps[0].who is Who.BOTH
    with pytest.raises(ValidationError, match="a reading has no answer, so it cannot be 'each'"):
        _exercise("together", {**reading, "who": "each"})


NONE_OF_THESE = {"id": "none", "label": "None of these", "exclusive": True}


def test_only_one_way_out_per_tick_list() -> None:
    """A tick-list has at most one `exclusive` option, so "the way out" is never ambiguous."""
    ticks = {"id": "ticks", "kind": "checklist", "prompt": "Tick?"}
    items = [{"id": "a", "label": "A"}, NONE_OF_THESE]
    step = _exercise("solo", {**ticks, "items": items}).steps[0]
    assert [o.exclusive for o in getattr(step, "items", [])] == [False, True]
    unsure = {"id": "unsure", "label": "Not sure", "exclusive": True}
    with pytest.raises(ValidationError, match="only one option may be 'exclusive'"):
        _exercise("solo", {**ticks, "items": [*items, unsure]})


def test_a_choice_has_no_exclusive_option() -> None:
    """`exclusive` belongs to tick-lists: a choice is one option anyway."""
    choice = {"id": "pick", "kind": "choice", "prompt": "Pick?"}
    with pytest.raises(ValidationError, match="'exclusive' is for multi_choice and checklist"):
        _exercise("solo", {**choice, "options": [{"id": "a", "label": "A"}, NONE_OF_THESE]})
