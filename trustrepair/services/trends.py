"""Over time: each rating's series, promises kept and missed per week, appreciations counted.

Rating steps name the series they feed (``series: trust`` in the exercise file); every
answer to such a step, in every entry, is one point dated by its entry's start. Who may see
which points is decided here, once, by :class:`Audience`:

* the person themself sees all their own points (:attr:`Audience.own`);
* a summary for others holds only points from answers the person marked as shared
  (:attr:`Audience.shared_only`);
* a partner's series come only from what that partner *revealed* in an exercise for two
  (copies in ``partner_answers``); nothing the partner held back ever reaches this vault.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from trustrepair.content.library import Library
from trustrepair.domain.answers import EntryRecord, is_answered
from trustrepair.domain.enums import SERIES_TITLES, Series
from trustrepair.domain.exercise import Exercise, ListStep, ScaleStep, Theme
from trustrepair.i18n import tr, translated
from trustrepair.reports.chart import (
    APPRECIATED,
    KEPT,
    MISSED,
    ChartBars,
    ChartLine,
    Drawing,
    bar_chart,
    line_chart,
)
from trustrepair.services.promises import PromiseLedger, WeekTally
from trustrepair.storage.store import VaultStore

SCALE_TOP = 10
"""Every series is drawn on 0–10, whatever its step's own range (the table shows both)."""

MAX_WEEKS_AS_WEEKS = 26
"""Up to half a year, bars are per week; longer, per month (five years would be 260 bars)."""


@dataclass(frozen=True)
class Audience:
    """Whose points a view of the series may hold.

    Attributes:
        private_answers: the person's own answers that are not shared (the person's own view).
        partners: what partners revealed in exercises for two.
    """

    private_answers: bool
    partners: bool

    @classmethod
    def own(cls, *, partners: bool = True) -> Audience:
        """The person looking at their own record (partners' revealed series beside it)."""
        return cls(private_answers=True, partners=partners)

    @classmethod
    def shared_only(cls, *, partners: bool = False) -> Audience:
        """A summary for someone else: only answers the person marked as shared."""
        return cls(private_answers=False, partners=partners)


@dataclass(frozen=True)
class SeriesPoint:
    """One rating on one day."""

    day: date
    value: int
    low: int
    high: int
    exercise_id: str
    step_id: str
    started_at: str

    @property
    def scaled(self) -> float:
        """The value on 0–10."""
        return SCALE_TOP * (self.value - self.low) / (self.high - self.low)


@dataclass(frozen=True)
class SeriesLine:
    """One series of one person: the person's own (``author`` "") or a partner's."""

    series: Series
    author: str
    points: tuple[SeriesPoint, ...]

    @property
    def title(self) -> str:
        """The series' name, with the partner's name for a partner's line."""
        name = translated(SERIES_TITLES[self.series])
        return f"{name} ({self.author})" if self.author else name


@dataclass(frozen=True)
class PeriodCount:
    """Kept, missed and appreciations in one week (or month)."""

    start: date
    kept: int
    missed: int
    appreciations: int


@dataclass(frozen=True)
class OverTime:
    """Everything the Over time screen and the summaries' chart show."""

    lines: tuple[SeriesLine, ...] = ()
    periods: tuple[PeriodCount, ...] = ()
    monthly: bool = False
    partners: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        """Whether there is nothing to draw."""
        return not self.lines and not any(
            p.kept or p.missed or p.appreciations for p in self.periods
        )

    def series_drawing(self, width: float = 640, height: float = 240) -> Drawing:
        """The series as lines over their dates."""
        lines = [
            ChartLine(line.title, tuple((p.day, p.scaled) for p in line.points), bool(line.author))
            for line in self.lines
        ]
        names = ", ".join(line.title for line in self.lines)
        return line_chart(
            lines,
            width=width,
            height=height,
            y_max=SCALE_TOP,
            description=tr("Ratings over time, on a scale of 0 to 10: {names}.").format(
                names=names
            ),
        )

    def counts_drawing(self, width: float = 640, height: float = 200) -> Drawing:
        """Promises kept and missed, and appreciations, per week or month."""
        bars = ChartBars(
            tuple(p.start for p in self.periods),
            (
                (tr("Promises kept"), KEPT),
                (tr("Promises missed"), MISSED),
                (tr("Appreciations"), APPRECIATED),
            ),
            tuple((p.kept, p.missed, p.appreciations) for p in self.periods),
        )
        per = tr("per month") if self.monthly else tr("per week")
        return bar_chart(
            bars,
            width=width,
            height=height,
            description=tr("Promises kept and missed, and appreciations, {per}.").format(per=per),
        )


Today = Callable[[], date]


class TrendsService:
    """Computes :class:`OverTime` for one vault (Qt-free; screen, summaries and tests share it)."""

    def __init__(self, store: VaultStore, library: Library, today: Today = date.today) -> None:
        self.store = store
        self.library = library
        self.today = today

    def over_time(self, audience: Audience) -> OverTime:
        """The series, tallies and counts ``audience`` may see."""
        history = self.store.history()
        lines = self._own_lines(history, audience)
        partners: tuple[str, ...] = ()
        if audience.partners:
            partner_lines = self._partner_lines(history)
            lines += partner_lines
            partners = tuple(sorted({line.author for line in partner_lines}))
        periods, monthly = self._periods(history, audience)
        return OverTime(tuple(lines), periods, monthly, partners)

    # ------------------------------------------------------------------ series
    def _scale_steps(self, exercise_id: str) -> dict[str, ScaleStep]:
        exercise = self.library.get(exercise_id)
        if exercise is None:
            return {}
        return {s.id: s for s in exercise.series_steps()}

    def _own_lines(self, history: list[EntryRecord], audience: Audience) -> list[SeriesLine]:
        found: dict[Series, list[SeriesPoint]] = {}
        for record in history:
            steps = self._scale_steps(record.entry.exercise_id)
            for step_id, step in steps.items():
                answer = record.answers.get(step_id)
                if answer is None or (not audience.private_answers and not answer.shared):
                    continue
                point = _point(record, step, answer.value)
                if point is not None and step.series is not None:
                    found.setdefault(step.series, []).append(point)
        return [
            SeriesLine(series, "", tuple(sorted(points, key=lambda p: p.started_at)))
            for series, points in sorted(found.items(), key=lambda kv: list(Series).index(kv[0]))
        ]

    def _partner_lines(self, history: list[EntryRecord]) -> list[SeriesLine]:
        entries = {r.entry.id: r for r in history}
        found: dict[tuple[Series, str], list[SeriesPoint]] = {}
        for copy in self.store.all_partner_answers(every_entry=True):
            record = entries.get(copy.entry_id)
            step = self._scale_steps(copy.exercise_id).get(copy.step_id)
            if record is None or step is None or step.series is None:
                continue
            point = _point(record, step, copy.value)
            if point is not None:
                found.setdefault((step.series, copy.partner_name), []).append(point)
        return [
            SeriesLine(series, name, tuple(sorted(points, key=lambda p: p.started_at)))
            for (series, name), points in sorted(
                found.items(), key=lambda kv: (kv[0][1], list(Series).index(kv[0][0]))
            )
        ]

    # ------------------------------------------------------------------ counts
    def _periods(
        self, history: list[EntryRecord], audience: Audience
    ) -> tuple[tuple[PeriodCount, ...], bool]:
        ledger = PromiseLedger(self.store, self.library, self.today)
        promises = ledger.promises(history)
        shared_keys = None
        if not audience.private_answers:
            shared_keys = {p.key for p in promises if p.shared}
        weeks: list[WeekTally] = ledger.weekly(only=shared_keys, promises=promises)
        appreciations = Counter[date]()
        for record in history:
            exercise = self.library.get(record.entry.exercise_id)
            if exercise is None or exercise.theme is not Theme.APPRECIATION:
                continue
            count = _appreciations(exercise, record, audience)
            if count:
                appreciations[_monday(_day(record.entry.started_at))] += count
        starts = [w.week_start for w in weeks] + list(appreciations)
        if not starts:
            return (), False
        tallies = {w.week_start: w for w in weeks}
        first, last = min(starts), max(max(starts), _monday(self.today()))
        all_weeks = []
        week = first
        while week <= last:
            tally = tallies.get(week)
            all_weeks.append(
                PeriodCount(
                    week,
                    tally.kept if tally else 0,
                    tally.missed if tally else 0,
                    appreciations.get(week, 0),
                )
            )
            week += timedelta(days=7)
        if len(all_weeks) <= MAX_WEEKS_AS_WEEKS:
            return tuple(all_weeks), False
        return _by_month(all_weeks), True


def _appreciations(exercise: Exercise, record: EntryRecord, audience: Audience) -> int:
    """How many things were appreciated in one entry: the items of its lists (or one)."""
    count = 0
    answered = False
    for step in exercise.steps:
        answer = record.answers.get(step.id)
        if answer is None or not is_answered(answer.value):
            continue
        if not audience.private_answers and not answer.shared:
            continue
        answered = True
        if isinstance(step, ListStep) and isinstance(answer.value, list):
            count += sum(1 for item in answer.value if str(item).strip())
    return count or int(answered)


def _point(record: EntryRecord, step: ScaleStep, value: object) -> SeriesPoint | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if not step.min <= value <= step.max:
        return None
    started = record.entry.started_at
    return SeriesPoint(
        _day(started), value, step.min, step.max, record.entry.exercise_id, step.id, started
    )


def _day(stamp: str) -> date:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment.astimezone().date() if moment.tzinfo else moment.date()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _by_month(weeks: list[PeriodCount]) -> tuple[PeriodCount, ...]:
    months: dict[date, list[int]] = {}
    for week in weeks:
        key = date(week.start.year, week.start.month, 1)
        counts = months.setdefault(key, [0, 0, 0])
        counts[0] += week.kept
        counts[1] += week.missed
        counts[2] += week.appreciations
    return tuple(PeriodCount(k, *v) for k, v in sorted(months.items()))
