"""The recovery key, shown once: the key itself, Save / Copy / Print, and "I have kept it"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.errors import StorageError
from trustrepair.i18n import tr
from trustrepair.services import onboarding
from trustrepair.ui import clipboard
from trustrepair.ui.dialogs.simple import PrintText, RecoveryKeyFile
from trustrepair.ui.file_names import neutral_file_name
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.screen_fit import FittingDialog
from trustrepair.ui.widgets.text import fit_height, reading_label


class RecoveryKeyPanel(QWidget):
    """The key in a large fixed font with Save, Copy and Print, and a status line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile_name = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.key_field = QLineEdit(self)
        self.key_field.setReadOnly(True)
        self.key_field.setAccessibleName(tr("Recovery key"))
        self.key_field.setAccessibleDescription(
            tr("Shown only this once: it opens your profile if you forget the passphrase.")
        )
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 13.0))
        font.setWeight(QFont.Weight.DemiBold)
        self.key_field.setFont(font)
        self.key_field.setObjectName("recoveryKey")
        layout.addWidget(self.key_field)
        row = QHBoxLayout()
        self.save_button = QPushButton(tr("&Save to file…"), self)
        self.copy_button = QPushButton(tr("C&opy"), self)
        self.print_button = QPushButton(tr("P&rint…"), self)
        self.save_button.setAccessibleDescription(tr("Saves the key in a text file you choose."))
        self.copy_button.setAccessibleDescription(
            tr("Copies the key; it is cleared from the clipboard when you lock.")
        )
        self.print_button.setAccessibleDescription(tr("Prints the key on a page of its own."))
        for button in (self.save_button, self.copy_button, self.print_button):
            button.setAutoDefault(True)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = PlainLabel(self)
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.save_button.clicked.connect(self.save)
        self.copy_button.clicked.connect(self.copy)
        self.print_button.clicked.connect(self.print_key)

    def show_key(self, profile_name: str, key: str) -> None:
        """Show ``key`` for ``profile_name``."""
        self.profile_name = profile_name
        self.key_field.setText(key)
        self.status.clear()

    def clear(self) -> None:
        """Forget the key on screen."""
        self.key_field.clear()
        self.status.clear()

    def save(self) -> None:
        """Save the recovery key to a file the person chooses."""
        path = RecoveryKeyFile.ask(self, neutral_file_name("recovery_key", ".txt"))
        if path is None:
            return
        try:
            onboarding.save_recovery_key(path, self.profile_name, self.key_field.text())
        except StorageError:
            self.status.setText(
                tr("The file could not be saved there. Please choose another place.")
            )
            return
        self.status.setText(tr("Saved to {path}.").format(path=path))

    def copy(self) -> None:
        """Copy the recovery key to the clipboard."""
        clipboard.copy_text(self.key_field.text())  # locking takes it back
        self.status.setText(
            tr("Copied. Paste it somewhere safe, then copy something else over it.")
        )

    def print_key(self) -> None:
        """Print the recovery key."""
        text = onboarding.recovery_key_text(self.profile_name, self.key_field.text())
        if PrintText.ask(self, text):
            self.status.setText(tr("Sent to the printer."))


class RecoveryKeyDialog(FittingDialog):
    """A new recovery key, shown once; Continue only after "I have kept it somewhere safe"."""

    def __init__(self, profile_name: str, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Your new recovery key"))
        self.setMinimumWidth(620)  # the key in its large fixed font, with room to spare
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(reading_label(tr("Your new recovery key"), role="subtitle"))
        layout.addWidget(
            reading_label(
                tr(
                    "If you ever forget your passphrase, this key opens your profile. The old "
                    "recovery key no longer works. This one is shown only this once: save it, "
                    "print it or copy it, and keep it somewhere safe away from this computer. "
                    "Anyone who has it can read your profile."
                )
            )
        )
        self.panel = RecoveryKeyPanel(self)
        self.panel.show_key(profile_name, key)
        layout.addWidget(self.panel)
        self.kept_box = QCheckBox(tr("I have &kept it somewhere safe"), self)
        self.kept_box.setAccessibleDescription(tr("Continue can be pressed once this is ticked."))
        layout.addWidget(self.kept_box)
        buttons = QDialogButtonBox(self)
        self.continue_button = QPushButton(tr("&Continue"), self)
        self.continue_button.setProperty("role", "primary")
        self.continue_button.setEnabled(False)
        self.continue_button.setAccessibleDescription(
            tr("Closes this window; the key is not shown again.")
        )
        buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.kept_box.toggled.connect(self.continue_button.setEnabled)
        self.panel.save_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        """Tall enough for every wrapped line."""
        super().showEvent(event)
        fit_height(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape does nothing until the key was kept: it is shown only once.

        (``reject()`` itself still works, so quick-hide and locking always close this.)
        """
        if event.key() == Qt.Key.Key_Escape and not self.kept_box.isChecked():
            event.accept()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        """Forget the key on screen when closing."""
        self.panel.clear()
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, profile_name: str, key: str) -> bool:
        """Show the key until the person says they kept it; False if closed by a lock."""
        dialog = cls(profile_name, key, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted and dialog.kept_box.isChecked()
        finally:
            dialog.deleteLater()
