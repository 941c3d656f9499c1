"""Dates as people read them: "26 November 2026"."""

from __future__ import annotations

from datetime import date, datetime

from trustrepair.i18n import N_, translated

_MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip


_WEEKDAYS = (
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
    N_("Sunday"),
)  # fmt: skip


def month_name(day: date) -> str:
    """A month's name ("November"), translated (never the system locale's)."""
    return translated(_MONTHS[day.month - 1])


def weekday_name(day: date) -> str:
    """A weekday's name ("Monday"), translated (never the system locale's)."""
    return translated(_WEEKDAYS[day.weekday()])


def format_day(day: date) -> str:
    """A date as "26 November 2026"."""
    return f"{day.day} {month_name(day)} {day.year}"


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
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip


def short_month(day: date) -> str:
    """A month's short name ("Jan")."""
    return translated(_SHORT_MONTHS[day.month - 1])
