"""Restore from a backup: plain dates, the confirmation, and the answers coming back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QDialog

from trustrepair import paths
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.vaults import Vaults
from trustrepair.ui.dialogs.restore_dialog import (
    RestoreConfirm,
    RestoreDialog,
    describe_backup,
    describe_when,
)
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.views.unlock_view import UnlockView


def _choose_row(monkeypatch: pytest.MonkeyPatch, row: int, confirm: bool = True) -> list[str]:
    """Make the dialog pick ``row`` and the confirmation answer ``confirm``; records rows."""
    shown: list[str] = []

    def exec_(self: RestoreDialog) -> int:
        shown.extend(self.list.item(i).text() for i in range(self.list.count()))
        self.list.setCurrentRow(row)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreDialog, "exec", exec_)
    monkeypatch.setattr(RestoreConfirm, "ask", classmethod(lambda cls, *a, **k: confirm))
    return shown


def test_dates_read_plainly():
    """Backups are dated "Today 09:14", "Yesterday …", a weekday, then a date."""
    now = datetime(2026, 3, 12, 15, 0).astimezone()
    assert describe_when(now.replace(hour=9, minute=14), now) == "Today 09:14"
    assert describe_when(now - timedelta(days=1), now).startswith("Yesterday ")
    assert describe_when(now - timedelta(days=3), now).startswith("Monday ")
    assert describe_when(now - timedelta(days=30), now).startswith("10 February")
    assert "2025" in describe_when(now - timedelta(days=400), now)


def test_restore_brings_back_earlier_answers_and_keeps_the_current_ones(
    qtbot, vaults: Vaults, path_library, monkeypatch: pytest.MonkeyPatch
):
    """File → Restore puts a backup back; what was there before becomes a backup itself."""
    vault = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    window = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.open_vault(vault)
    vault.store.save_answer("solo", "feel", "as it was")
    window.menu_actions["backup"].trigger()
    assert "Backed up" in window.status_message.text()
    vault.store.save_answer("solo", "feel", "changed since")
    before = len(vault.backups())
    shown = _choose_row(monkeypatch, 0)
    window.menu_actions["restore"].trigger()
    assert shown and "backed up by you" in shown[0]
    assert window.vault.store.answers_for("solo")["feel"].value == "as it was"
    assert len(window.vault.backups()) == before + 1
    assert any(b.reason == "pre-restore" for b in window.vault.backups())
    assert window.stack.currentWidget() is window.screens.get("home")
    assert "Restored the backup" in window.status_message.text()


def test_a_failed_restore_says_why_and_gives_the_cursor_back(
    qtbot, vaults: Vaults, path_library, monkeypatch: pytest.MonkeyPatch, messages
):
    """When the restore fails, the busy cursor goes away and the reason is shown as a warning."""
    from PySide6.QtGui import QGuiApplication

    from trustrepair.errors import StorageError
    from trustrepair.services.notifier import Level
    from trustrepair.services.vaults import OpenVault
    from trustrepair.ui import vault_actions

    vault = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    window = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.open_vault(vault)
    window.menu_actions["backup"].trigger()
    _choose_row(monkeypatch, 0)
    cursors: list[object] = []

    def fail(self, backup) -> None:
        cursors.append(QGuiApplication.overrideCursor())
        raise StorageError("The backup could not be read.")

    monkeypatch.setattr(OpenVault, "restore", fail)
    window.menu_actions["restore"].trigger()
    assert cursors and cursors[0] is not None  # busy while it ran
    assert QGuiApplication.overrideCursor() is None
    assert messages[-1].level is Level.WARNING
    assert messages[-1].text == "The backup could not be read."
    assert window.stack.currentWidget() is window.screens.get("home")

    def crash(self, backup) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(OpenVault, "restore", crash)
    with pytest.raises(RuntimeError):
        vault_actions.restore_backup(window)  # a bug still gives the cursor back
    assert QGuiApplication.overrideCursor() is None


def test_declining_the_confirmation_changes_nothing(
    qtbot, vault, path_library, monkeypatch: pytest.MonkeyPatch
):
    """Saying no at the confirmation leaves the answers alone."""
    vault.backup_now("manual")
    vault.store.save_answer("solo", "feel", "still here")
    _choose_row(monkeypatch, 0, confirm=False)
    assert RestoreDialog.ask(None, "Sam", vault.backups()) is None
    assert vault.store.answers_for("solo")["feel"].value == "still here"


def test_damaged_profile_offers_a_restore_on_the_unlock_screen(
    qtbot, vaults: Vaults, monkeypatch: pytest.MonkeyPatch
):
    """When the data file can't be read, the unlock screen offers its backups and opens one."""
    vault = vaults.create(ProfileInfo("Robin", Track.HURT, Relationship.ROMANTIC), "right words")
    vault.store.save_answer("solo", "feel", "worth keeping")
    vault.backup_now("manual")
    vault.close()
    vault.db_path.write_bytes(b"not a database at all" * 100)
    view = UnlockView(vaults)
    qtbot.addWidget(view)
    view.secret.setText("right words")
    view.unlock_button.click()
    qtbot.waitUntil(lambda: view.restore_button.isVisibleTo(view) and not view.busy)
    assert "could not be read" in view.message.text()
    _choose_row(monkeypatch, 0)
    with qtbot.waitSignal(view.unlocked) as signal:
        view.restore_button.click()
    opened = signal.args[0]
    try:
        assert opened.store.answers_for("solo")["feel"].value == "worth keeping"
        assert any(p.name.startswith("damaged-") for p in (opened.ref.folder / "backups").iterdir())
    finally:
        opened.close()


def test_backup_rows_name_their_reason():
    """Each row says when and, in plain words, why the backup was made."""
    from pathlib import Path

    from trustrepair.storage.backup import BackupInfo

    info = BackupInfo(Path("x.db"), datetime.now(UTC), "daily")
    assert describe_backup(info).startswith("Today ")
    assert "daily" in describe_backup(info)
