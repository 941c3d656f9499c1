"""Earlier times through an exercise, read-only: a list of dates, and what was written then."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from trustrepair.i18n import tr
from trustrepair.services.history import ReadableEntry
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.screen_fit import FittingDialog


def entry_caption(entry: ReadableEntry) -> str:
    """A line for the list: its date, and whether it was finished."""
    state = tr("finished") if entry.finished else tr("not finished")
    return f"{entry.started} · {state}"


def entry_text(entry: ReadableEntry) -> str:
    """What was written that time, as plain text under each prompt."""
    if not entry.lines:
        return tr("Nothing was written that time.")
    return "\n\n".join(f"{line.prompt}\n{line.text}" for line in entry.lines)


class EarlierTimesDialog(FittingDialog):
    """Every earlier time through one exercise, newest first; nothing here can be changed."""

    def __init__(self, title: str, entries: list[ReadableEntry], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Earlier times: {title}").format(title=" ".join(title.split())))
        self.resize(820, 520)
        self.entries = entries
        layout = QVBoxLayout(self)
        intro = PlainLabel(
            tr("What you wrote each time, as you left it. Earlier times are kept as they were."),
            self,
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.dates = QListWidget(self)
        self.dates.setAccessibleName(tr("Earlier times, newest first"))
        self.dates.setAccessibleDescription(tr("Choose a time to read what you wrote then."))
        self.dates.setMaximumWidth(260)
        for entry in entries:
            item = QListWidgetItem(entry_caption(entry))
            self.dates.addItem(item)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(tr("What you wrote that time"))
        self.text.setAccessibleDescription(tr("Read-only: earlier times are never changed."))
        row.addWidget(self.dates)
        row.addWidget(self.text, 1)
        layout.addLayout(row, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.dates.currentRowChanged.connect(self.show_entry)
        if entries:
            self.dates.setCurrentRow(0)

    def show_entry(self, row: int) -> None:
        """Show the entry at ``row`` of the list."""
        if 0 <= row < len(self.entries):
            self.text.setPlainText(entry_text(self.entries[row]))

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, entries: list[ReadableEntry]) -> None:
        """Show the dialog until the person closes it."""
        cls(title, entries, parent).exec()
