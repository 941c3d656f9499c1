"""Step kinds, declared once: how each kind's answer is checked and how it reads.

:data:`STEP_REGISTRY` holds one :class:`StepKind` for every model in
:data:`~trustrepair.domain.exercise.AnyStep`. An entry names the kind's model (what an exercise
file may say) and everything else the kind needs below the window: the check of an answer's
value (:func:`validate_value`), how an answer reads in summaries, on the reveal screen and in
share files (:func:`describe_value`), and which options it offers and picks (for the safety
check's concern rule). The window adds each kind's input widget in
``trustrepair/ui/widgets/steps.py`` (``STEP_WIDGETS``, keyed the same way).

A new step kind is its model in ``exercise.py`` (one more member of ``AnyStep``), its entry
here and its widget there; tests prove that no kind lacks an entry in either registry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar, assert_never

from trustrepair.domain.answers import InvalidAnswer, JSONValue
from trustrepair.domain.dates import format_date
from trustrepair.domain.enums import Relationship
from trustrepair.domain.exercise import (
    AnyStep,
    ChecklistStep,
    ChoiceStep,
    CommitmentStep,
    Exercise,
    ListStep,
    MultiChoiceStep,
    Option,
    ReadingStep,
    ScaleStep,
    TextStep,
    kind_name,
    resolve_text,
)
from trustrepair.i18n import tr

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------------- answers in words
class AnswerKind(StrEnum):
    """How an answer is laid out: a block of text, a list, ticks or a commitment."""

    TEXT = "text"
    LIST = "list"
    TICKS = "ticks"
    COMMITMENT = "commitment"


@dataclass(frozen=True)
class Tick:
    """One checklist item and whether it was ticked."""

    label: str
    ticked: bool


@dataclass(frozen=True)
class Commitment:
    """A promise: its text, the date to keep it by, and whether it was kept."""

    text: str
    date: str  # formatted for reading, or "" when none was given
    kept: str  # "Kept", "Not kept" or "Open" (already translated)
    kept_state: bool | None


@dataclass(frozen=True)
class ReadableAnswer:
    """An answer resolved for reading: option labels, scale wording, ticks, a dated promise.

    Attributes:
        kind: how to lay the answer out.
        text: the answer for TEXT (line breaks are meaningful).
        entries: the items for LIST.
        ticks: every item with its state for TICKS.
        commitment: the promise for COMMITMENT.
    """

    kind: AnswerKind
    text: str = ""
    entries: tuple[str, ...] = ()
    ticks: tuple[Tick, ...] = ()
    commitment: Commitment | None = None


class Readable(Protocol):
    """Anything laid out like a :class:`ReadableAnswer` (a summary's ``Item`` is one too)."""

    @property
    def kind(self) -> AnswerKind: ...
    @property
    def text(self) -> str: ...
    @property
    def entries(self) -> tuple[str, ...]: ...
    @property
    def ticks(self) -> tuple[Tick, ...]: ...
    @property
    def commitment(self) -> Commitment | None: ...


def answer_as_text(answer: Readable, *, with_status: bool) -> str:
    """A readable answer as plain text: bullets for lists, ☑/☐ for ticks.

    ``with_status`` says whether a commitment tells if it was kept: a share file does, for the
    counsellor; the reveal screen shows the promise as it was written, with its date below.
    """
    layout = answer.kind
    match layout:
        case AnswerKind.TEXT:
            return answer.text
        case AnswerKind.LIST:
            return "\n".join(f"• {entry}" for entry in answer.entries)
        case AnswerKind.TICKS:
            return "\n".join(f"{'☑' if t.ticked else '☐'} {t.label}" for t in answer.ticks)
        case AnswerKind.COMMITMENT:
            promise = answer.commitment
            if promise is None:
                return answer.text
            if with_status:
                by = tr(" (by {date})").format(date=promise.date) if promise.date else ""
                return f"{promise.text}{by} — {promise.kept}"
            if promise.date:
                return tr("{text}\nBy {date}").format(text=promise.text, date=promise.date)
            return promise.text
        case _:  # pragma: no cover - mypy proves every layout is handled
            assert_never(layout)


def describe_any_value(value: JSONValue) -> ReadableAnswer:
    """A stored value read by its shape alone (its step is gone or no longer fits it)."""
    if isinstance(value, str):
        return ReadableAnswer(AnswerKind.TEXT, text=value)
    if isinstance(value, list):
        return ReadableAnswer(AnswerKind.LIST, entries=tuple(str(v) for v in value))
    if isinstance(value, dict) and "text" in value:
        try:
            return ReadableAnswer(AnswerKind.COMMITMENT, commitment=_commitment(value))
        except TypeError:
            pass
    return ReadableAnswer(AnswerKind.TEXT, text=json.dumps(value, ensure_ascii=False))


def _commitment(value: JSONValue) -> Commitment:
    if not isinstance(value, dict):
        raise TypeError("not a commitment")
    kept = value.get("kept")
    kept_state = kept if isinstance(kept, bool) else None
    labels = {True: tr("Kept"), False: tr("Not kept"), None: tr("Open")}
    return Commitment(
        text=str(value.get("text", "")),
        date=format_date(value.get("date")) or "",
        kept=labels[kept_state],
        kept_state=kept_state,
    )


def _label(options: Iterable[Option], option_id: str, relationship: Relationship | None) -> str:
    for option in options:
        if option.id == option_id:
            return resolve_text(option.label, relationship)
    return option_id


def _string_list(value: JSONValue) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


# ---------------------------------------------------------------------- each kind's parts
def _no_answer(step: ReadingStep, value: JSONValue) -> JSONValue:
    raise InvalidAnswer("a reading step takes no answer")


def _read_reading(step: ReadingStep, value: JSONValue, rel: Relationship | None) -> ReadableAnswer:
    return describe_any_value(value)  # a reading has no answer; show what is there as it is


def _check_text(step: TextStep, value: JSONValue) -> JSONValue:
    if not isinstance(value, str):
        raise InvalidAnswer("a text answer must be a string")
    return value


def _read_text(step: TextStep, value: JSONValue, rel: Relationship | None) -> ReadableAnswer:
    if not isinstance(value, str):
        raise TypeError("not text")
    return ReadableAnswer(AnswerKind.TEXT, text=value)


def _check_scale(step: ScaleStep, value: JSONValue) -> JSONValue:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidAnswer("a scale answer must be a whole number")
    if not step.min <= value <= step.max:
        raise InvalidAnswer(f"a scale answer must be between {step.min} and {step.max}")
    return value


def _read_scale(step: ScaleStep, value: JSONValue, rel: Relationship | None) -> ReadableAnswer:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not a number")
    low, high = resolve_text(step.min_label, rel), resolve_text(step.max_label, rel)
    if step.min == 0:
        wording = tr("{value} of {max} ({low} … {high})")
    else:
        wording = tr("{value} on a scale from {min} to {max} ({low} … {high})")
    text = wording.format(value=value, min=step.min, max=step.max, low=low, high=high)
    return ReadableAnswer(AnswerKind.TEXT, text=text)


def _check_choice(step: ChoiceStep, value: JSONValue) -> JSONValue:
    # A list or an object is refused here, not by the set lookup (unhashable: TypeError).
    if not isinstance(value, str) or value not in {o.id for o in step.options}:
        raise InvalidAnswer("not one of the options")
    return value


def _read_choice(step: ChoiceStep, value: JSONValue, rel: Relationship | None) -> ReadableAnswer:
    return ReadableAnswer(AnswerKind.TEXT, text=_label(step.options, str(value), rel))


def _choice_options(step: ChoiceStep) -> Sequence[Option]:
    return step.options


def _chosen_one(step: ChoiceStep, value: JSONValue) -> frozenset[str]:
    return frozenset({value}) if isinstance(value, str) else frozenset()


def _check_picks(options: Sequence[Option], value: JSONValue) -> JSONValue:
    ids = [o.id for o in options]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidAnswer("expected a list of option ids")
    unknown = [v for v in value if v not in ids]
    if unknown:
        raise InvalidAnswer(f"unknown option(s): {', '.join(unknown)}")
    chosen = [i for i in ids if i in value]  # canonical order, no duplicates
    exclusive = {o.id for o in options if o.exclusive}
    if any(i not in exclusive for i in chosen):
        # "None of these" beside a real answer: the real answer wins, so a concern ticked
        # in an older file is never hidden behind it.
        chosen = [i for i in chosen if i not in exclusive]
    return chosen


def _chosen_many(step: MultiChoiceStep | ChecklistStep, value: JSONValue) -> frozenset[str]:
    if not isinstance(value, list):
        return frozenset()
    return frozenset(v for v in value if isinstance(v, str))


def _multi_options(step: MultiChoiceStep) -> Sequence[Option]:
    return step.options


def _check_multi(step: MultiChoiceStep, value: JSONValue) -> JSONValue:
    return _check_picks(step.options, value)


def _read_multi(
    step: MultiChoiceStep, value: JSONValue, rel: Relationship | None
) -> ReadableAnswer:
    labels = tuple(_label(step.options, str(v), rel) for v in _string_list(value))
    return ReadableAnswer(AnswerKind.LIST, entries=labels)


def _checklist_items(step: ChecklistStep) -> Sequence[Option]:
    return step.items


def _check_checklist(step: ChecklistStep, value: JSONValue) -> JSONValue:
    return _check_picks(step.items, value)


def _read_checklist(
    step: ChecklistStep, value: JSONValue, rel: Relationship | None
) -> ReadableAnswer:
    ticked = _string_list(value)
    ticks = tuple(Tick(resolve_text(item.label, rel), item.id in ticked) for item in step.items)
    return ReadableAnswer(AnswerKind.TICKS, ticks=ticks)


def _check_list(step: ListStep, value: JSONValue) -> JSONValue:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidAnswer("a list answer must be a list of strings")
    return list(value)


def _read_list(step: ListStep, value: JSONValue, rel: Relationship | None) -> ReadableAnswer:
    entries = tuple(str(v) for v in _string_list(value) if str(v).strip())
    return ReadableAnswer(AnswerKind.LIST, entries=entries)


def _check_commitment(step: CommitmentStep, value: JSONValue) -> JSONValue:
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


def _read_commitment(
    step: CommitmentStep, value: JSONValue, rel: Relationship | None
) -> ReadableAnswer:
    return ReadableAnswer(AnswerKind.COMMITMENT, commitment=_commitment(value))


# ---------------------------------------------------------------------- the registry
S = TypeVar("S", bound=AnyStep)


def _no_options(step: AnyStep) -> Sequence[Option]:
    return ()


def _nothing_chosen(step: AnyStep, value: JSONValue) -> frozenset[str]:
    return frozenset()


@dataclass(frozen=True)
class StepKind(Generic[S]):
    """Everything one step kind needs below the window.

    Attributes:
        model: the pydantic model of the step (its ``kind:`` literal names the kind).
        validate: checks an answer's value and returns it normalised; raises InvalidAnswer.
        describe: an answer resolved for reading; raises TypeError, ValueError, KeyError or
            AttributeError when a stored value no longer fits the step (content changed).
        options: the options or items a step offers (none for kinds without options).
        chosen: the option ids an answer picks.
        takes_answer: False for a kind that is only read (it gets no answer and no Next gate).
    """

    model: type[S]
    validate: Callable[[S, JSONValue], JSONValue]
    describe: Callable[[S, JSONValue, Relationship | None], ReadableAnswer]
    options: Callable[[S], Sequence[Option]] = field(default=_no_options)
    chosen: Callable[[S, JSONValue], frozenset[str]] = field(default=_nothing_chosen)
    takes_answer: bool = True

    @property
    def name(self) -> str:
        """The ``kind:`` an exercise file writes."""
        return kind_name(self.model)


# Not annotated: so the type checker infers each entry on its own and proves that its parts
# take its model's steps (an annotation would widen every entry to StepKind[Any]).
_KINDS = (
    StepKind(ReadingStep, _no_answer, _read_reading, takes_answer=False),
    StepKind(TextStep, _check_text, _read_text),
    StepKind(ScaleStep, _check_scale, _read_scale),
    StepKind(ChoiceStep, _check_choice, _read_choice, options=_choice_options, chosen=_chosen_one),
    StepKind(
        MultiChoiceStep, _check_multi, _read_multi, options=_multi_options, chosen=_chosen_many
    ),
    StepKind(
        ChecklistStep,
        _check_checklist,
        _read_checklist,
        options=_checklist_items,
        chosen=_chosen_many,
    ),
    StepKind(ListStep, _check_list, _read_list),
    StepKind(CommitmentStep, _check_commitment, _read_commitment),
)

STEP_REGISTRY: Mapping[str, StepKind[Any]] = {kind.name: kind for kind in _KINDS}
"""Every step kind by name, in the order of :data:`~trustrepair.domain.exercise.AnyStep`."""


def step_kind(step: AnyStep) -> StepKind[Any]:
    """The registry entry of ``step``'s kind."""
    return STEP_REGISTRY[step.kind]


# ---------------------------------------------------------------------- rules over kinds
def validate_value(step: AnyStep, value: JSONValue) -> JSONValue:
    """Check ``value`` fits ``step`` and return it normalised; raise InvalidAnswer otherwise."""
    return step_kind(step).validate(step, value)


def describe_value(
    step: AnyStep, value: JSONValue, relationship: Relationship | None
) -> ReadableAnswer:
    """An answer to ``step`` resolved for reading, with the wording for ``relationship``.

    Raises:
        TypeError, ValueError, KeyError, AttributeError: the value no longer fits the step
            (read it with :func:`describe_any_value` instead).
    """
    return step_kind(step).describe(step, value, relationship)


def takes_answer(step: AnyStep) -> bool:
    """Whether a person answers ``step`` (a reading is only read)."""
    return step_kind(step).takes_answer


def step_options(step: AnyStep) -> Sequence[Option]:
    """The options or items ``step`` offers (empty for kinds without options)."""
    return step_kind(step).options(step)


def raises_concern(exercise: Exercise, answers: Mapping[str, JSONValue]) -> bool:
    """For the safety check: whether any chosen option is marked as a concern."""
    for step in exercise.steps:
        kind = step_kind(step)
        chosen = kind.chosen(step, answers.get(step.id))
        if any(o.concern and o.id in chosen for o in kind.options(step)):
            return True
    return False
