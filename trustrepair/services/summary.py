"""Printable summaries: which answers go on paper for whom, resolved into readable text.

The privacy rules live here, in one place:

* ``me`` holds everything the person wrote, including the private safety check and the
  profile's private description.
* Every other kind (``us``, ``counsellor``, ``agreement``) holds only answers the person
  marked as shared, never the safety check, never the profile description.
  (When partners exist, ``us`` will further narrow to what both revealed.)
* ``counsellor`` lists only the exercises chosen, each with its completion status.
* ``agreement`` holds commitments (any stage), the amends plan (list steps in the amends
  stage) and boundaries (list and text steps in the boundaries stage).

The person can also leave out single answers (by :attr:`Item.key`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from trustrepair.content.library import Library
from trustrepair.domain.answers import (
    Answer,
    PartnerAnswer,
    Progress,
    Status,
    is_answered,
    visible_steps,
)
from trustrepair.domain.dates import format_date, format_day
from trustrepair.domain.enums import (
    RELATIONSHIP_TITLES,
    STAGE_BLURBS,
    STAGE_TITLES,
    Relationship,
    Stage,
)
from trustrepair.domain.exercise import (
    AnyStep,
    CommitmentStep,
    Exercise,
    ListStep,
    TextStep,
    resolve_text,
)
from trustrepair.domain.step_kinds import (
    ReadableAnswer,
    describe_any_value,
    describe_value,
    takes_answer,
)
from trustrepair.errors import StorageError
from trustrepair.files import write_atomic
from trustrepair.i18n import tr
from trustrepair.reports.context import (
    Agreement,
    AgreementEntry,
    AnswerKind,
    ExerciseSection,
    Item,
    Paper,
    ReportKind,
    StageSection,
    SummaryContext,
)
from trustrepair.reports.environment import render_html
from trustrepair.storage.store import VaultStore

log = logging.getLogger(__name__)

TITLES: dict[ReportKind, tuple[str, str]] = {
    ReportKind.ME: ("My summary", "Everything I wrote, by stage and exercise."),
    ReportKind.US: (
        "What I want to share",
        "Only the answers I chose to share, and what we both revealed in exercises for two.",
    ),
    ReportKind.COUNSELLOR: (
        "Summary for my counsellor",
        "The exercises I chose to bring, with how far I got and what I chose to share.",
    ),
    ReportKind.AGREEMENT: (
        "Our agreement",
        "What has been promised, the plan for making amends, and the boundaries we keep.",
    ),
}

NOTICES: dict[ReportKind, str] = {
    ReportKind.ME: (
        "This is your private copy. Paper and saved files are not encrypted: keep it somewhere "
        "safe, and shred or delete it when you no longer need it. trustrepair is a self-help "
        "tool, not therapy."
    ),
    ReportKind.US: (
        "These are answers I chose to share. Read them at your own pace; nobody has to agree, "
        "forgive or decide anything because of them. trustrepair is a self-help tool, not therapy."
    ),
    ReportKind.COUNSELLOR: (
        "Shared by choice with a counsellor. It holds only the exercises and answers I chose. "
        "trustrepair is a self-help tool, not therapy."
    ),
    ReportKind.AGREEMENT: (
        "An agreement can be changed or ended by talking it through; signing it is a choice, "
        "never an obligation. trustrepair is a self-help tool, not therapy."
    ),
}

STATUS_LABELS: dict[Status, str] = {
    Status.COMPLETED: "Completed",
    Status.IN_PROGRESS: "In progress",
    Status.NOT_STARTED: "Not started",
}


@dataclass(frozen=True)
class SummaryRequest:
    """What the person chose: the kind, paper, and which stages, exercises and answers.

    Attributes:
        kind: who the summary is for.
        paper: A4 or Letter.
        stages: only these stages (None: every stage).
        exercise_ids: only these exercises (None: every exercise with something to show).
        leave_out: item keys (``"exercise_id/step_id"``) to leave out.
        today: the date printed on the summary (None: today).
    """

    kind: ReportKind
    paper: Paper = Paper.A4
    stages: frozenset[Stage] | None = None
    exercise_ids: frozenset[str] | None = None
    leave_out: frozenset[str] = field(default_factory=frozenset)
    today: date | None = None


def save_text_file(path: Path, text: str) -> None:
    """Write the whole file or nothing, readable by this user only (mode 0600).

    Raises:
        StorageError: the file could not be written.
    """
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise StorageError(
            tr("Could not save the summary to {path}: {reason}").format(
                path=path, reason=exc.strerror
            )
        ) from exc


def item_key(exercise_id: str, step_id: str) -> str:
    """The stable key of one answer (used to leave it out)."""
    return f"{exercise_id}/{step_id}"


class SummaryService:
    """Builds summary contexts for one vault (Qt-free; the window and the CLI share it)."""

    def __init__(self, store: VaultStore, library: Library) -> None:
        self.store = store
        self.library = library

    # ------------------------------------------------------------------ public
    def outline(self, kind: ReportKind) -> tuple[StageSection, ...]:
        """Every stage, exercise and answer that *may* appear in ``kind`` (before choices)."""
        profile = self.store.get_profile()
        relationship = profile.relationship if profile else None
        answers = self._answers_by_exercise()
        partners = self._partner_answers() if kind is ReportKind.US else {}
        progress = self.store.all_progress()
        sections: list[StageSection] = []
        for stage, exercises in self.library.by_stage().items():
            entries = []
            for exercise in exercises:
                if exercise.safety_check and kind is not ReportKind.ME:
                    continue
                saved = answers.get(exercise.id, {})
                items = self._items(exercise, saved, kind, relationship)
                if exercise.id in partners:
                    items = _with_partner_items(
                        exercise, items, partners[exercise.id], relationship
                    )
                started = exercise.id in progress or bool(saved)
                if not items and not (kind is ReportKind.COUNSELLOR and started):
                    continue
                last = max((a.updated_at for a in saved.values()), default="")
                entries.append(
                    self._exercise_section(exercise, items, progress.get(exercise.id), last)
                )
            if entries:
                sections.append(
                    StageSection(
                        stage, tr(STAGE_TITLES[stage]), tr(STAGE_BLURBS[stage]), tuple(entries)
                    )
                )
        if kind is ReportKind.ME:
            orphans = self._orphan_section(answers)
            if orphans is not None:
                sections.append(orphans)
        return tuple(sections)

    def build(self, request: SummaryRequest) -> SummaryContext:
        """The context for one summary, with the person's choices applied."""
        profile = self.store.get_profile()
        sections, left_out = self._chosen(self.outline(request.kind), request)
        title, subtitle = TITLES[request.kind]
        relationship = profile.relationship if profile else Relationship.ROMANTIC
        context = SummaryContext(
            kind=request.kind,
            title=tr(title),
            subtitle=tr(subtitle),
            generated=format_day(request.today or date.today()),
            profile_name=profile.name if profile else "",
            relationship=tr(RELATIONSHIP_TITLES[relationship]),
            paper=request.paper,
            notice=tr(NOTICES[request.kind]),
            description=(profile.description if profile and request.kind is ReportKind.ME else ""),
            sections=sections,
            left_out=left_out,
        )
        if request.kind is ReportKind.AGREEMENT:
            context = replace(context, sections=(), agreement=_agreement(sections))
        return context

    def render_html(self, request: SummaryRequest, *, for_qt: bool = False) -> str:
        """Build and render a summary as standalone HTML."""
        return render_html(replace(self.build(request), for_qt=for_qt))

    def save_html(self, request: SummaryRequest, path: Path) -> None:
        """Render a summary and save it as a standalone HTML file (not encrypted)."""
        save_text_file(path, self.render_html(request))

    # ------------------------------------------------------------------ choosing
    def _chosen(
        self, outline: tuple[StageSection, ...], request: SummaryRequest
    ) -> tuple[tuple[StageSection, ...], int]:
        left_out = 0
        sections: list[StageSection] = []
        for section in outline:
            if request.stages is not None and section.stage not in request.stages:
                continue
            exercises = []
            for ex in section.exercises:
                if request.exercise_ids is not None and ex.id not in request.exercise_ids:
                    continue
                kept = tuple(i for i in ex.items if i.key not in request.leave_out)
                left_out += len(ex.items) - len(kept)
                if not kept and request.kind is not ReportKind.COUNSELLOR:
                    continue
                exercises.append(replace(ex, items=kept))
            if exercises:
                sections.append(replace(section, exercises=tuple(exercises)))
        return tuple(sections), left_out

    # ------------------------------------------------------------------ building
    def _answers_by_exercise(self) -> dict[str, dict[str, Answer]]:
        grouped: dict[str, dict[str, Answer]] = {}
        for answer in self.store.all_answers():
            grouped.setdefault(answer.exercise_id, {})[answer.step_id] = answer
        return grouped

    def _partner_answers(self) -> dict[str, list[PartnerAnswer]]:
        """What partners revealed in exercises for two, by exercise (for ``us`` only)."""
        grouped: dict[str, list[PartnerAnswer]] = {}
        for answer in self.store.all_partner_answers():
            grouped.setdefault(answer.exercise_id, []).append(answer)
        return grouped

    def _items(
        self,
        exercise: Exercise,
        saved: dict[str, Answer],
        kind: ReportKind,
        relationship: Relationship | None,
    ) -> tuple[Item, ...]:
        values = {k: a.value for k, a in saved.items()}
        items = []
        for step in visible_steps(exercise, values):
            answer = saved.get(step.id)
            if not takes_answer(step) or answer is None or not is_answered(answer.value):
                continue
            if kind is not ReportKind.ME and not answer.shared:
                continue
            if kind is ReportKind.AGREEMENT and _agreement_part(exercise, step) is None:
                continue
            items.append(describe_answer(exercise, step, answer, relationship))
        return tuple(items)

    def _exercise_section(
        self,
        exercise: Exercise,
        items: tuple[Item, ...],
        progress: Progress | None,
        last_answer: str,
    ) -> ExerciseSection:
        if progress is not None:
            status = progress.status
        else:
            status = Status.IN_PROGRESS if last_answer else Status.NOT_STARTED
        if progress is None:
            stamp = format_date(last_answer)
        elif status is Status.COMPLETED:
            stamp = format_date(progress.completed_at or progress.updated_at)
        else:
            stamp = format_date(progress.updated_at)
        return ExerciseSection(
            id=exercise.id,
            title=exercise.title,
            status=tr(STATUS_LABELS[status]),
            status_date=stamp,
            items=items,
            private_check=exercise.safety_check,
        )

    def _orphan_section(self, answers: dict[str, dict[str, Answer]]) -> StageSection | None:
        """Answers to exercises no longer in the library: kept on paper, never lost."""
        exercises = []
        for exercise_id in sorted(answers):
            if self.library.get(exercise_id) is not None:
                continue
            items = tuple(
                _generic_item(exercise_id, a)
                for a in answers[exercise_id].values()
                if is_answered(a.value)
            )
            if items:
                exercises.append(
                    ExerciseSection(
                        exercise_id, exercise_id, tr("No longer in the library"), "", items
                    )
                )
        if not exercises:
            return None
        return StageSection(
            None,
            tr("Other answers"),
            tr("Answers to exercises that are no longer in the library, kept here in full."),
            tuple(exercises),
        )


def _with_partner_items(
    exercise: Exercise,
    own: tuple[Item, ...],
    revealed: list[PartnerAnswer],
    relationship: Relationship | None,
) -> tuple[Item, ...]:
    """The person's shared items with each partner's revealed answer after the same step.

    Only what both revealed reaches ``partner_answers``, so nothing private is added; each item
    is labelled with the partner's name and never read as the person's own words.
    """
    by_step: dict[str, list[Item]] = {}
    for answer in revealed:
        try:
            step = exercise.step(answer.step_id)
        except KeyError:
            continue
        if not takes_answer(step) or not is_answered(answer.value):
            continue
        own_shape = Answer(exercise.id, answer.step_id, answer.value, True, answer.revealed_at)
        item = describe_answer(exercise, step, own_shape, relationship)
        key = f"{item_key(exercise.id, answer.step_id)}/partner:{answer.partner_name}"
        by_step.setdefault(answer.step_id, []).append(
            replace(item, key=key, author=answer.partner_name)
        )
    if not by_step:
        return own
    mine = {item.key: item for item in own}
    items: list[Item] = []
    for step in exercise.steps:
        own_item = mine.pop(item_key(exercise.id, step.id), None)
        if own_item is not None:
            items.append(own_item)
        items.extend(by_step.get(step.id, []))
    items.extend(mine.values())
    return tuple(items)


# ---------------------------------------------------------------------- answers as text
def describe_answer(
    exercise: Exercise, step: AnyStep, answer: Answer, relationship: Relationship | None
) -> Item:
    """One answer resolved for reading: option labels, scale wording, ticks, commitments."""
    value = answer.value
    base = Item(
        key=item_key(exercise.id, step.id),
        heading=resolve_text(step.title, relationship),
        prompt=resolve_text(getattr(step, "prompt", None), relationship),
        kind=AnswerKind.TEXT,
        updated=format_date(answer.updated_at),
        shared=answer.shared,
    )
    try:
        readable = describe_value(step, value, relationship)
    except (TypeError, ValueError, KeyError, AttributeError):
        # A stored value that no longer fits its step (content changed): show it as it is.
        log.info("an answer in %s no longer fits its step kind %s", exercise.id, step.kind)
        readable = describe_any_value(value)
    return _with_answer(base, readable)


def _with_answer(base: Item, answer: ReadableAnswer) -> Item:
    return replace(
        base,
        kind=answer.kind,
        text=answer.text,
        entries=answer.entries,
        ticks=answer.ticks,
        commitment=answer.commitment,
    )


def _generic_item(exercise_id: str, answer: Answer) -> Item:
    base = Item(
        key=item_key(exercise_id, answer.step_id),
        heading=answer.step_id,
        prompt="",
        kind=AnswerKind.TEXT,
        updated=format_date(answer.updated_at),
        shared=answer.shared,
    )
    return _with_answer(base, describe_any_value(answer.value))


# ---------------------------------------------------------------------- agreement
def _agreement_part(exercise: Exercise, step: AnyStep) -> str | None:
    """Which part of an agreement a step feeds, if any."""
    if isinstance(step, CommitmentStep):
        return "commitments"
    if exercise.stage is Stage.AMENDS and isinstance(step, ListStep):
        return "amends"
    if exercise.stage is Stage.BOUNDARIES and isinstance(step, ListStep | TextStep):
        return "boundaries"
    return None


def _agreement(sections: tuple[StageSection, ...]) -> Agreement:
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
        tuple(parts["commitments"]), tuple(parts["amends"]), tuple(parts["boundaries"])
    )
