"""The promise ledger: every promise a person made, where it stands, and what is due.

A promise is a commitment step's answer in one entry (any exercise, any time through). Its
status comes from its dated changes (``promise_changes``), the newest winning; marking one
kept, missed or talked over adds a change and rewrites nothing. The home screen asks for
what is due (:meth:`PromiseLedger.due`), the Promises screen and the summaries for the whole
ledger.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from trustrepair.content.library import Library
from trustrepair.domain.answers import EntryRecord, is_answered
from trustrepair.domain.dates import format_date, format_day
from trustrepair.domain.exercise import CommitmentStep, resolve_text
from trustrepair.domain.promises import (
    DUE_SOON_DAYS,
    MAX_PROMISE_NOTE_CHARS,
    PROMISE_STATUS_TITLES,
    Due,
    PromiseChange,
    PromiseStatus,
    current_status,
    due_state,
    parse_day,
)
from trustrepair.errors import UserFacingError
from trustrepair.i18n import ngettext, tr, translated
from trustrepair.storage.store import VaultStore, now_iso


@dataclass(frozen=True)
class Promise:
    """One promise, as the ledger shows it.

    Attributes:
        entry_id: The entry holding it.
        exercise_id: Its exercise.
        exercise_title: The exercise's title (its id if it is no longer in the library).
        step_id: The commitment step.
        prompt: The step's prompt, in the person's wording.
        text: The promise as written.
        due: The date to keep it by, or None.
        made_at: When its entry was started.
        status: Where it stands now.
        changes: Every change of its status, oldest first.
    """

    entry_id: int
    exercise_id: str
    exercise_title: str
    step_id: str
    prompt: str
    text: str
    due: date | None
    made_at: str
    status: PromiseStatus
    changes: tuple[PromiseChange, ...] = ()
    shared: bool = False
    """Whether the person shared the promise's answer (summaries for others hold only these)."""

    @property
    def key(self) -> tuple[int, str]:
        """What identifies it: its entry and step."""
        return (self.entry_id, self.step_id)

    @property
    def last_change(self) -> PromiseChange | None:
        """The newest change of its status, if any."""
        return self.changes[-1] if self.changes else None

    @property
    def note(self) -> str:
        """The note of the newest change ("" for none)."""
        last = self.last_change
        return last.note if last is not None else ""

    def due_on(self, today: date) -> Due:
        """Whether it is overdue, due soon or later (or none of these), seen from ``today``."""
        return due_state(self.status, self.due, today)

    @property
    def due_text(self) -> str:
        """Its date as people read it ("" without one)."""
        return format_day(self.due) if self.due is not None else ""

    @property
    def status_title(self) -> str:
        """Its status in words."""
        return translated(PROMISE_STATUS_TITLES[self.status])


@dataclass(frozen=True)
class Ledger:
    """Every promise, with the counts by status."""

    promises: tuple[Promise, ...]
    counts: dict[PromiseStatus, int] = field(default_factory=dict)

    def count(self, status: PromiseStatus) -> int:
        """How many promises stand at ``status``."""
        return self.counts.get(status, 0)


@dataclass(frozen=True)
class WeekTally:
    """Promises kept and missed in one week (by the date the change was marked)."""

    week_start: date
    kept: int
    missed: int


Today = Callable[[], date]


FEW_ENTRIES = 200
"""Up to this many entries, the ledger reads only their status changes."""


class PromiseLedger:
    """Reads and changes one vault's promises (Qt-free; the window and the CLI share it).

    Args:
        store: The vault.
        library: Where commitment steps are found (and exercise titles).
        today: Where "today" comes from (tests pass their own).
    """

    def __init__(self, store: VaultStore, library: Library, today: Today = date.today) -> None:
        self.store = store
        self.library = library
        self.today = today

    def promises(self, history: list[EntryRecord] | None = None) -> list[Promise]:
        """Every promise with some text, oldest entry first, in step order.

        ``history`` is the vault's history if the caller read it already; without it only
        the entries that hold a promise are read.
        """
        profile = self.store.get_profile()
        relationship = profile.relationship if profile is not None else None
        records = history if history is not None else self.store.object_answers()
        ids = {record.entry.id for record in records}
        # A few entries (what is due) read their own changes; many read them all at once.
        few = len(ids) <= FEW_ENTRIES
        changes: dict[tuple[int, str], list[PromiseChange]] = {}
        for change in self.store.promise_changes(entry_ids=ids if few else None):
            changes.setdefault((change.entry_id, change.step_id), []).append(change)
        found: list[Promise] = []
        for record in reversed(records):
            exercise = self.library.get(record.entry.exercise_id)
            if exercise is not None:
                steps = [
                    (s.id, resolve_text(s.prompt, relationship))
                    for s in exercise.steps
                    if isinstance(s, CommitmentStep)
                ]
                title = exercise.title
            else:  # no longer in the library: a commitment is known by its shape
                steps = [(k, k) for k, a in sorted(record.answers.items()) if _looks_like(a.value)]
                title = record.entry.exercise_id
            for step_id, prompt in steps:
                answer = record.answers.get(step_id)
                if answer is None or not is_answered(answer.value):
                    continue
                value = answer.value
                if not isinstance(value, dict):
                    continue
                changed = tuple(changes.get((record.entry.id, step_id), []))
                found.append(
                    Promise(
                        record.entry.id,
                        record.entry.exercise_id,
                        title,
                        step_id,
                        prompt,
                        str(value.get("text", "")),
                        parse_day(value.get("date")),
                        record.entry.started_at,
                        current_status(list(changed)),
                        changed,
                        answer.shared,
                    )
                )
        return found

    def ledger(self) -> Ledger:
        """Every promise and how many stand at each status."""
        promises = tuple(self.promises())
        counts = Counter(p.status for p in promises)
        return Ledger(promises, {s: counts.get(s, 0) for s in PromiseStatus})

    def due(self) -> list[Promise]:
        """Open promises that are overdue or due within a week, soonest first."""
        today = self.today()
        # Only open promises dated within the week can be due: years of kept ones stay unread.
        by = (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
        soon = self.store.object_answers(open_dated_by=by)
        due = [p for p in self.promises(soon) if p.due_on(today) in (Due.OVERDUE, Due.SOON)]
        return sorted(due, key=lambda p: (p.due or today, p.made_at))

    def find(self, entry_id: int, step_id: str) -> Promise:
        """One promise by its entry and step (UserFacingError if there is none)."""
        for promise in self.promises():
            if promise.key == (entry_id, step_id):
                return promise
        raise UserFacingError(tr("That promise is not in this profile."))

    def mark(
        self,
        entry_id: int,
        step_id: str,
        status: PromiseStatus,
        note: str = "",
        *,
        at: str | None = None,
    ) -> Promise:
        """Add a change of status (kept, missed, talked over, or open again) with a note.

        Nothing earlier is changed: the new row says where the promise stands from now on.
        """
        if len(note) > MAX_PROMISE_NOTE_CHARS:
            raise UserFacingError(
                ngettext(
                    "A note can be at most {n} character.",
                    "A note can be at most {n} characters.",
                    MAX_PROMISE_NOTE_CHARS,
                ).format(n=MAX_PROMISE_NOTE_CHARS)
            )
        promise = self.find(entry_id, step_id)
        stamp = at or now_iso()
        last = promise.last_change
        if last is not None and stamp <= last.changed_at:
            stamp = _after(last.changed_at)
        self.store.add_promise_change(PromiseChange(entry_id, step_id, status, note, stamp))
        return self.find(entry_id, step_id)

    def weekly(
        self, only: set[tuple[int, str]] | None = None, promises: list[Promise] | None = None
    ) -> list[WeekTally]:
        """Kept and missed, per week (Monday first) from the first such change to this week.

        ``only`` limits the count to these promises (by key); ``promises`` are the ledger's
        promises if the caller has them.
        """
        tally: dict[date, list[int]] = {}
        for promise in promises if promises is not None else self.promises():
            if only is not None and promise.key not in only:
                continue
            for change in promise.changes:
                if change.status not in (PromiseStatus.KEPT, PromiseStatus.MISSED):
                    continue
                if change is not promise.last_change:
                    continue  # a promise counts once, where it ended up
                week = _week_start(change.changed_at)
                counts = tally.setdefault(week, [0, 0])
                counts[0 if change.status is PromiseStatus.KEPT else 1] += 1
        if not tally:
            return []
        weeks = []
        week = min(tally)
        last = max(max(tally), _monday(self.today()))
        while week <= last:
            kept, missed = tally.get(week, [0, 0])
            weeks.append(WeekTally(week, kept, missed))
            week += timedelta(days=7)
        return weeks


def changed_text(change: PromiseChange) -> str:
    """When a change was marked, as people read it."""
    return format_date(change.changed_at)


def _looks_like(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("text"), str) and "date" in value


def _after(stamp: str) -> str:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")) + timedelta(milliseconds=1)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week_start(stamp: str) -> date:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    local = moment.astimezone().date() if moment.tzinfo else moment.date()
    return _monday(local)
