"""Printable summaries: which answers go on paper for whom, resolved into readable text.

Each kind's rules are declared once, in :mod:`trustrepair.reports.kinds`; they are applied
here, in one place, and no kind is known by name:

* A summary holds the answers the person marked as shared, and only what its kind's
  :class:`~trustrepair.reports.kinds.DrawsOn` adds, each an explicit choice: private answers,
  the private safety check, the profile's private description, answers to exercises no longer
  in the library, what partners revealed in exercises for two, every exercise worked on with
  its status. (``me`` takes the first four; ``us`` nothing more: only what was shared;
  ``counsellor`` the status of each chosen exercise.) Revealed to a partner is an audience
  of its own: it never makes an answer shared.
* A kind may hold only some steps (``agreement``: commitments, the amends plan, boundaries)
  and finish its context its own way.

The person can also leave out single answers (by :attr:`Item.key`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

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
    Mode,
    Relationship,
    Stage,
)
from trustrepair.domain.exercise import AnyStep, Exercise, Who, resolve_text
from trustrepair.domain.promises import (
    PROMISE_STATUS_TITLES,
    PromiseChange,
    PromiseStatus,
    current_status,
)
from trustrepair.domain.step_kinds import (
    ReadableAnswer,
    describe_any_value,
    describe_value,
    takes_answer,
)
from trustrepair.errors import StorageError
from trustrepair.files import write_atomic_chunks
from trustrepair.i18n import N_, Marked, tr, translated
from trustrepair.reports.context import (
    AnswerKind,
    ExerciseSection,
    Item,
    Paper,
    StageSection,
    SummaryContext,
)
from trustrepair.reports.kinds import SummaryKind
from trustrepair.services import profile_settings
from trustrepair.storage.store import VaultStore

log = logging.getLogger(__name__)

JOINT_PREFIX = "joint:"
"""The settings where a pair's place in an exercise for two is kept (see services.joint)."""

STATUS_LABELS: dict[Status, Marked] = {
    Status.COMPLETED: N_("Completed"),
    Status.IN_PROGRESS: N_("In progress"),
    Status.NOT_STARTED: N_("Not started"),
}


@dataclass(frozen=True)
class SummaryRequest:
    """What the person chose: the kind, paper, and which stages, exercises and answers.

    Attributes:
        kind: who the summary is for (an entry of ``reports.kinds.SUMMARY_KINDS``).
        paper: A4 or Letter.
        stages: only these stages (None: every stage).
        exercise_ids: only these exercises (None: every exercise with something to show).
        leave_out: item keys (``"exercise_id/step_id"``) to leave out.
        today: the date printed on the summary (None: today).
        partner: for a document made together, with whom (None: the latest partner).
        with_safety_check: print the private safety check (only where the kind may hold it).
            Off unless the person ticks it: printing is private by default.
        with_description: print the profile's private description of what happened (only
            where the kind may hold it). Off unless the person ticks it.
    """

    kind: SummaryKind
    paper: Paper = Paper.A4
    stages: frozenset[Stage] | None = None
    exercise_ids: frozenset[str] | None = None
    leave_out: frozenset[str] = field(default_factory=frozenset)
    today: date | None = None
    partner: str | None = None
    with_safety_check: bool = False
    with_description: bool = False


def save_text_file(path: Path, text: str | Iterable[str]) -> None:
    """Write the whole file or nothing, readable by this user only (mode 0600); ``text`` may
    come in pieces (written as they come).

    Raises:
        StorageError: the file could not be written.
    """
    pieces = (text,) if isinstance(text, str) else text
    try:
        write_atomic_chunks(path, (piece.encode("utf-8") for piece in pieces))
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
        self._promise_statuses: dict[tuple[int, str], PromiseStatus] | None = None

    # ------------------------------------------------------------------ public
    def outline(
        self, kind: SummaryKind, partner: str | None = None, *, former_counted: bool = False
    ) -> tuple[StageSection, ...]:
        """Every stage, exercise and answer that *may* appear in ``kind`` (before choices).

        A kind that draws on what was made together, with a partner to make it with (``partner``,
        else :meth:`partner_for`), holds that instead: see :meth:`_made_together`.

        With ``former_counted`` (the Summary dialog, which lists one row per exercise), the
        exercises no longer in the library come without their answers, which are most of a
        long history: :meth:`former_items` gives one exercise's when it is opened.
        """
        may = kind.draws_on
        if may.made_together:
            partner = partner or self.partner_for(kind)
            if partner is not None:
                return self._made_together(kind, partner)
        profile = self.store.get_profile()
        relationship = profile.relationship if profile else None
        answers = self._answers_by_exercise(self.library.exercises if former_counted else None)
        # The dialog's outline reads the progress of the library's exercises only: a former
        # exercise's row says "No longer in the library" whatever its progress.
        progress = self.store.all_progress(self.library.exercises if former_counted else None)
        sections: list[StageSection] = []
        for stage, exercises in self.library.by_stage().items():
            entries = []
            for exercise in exercises:
                if exercise.safety_check and not may.safety_check:
                    continue
                saved = answers.get(exercise.id, {})
                items = self._items(exercise, saved, kind, relationship)
                started = exercise.id in progress or bool(saved)
                if not items and not (may.progress and started):
                    continue
                last = max((a.updated_at for a in saved.values()), default="")
                entries.append(
                    self._exercise_section(exercise, items, progress.get(exercise.id), last)
                )
            if entries:
                sections.append(_stage_section(stage, entries))
        if may.former_exercises:
            orphans = self._orphan_section(answers, counted=former_counted)
            if orphans is not None:
                sections.append(orphans)
        return tuple(sections)

    def former_items(self, exercise_id: str) -> tuple[Item, ...]:
        """The answers of one exercise no longer in the library, as :meth:`outline` lists
        them (the Summary dialog asks when the person opens that exercise's row)."""
        saved = self.store.answers_for(exercise_id)
        return tuple(_generic_item(exercise_id, a) for a in saved.values() if is_answered(a.value))

    def build(self, request: SummaryRequest) -> SummaryContext:
        """The context for one summary, with the person's choices applied."""
        profile = self.store.get_profile()
        kind = request.kind
        partner = None
        if kind.draws_on.made_together:
            partner = request.partner or self.partner_for(kind)
        sections, left_out = self._chosen(self.outline(kind, partner), request)
        relationship = profile.relationship if profile else Relationship.ROMANTIC
        name = profile.name if profile else ""
        pair: tuple[str, ...] = ()
        if partner is not None:
            pair = _pair_order(name, partner)
            relationship = self._pair_relationship(partner) or relationship
            name = tr("{a} and {b}").format(a=pair[0], b=pair[1])
        context = SummaryContext(
            kind=kind.name,
            title=translated(kind.title),
            subtitle=translated(kind.subtitle),
            generated=format_day(request.today or date.today()),
            profile_name=name,
            relationship=translated(RELATIONSHIP_TITLES[relationship]),
            paper=request.paper,
            notice=translated(kind.notice),
            description=(
                profile.description
                if profile and kind.draws_on.description and request.with_description
                else ""
            ),
            sections=sections,
            left_out=left_out,
            pair=pair,
        )
        context = self._with_time_parts(context, kind, request)
        return kind.build(context)

    # ------------------------------------------------------------------ made together
    def partners(self) -> list[str]:
        """The partners this person has worked with in exercises for two, latest first."""
        latest: dict[str, str] = {}
        for key, state in self._pair_states().items():
            name = str(state["partner"])
            latest[name] = max(latest.get(name, ""), str(state.get("updated_at") or key))
        for copy in self.store.all_partner_answers():
            latest[copy.partner_name] = max(latest.get(copy.partner_name, ""), copy.revealed_at)
        return sorted(latest, key=lambda n: (latest[n], n), reverse=True)

    def partner_for(self, kind: SummaryKind) -> str | None:
        """The partner a document made together is with: the latest one with whom anything
        ``kind`` holds was written; None when there is none (the person's own document)."""
        for partner in self.partners():
            if any(ex.items for s in self._made_together(kind, partner) for ex in s.exercises):
                return partner
        return None

    def _pair_states(self) -> dict[str, dict[str, Any]]:
        """Where this person is with a partner in each exercise for two (``joint:<id>``)."""
        found: dict[str, dict[str, Any]] = {}
        for key in self.store.all_settings():
            if key.startswith(JOINT_PREFIX):
                state = profile_settings.get(self.store, key)
                if isinstance(state, dict) and state.get("partner"):
                    found[key[len(JOINT_PREFIX) :]] = state
        return found

    def _pair_relationship(self, partner: str) -> Relationship | None:
        """The wording the pair chose together (kept in both vaults), if known."""
        for state in self._pair_states().values():
            if state.get("partner") == partner and state.get("relationship"):
                try:
                    return Relationship(str(state["relationship"]))
                except ValueError:
                    continue
        return None

    def _made_together(self, kind: SummaryKind, partner: str) -> tuple[StageSection, ...]:
        """What this person and ``partner`` both saw in exercises for two, by stage.

        Each person's answers that were revealed (this person's own, marked revealed; the
        partner's, as the copies they revealed) and what the two wrote together, each with its
        author — never an answer held back, never one only shared. Both vaults hold exactly
        this, so the document reads the same from either: no dates of writing, both names in
        one order, and the wording the pair chose.
        """
        profile = self.store.get_profile()
        me = profile.name if profile else ""
        relationship = self._pair_relationship(partner) or (
            profile.relationship if profile else None
        )
        states = self._pair_states()
        copies: dict[str, list[PartnerAnswer]] = {}
        for copy in self.store.all_partner_answers():
            if copy.partner_name == partner:
                copies.setdefault(copy.exercise_id, []).append(copy)
        first, second = _pair_order(me, partner)
        both = tr("{a} and {b}, together").format(a=first, b=second)
        sections: list[StageSection] = []
        for stage, exercises in self.library.by_stage().items():
            found = []
            for exercise in exercises:
                state = states.get(exercise.id)
                with_partner = state is not None and state.get("partner") == partner
                if not exercise.mode.is_joint or not (with_partner or exercise.id in copies):
                    continue
                own = self.store.answers_for(exercise.id)
                theirs = {c.step_id: c for c in copies.get(exercise.id, [])}
                items: list[Item] = []
                for step in exercise.steps:
                    if not takes_answer(step) or not kind.holds(exercise, step):
                        continue
                    written: list[tuple[str, Answer]] = []
                    mine = own.get(step.id)
                    if mine is not None and mine.revealed and is_answered(mine.value):
                        together = with_partner and _written_together(exercise, step)
                        written.append((both if together else me, mine))
                    shown = theirs.get(step.id)
                    if shown is not None and is_answered(shown.value):
                        written.append((partner, Answer(exercise.id, step.id, shown.value)))
                    for author, answer in sorted(written, key=lambda w: _author_order(w[0], both)):
                        item = describe_answer(exercise, step, answer, relationship)
                        key = f"{item.key}/by:{author}"
                        items.append(replace(item, key=key, author=author, updated=""))
                if items:
                    found.append(ExerciseSection(exercise.id, exercise.title, "", "", tuple(items)))
            if found:
                sections.append(_stage_section(stage, found))
        return tuple(sections)

    # ------------------------------------------------------------------ over time
    def _with_time_parts(
        self, context: SummaryContext, kind: SummaryKind, request: SummaryRequest
    ) -> SummaryContext:
        """Charts, the promise ledger and earlier entries, as far as ``kind`` may hold them."""
        from trustrepair.services.time_summary import charts, earlier_entries, ledger_section

        may = kind.draws_on
        if not (may.over_time or may.promise_ledger or may.earlier_entries):
            return context
        history = self.store.history()
        chosen = request.exercise_ids
        if may.over_time:
            context = replace(
                context, charts=charts(self.store, self.library, may, history, chosen)
            )
        if may.promise_ledger:
            context = replace(
                context, ledger=ledger_section(self.store, self.library, may, history, chosen)
            )
        if may.earlier_entries:
            context = replace(
                context, earlier=earlier_entries(self.store, self.library, history, chosen)
            )
        return context

    def render_html(self, request: SummaryRequest, *, for_qt: bool = False) -> str:
        """Build and render a summary as standalone HTML."""
        from trustrepair.reports.environment import render_html  # Jinja2: only to render

        return render_html(replace(self.build(request), for_qt=for_qt))

    def save_html(self, request: SummaryRequest, path: Path) -> None:
        """Render a summary and save it as a standalone HTML file (not encrypted), written
        as it renders."""
        from trustrepair.reports.environment import render_html_pieces

        save_text_file(path, render_html_pieces(self.build(request)))

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
                if ex.private_check and not request.with_safety_check:
                    left_out += len(ex.items)
                    continue
                kept = tuple(i for i in ex.items if i.key not in request.leave_out)
                left_out += len(ex.items) - len(kept)
                if not kept and not request.kind.draws_on.progress:
                    continue
                exercises.append(replace(ex, items=kept))
            if exercises:
                sections.append(replace(section, exercises=tuple(exercises)))
        return tuple(sections), left_out

    # ------------------------------------------------------------------ building
    def _answers_by_exercise(
        self, only: Iterable[str] | None = None
    ) -> dict[str, dict[str, Answer]]:
        grouped: dict[str, dict[str, Answer]] = {}
        found = self.store.all_answers() if only is None else self.store.answers_of(only)
        for answer in found:
            grouped.setdefault(answer.exercise_id, {})[answer.step_id] = answer
        return grouped

    def _items(
        self,
        exercise: Exercise,
        saved: dict[str, Answer],
        kind: SummaryKind,
        relationship: Relationship | None,
    ) -> tuple[Item, ...]:
        values = {k: a.value for k, a in saved.items()}
        items = []
        for step in visible_steps(exercise, values):
            answer = saved.get(step.id)
            if not takes_answer(step) or answer is None or not is_answered(answer.value):
                continue
            if not answer.shared and not kind.draws_on.private_answers:
                continue
            if not kind.holds(exercise, step):
                continue
            items.append(
                with_promise_status(
                    describe_answer(exercise, step, answer, relationship), self._statuses, answer
                )
            )
        return tuple(items)

    @property
    def _statuses(self) -> dict[tuple[int, str], PromiseStatus]:
        """Where each promise stands, by (entry, step): from its dated changes."""
        if self._promise_statuses is None:
            changes: dict[tuple[int, str], list[PromiseChange]] = {}
            for change in self.store.promise_changes():
                changes.setdefault((change.entry_id, change.step_id), []).append(change)
            self._promise_statuses = {k: current_status(v) for k, v in changes.items()}
        return self._promise_statuses

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
            status=translated(STATUS_LABELS[status]),
            status_date=stamp,
            items=items,
            private_check=exercise.safety_check,
        )

    def _orphan_section(
        self, answers: dict[str, dict[str, Answer]], *, counted: bool = False
    ) -> StageSection | None:
        """Answers to exercises no longer in the library: kept on paper, never lost.

        ``counted``: each such exercise with no items, read only by :meth:`former_items`.
        """
        exercises = []
        if counted:
            for exercise_id in self.store.exercises_with_answers():
                if self.library.get(exercise_id) is None:
                    exercises.append(
                        ExerciseSection(
                            exercise_id, exercise_id, tr("No longer in the library"), "", ()
                        )
                    )
        for exercise_id in sorted(answers) if not counted else ():
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


def _pair_order(me: str, partner: str) -> tuple[str, str]:
    """Two names in one order, whichever vault prints (so both copies read the same)."""
    first, second = sorted((me, partner), key=lambda n: (n.casefold(), n))
    return first, second


def _author_order(author: str, together: str) -> tuple[int, str, str]:
    """What the two wrote together first, then each person's, by name."""
    return (0 if author == together else 1, author.casefold(), author)


def _written_together(exercise: Exercise, step: AnyStep) -> bool:
    """Whether one answer for both was written side by side (taking turns, or after the
    reveal), as opposed to each person's own answer."""
    if step.who not in (None, Who.BOTH):
        return False
    return exercise.mode is Mode.TOGETHER or bool(step.after_reveal)


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


def with_promise_status(
    item: Item, statuses: dict[tuple[int, str], PromiseStatus], answer: Answer
) -> Item:
    """A commitment item with where its promise stands (the ledger's newest change)."""
    if item.commitment is None:
        return item
    status = statuses.get((answer.entry_id, answer.step_id), PromiseStatus.OPEN)
    kept = {PromiseStatus.KEPT: True, PromiseStatus.MISSED: False}.get(status)
    label = translated(PROMISE_STATUS_TITLES[status])
    return replace(item, commitment=replace(item.commitment, kept=label, kept_state=kept))


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


def _stage_section(stage: Stage, exercises: list[ExerciseSection]) -> StageSection:
    """A stage of the path, titled and described, with its exercises."""
    title, blurb = translated(STAGE_TITLES[stage]), translated(STAGE_BLURBS[stage])
    return StageSection(stage, title, blurb, tuple(exercises))
