"""The start screen when profiles exist: choose a profile, unlock it, or make a new one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trustrepair.errors import DamagedVault, UserFacingError, WrongPassphrase
from trustrepair.i18n import N_, ngettext, tr, translated
from trustrepair.services.lock import AttemptThrottle
from trustrepair.services.startup import LazyVaults
from trustrepair.ui.lean import set_by_name
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.widgets.text import reading_label
from trustrepair.ui.worker import Task, run_task

if TYPE_CHECKING:  # the first screen: vaults are opened (and imported) in the unlock task
    from trustrepair.services.vaults import OpenVault, ProfileRef, Vaults
    from trustrepair.ui.main_window import MainWindow

log = logging.getLogger(__name__)

PASSPHRASE_HINT = N_("The passphrase of the chosen profile; Enter unlocks it.")
RECOVERY_HINT = N_("The recovery key you kept when you made the profile; Enter unlocks it.")


class UnlockView(QWidget):
    """Profile names only; a passphrase (or the recovery key) opens one."""

    unlocked = Signal(object)
    """An :class:`OpenVault` was opened."""
    new_profile = Signal()
    """The person wants to create a profile."""

    def __init__(
        self,
        vaults: Vaults | LazyVaults,
        parent: QWidget | None = None,
        *,
        select: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlock")
        self.vaults = LazyVaults.over(vaults)
        """Names for the list; ``vaults.real`` opens one (imported in the unlock task)."""
        self.throttle = AttemptThrottle()
        self.use_recovery = False
        self.task: Task | None = None
        self._damaged: tuple[ProfileRef, str] | None = None  # (profile, secret) to restore with
        self._refs: list[ProfileRef] = []  # the list's rows
        self.opened_with_key: str | None = None
        """The recovery key the last profile was opened with (the window offers a new
        passphrase then); taken once with :meth:`take_recovery_key`."""
        self.wait_timer = QTimer(self)
        self.wait_timer.setSingleShot(True)
        self.wait_timer.timeout.connect(self._end_wait)

        # In a scroll area: at a large scale on a small screen the card scrolls, never clips.
        frame = QVBoxLayout(self)
        frame.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        # By name: this is the first screen, which makes no Qt.* value (see trustrepair.ui.lean).
        set_by_name(scroll, "frameShape", "NoFrame")
        set_by_name(scroll, "focusPolicy", "NoFocus")
        body = QWidget(scroll)
        body.setObjectName("unlockPage")
        scroll.setWidget(body)
        frame.addWidget(scroll)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(40, 40, 40, 40)
        outer.addStretch(1)
        card = QFrame(body)
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
        self.profiles.setAccessibleDescription(
            tr("Each profile on this computer, locked with its own passphrase.")
        )
        self.profiles.setMaximumHeight(180)
        self.profiles.currentItemChanged.connect(self._on_profile_changed)
        profiles_label = PlainLabel(tr("&Profile"), card)
        profiles_label.setBuddy(self.profiles)
        layout.addWidget(profiles_label)
        layout.addWidget(self.profiles)

        self.secret_label = PlainLabel(tr("P&assphrase"), card)
        self.secret = QLineEdit(card)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(tr("Passphrase"))
        self.secret.setAccessibleDescription(translated(PASSPHRASE_HINT))
        self.secret.returnPressed.connect(self.unlock)
        self.secret_label.setBuddy(self.secret)
        self.profiles.itemActivated.connect(lambda _item: self.secret.setFocus())
        layout.addWidget(self.secret_label)
        layout.addWidget(self.secret)

        self.message = PlainLabel(card)
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.message.setAccessibleName(tr("Message"))
        self.message.hide()
        layout.addWidget(self.message)
        self.restore_button = QPushButton(tr("Restore from a &backup…"), card)
        self.restore_button.setAccessibleName(tr("Restore from a backup"))
        self.restore_button.setAccessibleDescription(
            tr("Choose one of this profile's backups to open instead.")
        )
        self.restore_button.clicked.connect(self.restore)
        self.restore_button.hide()
        layout.addLayout(_at_left(self.restore_button))
        self.busy_label = PlainLabel(card)
        self.busy_label.setProperty("role", "muted")
        self.busy_label.setAccessibleName(tr("Progress"))
        # Focus rests on the busy line while the fields are disabled (not on the status bar).
        # Set by name: the first screen makes no Qt.* value (see the note on _set_busy).
        set_by_name(self.busy_label, "focusPolicy", "StrongFocus")
        self.busy_label.hide()
        layout.addWidget(self.busy_label)

        buttons = QHBoxLayout()
        self.recovery_button = QPushButton(tr("Use &recovery key instead"), card)
        self.recovery_button.setProperty("role", "link")
        self.recovery_button.setAccessibleDescription(
            tr("Switches between the passphrase and the recovery key you kept.")
        )
        self.recovery_button.clicked.connect(self.toggle_recovery)
        self.unlock_button = QPushButton(tr("&Unlock"), card)
        self.unlock_button.setProperty("role", "primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAccessibleDescription(tr("Opens the chosen profile."))
        self.unlock_button.clicked.connect(self.unlock)
        buttons.addWidget(self.recovery_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)

        self.new_button = QPushButton(tr("&New profile…"), card)
        self.new_button.setProperty("role", "flat")
        self.new_button.setAccessibleDescription(
            tr("Makes a profile of your own, with its own passphrase.")
        )
        self.new_button.clicked.connect(self.new_profile)
        layout.addLayout(_at_left(self.new_button))

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 2)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        # Enter presses the focused button. Named rather than found with findChildren(), which
        # wraps every child object in Python (the list's scroll bars, model, ...): ≈ 3 ms at
        # start-up. tests/ui/views/test_unlock_view.py checks that no button is missed.
        buttons_ = (self.restore_button, self.recovery_button, self.unlock_button, self.new_button)
        for button in buttons_:
            button.setAutoDefault(True)
        self.refresh(select)

    # ------------------------------------------------------------------ state
    def refresh(self, select: str | None = None) -> None:
        """Reload the profile names, selecting ``select`` (or the first)."""
        self.profiles.clear()
        self._refs = self.vaults.list()  # row by row, as listed
        for ref in self._refs:
            item = QListWidgetItem(ref.name)
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
        row = self.profiles.currentRow()
        return self._refs[row] if 0 <= row < len(self._refs) else None

    def _on_profile_changed(self) -> None:
        ref = self.selected()
        needs_secret = self.use_recovery or getattr(ref, "has_passphrase", True)
        self.secret.setEnabled(needs_secret)
        self.secret_label.setEnabled(needs_secret)
        self.secret.setPlaceholderText("" if needs_secret else tr("This profile has no passphrase"))
        self.message.hide()
        self.restore_button.hide()
        self._damaged = None

    def toggle_recovery(self) -> None:
        """Switch between the passphrase and the recovery key."""
        self.use_recovery = not self.use_recovery
        if self.use_recovery:
            self.secret_label.setText(tr("Recovery &key"))
            self.secret.setAccessibleName(tr("Recovery key"))
            self.secret.setAccessibleDescription(translated(RECOVERY_HINT))
            self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
            self.recovery_button.setText(tr("Use p&assphrase instead"))
        else:
            self.secret_label.setText(tr("P&assphrase"))
            self.secret.setAccessibleName(tr("Passphrase"))
            self.secret.setAccessibleDescription(translated(PASSPHRASE_HINT))
            self.secret.setEchoMode(QLineEdit.EchoMode.Password)
            self.recovery_button.setText(tr("Use &recovery key instead"))
        self.secret.clear()
        self._on_profile_changed()
        self.secret.setFocus()

    # ------------------------------------------------------------------ unlocking
    @property
    def busy(self) -> bool:
        """Whether a profile is being opened right now (keys take a moment to derive)."""
        return self.task is not None

    def unlock(self) -> None:
        """Try to open the chosen profile with what was typed (in the background)."""
        ref = self.selected()
        if ref is None or self.wait_timer.isActive() or self.busy:
            return
        secret = self.secret.text()
        self._run(tr("Opening your profile…"), lambda: self._open(ref, secret), ref, secret)

    def restore(self) -> None:
        """Offer the backups of a profile whose data could not be read, and restore one."""
        if self._damaged is None or self.busy:
            return
        ref, secret = self._damaged
        try:
            backups = self.vaults.real.backups(ref.name)
        except UserFacingError as error:
            self._say(str(error))
            return
        from trustrepair.ui.dialogs.restore_dialog import RestoreDialog  # rarely needed

        backup = RestoreDialog.ask(self, ref.name, backups, damaged=True)
        if backup is None:
            return
        recovery = self.use_recovery

        def work() -> OpenVault:
            if recovery:
                return self.vaults.real.restore_backup(ref.name, backup, recovery_key=secret)
            return self.vaults.real.restore_backup(ref.name, backup, secret or None)

        self._run(tr("Restoring the backup…"), work, ref, secret)

    def _run(self, doing: str, work: Callable[[], OpenVault], ref: ProfileRef, secret: str) -> None:
        self._set_busy(doing)
        self.task = task = run_task(self, work)
        task.succeeded.connect(self._opened)
        task.failed.connect(lambda error: self._failed(ref, secret, error))
        task.finished.connect(self._end_busy)

    def _set_busy(self, doing: str) -> None:
        self.message.hide()
        self.restore_button.hide()
        self.busy_label.setText(doing)
        self.busy_label.show()
        self.busy_label.setFocus()
        for widget in (
            self.profiles,
            self.secret,
            self.unlock_button,
            self.recovery_button,
            self.new_button,
        ):
            widget.setEnabled(False)
        # Imported here rather than at the top: the first time anything takes ``Qt`` from
        # QtCore, PySide builds every ``Qt.*`` enum (about 20 ms), and this is the first screen.
        from PySide6.QtCore import Qt

        self.setCursor(Qt.CursorShape.BusyCursor)

    def _end_busy(self) -> None:
        self.task = None
        self.busy_label.hide()
        self.unsetCursor()
        for widget in (self.profiles, self.unlock_button, self.recovery_button, self.new_button):
            widget.setEnabled(True)
        self._on_profile_changed_keep_message()
        if self.wait_timer.isActive():
            self.unlock_button.setEnabled(False)
        if self.isVisible():
            self.focus_content()

    def _on_profile_changed_keep_message(self) -> None:
        ref = self.selected()
        needs_secret = self.use_recovery or getattr(ref, "has_passphrase", True)
        self.secret.setEnabled(needs_secret)
        self.secret_label.setEnabled(needs_secret)

    def _opened(self, vault: OpenVault) -> None:
        self.throttle.succeeded(vault.ref.name)
        self._damaged = None
        self.secret.clear()
        self.message.hide()
        self.restore_button.hide()
        self.unlocked.emit(vault)

    def _failed(self, ref: ProfileRef, secret: str, error: UserFacingError) -> None:
        if isinstance(error, WrongPassphrase):
            self.secret.clear()
            self._wrong(ref)
            return
        self._say(str(error))
        if isinstance(error, DamagedVault):
            # The key was right but the data could not be read: a backup may help.
            self._damaged = (ref, secret)
            self.restore_button.show()

    def _open(self, ref: ProfileRef, secret: str) -> OpenVault:
        if self.use_recovery:
            vault = self.vaults.real.open_with_recovery_key(ref.name, secret)
            self.opened_with_key = secret
            return vault
        return self.vaults.real.open(ref.name, secret or None)

    def take_recovery_key(self) -> str | None:
        """The recovery key the profile just opened was opened with, once (else None)."""
        key, self.opened_with_key = self.opened_with_key, None
        return key

    def _wrong(self, ref: ProfileRef) -> None:
        delay = self.throttle.failed(ref.name)
        what = tr("recovery key") if self.use_recovery else tr("passphrase")
        text = tr("That {what} does not open this profile. Please check it and try again.").format(
            what=what
        )
        if delay > 0:
            text += " " + ngettext(
                "You can try again in {seconds} second.",
                "You can try again in {seconds} seconds.",
                round(delay),
            ).format(seconds=round(delay))
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

    # ------------------------------------------------------------------ the Screen protocol
    def flush(self) -> None:
        """Nothing to write: a profile is opened only when it is unlocked."""

    def close_screen(self) -> None:
        """Nothing to let go of."""

    def focus_content(self) -> None:
        """Focus the passphrase field (or the list when no passphrase is needed)."""
        if self.secret.isEnabled():
            self.secret.setFocus()
        else:
            self.unlock_button.setFocus()


def _at_left(widget: QWidget) -> QHBoxLayout:
    """A row holding ``widget`` at its natural width, on the left (an empty row if hidden)."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


def build(window: MainWindow, select: str | None = None) -> UnlockView:
    """The profile list, with ``select`` chosen; an unlocked profile opens in the window."""
    view = UnlockView(window.profiles, select=select)
    view.unlocked.connect(
        lambda vault: window.open_vault(vault, recovery_key=view.take_recovery_key())
    )
    view.new_profile.connect(window.show_onboarding)
    return view
