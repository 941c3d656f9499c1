"""File → Export… and Import…: thin dialogs over :mod:`trustrepair.services.transfer`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from trustrepair.content.library import Library
from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr
from trustrepair.services import transfer
from trustrepair.services.vaults import OpenVault

JSON_FILTER = "trustrepair export (*.json)"


class ExportTarget:
    """Where to export, and whether to encrypt the file."""

    @classmethod
    def ask(cls, parent: QWidget | None, suggested: str) -> tuple[Path, str | None] | None:
        """``(path, passphrase or None)``, or None when cancelled."""
        choice = QMessageBox(parent)
        choice.setWindowTitle(tr("Export"))
        choice.setText(tr("Encrypt the exported file with a passphrase?"))
        choice.setInformativeText(
            tr(
                "An encrypted file can only be read with the passphrase you choose now. "
                "A plain file can be read by anyone who gets it."
            )
        )
        encrypted = choice.addButton(tr("&Encrypted"), QMessageBox.ButtonRole.AcceptRole)
        plain = choice.addButton(tr("&Plain"), QMessageBox.ButtonRole.DestructiveRole)
        choice.addButton(QMessageBox.StandardButton.Cancel)
        choice.setDefaultButton(encrypted)
        choice.exec()
        if choice.clickedButton() not in (encrypted, plain):
            return None
        passphrase: str | None = None
        if choice.clickedButton() is encrypted:
            text, ok = QInputDialog.getText(
                parent,
                tr("Export"),
                tr("A passphrase for this file:"),
                QLineEdit.EchoMode.Password,
            )
            if not ok or not text:
                return None
            passphrase = text
        path, _filter = QFileDialog.getSaveFileName(
            parent, tr("Export"), str(Path.home() / suggested), tr(JSON_FILTER)
        )
        return (Path(path), passphrase) if path else None


class ImportSource:
    """Which file to import, and its passphrase if it is encrypted."""

    @classmethod
    def ask_path(cls, parent: QWidget | None) -> Path | None:
        """A file chosen by the person, or None."""
        path, _filter = QFileDialog.getOpenFileName(
            parent, tr("Import"), str(Path.home()), tr(JSON_FILTER)
        )
        return Path(path) if path else None

    @classmethod
    def ask_passphrase(cls, parent: QWidget | None) -> str | None:
        """The passphrase of an encrypted export, or None."""
        text, ok = QInputDialog.getText(
            parent,
            tr("Import"),
            tr("This file is encrypted. Its passphrase:"),
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None


def export_profile(parent: QWidget, vault: OpenVault) -> bool:
    """Export the open profile where the person chooses; True when a file was written."""
    target = ExportTarget.ask(parent, "trustrepair-export.json")
    if target is None:
        return False
    path, passphrase = target
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        note = transfer.export_profile(vault.store, path, passphrase=passphrase)
    except UserFacingError as error:
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, tr("Export"), str(error))
        return False
    QGuiApplication.restoreOverrideCursor()
    QMessageBox.information(
        parent, tr("Export"), tr("Exported to {path}.").format(path=path) + "\n\n" + note
    )
    return True


def import_into(parent: QWidget, vault: OpenVault, library: Library | None = None) -> bool:
    """Merge an export file into the open profile; True when something was imported."""
    path = ImportSource.ask_path(parent)
    if path is None:
        return False
    passphrase = None
    if transfer.is_encrypted_export(path):
        passphrase = ImportSource.ask_passphrase(parent)
        if passphrase is None:
            return False
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        data = transfer.read_export(path, passphrase=passphrase, library=library)
        added, updated, kept = transfer.merge_into(vault.store, data)
    except UserFacingError as error:
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, tr("Import"), str(error))
        return False
    QGuiApplication.restoreOverrideCursor()
    QMessageBox.information(
        parent,
        tr("Import"),
        tr(
            "Imported: {added} new answers, {updated} updated. {kept} answers were kept as they "
            "were because yours were newer."
        ).format(added=added, updated=updated, kept=kept),
    )
    return True
