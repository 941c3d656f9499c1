"""A short, optional note when a promise is talked over (or marked), behind ``ask``."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from trustrepair.domain.promises import MAX_PROMISE_NOTE_CHARS
from trustrepair.i18n import tr
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.screen_fit import FittingDialog


class PromiseNoteDialog(FittingDialog):
    """Asks for an optional note about a promise; the promise is shown as plain text."""

    def __init__(self, promise_text: str, question: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Talk it over"))
        layout = QVBoxLayout(self)
        shown = PlainLabel(promise_text, self)
        shown.setWordWrap(True)
        layout.addWidget(shown)
        prompt = PlainLabel(question, self)
        prompt.setWordWrap(True)
        prompt.setProperty("role", "muted")
        layout.addWidget(prompt)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(tr("A note (optional)"))
        self.note.setAccessibleDescription(tr("Kept with the change, with its date."))
        self.note.setPlaceholderText(tr("For example: we agreed on a new day"))
        self.note.setTabChangesFocus(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setAccessibleDescription(tr("Marks the promise talked over, with this note."))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        """The note, trimmed to the length a note may have."""
        return self.note.toPlainText().strip()[:MAX_PROMISE_NOTE_CHARS]

    @classmethod
    def ask(cls, parent: QWidget | None, promise_text: str) -> str | None:
        """The note ("" for none), or None if the person cancelled."""
        dialog = cls(
            promise_text,
            tr(
                "Talking a promise over is part of keeping trust, not a failure. "
                "Add a note about what you agreed, if you like."
            ),
            parent,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text()
