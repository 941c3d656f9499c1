"""Giving the keyboard back to the main window after one of our dialogs closes."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


class RefocusAfterDialogs(QObject):
    """When one of our dialogs closes and no window has the keyboard, give it back to ours.

    A window manager does this itself; on a bare X server (Xvfb, kiosks) the main window would
    otherwise stay inactive after a dialog, and no shortcut would work. It listens to focus
    changes only (an application-wide event filter would cost every event a Python call),
    and acts only when no window of ours is active, so it never pulls focus from another
    program.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is not None or old is None:
            return
        dialog = old.window()
        if isinstance(dialog, QDialog) and self._window.isVisible():
            # Decide once the hide has finished: the focus leaves before the dialog is hidden.
            QTimer.singleShot(0, self, lambda: self._take_back(dialog))

    def _take_back(self, dialog: QDialog) -> None:
        try:
            closed = not dialog.isVisible()
        except RuntimeError:  # already deleted: it closed
            closed = True
        if closed and QApplication.activeWindow() is None and self._window.isVisible():
            self._window.activateWindow()
