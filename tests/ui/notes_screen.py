"""A screen that exists only for tests: what a new screen needs, and nothing more.

This module and one ``ScreenEntry`` line are all it takes (see ``tests/ui/test_screens.py``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget


class NotesView(QWidget):
    """A page with one field; it records what the window asked of it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []
        self.field = QPlainTextEdit(self)
        QVBoxLayout(self).addWidget(self.field)

    def refresh(self, *args: Any) -> None:
        """Shown again."""
        self.calls.append("refresh")

    def focus_content(self) -> None:
        """The field."""
        self.calls.append("focus")
        self.field.setFocus()

    def flush(self) -> None:
        """Nothing to write, but say it was asked."""
        self.calls.append("flush")

    def close_screen(self) -> None:
        """Let go (and clear the field, as a real screen lets go of what it showed)."""
        self.calls.append("close")
        self.field.clear()


BUILT: list[NotesView] = []
"""Every notes page built, so a test can look at it after the window let it go."""


def build(window: Any) -> NotesView:
    """The notes page for ``window``."""
    view = NotesView()
    BUILT.append(view)
    return view
