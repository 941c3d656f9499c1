"""The home screen's card of promises due: overdue and within a week, each one click away
from Kept, Missed or Talk it over."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from trustrepair.domain.promises import Due, PromiseStatus
from trustrepair.i18n import ngettext, tr
from trustrepair.services.promises import Promise, PromiseLedger
from trustrepair.ui.plain import PlainLabel, without_mnemonic
from trustrepair.ui.widgets.text import reading_label

MAX_SHOWN = 6
"""Promises listed on the card; the rest are one click away on the Promises screen."""


def due_words(promise: Promise, today: date) -> str:
    """When a due promise is due, in words: "overdue since …", "due today", "due on …"."""
    if promise.due is None:
        return ""
    if promise.due_on(today) is Due.OVERDUE:
        return tr("overdue since {date}").format(date=promise.due_text)
    if promise.due == today:
        return tr("due today")
    return tr("due {date}").format(date=promise.due_text)


class PromisesDueCard(QFrame):
    """Promises due soon or overdue; hidden when there are none."""

    changed = Signal()
    """A promise was marked (the home screen refreshes what depends on it)."""
    open_ledger = Signal()
    """The person wants to see every promise."""

    def __init__(self, ledger: PromiseLedger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setObjectName("promisesDue")
        self.ledger = ledger
        self.rows: dict[tuple[int, str], dict[PromiseStatus, QPushButton]] = {}
        self.layout_ = QVBoxLayout(self)
        self.fill()

    def fill(self) -> None:
        """Build the card from what is due now."""
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
            elif item is not None and item.layout() is not None:
                _clear(item.layout())
        self.rows = {}
        due = self.ledger.due()
        self.setVisible(bool(due))
        if not due:
            return
        today = self.ledger.today()
        title = PlainLabel(tr("Promises due"), self)
        title.setObjectName("stageTitle")
        self.layout_.addWidget(title)
        self.layout_.addWidget(
            reading_label(
                tr(
                    "Mark each one honestly. A missed promise owned is worth more than one "
                    "quietly forgotten, and talking one over is part of keeping trust."
                ),
                role="muted",
                selectable=False,
            )
        )
        for promise in due[:MAX_SHOWN]:
            self.layout_.addLayout(self._row(promise, today))
        if len(due) > MAX_SHOWN:
            more = QPushButton(
                ngettext("See the {n} promise due…", "See all {n} promises due…", len(due)).format(
                    n=len(due)
                ),
                self,
            )
            more.setProperty("role", "flat")
            more.setAccessibleDescription(tr("Opens Promises, with every promise you made."))
            more.clicked.connect(self.open_ledger)
            self.layout_.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)

    def _row(self, promise: Promise, today: date) -> QHBoxLayout:
        row = QHBoxLayout()
        words = due_words(promise, today)
        label = reading_label(f"{promise.text} — {words}", selectable=False)
        row.addWidget(label, 1)
        buttons: dict[PromiseStatus, QPushButton] = {}
        for status, caption in (
            (PromiseStatus.KEPT, tr("Kept")),
            (PromiseStatus.MISSED, tr("Missed")),
            (PromiseStatus.RENEGOTIATED, tr("Talk it over…")),
        ):
            button = QPushButton(caption, self)
            button.setAccessibleName(
                f"{without_mnemonic(caption).rstrip('…')}: {promise.text}, {words}"
            )
            button.setAccessibleDescription(
                tr("Adds this change, dated today; nothing is rewritten.")
            )
            button.clicked.connect(lambda _=False, p=promise, s=status: self.mark(p, s))
            row.addWidget(button)
            buttons[status] = button
        self.rows[promise.key] = buttons
        return row

    def mark(self, promise: Promise, status: PromiseStatus) -> None:
        """Record the person's click as a dated change (a note is asked only to talk over)."""
        note = ""
        if status is PromiseStatus.RENEGOTIATED:
            from trustrepair.ui.dialogs.promise_note_dialog import PromiseNoteDialog

            asked = PromiseNoteDialog.ask(self, promise.text)
            if asked is None:
                return
            note = asked
        self.ledger.mark(promise.entry_id, promise.step_id, status, note)
        self.fill()
        # The clicked button is gone: the keyboard goes on to the next promise due (once the
        # new rows are shown, which the layout does on the next turn of the event loop).
        if self.rows:
            following = next(iter(self.rows.values()))[PromiseStatus.KEPT]
            QTimer.singleShot(
                0, following, lambda: following.setFocus(Qt.FocusReason.OtherFocusReason)
            )
        self.changed.emit()


def _clear(layout: object) -> None:
    from PySide6.QtWidgets import QLayout

    if not isinstance(layout, QLayout):
        return
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())
