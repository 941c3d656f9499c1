"""The promise ledger: every status change a dated row, what is due, past dates refused."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import check_in_exercise, walk_through
from trustrepair.content.library import Library
from trustrepair.domain.promises import PastPromiseDate, PromiseStatus
from trustrepair.services.promises import PromiseLedger
from trustrepair.services.walk import ExerciseWalk
from trustrepair.storage.store import VaultStore

TODAY = date(2026, 3, 10)


def _library() -> Library:
    library = Library()
    exercise = check_in_exercise()
    library.exercises[exercise.id] = exercise
    return library


def _promise(store: VaultStore, started: str, text: str, due: str | None) -> None:
    walk = ExerciseWalk(store, check_in_exercise(), clock=lambda: started)
    walk_through(
        walk,
        {
            "focus": "f",
            "trust": 5,
            "week": "w",
            "promise": {"text": text, "date": due, "kept": None},
        },
    )


def test_due_lists_overdue_and_the_next_seven_days_only(store: VaultStore) -> None:
    """Open promises overdue or due within a week are due, soonest first; later ones and
    ones already marked are not."""
    _promise(store, "2026-02-20T09:00:00.000Z", "overdue", "2026-03-01")
    _promise(store, "2026-02-27T09:00:00.000Z", "this week", "2026-03-15")
    _promise(store, "2026-03-03T09:00:00.000Z", "later", "2026-04-01")
    _promise(store, "2026-03-04T09:00:00.000Z", "no date", None)
    _promise(store, "2026-03-05T09:00:00.000Z", "kept already", "2026-03-12")
    ledger = PromiseLedger(store, _library(), today=lambda: TODAY)
    kept = next(p for p in ledger.promises() if p.text == "kept already")
    ledger.mark(*kept.key, PromiseStatus.KEPT, at="2026-03-06T09:00:00.000Z")
    assert [p.text for p in ledger.due()] == ["overdue", "this week"]


def test_every_change_is_a_new_row_and_the_newest_wins(store: VaultStore) -> None:
    """Marking kept, then talking it over with a note, keeps both changes with their dates."""
    _promise(store, "2026-03-01T09:00:00.000Z", "call Thursday", "2026-03-12")
    ledger = PromiseLedger(store, _library(), today=lambda: TODAY)
    (promise,) = ledger.promises()
    ledger.mark(*promise.key, PromiseStatus.MISSED, at="2026-03-12T20:00:00.000Z")
    after = ledger.mark(
        *promise.key, PromiseStatus.RENEGOTIATED, "we moved it", at="2026-03-13T08:00:00.000Z"
    )
    assert after.status is PromiseStatus.RENEGOTIATED and after.note == "we moved it"
    assert [(c.status, c.changed_at) for c in after.changes] == [
        (PromiseStatus.MISSED, "2026-03-12T20:00:00.000Z"),
        (PromiseStatus.RENEGOTIATED, "2026-03-13T08:00:00.000Z"),
    ]
    answer = store.answers_for(check_in_exercise().id)["promise"].value
    assert answer == {"text": "call Thursday", "date": "2026-03-12", "kept": None}
    counts = ledger.ledger().counts
    assert counts[PromiseStatus.RENEGOTIATED] == 1 and counts[PromiseStatus.OPEN] == 0


def test_a_promise_date_in_the_past_is_refused_when_made(store: VaultStore) -> None:
    """A new promise dated before today is refused; one made earlier keeps its old date."""
    walk = ExerciseWalk(store, check_in_exercise(), clock=lambda: "2026-03-10T09:00:00.000Z")
    walk.start()
    with pytest.raises(PastPromiseDate):
        walk.stage_answer("promise", {"text": "yesterday", "date": "2026-03-09", "kept": None})
    walk.stage_answer("promise", {"text": "today", "date": "2026-03-10", "kept": None})
    walk.close()
    later = ExerciseWalk(store, check_in_exercise(), clock=lambda: "2026-03-20T09:00:00.000Z")
    later.stage_answer("promise", {"text": "today, reworded", "date": "2026-03-10", "kept": None})


def test_weekly_tally_counts_each_promise_once_where_it_ended(store: VaultStore) -> None:
    """Per week: kept and missed by the date of each promise's newest change."""
    _promise(store, "2026-02-23T09:00:00.000Z", "a", "2026-02-25")
    _promise(store, "2026-02-24T09:00:00.000Z", "b", "2026-02-26")
    ledger = PromiseLedger(store, _library(), today=lambda: TODAY)
    a, b = ledger.promises()
    ledger.mark(*a.key, PromiseStatus.KEPT, at="2026-02-25T12:00:00.000Z")
    ledger.mark(*b.key, PromiseStatus.KEPT, at="2026-02-26T12:00:00.000Z")
    ledger.mark(*b.key, PromiseStatus.MISSED, at="2026-03-03T12:00:00.000Z")
    weeks = [(w.week_start.isoformat(), w.kept, w.missed) for w in ledger.weekly()]
    assert weeks == [("2026-02-23", 1, 0), ("2026-03-02", 0, 1), ("2026-03-09", 0, 0)]


def test_the_ledger_reads_only_promises_and_finds_every_one(store: VaultStore) -> None:
    """Read alone (as the home screen does), the ledger finds the same promises as from the
    whole history, including one under an exercise no longer in the library."""
    _promise(store, "2026-02-20T09:00:00.000Z", "call Thursday", "2026-03-01")
    _promise(store, "2026-02-27T09:00:00.000Z", "walk on Sunday", None)
    _promise(store, "2026-03-01T09:00:00.000Z", "", None)  # left empty: no promise
    gone = store.start_entry("an-old-exercise", started_at="2026-01-05T09:00:00.000Z")
    store.save_answer("an-old-exercise", "note", "just text", entry_id=gone.id)
    store.save_answer(
        "an-old-exercise",
        "pledge",
        {"text": "an old one", "date": "2026-01-20", "kept": None},
        entry_id=gone.id,
    )
    ledger = PromiseLedger(store, _library(), today=lambda: TODAY)
    alone = ledger.promises()
    assert alone == ledger.promises(store.history())
    assert [p.text for p in alone] == ["an old one", "call Thursday", "walk on Sunday"]
    records = store.object_answers()
    assert all(isinstance(a.value, dict) for r in records for a in r.answers.values())


def test_due_reads_only_open_promises_dated_within_the_week(store: VaultStore) -> None:
    """What is due is read from open promises dated by a week from today only; a promise
    marked and then opened again is open, and one talked over is not due."""
    _promise(store, "2026-02-20T09:00:00.000Z", "opened again", "2026-03-01")
    _promise(store, "2026-02-21T09:00:00.000Z", "talked over", "2026-03-02")
    _promise(store, "2026-02-22T09:00:00.000Z", "next month", "2026-04-02")
    ledger = PromiseLedger(store, _library(), today=lambda: TODAY)
    again, talked, _ = ledger.promises()
    ledger.mark(*again.key, PromiseStatus.KEPT, at="2026-03-01T09:00:00.000Z")
    ledger.mark(*again.key, PromiseStatus.OPEN, at="2026-03-02T09:00:00.000Z")
    ledger.mark(*talked.key, PromiseStatus.RENEGOTIATED, at="2026-03-02T09:00:00.000Z")
    read = store.object_answers(open_dated_by="2026-03-17")
    assert [step for r in read for step in r.answers] == ["promise"]
    assert [p.text for p in ledger.due()] == ["opened again"]
