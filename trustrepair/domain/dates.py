"""Dates as people read them: "26 November 2026"."""

from __future__ import annotations

from datetime import date, datetime

from trustrepair.i18n import tr

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_day(day: date) -> str:
    """A date as "26 November 2026"."""
    return f"{day.day} {tr(_MONTHS[day.month - 1])} {day.year}"


def format_date(stamp: str | None) -> str:
    """An ISO timestamp or date as "26 November 2026" (local time); "" when missing or odd."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return format_day(moment.date())


_SHORT_MONTHS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def short_month(day: date) -> str:
    """A month's short name ("Jan")."""
    return tr(_SHORT_MONTHS[day.month - 1])
