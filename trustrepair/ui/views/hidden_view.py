"""The neutral page quick-hide shows: nothing on it says what the program is for."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from trustrepair.i18n import tr

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow


class HiddenScreen(QWidget):
    """A plain, neutral page that covers everything after quick-hide."""

    def __init__(self, on_continue: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hidden")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.button = QPushButton(tr("Continue"), self)
        self.button.setProperty("role", "flat")
        self.button.setAccessibleName(tr("Continue"))
        self.button.clicked.connect(on_continue)
        self.button.setAutoDefault(True)  # Enter continues, as Space does
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)

    # ------------------------------------------------------------------ the Screen protocol
    def refresh(self, *_: Any) -> None:
        """Nothing changes on the neutral page."""

    def focus_content(self) -> None:
        """The Continue button (Enter continues)."""
        self.button.setFocus()

    def flush(self) -> None:
        """Nothing to write."""

    def close_screen(self) -> None:
        """Nothing to let go of."""


def build(window: MainWindow) -> HiddenScreen:
    """The neutral page; Continue goes back to the profile list."""
    return HiddenScreen(window.leave_hidden)
