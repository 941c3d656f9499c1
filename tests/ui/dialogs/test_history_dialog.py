"""Earlier times: every date listed at once, and only the time looked at is read."""

from __future__ import annotations

from datetime import date, timedelta

from tests.helpers import check_in_exercise, walk_through
from trustrepair.services.history import HistoryService
from trustrepair.services.walk import ExerciseWalk
from trustrepair.ui.dialogs.history_dialog import EarlierTimesDialog


def test_the_dates_come_at_once_and_answers_when_chosen(qtbot, store, library_factory, monkeypatch):
    """Forty earlier times are forty dates; opening reads the newest only, choosing another
    reads that one, and what it shows is what was written that time."""
    exercise = check_in_exercise()
    library = library_factory(exercise)
    for day in range(1, 41):
        stamp = f"{date(2026, 1, 1) + timedelta(days=day):%Y-%m-%d}T08:00:00.000Z"
        walk = ExerciseWalk(store, exercise, clock=lambda s=stamp: s)
        walk_through(walk, {"focus": "f", "trust": 3, "week": f"week {day}"})
    walk = ExerciseWalk(store, exercise)
    times = HistoryService(store, library).earlier_times(walk.earlier_times())
    read: list[int] = []
    answers_for_entry = store.answers_for_entry
    monkeypatch.setattr(
        store,
        "answers_for_entry",
        lambda entry_id: read.append(entry_id) or answers_for_entry(entry_id),
    )
    dialog = EarlierTimesDialog(exercise.title, times, None)
    qtbot.addWidget(dialog)
    assert dialog.dates.model().rowCount() == 40 and len(read) == 1
    assert "week 40" in dialog.text.toPlainText()
    dialog.dates.setCurrentIndex(dialog.dates.model().index(39, 0))
    assert len(read) == 2 and "week 1" in dialog.text.toPlainText()
    assert dialog.dates.model().index(0, 0).data().endswith("finished")
