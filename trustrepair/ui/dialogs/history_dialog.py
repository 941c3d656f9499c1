"""Earlier times through an exercise, read-only: a list of dates, and what was written then."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from trustrepair.i18n import tr
from trustrepair.services.history import EarlierTimes, ReadableEntry
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.screen_fit import FittingDialog


def entry_caption(entry: ReadableEntry) -> str:
    """A line for the list: its date, and whether it was finished."""
    return _caption(entry.started, entry.finished)


def _caption(started: str, finished: bool) -> str:
    state = tr("finished") if finished else tr("not finished")
    return f"{started} · {state}"


def captions(entries: Sequence[ReadableEntry]) -> list[str]:
    """The list's lines (for :class:`EarlierTimes`, without reading a single answer)."""
    if isinstance(entries, EarlierTimes):
        return [_caption(*entries.when(i)) for i in range(len(entries))]
    return [entry_caption(entry) for entry in entries]


def entry_text(entry: ReadableEntry) -> str:
    """What was written that time, as plain text under each prompt."""
    if not entry.lines:
        return tr("Nothing was written that time.")
    return "\n\n".join(f"{line.prompt}\n{line.text}" for line in entry.lines)


class EarlierTimesDialog(FittingDialog):
    """Every earlier time through one exercise, newest first; nothing here can be changed.

    The list holds only dates; what was written is read when a time is chosen, so years of
    a daily exercise open at once.
    """

    def __init__(
        self, title: str, entries: Sequence[ReadableEntry], parent: QWidget | None
    ) -> None:
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
        self.dates = QListView(self)
        self.dates.setAccessibleName(tr("Earlier times, newest first"))
        self.dates.setAccessibleDescription(tr("Choose a time to read what you wrote then."))
        self.dates.setMaximumWidth(260)
        self.dates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.dates.setUniformItemSizes(True)
        self.dates.setModel(QStringListModel(captions(entries), self.dates))
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
        self.dates.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_entry(current.row())
        )
        if entries:
            self.dates.setCurrentIndex(self.dates.model().index(0, 0))

    def show_entry(self, row: int) -> None:
        """Show the entry at ``row`` of the list."""
        if 0 <= row < len(self.entries):
            self.text.setPlainText(entry_text(self.entries[row]))

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, entries: Sequence[ReadableEntry]) -> None:
        """Show the dialog until the person closes it."""
        cls(title, entries, parent).exec()
