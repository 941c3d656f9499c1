"""The Over time screen: the lines and the table beside them hold the same points."""

from __future__ import annotations

from tests.helpers import check_in_exercise, walk_through
from trustrepair.reports.chart import Dot
from trustrepair.services.trends import TrendsService
from trustrepair.services.walk import ExerciseWalk
from trustrepair.ui.views.over_time_view import OverTimeView


def test_over_time_shows_each_rating_drawn_and_in_the_table(qtbot, store, library_factory):
    """Every rating is a dot on the line and a row of the table, newest row first; a partner's
    revealed series shows only when asked."""
    exercise = check_in_exercise()
    library = library_factory(exercise)
    for week, rating in enumerate([3, 5, 6]):
        day = f"2026-02-{2 + 7 * week:02d}"
        walk = ExerciseWalk(store, exercise, clock=lambda d=day: f"{d}T18:00:00.000Z")
        walk_through(walk, {"focus": "f", "trust": rating, "week": "w"})
    store.save_partner_answers("Alex", [(exercise.id, "trust", 9)])
    view = OverTimeView(TrendsService(store, library))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.ready, timeout=5000)
    dots = [i for i in view.series_chart.drawing.items if isinstance(i, Dot)]
    assert len(dots) == 3
    model = view.series_table.model()
    cells = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert cells == ["6 of 0–10", "5 of 0–10", "3 of 0–10"]
    assert view.partners_box.isVisible() and "Alex" in view.partners_box.text()
    view.partners_box.setChecked(True)
    dots = [i for i in view.series_chart.drawing.items if isinstance(i, Dot)]
    assert len(dots) == 4 and model.rowCount() == 4
