"""Answers, progress and the pure rules over them (which steps show, what counts as done)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from trustrepair.domain.exercise import (
    AnyStep,
    ChecklistStep,
    ChoiceStep,
    CommitmentStep,
    Condition,
    Exercise,
    ListStep,
    MultiChoiceStep,
    ReadingStep,
    ScaleStep,
    TextStep,
)

JSONValue = Any
"""An answer value as stored: str, int, list[str] or a commitment dict (see docs)."""

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Status(StrEnum):
    """Where a person is with an exercise."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Answer:
    """One saved answer to one step."""

    exercise_id: str
    step_id: str
    value: JSONValue
    shared: bool = False
    updated_at: str = ""


@dataclass(frozen=True)
class PartnerAnswer:
    """A copy of one answer a partner revealed in an exercise for two (never the person's own)."""

    exercise_id: str
    step_id: str
    partner_name: str
    value: JSONValue
    revealed_at: str = ""


@dataclass(frozen=True)
class Progress:
    """How far a person got in one exercise."""

    exercise_id: str
    status: Status
    current_step: str | None
    started_at: str | None = None
    completed_at: str | None = None
    updated_at: str | None = None


class InvalidAnswer(ValueError):
    """An answer value does not fit its step."""


def validate_value(step: AnyStep, value: JSONValue) -> JSONValue:
    """Check ``value`` fits ``step`` and return it normalised; raise InvalidAnswer otherwise."""
    if isinstance(step, ReadingStep):
        raise InvalidAnswer("a reading step takes no answer")
    if isinstance(step, TextStep):
        if not isinstance(value, str):
            raise InvalidAnswer("a text answer must be a string")
        return value
    if isinstance(step, ScaleStep):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidAnswer("a scale answer must be a whole number")
        if not step.min <= value <= step.max:
            raise InvalidAnswer(f"a scale answer must be between {step.min} and {step.max}")
        return value
    if isinstance(step, ChoiceStep):
        if value not in {o.id for o in step.options}:
            raise InvalidAnswer("not one of the options")
        return value
    if isinstance(step, MultiChoiceStep | ChecklistStep):
        options = step.options if isinstance(step, MultiChoiceStep) else step.items
        ids = [o.id for o in options]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidAnswer("expected a list of option ids")
        unknown = [v for v in value if v not in ids]
        if unknown:
            raise InvalidAnswer(f"unknown option(s): {', '.join(unknown)}")
        return [i for i in ids if i in value]  # canonical order, no duplicates
    if isinstance(step, ListStep):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidAnswer("a list answer must be a list of strings")
        return list(value)
    if isinstance(step, CommitmentStep):
        if not isinstance(value, dict) or not isinstance(value.get("text"), str):
            raise InvalidAnswer("a commitment needs a text")
        unknown_keys = set(value) - {"text", "date", "kept"}
        if unknown_keys:
            raise InvalidAnswer(f"unknown commitment field(s): {', '.join(sorted(unknown_keys))}")
        date = value.get("date")
        if date is not None and (not isinstance(date, str) or not _DATE_RE.match(date)):
            raise InvalidAnswer("a commitment date must look like 2026-12-31")
        kept = value.get("kept")
        if kept is not None and not isinstance(kept, bool):
            raise InvalidAnswer("'kept' must be true, false or empty")
        return {"text": value["text"], "date": date, "kept": kept}
    raise InvalidAnswer(f"unknown step kind {step.kind!r}")  # pragma: no cover


def is_answered(value: JSONValue) -> bool:
    """Whether a stored value counts as an answer (empty text or lists do not)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(not isinstance(v, str) or v.strip() for v in value)
    if isinstance(value, dict):
        return bool(str(value.get("text", "")).strip())
    return True


def condition_holds(condition: Condition, answers: Mapping[str, JSONValue]) -> bool:
    """Whether ``condition`` is met by the answers given so far (keyed by step id)."""
    value = answers.get(condition.step)
    name, expected = condition.test
    if name == "answered":
        return is_answered(value) is bool(expected)
    if value is None:
        return False
    if name == "equals":
        return bool(value == expected)
    if name == "not_equals":
        return bool(value != expected)
    if name in ("at_least", "at_most"):
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        bound = int(expected)
        return value >= bound if name == "at_least" else value <= bound
    if name == "includes":
        return isinstance(value, list) and expected in value
    return False  # pragma: no cover


def visible_steps(exercise: Exercise, answers: Mapping[str, JSONValue]) -> list[AnyStep]:
    """The steps a person sees now, given their answers (conditions evaluated in order)."""
    return [s for s in exercise.steps if s.when is None or condition_holds(s.when, answers)]


def raises_concern(exercise: Exercise, answers: Mapping[str, JSONValue]) -> bool:
    """For the safety check: whether any chosen option is marked as a concern."""
    for step in exercise.steps:
        value = answers.get(step.id)
        if isinstance(step, ChoiceStep):
            if any(o.concern and o.id == value for o in step.options):
                return True
        elif isinstance(step, MultiChoiceStep | ChecklistStep):
            options = step.options if isinstance(step, MultiChoiceStep) else step.items
            chosen = value if isinstance(value, list) else []
            if any(o.concern and o.id in chosen for o in options):
                return True
    return False
