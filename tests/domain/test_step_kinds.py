"""Tests for trustrepair.domain.step_kinds: every kind has every part, checks and reads answers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import EVERY_KIND_YAML, SAMPLE_VALUES, sample_exercise
from trustrepair.content.loader import load_bytes
from trustrepair.domain.answers import InvalidAnswer
from trustrepair.domain.enums import Relationship
from trustrepair.domain.exercise import STEP_KINDS, STEP_MODELS, AnyStep, Exercise, kind_name
from trustrepair.domain.step_kinds import (
    STEP_REGISTRY,
    AnswerKind,
    Commitment,
    ReadableAnswer,
    Tick,
    answer_as_text,
    describe_any_value,
    describe_value,
    raises_concern,
    step_options,
    takes_answer,
    validate_value,
)

EXPECTED: dict[str, ReadableAnswer] = {
    "text": ReadableAnswer(AnswerKind.TEXT, text="Some words\non two lines"),
    "scale": ReadableAnswer(AnswerKind.TEXT, text="4 on a scale from 1 to 5 (light … heavy)"),
    "choice": ReadableAnswer(AnswerKind.TEXT, text="Afraid"),
    "multi_choice": ReadableAnswer(AnswerKind.LIST, entries=("Sad", "Tired")),
    "checklist": ReadableAnswer(
        AnswerKind.TICKS, ticks=(Tick("Called", False), Tick("Wrote", True))
    ),
    "list": ReadableAnswer(AnswerKind.LIST, entries=("Call weekly", "Listen")),
    "commitment": ReadableAnswer(
        AnswerKind.COMMITMENT,
        commitment=Commitment("Call weekly", "31 December 2026", "Kept", True),
    ),
}
"""How each kind's sample answer reads (SAMPLE_VALUES, normalised)."""


def every_kind() -> Exercise:
    """The exercise with one step of each kind."""
    return sample_exercise(EVERY_KIND_YAML)


def step_of(kind: str) -> AnyStep:
    """The step of ``kind`` in :func:`every_kind`."""
    return next(step for step in every_kind().steps if step.kind == kind)


def test_every_step_model_has_one_registry_entry() -> None:
    """The registry lists each model of AnyStep once, under its kind, in the same order."""
    assert list(STEP_REGISTRY) == list(STEP_KINDS)
    assert [kind.model for kind in STEP_REGISTRY.values()] == list(STEP_MODELS)
    for name, kind in STEP_REGISTRY.items():
        assert kind.name == name == kind_name(kind.model)


def test_the_samples_cover_every_kind() -> None:
    """The test exercise has a step of every kind, and every answered kind has a sample value."""
    assert [step.kind for step in every_kind().steps] == list(STEP_KINDS)
    answered = [name for name, kind in STEP_REGISTRY.items() if kind.takes_answer]
    assert sorted(SAMPLE_VALUES) == sorted(answered) == sorted(EXPECTED)


@pytest.mark.parametrize("name", [k for k in STEP_KINDS if k != "reading"])
def test_every_kind_checks_and_reads_its_answer(name: str) -> None:
    """Each answered kind accepts its sample, keeps it normalised and reads it in words."""
    step = step_of(name)
    value = validate_value(step, SAMPLE_VALUES[name])
    assert validate_value(step, value) == value  # normalising twice changes nothing
    assert describe_value(step, value, None) == EXPECTED[name]


@pytest.mark.parametrize("name", [k for k in STEP_KINDS if k != "reading"])
def test_every_kind_refuses_a_value_of_another_shape(name: str) -> None:
    """A value shaped for no kind at all is refused by every kind that takes an answer."""
    with pytest.raises(InvalidAnswer):
        validate_value(step_of(name), {"unexpected": object()})


def test_multi_choice_answers_are_kept_in_option_order() -> None:
    """Picks are stored in the options' order, without duplicates."""
    step = step_of("multi_choice")
    assert validate_value(step, ["tired", "sad", "tired"]) == ["sad", "tired"]
    with pytest.raises(InvalidAnswer, match="unknown option"):
        validate_value(step, ["sad", "bored"])


def test_wording_follows_the_relationship() -> None:
    """Option labels and scale ends read in the wording for the person's relationship."""
    calm = describe_value(step_of("choice"), "calm", Relationship.ROMANTIC)
    assert calm.text == "Calm with you"
    scale = describe_value(step_of("scale"), 2, Relationship.PROFESSIONAL)
    assert scale.text == "2 on a scale from 1 to 5 (slight … heavy)"
    zero_based = describe_value(sample_exercise().step("pain"), 3, None)
    assert zero_based.text == "3 of 10 (light … heavy)"


def test_only_a_reading_takes_no_answer() -> None:
    """A reading is read, every other kind is answered."""
    exercise = every_kind()
    assert [s.kind for s in exercise.steps if not takes_answer(s)] == ["reading"]


def test_option_kinds_offer_their_options_or_items() -> None:
    """Choices and multi-choices offer their options, checklists their items, others none."""
    exercise = every_kind()
    offered = {s.kind: [o.id for o in step_options(s)] for s in exercise.steps}
    assert offered == {
        "reading": [],
        "text": [],
        "scale": [],
        "choice": ["calm", "afraid"],
        "multi_choice": ["sad", "angry", "tired"],
        "checklist": ["called", "wrote"],
        "list": [],
        "commitment": [],
    }


def test_a_value_that_no_longer_fits_raises_so_callers_can_fall_back() -> None:
    """Describing a stale value raises; the shape-only reading shows it as it is instead."""
    stale: dict[str, Any] = {"text": ["a"], "scale": "7", "list": "one", "commitment": "x"}
    for name, value in stale.items():
        with pytest.raises((TypeError, ValueError, KeyError, AttributeError)):
            describe_value(step_of(name), value, None)
    assert describe_any_value(["a", 1]) == ReadableAnswer(AnswerKind.LIST, entries=("a", "1"))
    assert describe_any_value("7").text == "7"
    assert describe_any_value({"text": "t", "kept": False}).commitment == Commitment(
        "t", "", "Not kept", False
    )
    assert describe_any_value({"q": 1}).text == '{"q": 1}'


def test_readable_answers_as_plain_text() -> None:
    """Lists get bullets, ticks ☑/☐; a commitment shows its status only where asked."""
    assert answer_as_text(EXPECTED["list"], with_status=False) == "• Call weekly\n• Listen"
    assert answer_as_text(EXPECTED["checklist"], with_status=True) == "☐ Called\n☑ Wrote"
    assert answer_as_text(EXPECTED["text"], with_status=True) == "Some words\non two lines"
    promise = EXPECTED["commitment"]
    assert answer_as_text(promise, with_status=True) == "Call weekly (by 31 December 2026) — Kept"
    assert answer_as_text(promise, with_status=False) == "Call weekly\nBy 31 December 2026"
    open_promise = ReadableAnswer(
        AnswerKind.COMMITMENT, commitment=Commitment("Listen", "", "Open", None)
    )
    assert answer_as_text(open_promise, with_status=True) == "Listen — Open"
    assert answer_as_text(open_promise, with_status=False) == "Listen"


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


def test_concerns_come_only_from_chosen_options() -> None:
    """Unanswered steps, odd values and options not chosen raise no concern."""
    exercise = every_kind()
    assert not raises_concern(exercise, {})
    assert not raises_concern(exercise, {"choice": ["afraid"], "checklist": "wrote"})
    assert not raises_concern(exercise, {"choice": "calm", "multi-choice": ["sad"]})
    assert raises_concern(exercise, {"checklist": ["called", "wrote"]})


def test_a_way_out_is_never_stored_beside_a_real_answer() -> None:
    """'None of these' ticked with a concern keeps the concern and drops 'None of these'."""
    text = """\
id: ticks
title: Ticks
stage: acknowledgement
tracks: [hurt]
relationships: [romantic]
mode: solo
minutes: 3
models: [safety-screening]
summary: s
intro: i
steps:
  - id: things
    kind: multi_choice
    prompt: Any of these?
    options:
      - {id: threats, label: Threats, concern: true}
      - {id: money, label: Money, concern: true}
      - {id: none, label: None of these, exclusive: true}
"""
    exercise = load_bytes(text.encode(), "t.yaml").exercise
    assert exercise is not None
    step = exercise.step("things")
    assert validate_value(step, ["none"]) == ["none"]
    assert validate_value(step, ["none", "money"]) == ["money"]
    assert validate_value(step, ["money", "threats"]) == ["threats", "money"]
    assert raises_concern(exercise, {"things": validate_value(step, ["none", "threats"])})
