"""Typed contexts for the summary templates: what a template may show, and nothing more.

The builder (:mod:`trustrepair.services.summary`) decides *what* goes on paper for each kind,
following the kind's rules in :mod:`trustrepair.reports.kinds`; these frozen dataclasses only
carry the result. Every string in a
context is plain text: templates escape it, never interpret it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from markupsafe import Markup

from trustrepair.domain.enums import Stage
from trustrepair.domain.step_kinds import AnswerKind, Commitment, Tick

__all__ = [
    "Agreement",
    "AgreementEntry",
    "AnswerKind",
    "Commitment",
    "ExerciseSection",
    "Item",
    "Paper",
    "StageSection",
    "SummaryContext",
    "Tick",
]


class Paper(StrEnum):
    """Paper sizes a summary can be laid out for."""

    A4 = "a4"
    LETTER = "letter"


@dataclass(frozen=True)
class Item:
    """One answered step, resolved into readable text (laid out as its step kind reads it).

    Attributes:
        key: ``"exercise_id/step_id"``, stable across builds (used to leave items out).
        heading: the step's title, or "" when it has none.
        prompt: the question as the person saw it (for their relationship).
        kind: how to lay the answer out.
        text: the answer for TEXT (line breaks are meaningful).
        entries: the items for LIST.
        ticks: every item with its state for TICKS.
        commitment: the promise for COMMITMENT.
        updated: when the answer was last changed, formatted for reading.
        shared: whether the person marked this answer as shared.
    """

    key: str
    heading: str
    prompt: str
    kind: AnswerKind
    text: str = ""
    entries: tuple[str, ...] = ()
    ticks: tuple[Tick, ...] = ()
    commitment: Commitment | None = None
    updated: str = ""
    shared: bool = False
    author: str = ""
    """Who wrote it, in a document two people share (the agreement made together): a name,
    or both names for what they wrote together; "" = the person whose summary it is."""


@dataclass(frozen=True)
class ExerciseSection:
    """One exercise with the answers that belong in this summary."""

    id: str
    title: str
    status: str  # "Completed", "In progress" or "Not started" (translated)
    status_date: str  # completed or last worked on, formatted; "" when unknown
    items: tuple[Item, ...]
    private_check: bool = False  # the private safety check (only ever in ``me``)


@dataclass(frozen=True)
class StageSection:
    """One stage of the path with its exercises."""

    stage: Stage | None  # None: answers to exercises no longer in the library
    title: str
    blurb: str
    exercises: tuple[ExerciseSection, ...]


@dataclass(frozen=True)
class AgreementEntry:
    """One line of the agreement, with the exercise it came from."""

    source: str  # exercise title
    item: Item


@dataclass(frozen=True)
class Agreement:
    """The parts of an agreement document."""

    commitments: tuple[AgreementEntry, ...]
    amends: tuple[AgreementEntry, ...]
    boundaries: tuple[AgreementEntry, ...]
    signers: tuple[str, ...] = ()
    """The names on the signature lines, in order (one name leaves the second line blank)."""

    @property
    def empty(self) -> bool:
        """Whether there is nothing to put in the agreement."""
        return not (self.commitments or self.amends or self.boundaries)


@dataclass(frozen=True)
class ChartSection:
    """One chart with the plain table beside it (the table holds every number drawn).

    ``svg`` is drawn by browsers; Qt's engine (PDF) gets ``<img src="trustrepair-chart:…">``
    with ``token``, which the printer paints as vector lines and text.
    """

    title: str
    description: str
    svg: Markup
    token: str
    width: float
    height: float
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class LedgerRow:
    """One promise in the ledger."""

    text: str
    source: str
    due: str
    status: str
    changed: str
    note: str


@dataclass(frozen=True)
class LedgerSection:
    """The promise ledger: counts by status, and every promise."""

    counts: tuple[tuple[str, int], ...]
    rows: tuple[LedgerRow, ...]


@dataclass(frozen=True)
class EarlierLine:
    """One answer of an earlier time through an exercise, as plain text."""

    prompt: str
    text: str


@dataclass(frozen=True)
class EarlierEntry:
    """An earlier time through a repeatable exercise (``me`` only)."""

    title: str
    started: str
    finished: bool
    lines: tuple[EarlierLine, ...]


@dataclass(frozen=True)
class SummaryContext:
    """Everything a summary template receives (as ``ctx``).

    Attributes:
        kind: the name of the summary's kind (its entry in ``reports.kinds`` names the template).
        title: the document title.
        subtitle: one line under the title saying what the document holds.
        generated: the date the summary was made, formatted for reading.
        profile_name: the person's profile name.
        relationship: who the other person is, in words ("A partner").
        description: the profile's private description (only ever filled for ``me``).
        paper: the paper size the document is laid out for.
        sections: stages, exercises and answers (``me``, ``us``, ``counsellor``): each
            exercise's newest time through.
        agreement: the agreement parts (``agreement`` only).
        notice: the plain note that this paper copy is private and not therapy.
        for_qt: True when the HTML is for Qt's rich-text engine (PDF), False for browsers.
    """

    kind: str
    title: str
    subtitle: str
    generated: str
    profile_name: str
    relationship: str
    paper: Paper
    notice: str
    description: str = ""
    sections: tuple[StageSection, ...] = ()
    agreement: Agreement | None = None
    for_qt: bool = False
    left_out: int = 0  # how many answers the person chose to leave out
    pair: tuple[str, ...] = ()
    """Both names, in order, when the document is one two people made together (else empty:
    it is the person's own)."""
    charts: tuple[ChartSection, ...] = ()
    """Over time: ratings as lines, promises and appreciations per week (with tables)."""
    ledger: LedgerSection | None = None
    """Every promise the summary may hold, with where it stands."""
    earlier: tuple[EarlierEntry, ...] = ()
    """Earlier times through repeatable exercises, newest first (``me`` only)."""

    @property
    def empty(self) -> bool:
        """Whether the summary holds no answers at all."""
        if self.agreement is not None:
            return self.agreement.empty
        return not any(ex.items for s in self.sections for ex in s.exercises)

    @property
    def item_count(self) -> int:
        """How many answers the summary shows."""
        if self.agreement is not None:
            a = self.agreement
            return len(a.commitments) + len(a.amends) + len(a.boundaries)
        return sum(len(ex.items) for s in self.sections for ex in s.exercises)
