"""One holder per vault lock, released on close and on process death."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trustrepair.storage.lockfile import FileLock, LockHeld, ensure_lock_file


def test_second_holder_is_refused_until_release(tmp_path: Path) -> None:
    """A second lock on the same file fails while the first is held, even in one process."""
    path = ensure_lock_file(tmp_path)
    first, second = FileLock(path), FileLock(path)
    first.acquire()
    with pytest.raises(LockHeld):
        second.acquire()
    first.release()
    first.release()  # idempotent
    second.acquire()
    second.release()


def test_lock_is_released_when_holder_process_dies(tmp_path: Path) -> None:
    """A killed holder leaves no stale lock behind."""
    path = ensure_lock_file(tmp_path)
    code = (
        "import sys; from pathlib import Path; from trustrepair.storage.lockfile import FileLock;"
        f"lock = FileLock(Path({str(path)!r})); lock.acquire();"
        "print('held', flush=True); sys.stdin.read()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld):
            FileLock(path).acquire()
    finally:
        proc.kill()
        proc.wait()
    lock = FileLock(path)
    lock.acquire()
    lock.release()
