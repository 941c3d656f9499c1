"""Promises over time: each one a commitment answer, each change of its status a dated row.

A promise is a commitment step's answer in one entry. Whether it was kept is never written
into the answer: every change (kept, missed, talked over and renegotiated, or opened again)
is a :class:`PromiseChange` with its date and an optional note, and the newest one says
where the promise stands. The rules here are pure; storage keeps the rows and the
``promises`` service puts them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from trustrepair.domain.answers import InvalidAnswer
from trustrepair.i18n import N_, Marked


class PromiseStatus(StrEnum):
    """Where a promise stands."""

    OPEN = "open"
    KEPT = "kept"
    MISSED = "missed"
    RENEGOTIATED = "renegotiated"  # talked over together, and changed or let go


PROMISE_STATUS_TITLES: dict[PromiseStatus, Marked] = {
    PromiseStatus.OPEN: N_("Open"),
    PromiseStatus.KEPT: N_("Kept"),
    PromiseStatus.MISSED: N_("Missed"),
    PromiseStatus.RENEGOTIATED: N_("Talked over"),
}

MAX_PROMISE_NOTE_CHARS = 2000

DUE_SOON_DAYS = 7
"""The home screen lists promises due within this many days (and every overdue one)."""


@dataclass(frozen=True)
class PromiseChange:
    """One change of a promise's status, as it happened.

    Attributes:
        entry_id: The entry holding the promise (0 when read from a file).
        step_id: The commitment step.
        status: The new status.
        note: What the person wrote about it ("" for none).
        changed_at: When (an ISO timestamp).
    """

    entry_id: int
    step_id: str
    status: PromiseStatus
    note: str
    changed_at: str


class Due(StrEnum):
    """Where a promise's date stands against today."""

    NONE = "none"  # no date, or no longer open
    LATER = "later"
    SOON = "soon"  # within DUE_SOON_DAYS, today included
    OVERDUE = "overdue"


def due_state(status: PromiseStatus, due: date | None, today: date) -> Due:
    """Whether an open promise with date ``due`` is overdue, due soon or later."""
    if status is not PromiseStatus.OPEN or due is None:
        return Due.NONE
    if due < today:
        return Due.OVERDUE
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return Due.SOON
    return Due.LATER


def current_status(changes: list[PromiseChange]) -> PromiseStatus:
    """The status the newest change gave (open when there is none)."""
    if not changes:
        return PromiseStatus.OPEN
    return max(changes, key=lambda c: c.changed_at).status


def parse_day(text: object) -> date | None:
    """A ``2026-12-31`` date, or None."""
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class PastPromiseDate(InvalidAnswer):
    """A promise was given a date that has already gone by."""


def check_promise_date(value: object, before: object, today: date) -> None:
    """Refuse a promise whose date is before ``today``, unless it already had that date.

    A promise is made for days still to come; one made earlier keeps the date it was made
    with (reopening an old entry never fails because time went on).

    Raises:
        PastPromiseDate: the date is in the past and new.
    """
    if not isinstance(value, dict):
        return
    due = parse_day(value.get("date"))
    if due is None or due >= today:
        return
    if isinstance(before, dict) and before.get("date") == value.get("date"):
        return
    raise PastPromiseDate("a promise's date cannot be in the past")
