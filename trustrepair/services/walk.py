"""Walking one exercise: which step is shown, moving back and next, and saving as one types.

Each time through is an *entry*. An exercise that is not repeatable has one entry, edited in
place. A repeatable one (``repeat:`` in its file) starts a new entry each time it is begun
after the last one was finished; the earlier entries stay as they were, read-only
(:meth:`ExerciseWalk.earlier_entries`), and the new one is pre-filled only with the steps the
file names in ``repeat.prefill``.

Autosave is split so the service stays Qt-free: :meth:`ExerciseWalk.stage_answer` keeps the
newest value in memory; :meth:`ExerciseWalk.flush` writes whatever is pending in one
transaction. The window calls ``flush`` from a short debounce timer, on every step change and
on close; headless callers may flush after every change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from trustrepair.domain.answers import (
    Entry,
    EntryRecord,
    InvalidAnswer,
    JSONValue,
    is_answered,
    visible_steps,
)
from trustrepair.domain.exercise import AnyStep, CommitmentStep, Exercise, QuoteFrom
from trustrepair.domain.promises import check_promise_date
from trustrepair.domain.step_kinds import takes_answer, validate_value
from trustrepair.storage.store import VaultStore, now_iso

log = logging.getLogger(__name__)

FINISH = "__finish__"
"""The saved place of a person on the finish screen (on the intro none is saved)."""


@dataclass(frozen=True)
class Position:
    """Where the person is: the intro, a step (by index among visible steps), or the end."""

    index: int  # -1 = intro, len(steps) = finish screen
    total: int

    @property
    def at_intro(self) -> bool:
        """On the introduction."""
        return self.index < 0

    @property
    def at_finish(self) -> bool:
        """On the finish screen."""
        return self.index >= self.total

    @property
    def fraction(self) -> float:
        """Progress for a progress bar, 0.0 to 1.0: 0 on the intro, the step shown counted."""
        if self.at_intro:
            return 0.0
        if self.at_finish:
            return 1.0
        return (self.index + 1) / self.total


@dataclass(frozen=True)
class QuotedAnswer:
    """An earlier answer shown read-only above a step."""

    step: AnyStep
    value: JSONValue
    started_at: str
    """When the entry it comes from was started (this one, or the time before)."""
    from_previous: bool


Clock = Callable[[], str]
"""Gives the current time as an ISO stamp (tests and sample data pass their own)."""


class ExerciseWalk:
    """One person walking one exercise, resumable exactly where they left off.

    Args:
        store: The person's vault.
        exercise: The exercise.
        clock: Where "now" comes from for new entries, answers and finishing.
        only: Walk only the steps this accepts (one person's part of an exercise for two
            done at a distance); default: every step.
        completes: Whether reaching the finish marks the time through finished (not for a
            part of an exercise finished later).
    """

    def __init__(
        self,
        store: VaultStore,
        exercise: Exercise,
        clock: Clock = now_iso,
        *,
        only: Callable[[AnyStep], bool] | None = None,
        completes: bool = True,
    ) -> None:
        self.store = store
        self.exercise = exercise
        self.clock = clock
        self.only = only
        self.completes = completes
        self._entry: Entry | None = store.current_entry(exercise.id)
        self._values: dict[str, JSONValue] = {}
        self._shared: dict[str, bool] = {}
        self._pending: dict[str, JSONValue] = {}
        self._index = -1
        if self._entry is not None and self._entry.completed and exercise.repeatable:
            # Finished last time: opening it again is a new time through, begun on the intro.
            self._prepare_new_time()
        else:
            self._load(self._entry)

    def today(self) -> date:
        """The local date of the walk's clock (promises are dated in local days)."""
        moment = datetime.fromisoformat(self.clock().replace("Z", "+00:00"))
        return moment.astimezone().date() if moment.tzinfo else moment.date()

    def _load(self, entry: Entry | None) -> None:
        saved = self.store.answers_for_entry(entry.id) if entry is not None else {}
        self._values = {k: a.value for k, a in saved.items()}
        self._shared = {k: a.shared for k, a in saved.items()}
        self._pending = {}
        self._index = -1
        if entry is not None and entry.current_step:
            steps = self.steps()
            ids = [s.id for s in steps]
            if entry.current_step in ids:
                self._index = ids.index(entry.current_step)
            elif entry.current_step == FINISH:
                self._index = len(steps)

    def _prepare_new_time(self) -> None:
        """A fresh time through, not written until it begins: only the prefill is filled."""
        previous = self._entry
        self._entry = None
        self._values = dict(self._prefill(previous))
        self._shared = {}
        self._pending = {}
        self._index = -1

    def _prefill(self, previous: Entry | None) -> dict[str, JSONValue]:
        repeat = self.exercise.repeat
        if previous is None or repeat is None or self.exercise.safety_check:
            return {}
        saved = self.store.answers_for_entry(previous.id)
        return {k: saved[k].value for k in repeat.prefill if k in saved}

    # ------------------------------------------------------------------ entries
    @property
    def entry(self) -> Entry | None:
        """The entry being gone through, or None for a new time not begun yet."""
        return self._entry

    @property
    def is_new_time(self) -> bool:
        """Whether this is a new time through that has not been begun (nothing written yet)."""
        return self._entry is None

    def earlier_entries(self) -> list[EntryRecord]:
        """Every other time through, newest first, with its answers (read-only)."""
        current = self._entry.id if self._entry is not None else None
        return [r for r in self.store.history(self.exercise.id) if r.entry.id != current]

    def earlier_times(self) -> list[Entry]:
        """Every other time through, newest first, without answers (years of a daily
        exercise are read at once)."""
        current = self._entry.id if self._entry is not None else None
        return [e for e in self.store.entries_for(self.exercise.id) if e.id != current]

    def quoted(self, step: AnyStep) -> QuotedAnswer | None:
        """The earlier answer ``step`` shows read-only above its field, if it has one."""
        quote = step.quoted
        if quote is None:
            return None
        source = self.exercise.step(quote.step)
        if quote.from_ is QuoteFrom.THIS:
            value = self._values.get(quote.step)
            started = self._entry.started_at if self._entry is not None else ""
            return QuotedAnswer(source, value, started, False) if is_answered(value) else None
        for entry in self.earlier_times():  # newest first: usually the first one has it
            if self._entry is not None and entry.started_at > self._entry.started_at:
                continue
            answer = self.store.answers_for_entry(entry.id).get(quote.step)
            if answer is not None and is_answered(answer.value):
                return QuotedAnswer(source, answer.value, entry.started_at, True)
        return None

    def _begin_entry(self) -> Entry:
        """The entry to write into, started now if this is a new time through."""
        if self._entry is None:
            previous = self.store.current_entry(self.exercise.id)
            self._entry = self.store.start_entry(
                self.exercise.id, started_at=self.clock(), prefill=self._prefill(previous)
            )
        return self._entry

    # ------------------------------------------------------------------ reading state
    def steps(self) -> list[AnyStep]:
        """The steps visible with the current answers (of those this walk covers)."""
        steps = visible_steps(self.exercise, self._values)
        return steps if self.only is None else [s for s in steps if self.only(s)]

    @property
    def position(self) -> Position:
        """Where the person is now."""
        steps = self.steps()
        return Position(min(self._index, len(steps)), len(steps))

    @property
    def progress(self) -> float:
        """How far through, 0.0 to 1.0, for a progress bar.

        Measured over every step the exercise has, shown or not: a follow-up step that appears
        after an answer adds to the count ("4 of 6" becomes "4 of 7") but never moves the bar
        back, and a step that stays hidden moves it forward.
        """
        position = self.position
        current = self.current
        if position.at_intro:
            return 0.0
        if position.at_finish or current is None:
            return 1.0
        ids = [s.id for s in self.exercise.steps if self.only is None or self.only(s)]
        return (ids.index(current.id) + 1) / len(ids)

    @property
    def current(self) -> AnyStep | None:
        """The step shown now, or None on the intro and finish screens."""
        steps = self.steps()
        if 0 <= self._index < len(steps):
            return steps[self._index]
        return None

    def value(self, step_id: str) -> JSONValue:
        """The newest value for a step (pending or saved), or None."""
        return self._values.get(step_id)

    def is_shared(self, step_id: str) -> bool:
        """Whether the person chose to share this answer."""
        return self._shared.get(step_id, False)

    @property
    def completed(self) -> bool:
        """Whether this time through has been finished."""
        entry = self._entry
        if entry is None:
            return False
        fresh = self.store.get_entry(entry.id)
        return fresh is not None and fresh.completed

    def can_advance(self) -> bool:
        """Whether Next is allowed: required input steps need an answer."""
        step = self.current
        if step is None or not takes_answer(step) or step.optional:
            return True
        return is_answered(self._values.get(step.id))

    # ------------------------------------------------------------------ changing state
    def stage_answer(self, step_id: str, value: JSONValue) -> None:
        """Record a new value in memory; it is written by the next :meth:`flush`."""
        step = self.exercise.step(step_id)
        try:
            normalised = validate_value(step, value)
        except InvalidAnswer:
            log.warning("ignored an answer that does not fit step kind %s", step.kind)
            raise
        if isinstance(step, CommitmentStep):
            saved = self.store.answers_for_entry(self._entry.id) if self._entry else {}
            before = saved[step_id].value if step_id in saved else None
            check_promise_date(normalised, before, self.today())
        self._values[step_id] = normalised
        self._pending[step_id] = normalised

    @property
    def dirty(self) -> bool:
        """Whether there are answers not yet written."""
        return bool(self._pending)

    def flush(self) -> bool:
        """Write every pending answer in one transaction. Returns True if anything was written."""
        if not self._pending:
            return False
        pending, self._pending = self._pending, {}
        try:
            entry = self._begin_entry()
            self.store.save_answers(
                ((self.exercise.id, k, v) for k, v in pending.items()),
                entry_id=entry.id,
                updated_at=self.clock(),
            )
        except Exception:
            # Keep them pending so nothing is lost; the caller reports the error.
            pending.update(self._pending)
            self._pending = pending
            raise
        return True

    def set_shared(self, step_id: str, shared: bool) -> None:
        """Share an answer (for the ``us`` summary) or keep it private."""
        self.flush()
        if step_id not in self._values or self._entry is None:
            return
        self.store.set_shared(self.exercise.id, step_id, shared, entry_id=self._entry.id)
        self._shared[step_id] = shared

    def start(self) -> None:
        """Leave the intro for the first step."""
        self.go_to(0)

    def next(self) -> Position:
        """Save and move to the next visible step (or the finish screen)."""
        self.go_to(self._index + 1)
        if self.position.at_finish and self.completes:
            entry = self._begin_entry()
            self.store.mark_completed(self.exercise.id, entry_id=entry.id, at=self.clock())
            self._entry = self.store.get_entry(entry.id)
        return self.position

    def again(self) -> Position:
        """Go through it again: a new entry for a repeatable exercise, else the same answers.

        A repeatable exercise's new time begins on the introduction (written once begun); the
        one just finished stays as it is. Any other exercise goes back to its first step with
        its answers filled in, as before.
        """
        self.flush()
        if self.exercise.repeatable and self._entry is not None:
            self._prepare_new_time()
            return self.position
        return self.go_to(0)

    def back(self) -> Position:
        """Save and move to the previous step (or the intro)."""
        self.go_to(self._index - 1)
        return self.position

    def go_to(self, index: int) -> Position:
        """Save and jump to a visible step index (clamped), remembering the place."""
        self.flush()
        steps = self.steps()
        self._index = max(-1, min(index, len(steps)))
        if self._index < 0:
            marker: str | None = None
        elif self._index >= len(steps):
            marker = FINISH
        else:
            marker = steps[self._index].id
        if self._entry is None and self._index < 0:
            return self.position  # back on a new time's intro: nothing to write yet
        entry = self._begin_entry()
        self.store.set_position(self.exercise.id, marker, entry_id=entry.id, at=self.clock())
        return self.position

    def close(self) -> None:
        """Write anything pending; call when the view closes."""
        self.flush()
