"""Walking one exercise: which step is shown, moving back and next, and saving as one types.

Autosave is split so the service stays Qt-free: :meth:`ExerciseWalk.stage_answer` keeps the
newest value in memory; :meth:`ExerciseWalk.flush` writes whatever is pending in one
transaction. The window calls ``flush`` from a short debounce timer, on every step change and
on close; headless callers may flush after every change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from trustrepair.domain.answers import (
    InvalidAnswer,
    JSONValue,
    Status,
    is_answered,
    visible_steps,
)
from trustrepair.domain.exercise import AnyStep, Exercise
from trustrepair.domain.step_kinds import takes_answer, validate_value
from trustrepair.storage.store import VaultStore

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


class ExerciseWalk:
    """One person walking one exercise, resumable exactly where they left off."""

    def __init__(self, store: VaultStore, exercise: Exercise) -> None:
        self.store = store
        self.exercise = exercise
        saved = store.answers_for(exercise.id)
        self._values: dict[str, JSONValue] = {k: a.value for k, a in saved.items()}
        self._shared: dict[str, bool] = {k: a.shared for k, a in saved.items()}
        self._pending: dict[str, JSONValue] = {}
        self._index = -1
        progress = store.get_progress(exercise.id)
        if progress is not None and progress.current_step:
            steps = self.steps()
            ids = [s.id for s in steps]
            if progress.current_step in ids:
                self._index = ids.index(progress.current_step)
            elif progress.current_step == FINISH:
                self._index = len(steps)

    # ------------------------------------------------------------------ reading state
    def steps(self) -> list[AnyStep]:
        """The steps visible with the current answers."""
        return visible_steps(self.exercise, self._values)

    @property
    def position(self) -> Position:
        """Where the person is now."""
        steps = self.steps()
        return Position(min(self._index, len(steps)), len(steps))

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
        """Whether the exercise has been finished at least once."""
        progress = self.store.get_progress(self.exercise.id)
        return progress is not None and progress.status is Status.COMPLETED

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
            self.store.save_answers((self.exercise.id, k, v) for k, v in pending.items())
        except Exception:
            # Keep them pending so nothing is lost; the caller reports the error.
            pending.update(self._pending)
            self._pending = pending
            raise
        return True

    def set_shared(self, step_id: str, shared: bool) -> None:
        """Share an answer (for the ``us`` summary) or keep it private."""
        self.flush()
        if step_id not in self._values:
            return
        self.store.set_shared(self.exercise.id, step_id, shared)
        self._shared[step_id] = shared

    def start(self) -> None:
        """Leave the intro for the first step."""
        self.go_to(0)

    def next(self) -> Position:
        """Save and move to the next visible step (or the finish screen)."""
        self.go_to(self._index + 1)
        if self.position.at_finish:
            self.store.mark_completed(self.exercise.id)
        return self.position

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
        self.store.set_position(self.exercise.id, marker)
        return self.position

    def close(self) -> None:
        """Write anything pending; call when the view closes."""
        self.flush()
