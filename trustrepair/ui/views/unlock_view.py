"""The start screen when profiles exist: choose a profile, unlock it, or make a new one."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.errors import UserFacingError, WrongPassphrase
from trustrepair.i18n import tr
from trustrepair.services.lock import AttemptThrottle
from trustrepair.services.vaults import OpenVault, ProfileRef, Vaults
from trustrepair.ui.widgets.text import enter_activates_buttons, reading_label

log = logging.getLogger(__name__)


class UnlockView(QWidget):
    """Profile names only; a passphrase (or the recovery key) opens one."""

    unlocked = Signal(object)
    """An :class:`OpenVault` was opened."""
    new_profile = Signal()
    """The person wants to create a profile."""

    def __init__(self, vaults: Vaults, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlock")
        self.vaults = vaults
        self.throttle = AttemptThrottle()
        self.use_recovery = False
        self.wait_timer = QTimer(self)
        self.wait_timer.setSingleShot(True)
        self.wait_timer.timeout.connect(self._end_wait)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 40, 40, 40)
        outer.addStretch(1)
        card = QFrame(self)
        card.setProperty("role", "card")
        card.setMaximumWidth(560)
        layout = QVBoxLayout(card)
        layout.setSpacing(12)
        layout.addWidget(reading_label(tr("Welcome back"), role="title", selectable=False))
        layout.addWidget(
            reading_label(tr("Choose your profile and unlock it."), role="muted", selectable=False)
        )
        self.profiles = QListWidget(card)
        self.profiles.setAccessibleName(tr("Profiles"))
        self.profiles.setMaximumHeight(180)
        self.profiles.currentItemChanged.connect(self._on_profile_changed)
        profiles_label = QLabel(tr("&Profile"), card)
        profiles_label.setBuddy(self.profiles)
        layout.addWidget(profiles_label)
        layout.addWidget(self.profiles)

        self.secret_label = QLabel(tr("Pass&phrase"), card)
        self.secret = QLineEdit(card)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(tr("Passphrase"))
        self.secret.returnPressed.connect(self.unlock)
        self.secret_label.setBuddy(self.secret)
        self.profiles.itemActivated.connect(lambda _item: self.secret.setFocus())
        layout.addWidget(self.secret_label)
        layout.addWidget(self.secret)

        self.message = QLabel(card)
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.message.setAccessibleName(tr("Message"))
        self.message.hide()
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.recovery_button = QPushButton(tr("Use &recovery key instead"), card)
        self.recovery_button.setProperty("role", "link")
        self.recovery_button.clicked.connect(self.toggle_recovery)
        self.recovery_button.setVisible(hasattr(vaults, "open_with_recovery_key"))
        self.unlock_button = QPushButton(tr("&Unlock"), card)
        self.unlock_button.setProperty("role", "primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        buttons.addWidget(self.recovery_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)

        self.new_button = QPushButton(tr("&New profile…"), card)
        self.new_button.setProperty("role", "flat")
        self.new_button.clicked.connect(self.new_profile)
        layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 2)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        enter_activates_buttons(self)
        self.refresh()

    # ------------------------------------------------------------------ state
    def refresh(self, select: str | None = None) -> None:
        """Reload the profile names, selecting ``select`` (or the first)."""
        self.profiles.clear()
        for ref in self.vaults.list():
            item = QListWidgetItem(ref.name)
            item.setData(Qt.ItemDataRole.UserRole, ref)
            self.profiles.addItem(item)
            if ref.name == select:
                self.profiles.setCurrentItem(item)
        if self.profiles.currentItem() is None and self.profiles.count():
            self.profiles.setCurrentRow(0)
        rows = max(1, min(self.profiles.count(), 4))
        self.profiles.setFixedHeight(rows * max(self.profiles.sizeHintForRow(0), 30) + 12)
        self.secret.clear()

    def selected(self) -> ProfileRef | None:
        """The chosen profile."""
        item = self.profiles.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _on_profile_changed(self) -> None:
        ref = self.selected()
        needs_secret = self.use_recovery or getattr(ref, "has_passphrase", True)
        self.secret.setEnabled(needs_secret)
        self.secret_label.setEnabled(needs_secret)
        self.secret.setPlaceholderText("" if needs_secret else tr("This profile has no passphrase"))
        self.message.hide()

    def toggle_recovery(self) -> None:
        """Switch between the passphrase and the recovery key."""
        self.use_recovery = not self.use_recovery
        if self.use_recovery:
            self.secret_label.setText(tr("Recovery &key"))
            self.secret.setAccessibleName(tr("Recovery key"))
            self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
            self.recovery_button.setText(tr("Use pass&phrase instead"))
        else:
            self.secret_label.setText(tr("Pass&phrase"))
            self.secret.setAccessibleName(tr("Passphrase"))
            self.secret.setEchoMode(QLineEdit.EchoMode.Password)
            self.recovery_button.setText(tr("Use &recovery key instead"))
        self.secret.clear()
        self._on_profile_changed()
        self.secret.setFocus()

    # ------------------------------------------------------------------ unlocking
    def unlock(self) -> None:
        """Try to open the chosen profile with what was typed."""
        ref = self.selected()
        if ref is None or self.wait_timer.isActive():
            return
        secret = self.secret.text()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            vault = self._open(ref, secret)
        except WrongPassphrase:
            self.secret.clear()
            self._wrong(ref)
            return
        except UserFacingError as error:
            self._say(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.throttle.succeeded(ref.name)
        self.secret.clear()
        self.message.hide()
        self.unlocked.emit(vault)

    def _open(self, ref: ProfileRef, secret: str) -> OpenVault:
        if self.use_recovery:
            return self.vaults.open_with_recovery_key(ref.name, secret)
        return self.vaults.open(ref.name, secret or None)

    def _wrong(self, ref: ProfileRef) -> None:
        delay = self.throttle.failed(ref.name)
        what = tr("recovery key") if self.use_recovery else tr("passphrase")
        text = tr("That {what} does not open this profile. Please check it and try again.").format(
            what=what
        )
        if delay > 0:
            text += " " + tr("You can try again in {seconds} seconds.").format(seconds=round(delay))
            self.unlock_button.setEnabled(False)
            self.secret.setReadOnly(True)
            self.wait_timer.start(round(delay * 1000))
        self._say(text)

    def _end_wait(self) -> None:
        self.unlock_button.setEnabled(True)
        self.secret.setReadOnly(False)
        self.secret.setFocus()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def focus_content(self) -> None:
        """Focus the passphrase field (or the list when no passphrase is needed)."""
        if self.secret.isEnabled():
            self.secret.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.unlock_button.setFocus(Qt.FocusReason.OtherFocusReason)
