"""The exercise model: what a YAML exercise file must contain.

These pydantic models are frozen and forbid unknown keys, so the same definitions validate
content, document the format (``trustrepair schema``) and serve as immutable domain objects.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from trustrepair.domain.enums import Mode, Model, Relationship, Rhythm, Series, Stage, Track

SLUG = r"^[a-z0-9][a-z0-9-]{0,79}$"
_SLUG_RE = re.compile(SLUG)

Slug = Annotated[str, Field(pattern=SLUG, description="lower-case letters, digits and hyphens")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class TextVariants(_Strict):
    """Wording that differs by relationship; ``default`` is used where no variant is given."""

    default: str = Field(min_length=1)
    romantic: str | None = Field(default=None, min_length=1)
    friendship: str | None = Field(default=None, min_length=1)
    professional: str | None = Field(default=None, min_length=1)


Text = str | TextVariants
"""Either one text for everybody, or a mapping with ``default`` and per-relationship variants."""


def resolve_text(text: Text | None, relationship: Relationship | None = None) -> str:
    """The wording of ``text`` for ``relationship`` (the default when there is no variant)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if relationship is not None:
        variant = getattr(text, relationship.value)
        if variant:
            return str(variant)
    return text.default


class Question(StrEnum):
    """The questions people ask most; exercises say which ones they help answer."""

    CAN_TRUST_BE_REBUILT = "can-trust-be-rebuilt"
    INSECURITY_AND_DOUBT = "insecurity-and-doubt"
    BROKEN_AGAIN_AND_AGAIN = "broken-again-and-again"
    HOW_LONG = "how-long"


class Theme(StrEnum):
    """What a rebuilding exercise practises."""

    CHECK_INS = "check-ins"
    CONSTRUCTIVE_CONFLICT = "constructive-conflict"
    SHARED_VALUES = "shared-values"
    COMMITMENTS = "commitments"
    APPRECIATION = "appreciation"


class Who(StrEnum):
    """In a joint exercise, who a step is addressed to.

    ``hurt`` and ``repairing`` name one person's role; ``both`` is one answer for the pair in
    together mode (each answers privately in parallel mode); ``each`` is one answer per person:
    in together mode each answers in turn on the shared screen, in parallel mode like ``both``.
    """

    HURT = "hurt"
    REPAIRING = "repairing"
    BOTH = "both"
    EACH = "each"


class Condition(_Strict):
    """Show a step only when an earlier answer meets one test: ``{step: pain, at_least: 7}``."""

    step: Slug
    equals: str | int | None = None
    not_equals: str | int | None = None
    at_least: int | None = None
    at_most: int | None = None
    includes: str | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _exactly_one_test(self) -> Condition:
        tests = [
            name
            for name in ("equals", "not_equals", "at_least", "at_most", "includes", "answered")
            if getattr(self, name) is not None
        ]
        if len(tests) != 1:
            raise ValueError(
                "a condition needs exactly one of equals, not_equals, at_least, at_most, "
                f"includes, answered (found {', '.join(tests) or 'none'})"
            )
        return self

    @property
    def test(self) -> tuple[str, Any]:
        """The one test as ``(name, value)``."""
        for name in ("equals", "not_equals", "at_least", "at_most", "includes", "answered"):
            value = getattr(self, name)
            if value is not None:
                return name, value
        raise AssertionError("validated to have one test")  # pragma: no cover


class Option(_Strict):
    """One choice or checklist item."""

    id: Slug
    label: Text
    concern: bool = Field(
        default=False,
        description="safety check only: choosing this raises a concern that gates joint work",
    )
    exclusive: bool = Field(
        default=False,
        description="multi_choice and checklist: a way out such as 'None of these' or 'Not "
        "yet', which cannot be ticked together with any other option",
    )


class QuoteFrom(StrEnum):
    """Which entry a quoted answer comes from."""

    THIS = "this"  # an earlier step of the same time through
    PREVIOUS = "previous"  # the time before: the last earlier entry of this exercise


class Quote(_Strict):
    """An earlier answer shown read-only above a step: ``{step: account, from: previous}``."""

    step: Slug
    from_: QuoteFrom = Field(default=QuoteFrom.THIS, alias="from")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _StepBase(_Strict):
    id: Slug
    title: Text | None = None
    help: Text | None = Field(default=None, description="a few sentences shown on request")
    when: Condition | None = None
    who: Who | None = Field(default=None, description="joint exercises: who answers this step")
    after_reveal: bool = Field(
        default=False,
        description="parallel exercises: done side by side once both have revealed; every "
        "later step must be too",
    )
    optional: bool = False
    quote: Slug | Quote | None = Field(
        default=None,
        description="show an earlier answer read-only above this step: an earlier step's id, "
        "or {step: ID, from: previous} for that step's answer the time before",
    )

    @property
    def quoted(self) -> Quote | None:
        """The answer this step quotes, in its long form."""
        if self.quote is None or isinstance(self.quote, Quote):
            return self.quote
        return Quote(step=self.quote)


class ReadingStep(_StepBase):
    """Text to read; no input."""

    kind: Literal["reading"]
    text: Text


class TextStep(_StepBase):
    """A written answer."""

    kind: Literal["text"]
    prompt: Text
    placeholder: Text | None = None
    multiline: bool = True
    max_chars: int | None = Field(default=None, ge=1, le=200_000)


MAX_SCALE_END = 1_000_000
"""A scale's ends lie within ±1,000,000."""


class ScaleStep(_StepBase):
    """A number on a labelled range."""

    kind: Literal["scale"]
    prompt: Text
    # Bounded well inside 32 bits: the window's slider holds a C int, and a scale past that
    # once crashed the exercise.
    min: int = Field(default=0, ge=-MAX_SCALE_END, le=MAX_SCALE_END)
    max: int = Field(default=10, ge=-MAX_SCALE_END, le=MAX_SCALE_END)
    min_label: Text
    max_label: Text
    series: Series | None = Field(
        default=None,
        description="the measure this rating feeds, followed over time on the Over time screen",
    )

    @model_validator(mode="after")
    def _range(self) -> ScaleStep:
        if not self.min < self.max:
            raise ValueError(f"min ({self.min}) must be less than max ({self.max})")
        if self.max - self.min > 100:
            raise ValueError("a scale may span at most 100 points")
        return self


class _OptionsMixin(_Strict):
    @field_validator("options", "items", check_fields=False)
    @classmethod
    def _unique_option_ids(cls, options: list[Option]) -> list[Option]:
        seen: set[str] = set()
        for option in options:
            if option.id in seen:
                raise ValueError(f"option id {option.id!r} is used twice")
            seen.add(option.id)
        if sum(option.exclusive for option in options) > 1:
            raise ValueError("only one option may be 'exclusive' (the one way out)")
        return options


class ChoiceStep(_StepBase, _OptionsMixin):
    """Pick one option."""

    kind: Literal["choice"]
    prompt: Text
    options: list[Option] = Field(min_length=2, max_length=30)

    @field_validator("options")
    @classmethod
    def _no_exclusive(cls, options: list[Option]) -> list[Option]:
        if any(option.exclusive for option in options):
            raise ValueError(
                "'exclusive' is for multi_choice and checklist; a choice is always one option"
            )
        return options


class MultiChoiceStep(_StepBase, _OptionsMixin):
    """Pick any number of options."""

    kind: Literal["multi_choice"]
    prompt: Text
    options: list[Option] = Field(min_length=2, max_length=40)


class ChecklistStep(_StepBase, _OptionsMixin):
    """Tick the items that are done or true."""

    kind: Literal["checklist"]
    prompt: Text
    items: list[Option] = Field(min_length=1, max_length=40)


class ListStep(_StepBase):
    """A growing list of short items, e.g. amends or boundaries."""

    kind: Literal["list"]
    prompt: Text
    item_label: Text = "Item"
    min_items: int = Field(default=0, ge=0, le=50)
    suggestions: list[Text] = Field(default_factory=list, max_length=30)


class CommitmentStep(_StepBase):
    """A promise, with an optional date by which to keep it."""

    kind: Literal["commitment"]
    prompt: Text
    placeholder: Text | None = None
    with_date: bool = True
    default_days: int | None = Field(
        default=None,
        ge=1,
        le=366,
        description="a promise that asks 'by when?': offer a date this many days ahead, "
        "already chosen (the person can change or clear it)",
    )


AnyStep = (
    ReadingStep
    | TextStep
    | ScaleStep
    | ChoiceStep
    | MultiChoiceStep
    | ChecklistStep
    | ListStep
    | CommitmentStep
)
"""Every step kind's model: the one list of kinds (``Step``, ``STEP_MODELS`` and ``STEP_KINDS``
are derived from it). A new kind also needs its entry in :mod:`trustrepair.domain.step_kinds`
and its widget in ``trustrepair/ui/widgets/steps.py``; tests check that none is missing."""

Step = Annotated[AnyStep, Field(discriminator="kind")]
"""A step as an exercise file holds it: the model is chosen by its ``kind``."""


def kind_name(model: type[_StepBase]) -> str:
    """The ``kind:`` an exercise file writes for a step model (``ScaleStep`` → ``"scale"``)."""
    (name,) = get_args(model.model_fields["kind"].annotation)
    return str(name)


STEP_MODELS: tuple[type[AnyStep], ...] = get_args(AnyStep)
"""The step models, in the order of :data:`AnyStep`."""

STEP_KINDS: tuple[str, ...] = tuple(kind_name(model) for model in STEP_MODELS)
"""Every step kind's name, in the order of :data:`AnyStep` (for messages and docs)."""


class Repeat(_Strict):
    """An exercise meant to be gone through again: each time is a new dated entry."""

    rhythm: Rhythm = Field(description="how often: daily, weekly, fortnightly, monthly or any")
    prefill: list[Slug] = Field(
        default_factory=list,
        max_length=50,
        description="steps whose last answer is filled in again when starting anew",
    )


class Exercise(_Strict):
    """One exercise: metadata, an introduction and its steps."""

    id: Slug
    title: str = Field(min_length=1, max_length=120)
    stage: Stage
    tracks: list[Track] = Field(min_length=1)
    relationships: list[Relationship] = Field(min_length=1)
    mode: Mode
    minutes: int = Field(ge=1, le=240)
    models: list[Model] = Field(min_length=1)
    summary: str = Field(min_length=1, max_length=300, description="one line for lists")
    intro: Text
    steps: list[Step] = Field(min_length=1, max_length=200)
    safety: Text | None = Field(default=None, description="a safety note shown before starting")
    finish: Text | None = Field(default=None, description="shown on the finish screen")
    questions: list[Question] = Field(default_factory=list)
    theme: Theme | None = None
    order: int = Field(default=100, ge=0, le=10_000, description="sort order within its stage")
    safety_check: bool = Field(
        default=False, description="true only for the private safety check that gates joint work"
    )
    repeat: Repeat | None = Field(
        default=None,
        description="gone through again and again, each time a new dated entry (without it, "
        "going through it again edits the same answers)",
    )

    @model_validator(mode="after")
    def _cross_checks(self) -> Exercise:
        seen: list[str] = []
        revealed = False
        for step in self.steps:
            if step.id in seen:
                raise ValueError(f"step id {step.id!r} is used twice in this exercise")
            if step.when is not None and step.when.step not in seen:
                raise ValueError(
                    f"step {step.id!r}: its condition refers to {step.when.step!r}, "
                    "which is not an earlier step"
                )
            if step.who is not None and not self.mode.is_joint:
                raise ValueError(f"step {step.id!r}: 'who' is only for parallel or together mode")
            if step.who is Who.EACH and isinstance(step, ReadingStep):
                raise ValueError(
                    f"step {step.id!r}: a reading has no answer, so it cannot be 'each' "
                    "(use 'both')"
                )
            if step.after_reveal and self.mode is not Mode.PARALLEL:
                raise ValueError(f"step {step.id!r}: 'after_reveal' is only for parallel mode")
            if revealed and not step.after_reveal:
                raise ValueError(
                    f"step {step.id!r}: it follows an 'after_reveal' step, so it needs "
                    "'after_reveal: true' too"
                )
            revealed = revealed or step.after_reveal
            self._check_quote(step, seen)
            seen.append(step.id)
        if len(set(self.tracks)) != len(self.tracks):
            raise ValueError("tracks lists the same track twice")
        if len(set(self.relationships)) != len(self.relationships):
            raise ValueError("relationships lists the same kind twice")
        if self.theme is not None and self.stage is not Stage.REBUILDING:
            raise ValueError("theme is only for exercises in the rebuilding stage")
        if self.safety_check and self.mode is not Mode.SOLO:
            raise ValueError("the safety check is done alone: its mode must be solo")
        if self.steps and all(step.after_reveal for step in self.steps):
            raise ValueError("at least one step must come before the reveal")
        self._check_repeat()
        return self

    def _check_quote(self, step: AnyStep, earlier: list[str]) -> None:
        quote = step.quoted
        if quote is None:
            return
        ids = [s.id for s in self.steps]
        if quote.from_ is QuoteFrom.THIS and quote.step not in earlier:
            raise ValueError(
                f"step {step.id!r}: it quotes {quote.step!r}, which is not an earlier step"
            )
        if quote.step not in ids:
            raise ValueError(f"step {step.id!r}: it quotes {quote.step!r}, which is no step here")
        if isinstance(self.step(quote.step), ReadingStep):
            raise ValueError(f"step {step.id!r}: {quote.step!r} is a reading, with no answer")
        if quote.from_ is QuoteFrom.PREVIOUS and self.repeat is None:
            raise ValueError(
                f"step {step.id!r}: quoting the time before needs 'repeat' (only a repeatable "
                "exercise has a time before)"
            )

    def _check_repeat(self) -> None:
        if self.repeat is None:
            return
        ids = {s.id: s for s in self.steps}
        for step_id in self.repeat.prefill:
            if step_id not in ids:
                raise ValueError(f"repeat.prefill names {step_id!r}, which is no step here")
            if isinstance(ids[step_id], ReadingStep):
                raise ValueError(f"repeat.prefill names {step_id!r}, a reading with no answer")
        if len(set(self.repeat.prefill)) != len(self.repeat.prefill):
            raise ValueError("repeat.prefill names the same step twice")
        if self.safety_check and self.repeat.prefill:
            raise ValueError(
                "the safety check is answered afresh every time: it cannot prefill answers"
            )

    @property
    def repeatable(self) -> bool:
        """Whether going through it again makes a new dated entry."""
        return self.repeat is not None

    def series_steps(self) -> list[ScaleStep]:
        """The rating steps that feed a series, in order."""
        return [s for s in self.steps if isinstance(s, ScaleStep) and s.series is not None]

    def step(self, step_id: str) -> AnyStep:
        """The step with this id (KeyError if there is none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def fits(self, track: Track, relationship: Relationship) -> bool:
        """Whether this exercise is offered to a person on ``track`` in ``relationship``."""
        return track in self.tracks and relationship in self.relationships
