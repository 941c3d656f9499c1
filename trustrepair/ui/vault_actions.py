"""The open profile's own menu items: back up, restore, passphrase, recovery key, About you.

Thin: each asks through a dialog's ``ask``, calls one service method, and reports through
:mod:`~trustrepair.services.notifier`. Imported the first time one of them is used.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication

from trustrepair.errors import UserFacingError
from trustrepair.i18n import ngettext, tr, translated
from trustrepair.services import notifier
from trustrepair.services.onboarding import changes_path
from trustrepair.services.vaults import OpenVault, ProfileRef
from trustrepair.ui.dialogs.passphrase_dialog import ChangePassphraseDialog
from trustrepair.ui.dialogs.profile_dialog import ProfileDialog
from trustrepair.ui.dialogs.restore_dialog import RestoreDialog, describe_when_in_sentence
from trustrepair.ui.screens import Scope
from trustrepair.ui.widgets.notice import NEW_RECOVERY_KEY_NOTICE, NoticeBar

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

log = logging.getLogger(__name__)


@contextmanager
def busy_cursor() -> Iterator[None]:
    """The busy cursor while the block runs, however it ends."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


# ---------------------------------------------------------------------- backups
def back_up_now(window: MainWindow) -> None:
    """Make an encrypted backup of the open profile now."""
    if window.vault is None:
        return
    window.flush_all()
    try:
        window.vault.backup_now("manual")
    except UserFacingError as error:
        notifier.warning(str(error), tr("Back up now"))
        return
    notifier.status(
        ngettext(
            "Backed up just now. The newest backup is kept.",
            "Backed up just now. The newest {n} backups are kept.",
            window.vaults.backups_to_keep,
        ).format(n=window.vaults.backups_to_keep)
    )


def restore_backup(window: MainWindow) -> None:
    """Choose one of the open profile's backups and bring it back (current data kept)."""
    if window.vault is None:
        return
    window.flush_all()
    vault = window.vault
    backup = RestoreDialog.ask(window, vault.ref.name, vault.backups())
    if backup is None or window.vault is not vault:
        return
    window.screens.close(Scope.TASK)
    try:
        with busy_cursor():
            vault.restore(backup)
    except UserFacingError as error:
        notifier.warning(str(error), tr("Restore from a backup"))
        window.show_home()
        return
    window.idle.start(vault)
    window.show_home()
    notifier.status(
        tr("Restored the backup made {when}. What was there before is kept as a backup.").format(
            when=describe_when_in_sentence(backup.created_at)
        )
    )


# ---------------------------------------------------------------------- passphrase
def change_passphrase(window: MainWindow) -> None:
    """Change (or add) the open profile's passphrase (removing it is its own action)."""
    if window.vault is None:
        return
    window.flush_all()  # saved before the vault is re-encrypted under the new key
    ref = window.vault.ref
    changed = ChangePassphraseDialog.ask(window, window.vaults, ref.name, ref.has_passphrase)
    if changed is None:
        return
    if window.vault is not None and window.vault.ref.folder == ref.folder:
        window.vault.ref = ProfileRef(ref.name, ref.folder, changed.has_passphrase)
    check_recovery_key(window)
    notifier.status(
        tr("Your passphrase was changed. Your old recovery key no longer works.")
        if changed.has_passphrase
        else tr("This profile no longer has a passphrase.")
    )


def remove_passphrase(window: MainWindow) -> None:
    """Settings → Remove the passphrase…: its own action, warned twice, never a side effect."""
    if window.vault is None:
        return
    ref = window.vault.ref
    if not ref.has_passphrase:
        notifier.status(tr("This profile has no passphrase."))
        return
    changed = ChangePassphraseDialog.ask(window, window.vaults, ref.name, True, remove=True)
    if changed is None:
        return
    if window.vault is not None and window.vault.ref.folder == ref.folder:
        window.vault.ref = ProfileRef(ref.name, ref.folder, changed.has_passphrase)
    check_recovery_key(window)
    notifier.status(tr("This profile no longer has a passphrase."))


def welcome(window: MainWindow, vault: OpenVault, recovery_key: str | None) -> None:
    """A profile was just opened: its home, the recovery-key notice if it is owed, a new
    passphrase offered if it was opened with the recovery key, and what it is told once."""
    check_recovery_key(window, new_session=True)
    window.show_home()
    if recovery_key:
        QTimer.singleShot(0, window, lambda: offer_new_passphrase(window, vault, recovery_key))
    for notice in window.services().take_notices():
        notifier.info(notice.text, notice.title)


def offer_new_passphrase(window: MainWindow, vault: OpenVault, recovery_key: str) -> None:
    """Right after an unlock with the recovery key: choose a new passphrase now (or later)."""
    if window.vault is not vault or not vault.ref.has_passphrase:
        return
    ref = vault.ref
    changed = ChangePassphraseDialog.ask(
        window, window.vaults, ref.name, True, recovery_key=recovery_key
    )
    if changed is None or window.vault is not vault:
        return
    vault.ref = ProfileRef(ref.name, ref.folder, changed.has_passphrase)
    check_recovery_key(window)
    notifier.status(tr("Your new passphrase is set. The recovery key you used no longer works."))


def check_recovery_key(window: MainWindow, *, new_session: bool = False) -> None:
    """Ask whether a new recovery key waits to be confirmed as kept; show the notice if so.

    The notice is made the first time it is needed, and shows on a profile's home only
    (the window updates it whenever a screen is shown).
    """
    pending = False
    if window.vault is not None and window.vault.ref.has_passphrase:
        try:
            pending = window.vaults.has_unconfirmed_recovery_key(window.vault.ref.name)
        except UserFacingError:
            log.warning("could not tell whether a new recovery key is waiting")
    notice = window.recovery_notice
    if pending and notice is None:
        notice = NoticeBar(translated(NEW_RECOVERY_KEY_NOTICE), tr("Make a new &recovery key…"))
        notice.acted.connect(lambda: make_recovery_key(window))
        window.add_notice(notice)
        window.recovery_notice = notice
    if notice is not None:
        notice.wanted = pending
        if new_session:
            notice.reset()
    window.update_notices()


def make_recovery_key(window: MainWindow) -> None:
    """Make a new recovery key (the passphrase stays), show it once, retire the old one."""
    if window.vault is None or not window.vault.ref.has_passphrase:
        return
    window.flush_all()  # saved before the vault is re-encrypted under the new key
    vault = window.vault
    changed = ChangePassphraseDialog.ask(
        window, window.vaults, vault.ref.name, True, new_key_only=True
    )
    if window.vault is not vault:  # locked meanwhile
        return
    check_recovery_key(window)
    if changed is None:
        return
    notice = window.recovery_notice
    notifier.status(
        tr("Your new recovery key is kept. The previous one no longer works.")
        if notice is None or not notice.wanted
        else tr("The new recovery key was not confirmed as kept; the notice offers another.")
    )


# ---------------------------------------------------------------------- about you
def edit_profile(window: MainWindow) -> None:
    """Settings → About you: the name, which describes you, who it is about, what happened."""
    if window.vault is None:
        return
    window.flush_all()
    vault = window.vault
    before = vault.store.get_profile()
    saved = ProfileDialog.ask(window, vault, [ref.name for ref in window.vaults.list()])
    if saved is None or before is None or window.vault is not vault:
        return
    window.settings.set("last_profile", saved.name)
    path_changed = changes_path(before, saved)
    current = window.screens.current
    if path_changed or current is None or current.scope is not Scope.TASK:
        # A different path: an open exercise may no longer be on it, or be worded for
        # someone else. Its answers are saved as it closes.
        window.show_home()
    else:
        window.screens.refresh("home")
    notifier.status(
        tr("Saved. Your path now fits what you chose; everything you wrote is kept.")
        if path_changed
        else tr("Saved.")
    )
