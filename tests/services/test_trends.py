"""Over time: the series drawn are exactly the entries' ratings; audiences are kept apart."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from tests.helpers import check_in_exercise, walk_through
from trustrepair.content.library import Library
from trustrepair.domain.enums import Series
from trustrepair.domain.promises import PromiseStatus
from trustrepair.reports.chart import Dot, Label, Stroke, decode, encode, to_svg
from trustrepair.services.promises import PromiseLedger
from trustrepair.services.trends import Audience, TrendsService
from trustrepair.services.walk import ExerciseWalk
from trustrepair.storage.store import VaultStore

TODAY = date(2026, 6, 1)


def _library() -> Library:
    library = Library()
    exercise = check_in_exercise()
    library.exercises[exercise.id] = exercise
    return library


def _weeks(store: VaultStore, ratings: list[int], *, share_every: int = 0) -> None:
    """One check-in a week from 5 January 2026, each with its trust rating."""
    exercise = check_in_exercise()
    for week, rating in enumerate(ratings):
        day = date(2026, 1, 5 + 7 * week) if week < 4 else date(2026, 2, 2 + 7 * (week - 4))
        walk = ExerciseWalk(store, exercise, clock=lambda d=day: f"{d.isoformat()}T18:00:00.000Z")
        walk_through(walk, {"focus": "f", "trust": rating, "week": "w"})
        if share_every and week % share_every == 0:
            walk.set_shared("trust", True)


def test_chart_data_equals_the_entries(store: VaultStore) -> None:
    """Every rating of every entry is one point, dated by its entry, in order; the drawing
    has one dot per point and the SVG and the printed form carry the same drawing."""
    ratings = [2, 3, 5, 4, 6, 7]
    _weeks(store, ratings)
    over_time = TrendsService(store, _library(), today=lambda: TODAY).over_time(Audience.own())
    (line,) = over_time.lines
    assert line.series is Series.TRUST and line.author == ""
    records = sorted(store.history(check_in_exercise().id), key=lambda r: r.entry.started_at)
    assert [(p.started_at, p.value) for p in line.points] == [
        (r.entry.started_at, r.answers["trust"].value) for r in records
    ]
    drawing = over_time.series_drawing()
    dots = [item for item in drawing.items if isinstance(item, Dot)]
    assert len(dots) == len(ratings)
    heights = [d.y for d in dots]
    assert [a > b for a, b in pairwise(heights)] == [
        b > a for a, b in pairwise(ratings)
    ]  # higher rating, higher on the page
    printed = decode(encode(drawing))  # what the PDF draws: the same items, to a tenth
    assert [type(i) for i in printed.items] == [type(i) for i in drawing.items]
    assert [round(d.y, 1) for d in printed.items if isinstance(d, Dot)] == [
        round(d.y, 1) for d in dots
    ]
    svg = str(to_svg(drawing))
    assert svg.count("<circle") == len(ratings) and "Trust" in svg


def test_a_summary_for_others_holds_only_shared_ratings(store: VaultStore) -> None:
    """Shared-only audiences see the ratings the person shared, and no others."""
    _weeks(store, [1, 2, 3, 4, 5, 6], share_every=2)
    service = TrendsService(store, _library(), today=lambda: TODAY)
    (line,) = service.over_time(Audience.shared_only()).lines
    assert [p.value for p in line.points] == [1, 3, 5]


def test_unrevealed_series_never_reach_the_other_person(store: VaultStore) -> None:
    """A partner's series holds only what they revealed (copies in this vault); an answer they
    kept back is nowhere in this vault, so it is in no line; and partners are off unless asked."""
    _weeks(store, [4, 5])
    exercise = check_in_exercise()
    # What a partner revealed during the latest check-in (the reveal copies only that).
    store.save_partner_answers("Alex", [(exercise.id, "trust", 8)])
    service = TrendsService(store, _library(), today=lambda: TODAY)
    lines = {(line.series, line.author): line for line in service.over_time(Audience.own()).lines}
    assert [p.value for p in lines[(Series.TRUST, "Alex")].points] == [8]
    assert {a for _, a in lines} == {"", "Alex"}
    alone = service.over_time(Audience.shared_only()).lines
    assert all(line.author == "" for line in alone)
    every_value = [p.value for line in lines.values() for p in line.points]
    assert sorted(every_value) == [4, 5, 8]


def test_kept_and_missed_per_week_and_appreciations_counted(store: VaultStore) -> None:
    """The counts chart: promises by the week they were marked, appreciations by entry."""
    exercise = check_in_exercise()
    walk = ExerciseWalk(store, exercise, clock=lambda: "2026-05-18T09:00:00.000Z")
    walk_through(
        walk,
        {
            "focus": "f",
            "trust": 5,
            "week": "w",
            "promise": {"text": "p", "date": "2026-05-20", "kept": None},
        },
    )
    ledger = PromiseLedger(store, _library(), today=lambda: TODAY)
    (promise,) = ledger.promises()
    ledger.mark(*promise.key, PromiseStatus.KEPT, at="2026-05-20T20:00:00.000Z")
    over_time = TrendsService(store, _library(), today=lambda: TODAY).over_time(Audience.own())
    assert [(p.start.isoformat(), p.kept, p.missed) for p in over_time.periods] == [
        ("2026-05-18", 1, 0),
        ("2026-05-25", 0, 0),
        ("2026-06-01", 0, 0),
    ]
    labels = [i.text for i in over_time.counts_drawing().items if isinstance(i, Label)]
    assert "Promises kept" in labels
    assert any(isinstance(i, Stroke) for i in over_time.counts_drawing().items)
