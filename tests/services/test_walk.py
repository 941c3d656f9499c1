"""Tests for trustrepair.services.walk: moving through steps, autosave, resuming."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import CHECK_IN_YAML, check_in_exercise, sample_exercise, walk_through
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


# ---------------------------------------------------------------------- entries and repeats
def _clock(*stamps: str) -> Any:
    moments = iter(stamps)
    last = [stamps[0]]

    def now() -> str:
        last[0] = next(moments, last[0])
        return last[0]

    return now


def test_a_repeat_makes_a_new_entry_and_never_changes_the_earlier_one(store: VaultStore) -> None:
    """Going through a repeatable exercise again writes a new entry; the first stays exact."""
    exercise = check_in_exercise()
    first = ExerciseWalk(store, exercise, clock=lambda: "2026-01-05T18:00:00.000Z")
    walk_through(first, {"focus": "listening", "trust": 3, "week": "hard"})
    before = store.history(exercise.id)
    assert len(before) == 1 and before[0].entry.completed
    snapshot = (before[0].entry, dict(before[0].answers))

    second = ExerciseWalk(store, exercise, clock=lambda: "2026-01-12T18:00:00.000Z")
    assert second.is_new_time and second.position.at_intro
    assert second.value("focus") == "listening"  # the file asks for it to be prefilled
    assert second.value("trust") is None and second.value("week") is None
    walk_through(second, {"trust": 5, "week": "better"})
    history = store.history(exercise.id)
    assert [r.entry.started_at for r in history] == [
        "2026-01-12T18:00:00.000Z",
        "2026-01-05T18:00:00.000Z",
    ]
    assert (history[1].entry, dict(history[1].answers)) == snapshot
    assert history[0].values() == {"focus": "listening", "trust": 5, "week": "better"}
    assert store.get_progress(exercise.id).times_completed == 2  # type: ignore[union-attr]


def test_again_on_the_finish_screen_starts_a_new_time(store: VaultStore) -> None:
    """'Go through it again' on a repeatable exercise begins a new entry on the intro."""
    exercise = check_in_exercise()
    walk = ExerciseWalk(store, exercise, clock=_clock("2026-02-01T09:00:00.000Z"))
    walk_through(walk, {"focus": "f", "trust": 2, "week": "w"})
    assert walk.position.at_finish
    walk.clock = lambda: "2026-02-08T09:00:00.000Z"
    assert walk.again().at_intro and walk.is_new_time
    assert store.count_entries() == 1  # nothing written until it begins
    walk.start()
    assert store.count_entries() == 2
    assert len(walk.earlier_entries()) == 1


def test_an_unfinished_repeat_resumes_and_earlier_entries_stay_read_only(store: VaultStore) -> None:
    """An entry left half-way resumes next time; the finished one before it is not touched."""
    exercise = check_in_exercise()
    walk_through(
        ExerciseWalk(store, exercise, clock=lambda: "2026-03-01T09:00:00.000Z"),
        {"focus": "f", "trust": 2, "week": "w"},
    )
    half = ExerciseWalk(store, exercise, clock=lambda: "2026-03-08T09:00:00.000Z")
    walk_through(half, {"trust": 7}, finish=False)
    half.close()
    resumed = ExerciseWalk(store, exercise)
    assert not resumed.is_new_time and resumed.value("trust") == 7
    earlier = resumed.earlier_entries()
    assert [r.values()["trust"] for r in earlier] == [2]


def test_an_exercise_that_is_not_repeatable_is_edited_in_place(store: VaultStore) -> None:
    """Without 'repeat', going through it again keeps one entry and its answers."""
    exercise = sample_exercise()
    walk = ExerciseWalk(store, exercise)
    walk.start()
    walk.stage_answer("words", "first words")
    while not walk.position.at_finish:
        walk.next()
    walk.again()
    assert walk.value("words") == "first words" and walk.current is not None
    walk.stage_answer("words", "changed")
    walk.close()
    assert store.count_entries() == 1
    assert store.answers_for("sample")["words"].value == "changed"


def test_quotes_show_this_entrys_and_the_previous_answers(store: VaultStore) -> None:
    """A step quoting an earlier step shows it; one quoting the time before shows that."""
    exercise = check_in_exercise()
    walk_through(
        ExerciseWalk(store, exercise, clock=lambda: "2026-04-01T09:00:00.000Z"),
        {"focus": "f", "trust": 2, "week": "the first week"},
    )
    walk = ExerciseWalk(store, exercise, clock=lambda: "2026-04-08T09:00:00.000Z")
    walk.start()
    previous = walk.quoted(exercise.step("week"))
    assert previous is not None and previous.value == "the first week" and previous.from_previous
    assert previous.started_at == "2026-04-01T09:00:00.000Z"
    walk.stage_answer("week", "the second week")
    this = walk.quoted(exercise.step("heard"))
    assert this is not None and this.value == "the second week" and not this.from_previous


def test_the_safety_check_is_never_prefilled() -> None:
    """A safety check cannot ask for prefilled answers: the file is refused with a reason."""
    from trustrepair.content.loader import load_bytes

    text = CHECK_IN_YAML.replace("minutes: 5", "minutes: 5\nsafety_check: true")
    result = load_bytes(text.encode(), "check.yaml")
    assert result.exercise is None
    assert any("cannot prefill" in str(p) for p in result.problems)
