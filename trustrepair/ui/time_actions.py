"""Menu actions about time: File → Add to my calendar…, Settings → Reminders…."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from trustrepair.errors import UserFacingError
from trustrepair.i18n import ngettext, tr
from trustrepair.services import notifier

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow


class CalendarFile:
    """Where to save the calendar file."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        """A path chosen by the person, or None."""
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            tr("Add to my calendar"),
            str(Path.home() / "reminders.ics"),
            tr("Calendar files (*.ics)"),
        )
        if not path:
            return None
        chosen = Path(path)
        return chosen if chosen.suffix else chosen.with_suffix(".ics")


def add_to_calendar(window: MainWindow) -> None:
    """Write the reminders as a calendar file the person opens with their calendar program."""
    if window.vault is None:
        return
    service = window.services().reminders()
    path = CalendarFile.ask(window)
    if path is None:
        return
    try:
        events = service.write_calendar(path)
    except UserFacingError as exc:
        notifier.warning(str(exc), tr("Add to my calendar"))
        return
    if events:
        text = ngettext(
            "{n} reminder saved in {path}. Open that file with your calendar program to add "
            "it; it is titled \u201c{word}\u201d and holds nothing you wrote. Delete the file "
            "once it is added.",
            "{n} reminders saved in {path}. Open that file with your calendar program to add "
            "them; each is titled \u201c{word}\u201d and holds nothing you wrote. Delete the "
            "file once they are added.",
            events,
        ).format(n=events, path=path, word=service.settings().word)
    else:
        text = tr(
            "The calendar file is saved, but it holds no reminder yet: give a promise a date, "
            "or choose a rhythm for an exercise in Settings → Reminders."
        )
    notifier.info(text, tr("Add to my calendar"))


def edit_reminders(window: MainWindow) -> None:
    """Choose the reminder word, hour and rhythms (Settings → Reminders…)."""
    from trustrepair.ui.dialogs.reminders_dialog import RemindersDialog

    if window.vault is None:
        return
    service = window.services().reminders()
    chosen = RemindersDialog.ask(window, service.settings(), service.repeatable())
    if chosen is None:
        return
    service.save(chosen)
    notifier.status(tr("Reminders saved."))
