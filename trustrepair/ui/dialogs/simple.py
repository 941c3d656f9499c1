"""Small modal questions, each behind a ``@classmethod ask(...)`` tests replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from trustrepair.i18n import tr
from trustrepair.ui.plain import ask_go_ahead, message_box


class EmptyPassphraseDialog:
    """Asks the person to confirm a profile without a passphrase."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        """True if the person understands and wants no passphrase."""
        return ask_go_ahead(
            parent,
            QMessageBox.Icon.Warning,
            tr("No passphrase?"),
            tr("Without a passphrase, anyone who uses this computer could read this profile."),
            tr(
                "That includes the person this is about. You can add a passphrase now, "
                "or continue without one if you are sure nobody else uses this computer."
            ),
            go=tr("&Continue without"),
            stay=tr("&Add a passphrase"),
        )


class RecoveryKeyFile:
    """Where to save the recovery key."""

    @classmethod
    def ask(cls, parent: QWidget | None, suggested: str) -> Path | None:
        """A file path chosen by the person, or None."""
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            tr("Save the recovery key"),
            str(Path.home() / suggested),
            tr("Text files (*.txt)"),
        )
        return Path(path) if path else None


class PrintText:
    """Print a short plain text (the recovery key)."""

    @classmethod
    def ask(cls, parent: QWidget | None, text: str) -> bool:
        """Show the print dialog and print ``text``; True if printed."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        document = QTextDocument()
        document.setPlainText(text)
        document.print_(printer)
        return True


class CrashDialog:
    """Tells the person something went wrong, after everything was saved."""

    @classmethod
    def ask(cls, parent: QWidget | None, saved: bool, log_path: str) -> None:
        """Show the plain crash message."""
        if saved:
            text = tr("Something went wrong inside trustrepair. Your answers are saved.")
        else:
            text = tr(
                "Something went wrong inside trustrepair, and your latest answer may not have "
                "been saved. Please close and reopen the program."
            )
        details = tr(
            "Details for the developers are in {path} (it never contains what you wrote). "
            "You can keep working, or close and reopen the program."
        ).format(path=log_path)
        title = tr("Something went wrong")
        message_box(parent, QMessageBox.Icon.Critical, title, text, details).exec()


class WeakPassphraseConfirm:
    """The second confirmation before a weak passphrase is used."""

    @classmethod
    def ask(cls, parent: QWidget | None, label: str, advice: str) -> bool:
        """True if the person wants this passphrase anyway."""
        warning = tr(
            "Anyone who guesses it can read everything in this profile. Use it anyway, or "
            "choose another?"
        )
        return ask_go_ahead(
            parent,
            QMessageBox.Icon.Warning,
            tr("A weak passphrase"),
            label,
            f"{advice} {warning}",
            go=tr("&Use it anyway"),
            stay=tr("&Choose another"),
        )
