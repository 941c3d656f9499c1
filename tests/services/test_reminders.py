"""Reminders: the calendar file read back with icalendar (events, RRULE, alarms), and never a
word of what the person wrote in it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from tests.helpers import check_in_exercise, walk_through
from trustrepair.content.library import Library
from trustrepair.domain.enums import Rhythm
from trustrepair.domain.promises import PromiseStatus
from trustrepair.services.promises import PromiseLedger
from trustrepair.services.reminders import ReminderService, ReminderSettings
from trustrepair.services.walk import ExerciseWalk
from trustrepair.storage.store import VaultStore

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SECRET = "the secret I wrote"


def _library() -> Library:
    library = Library()
    exercise = check_in_exercise()
    library.exercises[exercise.id] = exercise
    return library


def _filled(store: VaultStore) -> ReminderService:
    exercise = check_in_exercise()
    for started, due in (("2026-03-02", "2026-03-14"), ("2026-03-09", "2026-03-20")):
        walk = ExerciseWalk(store, exercise, clock=lambda s=started: f"{s}T18:00:00.000Z")
        walk_through(
            walk,
            {
                "focus": SECRET,
                "trust": 4,
                "week": SECRET,
                "promise": {"text": f"{SECRET}: promise {due}", "date": due, "kept": None},
            },
        )
    ledger = PromiseLedger(store, _library(), today=lambda: NOW.date())
    first = ledger.promises()[0]
    ledger.mark(*first.key, PromiseStatus.KEPT, at="2026-03-10T08:00:00.000Z")
    service = ReminderService(store, _library(), now=lambda: NOW)
    service.save(ReminderSettings(word="Walk", rhythms={exercise.id: Rhythm.WEEKLY}, hour=18))
    return service


def test_the_calendar_reads_back_with_events_rrule_and_alarms(
    store: VaultStore, tmp_path: Path
) -> None:
    """One event per open dated promise, one weekly RRULE for the chosen rhythm, an alarm on
    each; titles are the chosen word; the file parses as RFC 5545."""
    service = _filled(store)
    path = tmp_path / "reminders.ics"
    assert service.write_calendar(path) == 2
    calendar = Calendar.from_ical(path.read_bytes())
    events = calendar.walk("VEVENT")
    promises = [e for e in events if "RRULE" not in e]
    rhythms = [e for e in events if "RRULE" in e]
    assert [e.decoded("dtstart") for e in promises] == [date(2026, 3, 20)]
    (weekly,) = rhythms
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"]
    start = weekly.decoded("dtstart")
    assert start.date() == date(2026, 3, 16) and start.hour == 18  # a week after the last time
    for event in events:
        assert str(event["SUMMARY"]) == "Walk"
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and "TRIGGER" in alarm
    assert len({str(e["UID"]) for e in events}) == 2


def test_no_answer_text_or_program_name_is_anywhere_in_it(store: VaultStore) -> None:
    """Nothing the person wrote, no exercise title and not the program's name."""
    service = _filled(store)
    text = service.calendar_bytes().decode("utf-8").lower()
    unfolded = text.replace("\r\n ", "")
    for word in (SECRET, "promise", check_in_exercise().title.lower(), "trustrepair", "trust"):
        assert word not in unfolded, word


def test_the_calendar_is_the_same_when_made_again(store: VaultStore) -> None:
    """Stable ids: importing a new file updates the same events instead of doubling them."""
    service = _filled(store)
    first = Calendar.from_ical(service.calendar_bytes()).walk("VEVENT")
    again = Calendar.from_ical(service.calendar_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in again]


def test_due_now_counts_without_naming_a_promise(store: VaultStore) -> None:
    """The in-window notice counts due promises and names exercises whose time has come."""
    service = _filled(store)
    later = ReminderService(store, _library(), now=lambda: NOW + timedelta(days=11))
    due = later.due_now()
    assert due.promises == 1 and due.exercises == (check_in_exercise().title,)
    assert SECRET not in due.message()
    assert not service.due_now().anything


def test_settings_are_kept_through_their_schema(store: VaultStore) -> None:
    """What the dialog hands over is made to fit before it is written (one printable line of
    at most the schema's length, a real hour, rhythms only for repeatable exercises), and
    what is stored passes the same check an import does."""
    from trustrepair.formats.settings import MAX_REMINDER_WORD_CHARS, REMINDERS, checked_setting
    from trustrepair.services import reminders

    assert (reminders.SETTING, reminders.MAX_WORD_CHARS) == (REMINDERS, MAX_REMINDER_WORD_CHARS)
    service = ReminderService(store, _library(), now=lambda: NOW)
    kept = service.save(
        ReminderSettings(
            word="  Tea\n\x1b[31m and\u202e a walk " + "x" * 80,
            rhythms={check_in_exercise().id: Rhythm.WEEKLY, "not-in-the-library": Rhythm.DAILY},
            hour=30,
        )
    )
    assert kept.word.startswith("Tea [31m and a walk x") and len(kept.word) <= 40
    assert all(c.isprintable() for c in kept.word)
    assert kept.rhythms == {check_in_exercise().id: Rhythm.WEEKLY} and kept.hour == 23
    stored = store.get_setting("reminders")
    assert checked_setting("reminders", stored) == stored
    assert service.settings() == kept
    blank = service.save(ReminderSettings(word=" \t\n"))
    assert blank.word == "Check-in"


def test_a_second_reader_finds_the_same_events_repeats_and_alarms(store: VaultStore) -> None:
    """vobject, an iCalendar reader apart from the one that wrote the file, reads the same
    events: the promise on its day, the weekly rhythm repeating every seven days from a
    week after the last time, an alarm on each, and only the chosen word as text."""
    import vobject

    service = _filled(store)
    calendar = vobject.readOne(service.calendar_bytes().decode("utf-8"))
    events = list(calendar.vevent_list)
    assert len(events) == 2
    (promise,) = [e for e in events if not hasattr(e, "rrule")]
    (weekly,) = [e for e in events if hasattr(e, "rrule")]
    assert promise.dtstart.value == date(2026, 3, 20)
    first, second, third = list(weekly.getrruleset())[:3]
    assert first.date() == date(2026, 3, 16) and first.hour == 18
    assert second - first == timedelta(days=7) and third - second == timedelta(days=7)
    for event in events:
        assert event.summary.value == "Walk"
        assert event.valarm.action.value == "DISPLAY"
        assert event.valarm.description.value == "Walk"
    texts = {
        str(line.value)
        for event in events
        for line in event.getChildren()
        if line.name in ("SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT")
    }
    assert texts == {"Walk"}
    assert SECRET not in service.calendar_bytes().decode("utf-8")
