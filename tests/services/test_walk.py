"""Tests for trustrepair.services.walk: moving through steps, autosave, resuming."""

from __future__ import annotations

import pytest

from tests.helpers import sample_exercise
from trustrepair.domain.answers import InvalidAnswer, Status
from trustrepair.services.walk import FINISH, ExerciseWalk, Position
from trustrepair.storage.store import VaultStore


def test_walk_resumes_on_the_same_step_with_the_same_text(store: VaultStore) -> None:
    """Closing a walk and opening a new one restores the step and the typed text."""
    exercise = sample_exercise()
    walk = ExerciseWalk(store, exercise)
    assert walk.position.at_intro
    walk.start()
    walk.next()
    assert walk.current is not None and walk.current.id == "words"
    walk.stage_answer("words", "I am still angry.\nAnd tired.")
    walk.close()

    again = ExerciseWalk(store, exercise)
    assert again.current is not None and again.current.id == "words"
    assert again.value("words") == "I am still angry.\nAnd tired."


def test_staged_answers_are_written_only_on_flush(store: VaultStore) -> None:
    """stage_answer keeps the value in memory; flush writes it in one go."""
    walk = ExerciseWalk(store, sample_exercise())
    walk.stage_answer("words", "draft")
    assert walk.dirty
    assert store.answers_for("sample") == {}
    assert walk.flush() is True
    assert store.answers_for("sample")["words"].value == "draft"
    assert walk.flush() is False


def test_step_change_flushes(store: VaultStore) -> None:
    """Moving to another step saves what was typed."""
    walk = ExerciseWalk(store, sample_exercise())
    walk.start()
    walk.stage_answer("words", "typed")
    walk.next()
    assert store.answers_for("sample")["words"].value == "typed"


def test_invalid_answers_are_refused_and_not_staged(store: VaultStore) -> None:
    """A value that does not fit the step is refused; nothing is staged."""
    walk = ExerciseWalk(store, sample_exercise())
    with pytest.raises(InvalidAnswer):
        walk.stage_answer("pain", "very")
    assert not walk.dirty


def test_conditional_step_appears_after_a_high_score(store: VaultStore) -> None:
    """The 'heavy' step is part of the walk only when the scale answer is at least 7."""
    walk = ExerciseWalk(store, sample_exercise())
    assert "heavy" not in [s.id for s in walk.steps()]
    walk.stage_answer("pain", 9)
    assert "heavy" in [s.id for s in walk.steps()]


def test_required_steps_need_an_answer_optional_ones_do_not(store: VaultStore) -> None:
    """Next is held back on an empty required step, allowed on optional and reading steps."""
    walk = ExerciseWalk(store, sample_exercise())
    walk.start()
    assert walk.can_advance()  # reading
    walk.next()
    assert not walk.can_advance()
    walk.stage_answer("words", "   ")
    assert not walk.can_advance()
    walk.stage_answer("words", "something")
    assert walk.can_advance()


def test_finishing_marks_completed_and_reopens_on_finish(store: VaultStore) -> None:
    """Walking past the last step completes the exercise; reopening shows the finish screen."""
    exercise = sample_exercise()
    walk = ExerciseWalk(store, exercise)
    walk.start()
    for _ in range(len(walk.steps())):
        walk.next()
    assert walk.position.at_finish
    assert walk.completed
    progress = store.get_progress("sample")
    assert progress is not None and progress.status is Status.COMPLETED
    assert ExerciseWalk(store, exercise).position.at_finish
    assert progress.current_step == FINISH


def test_progress_fraction_counts_the_step_shown() -> None:
    """The bar is empty on the intro, full on the finish screen, and counts the step shown."""
    assert Position(-1, 4).fraction == 0.0
    assert Position(0, 4).fraction == 0.25
    assert Position(3, 4).fraction == 1.0
    assert Position(4, 4).fraction == 1.0
    assert Position(0, 0).fraction == 1.0  # no visible step: straight to the finish


def test_sharing_is_remembered(store: VaultStore) -> None:
    """Marking an answer shared persists and survives later edits."""
    walk = ExerciseWalk(store, sample_exercise())
    walk.stage_answer("words", "share me")
    walk.set_shared("words", True)
    walk.stage_answer("words", "share me, edited")
    walk.flush()
    answer = store.answers_for("sample")["words"]
    assert answer.shared and answer.value == "share me, edited"


def test_failed_flush_keeps_answers_pending(
    store: VaultStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If writing fails, nothing typed is dropped: the answers stay pending for the next try."""
    walk = ExerciseWalk(store, sample_exercise())
    walk.stage_answer("words", "keep me")

    def boom(*args: object, **kwargs: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(store, "save_answers", boom)
    with pytest.raises(OSError):
        walk.flush()
    assert walk.dirty
    monkeypatch.undo()
    assert walk.flush()
    assert store.answers_for("sample")["words"].value == "keep me"
