"""Locking after a while without use: the activity filter, the timer, and the menu of choices.

The policy itself (:class:`~trustrepair.services.lock.IdleLock`) is Qt-free; this module only
feeds it keyboard and mouse activity and asks it, now and then, whether to lock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu

from trustrepair.i18n import ngettext, tr
from trustrepair.services.lock import IdleLock, auto_lock_minutes, set_auto_lock_minutes

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

    from trustrepair.services.vaults import OpenVault

IDLE_CHOICES = (5, 10, 20, 30, 60, 0)
"""The minutes offered in Settings → Lock automatically after (0: never)."""


class ActivityFilter(QObject):
    """Notices keyboard and mouse use anywhere in the program, to restart the idle timer.

    Installed only while a profile is open: nothing needs to lock when nothing is open.
    """

    def __init__(self, on_activity: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_activity = on_activity
        # Made here rather than at import: PySide builds QEvent.Type (~180 members) on first use.
        from PySide6.QtCore import QEvent

        self.events = {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
        }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Report activity; never swallow the event."""
        if event.type() in self.events:
            self.on_activity()
        return False


class IdleWatch(QObject):
    """Asks the idle policy every :attr:`CHECK_MS` whether to lock, while a profile is open."""

    CHECK_MS = 15_000
    """How often the idle policy is asked whether to lock (tests make it short)."""

    def __init__(self, on_idle: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.policy = IdleLock(None, on_idle)
        self.policy.locked = True
        self.timer = QTimer(self)
        self.timer.setInterval(self.CHECK_MS)
        self.timer.timeout.connect(self.policy.check)
        self.activity: ActivityFilter | None = None
        self.group = QActionGroup(self)
        self.choices: dict[int, QAction] = {}
        self.vault: OpenVault | None = None

    def add_menu(self, menu: QMenu) -> None:
        """Settings → Lock automatically after: one checkable choice per :data:`IDLE_CHOICES`."""
        for minutes in IDLE_CHOICES:
            label = (
                tr("Never")
                if minutes == 0
                else ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
            )
            action = menu.addAction(label)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, m=minutes: self.set_minutes(m))
            self.group.addAction(action)
            self.choices[minutes] = action

    def start(self, vault: OpenVault) -> None:
        """Watch again after an unlock (or a restore), with the profile's own setting."""
        self.vault = vault
        self.policy.minutes = minutes = auto_lock_minutes(vault.store)
        choice = self.choices.get(int(minutes or 0))
        if choice is not None:
            choice.setChecked(True)
        self.policy.unlocked()
        self.timer.start(self.CHECK_MS)
        self._watch_activity(True)

    def stop(self) -> None:
        """The profile was locked: stop the timer and stop listening to activity."""
        self.vault = None
        self.policy.lock_now()
        self.timer.stop()
        self._watch_activity(False)

    def set_minutes(self, minutes: int) -> None:
        """Change how long the profile may stay idle before it locks (0 = never)."""
        if self.vault is not None:
            set_auto_lock_minutes(self.vault.store, minutes)
            self.start(self.vault)

    def _watch_activity(self, watch: bool) -> None:
        app = QApplication.instance()
        if app is None:
            return
        if watch and self.activity is None:
            self.activity = ActivityFilter(self.policy.touch, self)
            app.installEventFilter(self.activity)
        elif not watch and self.activity is not None:
            app.removeEventFilter(self.activity)
            self.activity.deleteLater()
            self.activity = None
