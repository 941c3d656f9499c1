"""Files are replaced whole or not at all, private to this user."""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path

import pytest

from tests.helpers import deadline
from trustrepair import files
from trustrepair.errors import UnreadableFile


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


# ---------------------------------------------------------------- reading what comes in
def test_a_plain_file_is_read_whole(tmp_path: Path) -> None:
    """A plain file within the limit comes back byte for byte."""
    path = tmp_path / "in.json"
    path.write_bytes(b"{}\n" * 1000)
    assert files.read_bounded(path, 3000, what="a file") == b"{}\n" * 1000


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    """A 20 GB (sparse) file is refused from its size alone, at once."""
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024**3)
    with pytest.raises(UnreadableFile, match="too large") as caught:
        files.read_bounded(path, 1024, what="a trustrepair export")
    assert caught.value.too_large


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused_at_once(device: str) -> None:
    """A device is no plain file: refused without reading a byte."""
    with pytest.raises(UnreadableFile, match="not a plain file"):
        files.read_bounded(Path(device), 1024, what="a file")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    """A folder gets a sentence that says so."""
    with pytest.raises(UnreadableFile, match="it is a folder, not an exercise file"):
        files.read_bounded(tmp_path, 1024, what="an exercise file")


def test_a_missing_file_is_a_sentence(tmp_path: Path) -> None:
    """A missing file: the operating system's reason, in one line."""
    with pytest.raises(UnreadableFile, match="No such file"):
        files.read_bounded(tmp_path / "nope.json", 1024, what="a file")


def test_a_fifo_is_refused_at_once_unless_pipes_are_asked_for(tmp_path: Path) -> None:
    """A FIFO nobody writes to is refused at once (opening it used to hang forever); where
    pipes are accepted, it reads as empty, also at once."""
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    with deadline(5):
        with pytest.raises(UnreadableFile, match="not a plain file"):
            files.read_bounded(fifo, 1024, what="a file")
        assert files.read_bounded(fifo, 1024, what="a file", pipes=True) == b""


def test_a_silent_pipe_is_given_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pipe whose writer stays open but sends nothing is given up after the idle time."""
    monkeypatch.setattr(files, "PIPE_IDLE_SECONDS", 0.2)
    read_end, write_end = os.pipe()
    try:
        with deadline(5), pytest.raises(UnreadableFile, match="nothing arrived"):
            files.read_bounded(Path(f"/dev/fd/{read_end}"), 1024, what="a file", pipes=True)
    finally:
        os.close(read_end)
        os.close(write_end)


def test_a_pipe_is_read_to_its_end_but_never_past_the_limit() -> None:
    """A pipe is read while data arrives, and refused one byte past the limit."""
    for size, fits in ((1000, True), (1025, False)):
        read_end, write_end = os.pipe()
        writer = threading.Thread(target=_write_and_close, args=(write_end, b"x" * size))
        writer.start()
        try:
            with deadline(5):
                if fits:
                    got = files.read_bounded(
                        Path(f"/dev/fd/{read_end}"), 1024, what="a file", pipes=True
                    )
                    assert got == b"x" * size
                else:
                    with pytest.raises(UnreadableFile, match="too large"):
                        files.read_bounded(
                            Path(f"/dev/fd/{read_end}"), 1024, what="a file", pipes=True
                        )
        finally:
            os.close(read_end)
            writer.join(timeout=5)


def _write_and_close(fd: int, data: bytes) -> None:
    with contextlib.suppress(BrokenPipeError), os.fdopen(fd, "wb") as stream:
        stream.write(data)
