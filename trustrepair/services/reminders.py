"""Reminders through the person's own calendar, and what is due now (for a quiet notice).

:func:`calendar_bytes` writes an RFC 5545 calendar (with ``icalendar``): one all-day event
for every open promise with a date, and one recurring event (an ``RRULE``) for each
repeatable exercise the person chose a rhythm for, each with an alarm. Every title is the
person's neutral word ("Check-in" unless they chose another in Settings → Reminders): a
calendar is often seen by others, synced to other devices, shown on a locked phone, so it
holds no answer, no promise text, no exercise title and not the program's name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trustrepair.content.library import Library
from trustrepair.domain.enums import RHYTHM_DAYS, Rhythm
from trustrepair.domain.exercise import Exercise
from trustrepair.files import write_private
from trustrepair.i18n import ngettext, tr
from trustrepair.services import profile_settings
from trustrepair.services.promises import PromiseLedger
from trustrepair.storage.store import VaultStore

if TYPE_CHECKING:
    from icalendar import Alarm

SETTING = "reminders"
DEFAULT_WORD = "Check-in"
MAX_WORD_CHARS = 40
"""The longest word (``formats.settings`` holds the schema; a test keeps the two the same,
and pydantic stays off the start-up path)."""
PRODID = "-//private//reminders//EN"
"""A product id that names no program: the file should not say what it came from."""

RRULES: dict[Rhythm, dict[str, object]] = {
    Rhythm.DAILY: {"FREQ": "DAILY"},
    Rhythm.WEEKLY: {"FREQ": "WEEKLY"},
    Rhythm.FORTNIGHTLY: {"FREQ": "WEEKLY", "INTERVAL": 2},
    Rhythm.MONTHLY: {"FREQ": "MONTHLY"},
}


@dataclass(frozen=True)
class ReminderSettings:
    """What the person chose about reminders."""

    word: str = DEFAULT_WORD
    rhythms: dict[str, Rhythm] = field(default_factory=dict)
    hour: int = 19
    system_notifications: bool = False

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ReminderSettings:
        """From the ``reminders`` setting as its schema checked it (a rhythm this version
        cannot remind of is left out)."""
        rhythms = {}
        for exercise_id, rhythm in dict(raw.get("rhythms") or {}).items():
            with suppress(ValueError):
                rhythms[str(exercise_id)] = Rhythm(rhythm)
        return cls(
            word=str(raw.get("word") or DEFAULT_WORD),
            rhythms=rhythms,
            hour=int(raw.get("hour", 19)),
            system_notifications=bool(raw.get("system_notifications", False)),
        )

    def to_json(self) -> dict[str, object]:
        """As the ``reminders`` setting stores it."""
        return {
            "word": self.word,
            "rhythms": {k: v.value for k, v in sorted(self.rhythms.items())},
            "hour": self.hour,
            "system_notifications": self.system_notifications,
        }


@dataclass(frozen=True)
class DueNow:
    """What is due today, counted (the in-window notice names no promise and no answer)."""

    promises: int = 0
    exercises: tuple[str, ...] = ()
    """Titles of repeatable exercises whose rhythm has come round (shown inside the window)."""

    @property
    def anything(self) -> bool:
        """Whether there is something to mention."""
        return bool(self.promises or self.exercises)

    def message(self) -> str:
        """One quiet sentence for the status bar."""
        parts = []
        if self.promises:
            parts.append(
                ngettext(
                    "{n} promise is due today or overdue",
                    "{n} promises are due today or overdue",
                    self.promises,
                ).format(n=self.promises)
            )
        if self.exercises:
            parts.append(tr("time again for: {titles}").format(titles=", ".join(self.exercises)))
        return tr("When you are ready: {what}.").format(what="; ".join(parts))


Now = Callable[[], datetime]


class ReminderService:
    """The reminders of one vault (Qt-free; the window and the CLI share it)."""

    def __init__(self, store: VaultStore, library: Library, now: Now = datetime.now) -> None:
        self.store = store
        self.library = library
        self.now = now

    # ------------------------------------------------------------------ settings
    def settings(self) -> ReminderSettings:
        """What the person chose (defaults when nothing, or something unreadable, is stored).

        The stored value is read through its schema (``Reminders`` in
        :mod:`trustrepair.formats.settings`), so one that does not fit is never used.
        """
        raw = profile_settings.get(self.store, SETTING)
        if not isinstance(raw, dict):
            return ReminderSettings()
        return ReminderSettings.from_json(raw)

    def save(self, settings: ReminderSettings) -> ReminderSettings:
        """Keep the person's choices, checked against the setting's schema before they are
        written (the word made one short line of printable text; rhythms only for this
        library's repeatable exercises); returns what was kept."""
        word = "".join(c for c in " ".join(settings.word.split()) if c.isprintable())
        kept: dict[str, Rhythm] = {
            k: v
            for k, v in settings.rhythms.items()
            if v is not Rhythm.ANY and (e := self.library.get(k)) is not None and e.repeatable
        }
        settings = replace(
            settings,
            word=word.strip()[:MAX_WORD_CHARS].strip() or DEFAULT_WORD,
            rhythms=kept,
            hour=max(0, min(23, settings.hour)),
        )
        stored = profile_settings.put(self.store, SETTING, settings.to_json())
        return ReminderSettings.from_json(stored)

    def repeatable(self) -> list[Exercise]:
        """The exercises a rhythm can be chosen for: this person's repeatable ones."""
        profile = self.store.get_profile()
        if profile is None:
            return []
        return [
            e
            for e in self.library.for_person(profile.track, profile.relationship)
            if e.repeat is not None and not e.safety_check
        ]

    # ------------------------------------------------------------------ what is due
    def due_now(self) -> DueNow:
        """Promises due today or overdue, and exercises whose chosen rhythm has come round."""
        today = self.now().date()
        ledger = PromiseLedger(self.store, self.library, today=lambda: today)
        dated = self.store.object_answers(open_dated_by=today.isoformat())  # a handful
        promises = sum(
            1
            for p in ledger.promises(dated)
            if p.due is not None and p.due <= today and p.status.value == "open"
        )
        titles = []
        for exercise_id, rhythm in sorted(self.settings().rhythms.items()):
            exercise = self.library.get(exercise_id)
            if exercise is None or rhythm not in RHYTHM_DAYS:
                continue
            last = self.store.current_entry(exercise_id)
            if last is None or _day(last.started_at) + timedelta(days=RHYTHM_DAYS[rhythm]) <= today:
                titles.append(exercise.title)
        return DueNow(promises, tuple(titles))

    # ------------------------------------------------------------------ the calendar
    def calendar_bytes(self) -> bytes:
        """The RFC 5545 calendar of open dated promises and chosen rhythms."""
        from icalendar import Alarm, Calendar, Event  # only when a calendar is made

        settings = self.settings()
        now = self.now().astimezone()
        stamp = now.astimezone().replace(microsecond=0)
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        seed = self._seed()
        ledger = PromiseLedger(self.store, self.library, today=lambda: now.date())
        for promise in ledger.promises():
            if promise.status.value != "open" or promise.due is None:
                continue
            if promise.due < now.date() - timedelta(days=30):
                continue  # long gone: the home screen still lists it, a calendar need not
            event = Event()
            event.add("uid", _uid(seed, f"promise:{promise.entry_id}:{promise.step_id}"))
            event.add("dtstamp", stamp)
            event.add("summary", settings.word)
            event.add("dtstart", promise.due)
            event.add("dtend", promise.due + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
            event.add("class", "PRIVATE")
            event.add_component(_alarm(Alarm, settings.word, timedelta(hours=settings.hour)))
            calendar.add_component(event)
        for exercise_id, rhythm in sorted(settings.rhythms.items()):
            exercise = self.library.get(exercise_id)
            if exercise is None or rhythm not in RRULES:
                continue
            start = self._next_time(exercise_id, rhythm, settings.hour, now)
            event = Event()
            event.add("uid", _uid(seed, f"rhythm:{exercise_id}"))
            event.add("dtstamp", stamp)
            event.add("summary", settings.word)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=30))
            event.add("rrule", RRULES[rhythm])
            event.add("transp", "TRANSPARENT")
            event.add("class", "PRIVATE")
            event.add_component(_alarm(Alarm, settings.word, timedelta(0)))
            calendar.add_component(event)
        return bytes(calendar.to_ical())

    def write_calendar(self, path: Path) -> int:
        """Write the calendar to ``path`` (whole or not at all); returns how many events."""
        from icalendar import Calendar

        data = self.calendar_bytes()
        write_private(path, data)
        return len(Calendar.from_ical(data).walk("VEVENT"))

    def _next_time(self, exercise_id: str, rhythm: Rhythm, hour: int, now: datetime) -> datetime:
        """The first reminder: a rhythm's length after the last time through, not before today."""
        last = self.store.current_entry(exercise_id)
        day = now.date()
        if last is not None:
            day = max(day, _day(last.started_at) + timedelta(days=RHYTHM_DAYS[rhythm]))
        moment = datetime.combine(day, time(hour), tzinfo=now.tzinfo)
        return moment if moment > now else moment + timedelta(days=1)

    def _seed(self) -> str:
        profile = self.store.get_profile()
        return profile.created_at if profile is not None else ""


def _alarm(alarm_class: type[Alarm], word: str, trigger: timedelta) -> Alarm:
    alarm = alarm_class()
    alarm.add("action", "DISPLAY")
    alarm.add("description", word)
    alarm.add("trigger", trigger)
    return alarm


def _uid(seed: str, what: str) -> str:
    """A stable id (the same event when the file is made again) that says nothing about it."""
    return hashlib.sha256(f"{seed}|{what}".encode()).hexdigest()[:32] + "@local"


def _day(stamp: str) -> date:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment.astimezone().date() if moment.tzinfo else moment.date()
