"""The parts of a summary about time: charts with their tables, the promise ledger, and the
earlier times through repeatable exercises. Who may see what follows the kind's ``DrawsOn``:
a summary for someone else holds only shared answers; no summary holds a partner's series."""

from __future__ import annotations

from collections.abc import Collection

from trustrepair.content.library import Library
from trustrepair.domain.answers import EntryRecord
from trustrepair.domain.dates import format_date, format_day
from trustrepair.domain.promises import PROMISE_STATUS_TITLES, PromiseStatus
from trustrepair.i18n import tr, translated
from trustrepair.reports.chart import Drawing, encode, to_svg
from trustrepair.reports.context import (
    ChartSection,
    EarlierEntry,
    EarlierLine,
    LedgerRow,
    LedgerSection,
)
from trustrepair.reports.kinds import DrawsOn
from trustrepair.services.history import HistoryService
from trustrepair.services.promises import PromiseLedger
from trustrepair.services.trends import Audience, OverTime, TrendsService
from trustrepair.storage.store import VaultStore

CHART_WIDTH = 640.0


def _audience(may: DrawsOn) -> Audience:
    # A partner's series is theirs to show: summaries hold only the person's own (a document
    # two people make together holds what both revealed, and no chart).
    if may.private_answers:
        return Audience.own(partners=False)
    return Audience.shared_only(partners=False)


def _only(over_time: OverTime, chosen: Collection[str] | None) -> OverTime:
    if chosen is None:
        return over_time
    lines = tuple(
        line.__class__(
            line.series, line.author, tuple(p for p in line.points if p.exercise_id in chosen)
        )
        for line in over_time.lines
    )
    return OverTime(
        tuple(line for line in lines if line.points),
        over_time.periods,
        over_time.monthly,
        over_time.partners,
    )


def _section(
    title: str, drawing: Drawing, headers: tuple[str, ...], rows: list[tuple[str, ...]]
) -> ChartSection:
    return ChartSection(
        title,
        drawing.description,
        to_svg(drawing),
        encode(drawing),
        drawing.width,
        drawing.height,
        headers,
        tuple(rows),
    )


def charts(
    store: VaultStore,
    library: Library,
    may: DrawsOn,
    history: list[EntryRecord],
    chosen: Collection[str] | None,
) -> tuple[ChartSection, ...]:
    """The ratings chart and the counts chart, each with every number in its table."""
    over_time = _only(TrendsService(store, library).over_time(_audience(may)), chosen)
    sections = []
    if over_time.lines:
        rows = sorted(
            (
                (p.day, line.title, p.value, p.low, p.high)
                for line in over_time.lines
                for p in line.points
            ),
            key=lambda r: (r[0], r[1]),
        )
        sections.append(
            _section(
                tr("Ratings over time (0 to 10)"),
                over_time.series_drawing(CHART_WIDTH),
                (tr("Date"), tr("Rating"), tr("Given")),
                [
                    (
                        format_day(day),
                        title,
                        tr("{value} of {low}–{high}").format(value=v, low=lo, high=hi),
                    )
                    for day, title, v, lo, hi in rows
                ],
            )
        )
    if any(p.kept or p.missed or p.appreciations for p in over_time.periods):
        per = tr("per month") if over_time.monthly else tr("per week")
        sections.append(
            _section(
                tr("Promises and appreciations, {per}").format(per=per),
                over_time.counts_drawing(CHART_WIDTH),
                (tr("From"), tr("Kept"), tr("Missed"), tr("Appreciations")),
                [
                    (format_day(p.start), str(p.kept), str(p.missed), str(p.appreciations))
                    for p in over_time.periods
                    if p.kept or p.missed or p.appreciations
                ],
            )
        )
    return tuple(sections)


def ledger_section(
    store: VaultStore,
    library: Library,
    may: DrawsOn,
    history: list[EntryRecord],
    chosen: Collection[str] | None,
) -> LedgerSection | None:
    """Every promise the summary may hold (all, or the shared ones), oldest first."""
    promises = [
        p
        for p in PromiseLedger(store, library).promises(history)
        if (may.private_answers or p.shared) and (chosen is None or p.exercise_id in chosen)
    ]
    if not promises:
        return None
    counts = tuple(
        (translated(PROMISE_STATUS_TITLES[status]), sum(1 for p in promises if p.status is status))
        for status in (
            PromiseStatus.KEPT,
            PromiseStatus.MISSED,
            PromiseStatus.OPEN,
            PromiseStatus.RENEGOTIATED,
        )
    )
    rows = tuple(
        LedgerRow(
            p.text,
            p.exercise_title,
            p.due_text,
            p.status_title,
            format_date(p.last_change.changed_at) if p.last_change else "",
            p.note,
        )
        for p in promises
    )
    return LedgerSection(counts, rows)


def earlier_entries(
    store: VaultStore,
    library: Library,
    history: list[EntryRecord],
    chosen: Collection[str] | None,
) -> tuple[EarlierEntry, ...]:
    """Every time through an exercise before its newest, newest first, all answers."""
    newest: set[str] = set()
    earlier: list[EntryRecord] = []
    for record in history:  # newest first
        exercise_id = record.entry.exercise_id
        if chosen is not None and exercise_id not in chosen:
            continue
        exercise = library.get(exercise_id)
        if exercise is not None and exercise.safety_check:
            continue  # the safety check's outcome is its newest time; never older ones
        if exercise_id not in newest:
            newest.add(exercise_id)
            continue
        earlier.append(record)
    readable = HistoryService(store, library).read_all(earlier)
    return tuple(
        EarlierEntry(
            entry.title,
            entry.started,
            entry.finished,
            tuple(EarlierLine(line.prompt, line.text) for line in entry.lines),
        )
        for entry in readable
        if entry.lines
    )
