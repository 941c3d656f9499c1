"""Summary kinds, declared once: everything a kind of summary needs.

Each :class:`SummaryKind` in :data:`SUMMARY_KINDS` names the kind (the CLI's ``--kind``), says
how the Summary dialog and ``--help`` offer it, gives the document its title, subtitle and
notice, names its template, says what it may draw on (:class:`DrawsOn`: each audience is its own
field, and none implies another), which answered steps it may hold, and finishes its own
context. :class:`trustrepair.services.summary.SummaryService` applies these rules and knows no
kind by name; the dialog and the CLI list :data:`SUMMARY_KINDS`.

A new kind is an entry here, its template in ``resources/templates/`` and, when it lays answers
out its own way, its context builder beside the entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from trustrepair.domain.enums import Stage
from trustrepair.domain.exercise import AnyStep, CommitmentStep, Exercise, ListStep, TextStep
from trustrepair.i18n import N_, Marked, translated
from trustrepair.reports.context import (
    Agreement,
    AgreementEntry,
    AnswerKind,
    StageSection,
    SummaryContext,
)


@dataclass(frozen=True)
class DrawsOn:
    """What a kind of summary may hold beyond the answers a person marked as shared.

    Every field is off unless a kind turns it on, so a new kind holds only shared answers.

    Attributes:
        private_answers: answers not marked as shared.
        safety_check: the private safety check (never shared with anyone else).
        description: the profile's private description of what happened.
        former_exercises: answers to exercises no longer in the library, kept in full.
        made_together: in exercises for two, what the pair both saw instead of shared answers:
            each person's revealed answers, attributed, and what they wrote together — the
            same from either person's vault (a kind with it holds nothing private and nothing
            merely shared).
        progress: every exercise worked on, with how far the person got, even when nothing in
            it is shared.
        over_time: the ratings over time, promises kept and missed and appreciations per
            week, as charts with their tables (from the answers the kind may hold).
        promise_ledger: the promises the kind may hold, with where each stands.
        earlier_entries: every earlier time through a repeatable exercise (all its answers).
    """

    private_answers: bool = False
    safety_check: bool = False
    description: bool = False
    former_exercises: bool = False
    made_together: bool = False
    progress: bool = False
    over_time: bool = False
    promise_ledger: bool = False
    earlier_entries: bool = False


def _every_step(exercise: Exercise, step: AnyStep) -> bool:
    return True


def _as_sections(context: SummaryContext) -> SummaryContext:
    return context


@dataclass(frozen=True)
class SummaryKind:
    """One kind of summary. Its strings are in English; they pass through ``tr`` where shown.

    Attributes:
        name: the kind's name (``--kind NAME``, the dialog's choice, file names).
        label: how the Summary dialog's Kind box offers it.
        includes: one sentence under that box saying what it holds.
        brief: a few words for the CLI's ``--kind`` help.
        title: the document's title.
        subtitle: one line under the title saying what the document holds.
        notice: the plain note that this copy is private and not therapy.
        template: its page template in ``resources/templates/``.
        draws_on: what it may hold beyond shared answers.
        holds: which answered steps of an exercise it may hold.
        build: finishes the context (a kind that lays answers out its own way does it here).
        printable_when_empty: it can be printed with nothing in it (to fill in by hand).
    """

    name: str
    label: Marked
    includes: Marked
    brief: Marked
    title: Marked
    subtitle: Marked
    notice: Marked
    template: str
    draws_on: DrawsOn = field(default_factory=DrawsOn)
    holds: Callable[[Exercise, AnyStep], bool] = _every_step
    build: Callable[[SummaryContext], SummaryContext] = _as_sections
    printable_when_empty: bool = False


# ---------------------------------------------------------------------- the agreement
def _agreement_part(exercise: Exercise, step: AnyStep) -> str | None:
    """Which part of an agreement a step feeds, if any."""
    if isinstance(step, CommitmentStep):
        return "commitments"
    if exercise.stage is Stage.AMENDS and isinstance(step, ListStep):
        return "amends"
    if exercise.stage is Stage.BOUNDARIES and isinstance(step, ListStep | TextStep):
        return "boundaries"
    return None


def _feeds_agreement(exercise: Exercise, step: AnyStep) -> bool:
    """Commitments (any stage), the amends plan and the boundaries."""
    return _agreement_part(exercise, step) is not None


def _agreement(sections: tuple[StageSection, ...], signers: tuple[str, ...]) -> Agreement:
    parts: dict[str, list[AgreementEntry]] = {"commitments": [], "amends": [], "boundaries": []}
    for section in sections:
        for ex in section.exercises:
            for item in ex.items:
                if item.kind is AnswerKind.COMMITMENT:
                    part = "commitments"
                elif section.stage is Stage.AMENDS:
                    part = "amends"
                else:
                    part = "boundaries"
                parts[part].append(AgreementEntry(ex.title, item))
    return Agreement(
        tuple(parts["commitments"]), tuple(parts["amends"]), tuple(parts["boundaries"]), signers
    )


def _as_agreement(context: SummaryContext) -> SummaryContext:
    """The chosen answers gathered into the agreement's three parts."""
    signers = context.pair or (context.profile_name,)
    return replace(context, sections=(), agreement=_agreement(context.sections, signers))


# ---------------------------------------------------------------------- the registry
_KINDS = (
    SummaryKind(
        name="me",
        label=N_("Everything I wrote (for me)"),
        includes=N_("All your answers, including private ones and the safety check."),
        brief=N_("everything I wrote"),
        title=N_("My summary"),
        subtitle=N_("Everything I wrote, by stage and exercise."),
        notice=N_(
            "This is your private copy. Paper and saved files are not encrypted: keep it "
            "somewhere safe, and shred or delete it when you no longer need it. trustrepair is a "
            "self-help tool, not therapy."
        ),
        template="me.html",
        draws_on=DrawsOn(
            private_answers=True,
            safety_check=True,
            description=True,
            former_exercises=True,
            over_time=True,
            promise_ledger=True,
            earlier_entries=True,
        ),
    ),
    SummaryKind(
        name="us",
        label=N_("What I chose to share (for us)"),
        includes=N_("Only answers you marked as shared. Never the safety check."),
        brief=N_("only what I shared"),
        title=N_("What I want to share"),
        subtitle=N_("Only the answers I chose to share."),
        notice=N_(
            "These are answers I chose to share. Read them at your own pace; nobody has to "
            "agree, forgive or decide anything because of them. trustrepair is a self-help tool, "
            "not therapy."
        ),
        template="us.html",
        draws_on=DrawsOn(over_time=True, promise_ledger=True),
    ),
    SummaryKind(
        name="counsellor",
        label=N_("Chosen exercises, for my counsellor"),
        includes=N_(
            "Only the exercises you tick, with how far you got, and the answers you "
            "marked as shared."
        ),
        brief=N_("chosen exercises with status"),
        title=N_("Summary for my counsellor"),
        subtitle=N_(
            "The exercises I chose to bring, with how far I got and what I chose to share."
        ),
        notice=N_(
            "Shared by choice with a counsellor. It holds only the exercises and answers I "
            "chose. trustrepair is a self-help tool, not therapy."
        ),
        template="counsellor.html",
        draws_on=DrawsOn(progress=True, over_time=True, promise_ledger=True),
    ),
    SummaryKind(
        name="agreement",
        label=N_("Our agreement, to sign"),
        includes=N_(
            "What you agreed in exercises for two — both people's commitments, wishes "
            "and agreed items, each with its author — and both names to sign. The same document "
            "from either profile. Without work for two: your shared commitments, amends and "
            "boundaries."
        ),
        brief=N_("commitments, amends and boundaries to sign"),
        title=N_("Our agreement"),
        subtitle=N_(
            "What has been promised, the plan for making amends, and the boundaries we keep."
        ),
        notice=N_(
            "An agreement can be changed or ended by talking it through; signing it is a "
            "choice, never an obligation. trustrepair is a self-help tool, not therapy."
        ),
        template="agreement.html",
        draws_on=DrawsOn(made_together=True),
        holds=_feeds_agreement,
        build=_as_agreement,
        printable_when_empty=True,
    ),
)

SUMMARY_KINDS: Mapping[str, SummaryKind] = {kind.name: kind for kind in _KINDS}
"""Every kind of summary by name, in the order the dialog and ``--help`` offer them."""

SUMMARY_KIND_NAMES: tuple[str, ...] = tuple(SUMMARY_KINDS)
"""The names ``--kind`` accepts."""


def summary_kinds_help() -> str:
    """What each kind holds, in one line for ``--kind``'s help."""
    return "; ".join(f"{k.name}: {translated(k.brief)}" for k in SUMMARY_KINDS.values()) + "."
