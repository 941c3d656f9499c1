"""File → Add to my calendar…, Settings → Reminders…, and the quiet notice when something is due."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar

from tests.helpers import check_in_exercise
from trustrepair.domain.enums import Rhythm
from trustrepair.domain.promises import PromiseStatus
from trustrepair.services import notifier
from trustrepair.services.reminders import ReminderService, ReminderSettings
from trustrepair.ui import menus, time_actions
from trustrepair.ui.dialogs.reminders_dialog import RemindersDialog
from trustrepair.ui.reminder_notice import ReminderNotice
from trustrepair.ui.views.home_view import HomeView


def _promise_due_in(window, days: int, text: str = "call them") -> None:
    store = window.vault.store
    exercise = check_in_exercise()
    entry = store.start_entry(exercise.id, started_at="2026-01-01T09:00:00.000Z")
    due = (date.today() + timedelta(days=days)).isoformat()
    store.save_answer(
        exercise.id, "promise", {"text": text, "date": due, "kept": None}, entry_id=entry.id
    )


def test_add_to_my_calendar_writes_the_file_and_says_so(window, tmp_path, monkeypatch, messages):
    """The menu item writes the chosen .ics and tells the person what to do with it."""
    window.library.exercises[check_in_exercise().id] = check_in_exercise()
    _promise_due_in(window, 3, "a private promise")
    target = tmp_path / "mine.ics"
    monkeypatch.setattr(time_actions.CalendarFile, "ask", classmethod(lambda cls, p: target))
    menus.run(window, f"{menus.TIME}:add_to_calendar")
    (event,) = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Check-in"
    assert b"private promise" not in target.read_bytes()
    assert any("1 reminder saved" in text for text in messages.texts())


def test_reminders_dialog_choices_are_kept(window, monkeypatch):
    """The word, hour and a rhythm chosen in Settings → Reminders are saved for the profile."""
    exercise = check_in_exercise()
    window.library.exercises[exercise.id] = exercise
    chosen = ReminderSettings("Walk", {exercise.id: Rhythm.WEEKLY}, 8, False)
    seen: list[list[str]] = []

    def ask(cls, parent, settings, exercises):
        seen.append([e.id for e in exercises])
        return chosen

    monkeypatch.setattr(RemindersDialog, "ask", classmethod(ask))
    menus.run(window, f"{menus.TIME}:edit_reminders")
    assert exercise.id in seen[0]
    assert window.services().reminders().settings() == chosen


def test_the_dialog_reads_back_what_it_shows(qtbot):
    """The dialog's fields make the settings it returns."""
    exercise = check_in_exercise()
    dialog = RemindersDialog(ReminderSettings(), [exercise], None)
    qtbot.addWidget(dialog)
    dialog.word.setText("Tea")
    dialog.rhythms[exercise.id].setCurrentIndex(2)  # every week
    assert dialog.chosen() == ReminderSettings("Tea", {exercise.id: Rhythm.WEEKLY}, 19, False)


def test_a_quiet_notice_says_once_what_is_due(window, messages):
    """While the window is open, a status line says a promise is due; said once, not again."""
    window.library.exercises[check_in_exercise().id] = check_in_exercise()
    _promise_due_in(window, -1)
    service = ReminderService(window.vault.store, window.library, now=datetime.now)
    notice = ReminderNotice(service)
    assert notice.check().promises == 1
    notice.check()
    said = [t for t in messages.texts() if "overdue" in t]
    assert said == ["When you are ready: 1 promise is due today or overdue."]
    home = window.screens.get("home")
    assert isinstance(home, HomeView) and home.notice is not None
    assert home.notice.timer.isActive()
    window.lock()
    assert not home.notice.timer.isActive()


def test_menus_offer_calendar_and_reminders(window):
    """Both items are in the menus and usable while a person's profile is open."""
    assert window.menus.actions["calendar"].isEnabled()
    assert window.menus.actions["reminders"].isEnabled()


def test_marking_on_home_brings_the_notice_up_to_date(window, messages, qtbot):
    """Two promises overdue: marking one on the home screen says one is left and moves the
    keyboard to it; marking the last takes the line away and goes back to the main action."""
    window.library.exercises[check_in_exercise().id] = check_in_exercise()
    _promise_due_in(window, -2, "first")
    store = window.vault.store
    entry = store.start_entry(check_in_exercise().id, started_at="2026-01-02T09:00:00.000Z")
    store.save_answer(
        check_in_exercise().id,
        "promise",
        {"text": "second", "date": (date.today() - timedelta(days=1)).isoformat(), "kept": None},
        entry_id=entry.id,
    )
    window.show_home()
    home = window.screens.get("home")
    assert isinstance(home, HomeView) and home.promises_card is not None and home.notice
    home.notice.check()
    window.show()
    qtbot.waitExposed(window)
    card = home.promises_card
    first, second = list(card.rows)
    card.rows[first][PromiseStatus.KEPT].click()
    assert messages.texts(notifier.Level.STATUS)[-1].endswith("1 promise is due today or overdue.")
    following = card.rows[second][PromiseStatus.KEPT]
    qtbot.waitUntil(lambda: window.focusWidget() is following, timeout=2000)
    card.rows[second][PromiseStatus.MISSED].click()
    assert messages.texts(notifier.Level.STATUS)[-1] == ""
    qtbot.waitUntil(lambda: window.focusWidget() is home.continue_button, timeout=2000)
