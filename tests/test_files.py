"""Files are replaced whole or not at all, private to this user."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from trustrepair import files


@pytest.mark.parametrize("durable", [True, False])
def test_a_file_is_replaced_whole_and_private(tmp_path: Path, durable: bool) -> None:
    """New or replaced, the file holds exactly the new text, mode 0600, with no leftovers."""
    target = tmp_path / "settings.json"
    files.write_atomic(target, "first\n", durable=durable)
    files.write_atomic(target, "second ✓\r\nline", durable=durable)
    assert target.read_bytes() == "second ✓\r\nline".encode()
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the rename fails (a full disk, say), the old content stays and nothing is left over."""
    target = tmp_path / "vault.json"
    target.write_text("old", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        files.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault.json"]


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    """Nothing is created on the way: the caller makes the folder."""
    with pytest.raises(FileNotFoundError):
        files.write_atomic(tmp_path / "missing" / "x.json", "{}")
    assert list(tmp_path.iterdir()) == []
