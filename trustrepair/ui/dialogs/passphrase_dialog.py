"""Settings → Change passphrase: the current one (or the recovery key), the new one twice.

Every change locks the profile under a new key and makes a new recovery key; the old
passphrase and the old recovery key stop working. A new passphrase shows how strong it is as it
is typed, and a weak one needs a second confirmation. The same dialog also:

- with ``new_key_only``, keeps the passphrase and makes a new recovery key (the home notice
  after a new key was never confirmed as kept);
- with ``recovery_key``, right after an unlock with the recovery key, asks only for a new
  passphrase (the old one is probably forgotten);
- with ``remove``, removes the passphrase: its own action (Settings → Remove the passphrase…),
  clearly warned, never a side effect of leaving fields empty.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.errors import UserFacingError, WrongPassphrase
from trustrepair.i18n import tr, translated
from trustrepair.services import onboarding
from trustrepair.services.vaults import NO_PASSPHRASE_WARNING, Vaults
from trustrepair.ui.dialogs.simple import WeakPassphraseConfirm
from trustrepair.ui.plain import PlainLabel, ask_go_ahead
from trustrepair.ui.screen_fit import FittingDialog
from trustrepair.ui.widgets.recovery_key import RecoveryKeyDialog
from trustrepair.ui.widgets.strength import StrengthLine
from trustrepair.ui.widgets.text import reading_label
from trustrepair.ui.worker import Task, run_task

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PassphraseChanged:
    """What changed: whether the profile now has a passphrase, and a new recovery key if any."""

    has_passphrase: bool
    recovery_key: str | None


class RemovePassphraseConfirm:
    """The clear warning before a profile loses its passphrase."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        """True if the person understands and wants no passphrase."""
        return ask_go_ahead(
            parent,
            QMessageBox.Icon.Warning,
            tr("Remove the passphrase?"),
            tr("Remove the passphrase from this profile?"),
            translated(NO_PASSPHRASE_WARNING),
            go=tr("&Remove it"),
            stay=tr("&Keep the passphrase"),
        )


class ChangePassphraseDialog(FittingDialog):
    """Locks the profile under a new key and passphrase, in the background."""

    def __init__(
        self,
        vaults: Vaults,
        profile_name: str,
        has_passphrase: bool,
        parent: QWidget | None = None,
        *,
        new_key_only: bool = False,
        recovery_key: str | None = None,
        remove: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(tr("Change passphrase"))
        self.setMinimumWidth(520)
        self.vaults = vaults
        self.profile_name = profile_name
        self.has_passphrase = has_passphrase
        self.new_key_only = new_key_only and has_passphrase
        self.remove = remove and has_passphrase
        self.given_key = recovery_key if has_passphrase else None
        self.use_recovery = False
        self.task: Task | None = None
        self.result_: PassphraseChanged | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        title = tr("Change passphrase") if has_passphrase else tr("Add a passphrase")
        explanation = tr(
            "Your answers stay as they are; only the lock changes. You will get a new "
            "recovery key, and the old passphrase and the old recovery key will stop working. "
            "A few ordinary words you will remember make a good passphrase."
        )
        if self.new_key_only:
            title = tr("Make a new recovery key")
            explanation = tr(
                "Type your passphrase to make a new recovery key. Your passphrase and your "
                "answers stay as they are. The previous recovery key stops working at once, "
                "so keep the new one safe."
            )
            self.setWindowTitle(title)
        elif self.remove:
            title = tr("Remove the passphrase")
            explanation = (
                translated(NO_PASSPHRASE_WARNING)
                + " "
                + tr("Type your passphrase to remove it. You can add one again at any time.")
            )
            self.setWindowTitle(title)
        elif self.given_key:
            title = tr("Choose a new passphrase")
            explanation = tr(
                "You opened your profile with the recovery key, so you may have forgotten your "
                "passphrase. Choose a new one now, to open it the usual way next time. You will "
                "get a new recovery key too: the one you just used stops working."
            )
            self.setWindowTitle(title)
        layout.addWidget(reading_label(title, role="subtitle", selectable=False))
        layout.addWidget(reading_label(explanation, role="muted", selectable=False))

        self.current_label = PlainLabel(tr("&Current passphrase"), self)
        self.current = QLineEdit(self)
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName(tr("Current passphrase"))
        self.current.setAccessibleDescription(tr("The passphrase that opens this profile now."))
        self.current_label.setBuddy(self.current)
        self.recovery_toggle = QPushButton(tr("I forgot it: use the recovery &key"), self)
        self.recovery_toggle.setProperty("role", "link")
        self.recovery_toggle.setAccessibleDescription(
            tr("Type the recovery key you kept instead of the current passphrase.")
        )
        self.recovery_toggle.clicked.connect(self.toggle_recovery)
        layout.addWidget(self.current_label)
        layout.addWidget(self.current)
        layout.addWidget(self.recovery_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        shown: tuple[QWidget, ...] = (self.current_label, self.current, self.recovery_toggle)
        for widget in shown:
            widget.setVisible(has_passphrase and not self.given_key)
        self.recovery_toggle.setVisible(
            has_passphrase and not self.new_key_only and not self.given_key
        )
        if self.given_key:
            self.use_recovery = True
            self.current.setText(self.given_key)

        new_label = PlainLabel(tr("&New passphrase"), self)
        self.new = QLineEdit(self)
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.new.setAccessibleName(tr("New passphrase"))
        self.new.setAccessibleDescription(
            tr("A few ordinary words you will remember. How strong it is is said below.")
        )
        new_label.setBuddy(self.new)
        again_label = PlainLabel(tr("The same new passphrase &again"), self)
        self.again = QLineEdit(self)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(tr("The same new passphrase again"))
        self.again.setAccessibleDescription(tr("Type it once more, to be sure of it."))
        again_label.setBuddy(self.again)
        self.strength = StrengthLine(self.new, lambda: [profile_name], self)
        layout.addSpacing(6)
        new_fields: list[QWidget] = [new_label, self.new, self.strength, again_label, self.again]
        for widget in new_fields:
            layout.addWidget(widget)
            widget.setVisible(not self.new_key_only and not self.remove)

        self.problem = PlainLabel(self)
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.busy_label = PlainLabel(self)
        self.busy_label.setProperty("role", "muted")
        # Always in the layout (empty when idle), so the buttons never move or get clipped.
        self.busy_label.setMinimumHeight(self.busy_label.fontMetrics().height())
        layout.addWidget(self.busy_label)

        buttons = QDialogButtonBox(self)
        self.ok_button = QPushButton(title, self)
        self.ok_button.setProperty("role", "danger" if self.remove else "primary")
        self.ok_button.setDefault(True)
        self.ok_button.setAccessibleDescription(
            tr("Locks the profile the new way; the old passphrase and key stop working.")
        )
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.current if has_passphrase and not self.given_key else self.new).setFocus()

    # ------------------------------------------------------------------ state
    def toggle_recovery(self) -> None:
        """Switch between the current passphrase and the recovery key."""
        self.use_recovery = not self.use_recovery
        self.current.clear()
        if self.use_recovery:
            self.current_label.setText(tr("&Recovery key"))
            self.current.setAccessibleName(tr("Recovery key"))
            self.current.setAccessibleDescription(tr("The recovery key you kept."))
            self.current.setEchoMode(QLineEdit.EchoMode.Normal)
            self.recovery_toggle.setText(tr("Use the current pass&phrase instead"))
        else:
            self.current_label.setText(tr("&Current passphrase"))
            self.current.setAccessibleName(tr("Current passphrase"))
            self.current.setAccessibleDescription(tr("The passphrase that opens this profile now."))
            self.current.setEchoMode(QLineEdit.EchoMode.Password)
            self.recovery_toggle.setText(tr("I forgot it: use the recovery &key"))
        self.current.setFocus()

    def _say(self, text: str, focus: QLineEdit | None = None) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.adjustSize()
        if focus is not None:
            focus.setFocus()

    def _set_busy(self, busy: bool) -> None:
        if busy:
            # Keep the focus on something that stays usable (and away from a field that is
            # about to be disabled).
            self.cancel_button.setFocus()
        for widget in (
            self.current,
            self.new,
            self.again,
            self.recovery_toggle,
            self.ok_button,
        ):
            widget.setEnabled(not busy)
        doing = tr("Making a new recovery key…") if self.new_key_only else tr("Changing the lock…")
        self.busy_label.setText(doing if busy else "")
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # ------------------------------------------------------------------ work
    def submit(self) -> None:
        """Check what was typed, warn before removing the passphrase, then change it."""
        if self.task is not None:
            return
        self.problem.hide()
        current = self.current.text()
        if self.has_passphrase and not current:
            what = tr("recovery key") if self.use_recovery else tr("current passphrase")
            self._say(tr("Please type your {what} first.").format(what=what), self.current)
            return
        if self.new_key_only:  # the same passphrase, wrapped again, and a new recovery key
            self.new.setText(current)
            self.again.setText(current)
        if self.remove:
            self.new.clear()
            self.again.clear()
            if not RemovePassphraseConfirm.ask(self):
                self.reject()
                return
        else:
            check = onboarding.check_passphrase(self.new.text(), self.again.text())
            if not check.ok:
                self.again.clear()
                self._say(check.problem, self.again)
                return
            if check.empty:
                self._say(tr("Please type the new passphrase twice."), self.new)
                return
            strength = self.strength.judge(self.new.text()) if not self.new_key_only else None
            if (
                strength is not None
                and strength.weak
                and not WeakPassphraseConfirm.ask(self, strength.label, strength.advice)
            ):
                self.new.setFocus()
                return
        new = self.new.text() or None
        recovery = current if self.use_recovery else None
        name = self.profile_name

        def work() -> str | None:
            return self.vaults.change_passphrase(name, current or None, new, recovery_key=recovery)

        self._set_busy(True)
        self.task = task = run_task(self, work)
        task.succeeded.connect(lambda key: self._changed(new is not None, key))
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)

    def _changed(self, has_passphrase: bool, key: str | None) -> None:
        self.result_ = PassphraseChanged(has_passphrase, key)
        for field in (self.current, self.new, self.again):
            field.clear()
        if self.isVisible():
            self.accept()
        elif key:
            log.info("a new recovery key was not shown (locked); the home will offer another")

    def _failed(self, error: UserFacingError) -> None:
        if self.new_key_only:
            self.new.clear()
            self.again.clear()
        if isinstance(error, WrongPassphrase):
            self.current.clear()
        self._say(str(error), self.current if isinstance(error, WrongPassphrase) else None)

    def _finished(self) -> None:
        self.task = None
        self._set_busy(False)
        if self.problem.isVisible() and self.current.isVisible():
            self.current.setFocus()

    def reject(self) -> None:
        """Cancel; while the lock is being changed, just hide (the change finishes)."""
        if self.task is not None:
            self.hide()
            return
        super().reject()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        vaults: Vaults,
        profile_name: str,
        has_passphrase: bool,
        *,
        new_key_only: bool = False,
        recovery_key: str | None = None,
        remove: bool = False,
    ) -> PassphraseChanged | None:
        """Change the passphrase; shows a new recovery key once if one was made.

        With ``new_key_only`` (for a profile with a passphrase), only the current passphrase is
        asked for: it stays, and a new recovery key is made and shown.
        """
        dialog = cls(
            vaults,
            profile_name,
            has_passphrase,
            parent,
            new_key_only=new_key_only,
            recovery_key=recovery_key,
            remove=remove,
        )
        try:
            dialog.exec()
            if dialog.task is not None:  # hidden by a lock while working: let it end
                loop = QEventLoop()
                dialog.task.finished.connect(loop.quit)
                loop.exec()
            result = dialog.result_
        finally:
            dialog.deleteLater()
        key = result.recovery_key if result is not None else None
        # The new key opens the profile at once; it is recorded as kept only once the person
        # says so. Until then (a lock before or while it is shown) the home offers another.
        visible = parent is None or parent.isVisible()
        if key and visible and RecoveryKeyDialog.ask(parent, profile_name, key):
            vaults.confirm_recovery_key(profile_name, key)
        return result
