"""A dismissable banner saying some exercise files could not be read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from trustrepair.i18n import ngettext, tr
from trustrepair.ui.plain import PlainLabel

if TYPE_CHECKING:  # the library (pydantic, ruamel) loads after the window shows
    from trustrepair.content.library import SkippedFile


class SkippedFilesBanner(QFrame):
    """Shown at the top when files were skipped; the window works regardless."""

    def __init__(self, skipped: Sequence[SkippedFile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.skipped: list[SkippedFile] = []
        self.dismissed = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        row = QHBoxLayout()
        self.label = PlainLabel(self)
        self.label.setWordWrap(True)
        self.details_button = QPushButton(tr("&Details"), self)
        self.details_button.setCheckable(True)
        self.details_button.setAccessibleDescription(
            tr("Shows or hides which files could not be read, and why.")
        )
        self.dismiss_button = QPushButton(tr("Dis&miss"), self)
        self.dismiss_button.setAccessibleDescription(tr("Hides this message until next time."))
        row.addWidget(self.label, 1)
        row.addWidget(self.details_button)
        row.addWidget(self.dismiss_button)
        layout.addLayout(row)
        self.details = PlainLabel(self)
        self.details.setWordWrap(True)
        self.details.setProperty("role", "muted")
        self.details.setAccessibleName(tr("Problems in the exercise files"))
        self.details.hide()
        layout.addWidget(self.details)
        self.details_button.toggled.connect(self.details.setVisible)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.set_skipped(skipped)

    def set_skipped(self, skipped: Sequence[SkippedFile]) -> None:
        """Say which files were skipped (the window knows once the library has loaded)."""
        self.skipped = list(skipped)
        count = len(self.skipped)
        self.label.setText(
            ngettext(
                "{n} exercise file could not be read. The others work as usual.",
                "{n} exercise files could not be read. The others work as usual.",
                count,
            ).format(n=count)
        )
        lines = []
        for item in self.skipped:
            lines.append(str(item.path))
            lines.extend(
                f"    {problem.line}:{problem.column}: {problem.message}"
                for problem in item.problems
            )
        self.details.setText("\n".join(lines))
        self.show_if_needed()

    def dismiss(self) -> None:
        """Hide the banner for the rest of this session."""
        self.dismissed = True
        self.hide()

    def show_if_needed(self) -> None:
        """Visible only while there is something to say and it was not dismissed."""
        self.setVisible(bool(self.skipped) and not self.dismissed)
