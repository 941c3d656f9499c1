"""The message boxes the window shows for notifier messages, and where each message goes."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from trustrepair import paths
from trustrepair.services import notifier
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.notifier import Level, Message
from trustrepair.ui.dialogs.messages import MessageBox
from trustrepair.ui.main_window import MainWindow

REAL_ASK = MessageBox.ask
"""Taken at import, before the autouse fixture replaces it for every other test."""


def _close_the_box_and_see(seen: list[tuple[str, str, QMessageBox.Icon]]) -> None:
    def close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.windowTitle(), box.text(), box.icon()))
        box.close()

    QTimer.singleShot(0, close)


def test_a_warning_shows_in_a_warning_box_titled_by_what_was_done(qtbot):
    """A warning is a modal box with the warning icon, the action as its title."""
    seen: list[tuple[str, str, QMessageBox.Icon]] = []
    _close_the_box_and_see(seen)
    REAL_ASK(None, Message(Level.WARNING, "The disk is full.", "Back up now"))
    assert seen == [("Back up now", "The disk is full.", QMessageBox.Icon.Warning)]


def test_a_note_shows_in_an_information_box(qtbot):
    """An info message is a modal box with the information icon."""
    seen: list[tuple[str, str, QMessageBox.Icon]] = []
    _close_the_box_and_see(seen)
    REAL_ASK(None, Message(Level.INFO, "Exported.", "Export"))
    assert seen == [("Export", "Exported.", QMessageBox.Icon.Information)]


def test_the_window_puts_status_lines_in_the_bar_and_the_rest_in_boxes(
    qtbot, vaults, path_library, monkeypatch
):
    """The window is the one listener that shows messages: status in the bar, notes in a box."""
    boxes: list[Message] = []
    monkeypatch.setattr(MessageBox, "ask", classmethod(lambda cls, parent, m: boxes.append(m)))
    window = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    notifier.status("Saved.")
    notifier.info("Exported.", "Export")
    assert window.status_message.text() == "Saved."
    assert boxes == [Message(Level.INFO, "Exported.", "Export")]
    window.close()
    notifier.status("after the window closed")
    assert window.status_message.text() == ""  # it cleared at lock and listens no more
