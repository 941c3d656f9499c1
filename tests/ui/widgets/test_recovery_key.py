"""The recovery key panel: a saved key file is private, and a place it cannot go is said."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from trustrepair.ui.dialogs.simple import RecoveryKeyFile
from trustrepair.ui.widgets.recovery_key import RecoveryKeyPanel


def test_save_writes_a_private_file_or_says_it_could_not(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save makes a 0600 file with the key; a folder that is not there gets a plain line."""
    panel = RecoveryKeyPanel()
    qtbot.addWidget(panel)
    panel.show_key("Kim", "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567")
    targets = iter([tmp_path / "gone" / "key.txt", tmp_path / "key.txt"])
    monkeypatch.setattr(RecoveryKeyFile, "ask", classmethod(lambda cls, p, name: next(targets)))
    panel.save_button.click()
    assert panel.status.text() == "The file could not be saved there. Please choose another place."
    panel.save_button.click()
    saved = tmp_path / "key.txt"
    assert "ABCD-EFGH" in saved.read_text(encoding="utf-8")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert panel.status.text().startswith("Saved to ")
