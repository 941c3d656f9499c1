"""The small questions of working with a counsellor, each behind a ``@classmethod`` tests
replace: where a file goes or comes from, a file's agreed passphrase, whether two client
labels are one client, and whether to keep an assignment once its content is shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from trustrepair.i18n import N_, tr, translated
from trustrepair.ui.plain import message_box
from trustrepair.ui.screen_fit import FittingDialog
from trustrepair.ui.widgets.text import reading_label

JSON_FILTER = N_("trustrepair file (*.json)")
YAML_FILTER = N_("Exercise file (*.yaml *.yml)")


class CounselFiles:
    """Where files are saved and opened, and an encrypted file's passphrase."""

    @classmethod
    def ask_save_path(cls, parent: QWidget | None, suggested: str) -> Path | None:
        """Where to save an assignment file, or None."""
        path, _filter = QFileDialog.getSaveFileName(
            parent, tr("Save the assignment"), str(Path.home() / suggested), translated(JSON_FILTER)
        )
        return Path(path) if path else None

    @classmethod
    def ask_share_path(cls, parent: QWidget | None, suggested: str) -> Path | None:
        """Where to save a file for the counsellor, or None."""
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            tr("Save the file for your counsellor"),
            str(Path.home() / suggested),
            translated(JSON_FILTER),
        )
        return Path(path) if path else None

    @classmethod
    def ask_open_path(cls, parent: QWidget | None, title: str) -> Path | None:
        """A file to open, or None."""
        path, _filter = QFileDialog.getOpenFileName(
            parent, title, str(Path.home()), translated(JSON_FILTER)
        )
        return Path(path) if path else None

    @classmethod
    def ask_exercise_path(cls, parent: QWidget | None) -> Path | None:
        """A custom exercise file to attach, or None."""
        path, _filter = QFileDialog.getOpenFileName(
            parent, tr("Attach an exercise you wrote"), str(Path.home()), translated(YAML_FILTER)
        )
        return Path(path) if path else None

    @classmethod
    def ask_passphrase(cls, parent: QWidget | None, prompt: str) -> str | None:
        """The passphrase agreed for a file, or None."""
        text, ok = QInputDialog.getText(
            parent, tr("Passphrase"), prompt, QLineEdit.EchoMode.Password
        )
        return text if ok and text else None


class SameClientQuestion:
    """Two labels that differ only in capitals or spaces: the same client?"""

    @classmethod
    def ask(cls, parent: QWidget | None, given: str, existing: str) -> bool:
        """True when the person says ``given`` is the client ``existing``."""
        box = message_box(  # labels are the counsellor's or a file's: plain text
            parent,
            QMessageBox.Icon.Question,
            tr("The same client?"),
            tr(
                "You already have a client called “{existing}”. Is “{given}” the same person?"
            ).format(existing=existing, given=given),
            tr(
                "If so, everything is kept under “{existing}”. If not, choose a label that "
                "differs in more than capitals or spaces."
            ).format(existing=existing),
        )
        same = box.addButton(tr("&Same client"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("&Not the same"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(same)
        box.exec()
        return box.clickedButton() is same


class KeepAssignmentQuestion(FittingDialog):
    """What an assignment file holds and what keeping it changes, before anything is kept."""

    def __init__(self, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("An assignment from your counsellor"))
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        layout.addWidget(
            reading_label(
                tr("This is everything in the file. Nothing is kept until you choose to."),
                role="muted",
            )
        )
        self.content = QPlainTextEdit(self)  # plain text: every word here came from a file
        self.content.setReadOnly(True)
        self.content.setPlainText("\n".join(lines))
        self.content.setAccessibleName(tr("What the assignment holds"))
        self.content.setAccessibleDescription(tr("Read-only: everything in the file."))
        self.content.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(self.content, 1)
        buttons = QDialogButtonBox(self)
        self.keep_button = buttons.addButton(tr("&Keep it"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button.setAccessibleDescription(
            tr("Adds these exercises to your path, with the notes and dates shown.")
        )
        refuse = buttons.addButton(tr("&Don't keep it"), QDialogButtonBox.ButtonRole.RejectRole)
        refuse.setAccessibleDescription(tr("Closes this window; nothing is kept."))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.keep_button.setDefault(True)

    @classmethod
    def ask(cls, parent: QWidget | None, lines: list[str]) -> bool:
        """True when the person chooses to keep the assignment."""
        dialog = cls(lines, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
