"""The quiet in-window notice when something is due, while the window is open.

Owned by the home screen, so it lives exactly as long as an unlocked profile: it checks what
is due when the profile opens and every :attr:`ReminderNotice.INTERVAL_MS`, and says it once
a day in the status bar (counts and exercise titles only). A notification of the desktop is
shown only if the person turned it on in Settings → Reminders, titled with their neutral
word and saying nothing else.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from trustrepair.i18n import tr
from trustrepair.services import notifier
from trustrepair.services.reminders import DueNow, ReminderService

log = logging.getLogger(__name__)


class ReminderNotice(QObject):
    """Checks what is due and mentions it quietly (at most once a day, or when it changes)."""

    INTERVAL_MS = 15 * 60 * 1000
    """How often to look again while the window is open (tests set their own)."""

    def __init__(self, service: ReminderService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self._said: tuple[date, DueNow] | None = None
        self.tray: QSystemTrayIcon | None = None
        self.last: DueNow = DueNow()

    def start(self) -> None:
        """Look now, then every interval."""
        self.check()
        self.timer.start()

    def stop(self) -> None:
        """Stop looking (the profile is locked or the screen closes)."""
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None

    def check(self, *, notify: bool = True) -> DueNow:
        """What is due now; said once a day, or again when it changed (and the line taken
        away once nothing is due). ``notify=False`` after the person marked a promise: the
        line is brought up to date, the desktop is not told again."""
        try:
            due = self.service.due_now()
        except Exception:  # a reminder must never disturb the person's work
            log.exception("could not check what is due")
            return DueNow()
        self.last = due
        today = self.service.now().date()
        if self._said == (today, due):
            return due
        was_saying = self._said is not None and self._said[1].anything
        self._said = (today, due)
        if not due.anything:
            if was_saying:
                notifier.status("")
            return due
        notifier.status(due.message())
        settings = self.service.settings()
        if notify and settings.system_notifications and QSystemTrayIcon.isSystemTrayAvailable():
            self._notify(settings.word)
        return due

    def _notify(self, word: str) -> None:
        if self.tray is None:
            app = QApplication.instance()
            icon = app.windowIcon() if isinstance(app, QApplication) else None
            self.tray = QSystemTrayIcon(self)
            if icon is not None:
                self.tray.setIcon(icon)
            self.tray.show()
        self.tray.showMessage(word, tr("Something is due."))
