"""Promises: the whole ledger (kept, missed, open, talked over), each promise's dated changes,
and a way to mark any of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.dates import format_date
from trustrepair.domain.promises import PROMISE_STATUS_TITLES, PromiseStatus
from trustrepair.i18n import N_, Marked, tr, translated
from trustrepair.services.promises import Promise, PromiseLedger, changed_text
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.screens import NothingPending
from trustrepair.ui.widgets.rows import rows_model, rows_table
from trustrepair.ui.widgets.text import reading_label, scroll_page

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

COLUMNS = (N_("Promise"), N_("By"), N_("Where it stands"), N_("Since"), N_("Exercise"))

ACTIONS: tuple[tuple[PromiseStatus, Marked], ...] = (
    (PromiseStatus.KEPT, N_("Mark &kept")),
    (PromiseStatus.MISSED, N_("Mark &missed")),
    (PromiseStatus.RENEGOTIATED, N_("&Talked it over")),
    (PromiseStatus.OPEN, N_("&Open again")),
)


class PromisesView(NothingPending, QWidget):
    """Every promise the person made, newest last, and what happened to each."""

    back_to_path = Signal()
    """Return to the home screen."""

    def __init__(self, ledger: PromiseLedger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promises")
        self.ledger = ledger
        self.promises: list[Promise] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        page, column = scroll_page(1100)  # scrolls inside on a small screen or a large scale
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(page)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(32, 20, 32, 16)
        header = QHBoxLayout()
        back = QPushButton(tr("← Your &path"), self)
        back.setProperty("role", "flat")
        back.setAccessibleName(tr("Back to your path"))
        back.setAccessibleDescription(tr("Leaves Promises for your home screen."))
        back.clicked.connect(self.back_to_path)
        header.addWidget(back)
        title = PlainLabel(tr("Promises"), self)
        title.setProperty("role", "title")
        header.addWidget(title, 1)
        layout.addLayout(header)
        self.counts = reading_label("", role="subtitle")
        layout.addWidget(self.counts)
        layout.addWidget(
            reading_label(
                tr(
                    "Every promise you made in any exercise. Each change is kept with its "
                    "date, so this is an honest record: nothing here is ever rewritten."
                ),
                role="muted",
            )
        )
        # One line a promise (the whole text is beside "What happened", and on hover), so
        # hundreds of promises lay out at once.
        self.table = rows_table([translated(c) for c in COLUMNS], self, stretch=0, tooltips=(0, 4))
        self.table.setAccessibleName(tr("Your promises"))
        self.table.setAccessibleDescription(
            tr("One row a promise: choose one to read its history and mark a change.")
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        layout.addWidget(self.table, 3)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(tr("What happened to this promise"))
        self.detail.setAccessibleDescription(
            tr("Read-only: every change to the chosen promise, with its date.")
        )
        self.detail.setMaximumHeight(140)
        layout.addWidget(self.detail, 1)
        actions = QHBoxLayout()
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(tr("A note with the change (optional)"))
        self.note.setAccessibleName(tr("A note with the change (optional)"))
        self.note.setAccessibleDescription(tr("Kept with the change you mark next, with its date."))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(60)
        actions.addWidget(self.note, 1)
        self.buttons: dict[PromiseStatus, QPushButton] = {}
        for status, caption in ACTIONS:
            button = QPushButton(translated(caption), self)
            button.setAccessibleName(translated(caption).replace("&", ""))
            button.setAccessibleDescription(
                tr("Adds this change, dated today, to the chosen promise; nothing is rewritten.")
            )
            button.clicked.connect(lambda _=False, s=status: self.mark_selected(s))
            actions.addWidget(button)
            self.buttons[status] = button
        layout.addLayout(actions)
        self.refresh()

    # ------------------------------------------------------------------ rendering
    def refresh(self, *_: object) -> None:
        """Read the ledger again and show it (keeping the selected promise)."""
        selected = self.selected()
        ledger = self.ledger.ledger()
        self.promises = list(ledger.promises)
        self.counts.setText(
            tr("{kept} kept · {missed} missed · {open} open · {talked} talked over").format(
                kept=ledger.count(PromiseStatus.KEPT),
                missed=ledger.count(PromiseStatus.MISSED),
                open=ledger.count(PromiseStatus.OPEN),
                talked=ledger.count(PromiseStatus.RENEGOTIATED),
            )
        )
        rows_model(self.table).set_rows(
            [
                (
                    " ".join(promise.text.split()),
                    promise.due_text,
                    promise.status_title,
                    changed_text(promise.last_change) if promise.last_change is not None else "",
                    promise.exercise_title,
                )
                for promise in self.promises
            ]
        )
        keys = [p.key for p in self.promises]
        if selected is not None and selected.key in keys:
            self.table.selectRow(keys.index(selected.key))
        elif self.promises:
            self.table.selectRow(len(self.promises) - 1)
        self.table.scrollTo(self.table.currentIndex())
        self._show_selected()

    def selected(self) -> Promise | None:
        """The promise of the selected row, if any."""
        row = self.table.currentIndex().row()
        return self.promises[row] if 0 <= row < len(self.promises) else None

    def _show_selected(self) -> None:
        promise = self.selected()
        for button in self.buttons.values():
            button.setEnabled(promise is not None)
        if promise is None:
            self.detail.setPlainText(tr("No promises yet."))
            return
        lines = [promise.text, promise.prompt, ""]
        lines.append(tr("Made on {date}.").format(date=format_date(promise.made_at)))
        for change in promise.changes:
            line = tr("{date}: {status}").format(
                date=changed_text(change), status=translated(PROMISE_STATUS_TITLES[change.status])
            )
            lines.append(f"{line} — {change.note}" if change.note else line)
        if not promise.changes:
            lines.append(tr("Not marked yet: open."))
        self.detail.setPlainText("\n".join(lines))
        self.buttons[promise.status].setEnabled(False)

    # ------------------------------------------------------------------ slots
    def mark_selected(self, status: PromiseStatus) -> None:
        """Add a dated change to the selected promise, with the note if one was written."""
        promise = self.selected()
        if promise is None:
            return
        self.ledger.mark(promise.entry_id, promise.step_id, status, self.note.toPlainText())
        self.note.clear()
        self.refresh()

    # ------------------------------------------------------------------ the Screen protocol
    def focus_content(self) -> None:
        """Focus the table."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


def build(window: MainWindow) -> PromisesView:
    """The open profile's promise ledger."""
    view = PromisesView(window.services().promises())
    view.back_to_path.connect(window.show_home)
    return view
