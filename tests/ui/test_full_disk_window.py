"""The window on a full disk (a real small tmpfs filled to its last byte, see
:mod:`tests.faults`): typing, Back up now, Restore, Import and Export each end in one plain
sentence with nothing lost and nothing half-written; what was typed stays in the window and is
saved once there is room again. Never the crash dialog: a full disk is not a bug.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults import Disk, small_disk
from tests.ui.conftest import Messages
from trustrepair import paths
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services import notifier, transfer
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.vaults import Vaults
from trustrepair.ui import transfer_actions, vault_actions
from trustrepair.ui.dialogs.restore_dialog import RestoreDialog
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.transfer_actions import ExportTarget, ImportSource
from trustrepair.ui.widgets.steps import TextWidget

EXERCISE = "naming-what-happened"


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    """The data folder on a small disk."""
    with small_disk(tmp_path / "disk") as made:
        monkeypatch.setenv(paths.ENV_DATA_DIR, str(made.root / "data"))
        paths.set_data_dir(None)
        yield made


@pytest.fixture
def full_window(qtbot, disk: Disk, library: Library, tmp_path: Path) -> MainWindow:
    """The window around Sam (an answer, a backup, an export of it outside the disk)."""
    vaults = Vaults(paths.profiles_dir())
    vault = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    vault.store.save_answer(EXERCISE, "what-happened", "as it was")
    transfer.export_profile(vault.store, tmp_path / "export.json")
    vault.store.save_answer(EXERCISE, "what-happened", "as it is now")
    vault.backup_now("manual")
    window = MainWindow(vaults, library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.show()
    window.open_vault(vault)
    return window


def _answer(window: MainWindow) -> object:
    assert window.vault is not None
    return window.vault.store.answers_for(EXERCISE)["what-happened"].value


def test_typing_on_a_full_disk_is_kept_and_saved_when_there_is_room(
    qtbot, disk: Disk, full_window: MainWindow, messages: Messages
) -> None:
    """The autosave meets a full disk: one plain warning (not the crash dialog), the words
    stay in the field and pending; with room again, the next save writes them."""
    full_window.open_exercise(EXERCISE)
    player = full_window.screens.get("player")
    assert player is not None
    player.walk.start()
    while player.walk.current is not None and player.walk.current.id != "what-happened":
        player.walk.next()
    player.show_position()
    widget = player.step_widget
    assert isinstance(widget, TextWidget)
    with disk.full_here():
        widget.editor.setPlainText("written while the disk was full")
        player.flush()
        assert full_window.flush_all()
    [warning] = messages.texts(notifier.Level.WARNING)
    assert "no room left on the disk" in warning or "could not be read or written" in warning
    assert "kept" in warning
    assert widget.editor.toPlainText() == "written while the disk was full"
    assert _answer(full_window) == "as it is now"
    player.flush()
    assert _answer(full_window) == "written while the disk was full"


def test_window_actions_on_a_full_disk_are_one_warning_each(
    qtbot,
    disk: Disk,
    full_window: MainWindow,
    messages: Messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Back up now, Restore, Import and Export (onto the full disk): each one plain warning;
    the backups, the answers and the disk are as they were."""
    vault = full_window.vault
    assert vault is not None
    [backup] = [b for b in vault.backups() if b.reason == "manual"]
    names = sorted(b.name for b in vault.backups())
    target = disk.root / "export.json"
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, *a, **k: backup))
    monkeypatch.setattr(
        ImportSource, "ask_path", classmethod(lambda cls, p: tmp_path / "export.json")
    )
    monkeypatch.setattr(ExportTarget, "ask", classmethod(lambda cls, p, n: (target, None)))
    actions = {
        "back up": lambda: vault_actions.back_up_now(full_window),
        "restore": lambda: vault_actions.restore_backup(full_window),
        "import": lambda: transfer_actions.import_into(full_window, vault),
        "export": lambda: transfer_actions.export_profile(full_window, vault),
    }
    for name, action in actions.items():
        messages.clear()
        with disk.full_here():
            action()
        warnings = messages.texts(notifier.Level.WARNING)
        assert len(warnings) == 1, (name, list(messages))
        assert any(words in warnings[0] for words in disk.words), (name, warnings)
        assert "bug" not in warnings[0]
    assert full_window.vault is vault
    assert sorted(b.name for b in vault.backups()) == names
    assert _answer(full_window) == "as it is now"
    assert not target.exists()
    leftovers = [
        p
        for p in disk.root.rglob("*")
        if p.name.startswith((".partial-", ".restore-")) or p.name.endswith(".part")
    ]
    assert leftovers == []
