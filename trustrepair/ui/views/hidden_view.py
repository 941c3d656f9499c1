"""The neutral page quick-hide shows: nothing on it says what the program is, or is for.

It looks like an empty, untitled note: a blank page to type on (kept nowhere, emptied when
the person leaves) and one plain "Open…" that goes back to the profile list, where a
passphrase is needed again. The window's title says "Untitled", and its icon is a blank page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from trustrepair.i18n import tr
from trustrepair.ui.lean import set_by_name

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

NEUTRAL_TITLE = "Untitled"
"""The window's title while hidden (the program's name is taken off the title bar too)."""


class HiddenScreen(QWidget):
    """A plain, neutral page that covers everything after quick-hide."""

    def __init__(self, on_continue: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hidden")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        row = QHBoxLayout()
        self.button = QPushButton(tr("Open…"), self)
        self.button.setProperty("role", "flat")
        self.button.setAccessibleName(tr("Open"))
        self.button.setAccessibleDescription(tr("Open a file"))
        self.button.clicked.connect(self._continue)
        self.button.setAutoDefault(True)  # Enter continues, as Space does
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        self.page = QPlainTextEdit(self)
        self.page.setAccessibleName(tr("Untitled"))
        self.page.setAccessibleDescription(tr("An empty page"))
        set_by_name(self.page, "frameShape", "NoFrame")
        layout.addWidget(self.page, 1)
        self.on_continue = on_continue

    def _continue(self) -> None:
        self.page.clear()  # nothing typed here is kept anywhere
        self.on_continue()

    # ------------------------------------------------------------------ the Screen protocol
    def refresh(self, *_: Any) -> None:
        """An empty page again."""
        self.page.clear()

    def focus_content(self) -> None:
        """The Open button (Enter goes back to the profile list)."""
        self.button.setFocus()

    def flush(self) -> None:
        """Nothing to write."""

    def close_screen(self) -> None:
        """Nothing to let go of."""
        self.page.clear()


def build(window: MainWindow) -> HiddenScreen:
    """The neutral page; Open goes back to the profile list."""
    return HiddenScreen(window.leave_hidden)
