"""One process per vault: an OS file lock held while the vault is open.

The lock is ``fcntl.flock`` on a lock file in the vault folder (``msvcrt.locking`` on Windows).
The operating system releases it when the process dies, so a crash never leaves a vault
stuck "in use". The lock is per open file, so a second open in the same process is refused too.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import IO

LOCK_FILE = ".lock"


class LockHeld(Exception):
    """Someone else holds the lock."""


class FileLock:
    """An exclusive, non-blocking lock on one file; :meth:`release` is idempotent."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._handle is not None

    def acquire(self, *, blocking: bool = False) -> None:
        """Take the lock, or raise :class:`LockHeld` (when not ``blocking``)."""
        if self._handle is not None:
            return
        handle: IO[bytes]
        try:
            handle = open(self.path, "a+b")  # noqa: SIM115 - kept open while the lock is held
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            # A read-only lock file (in a folder that cannot be written) locks as well.
            handle = open(self.path, "rb")  # noqa: SIM115
        try:
            _lock(handle, blocking)
        except OSError as exc:
            handle.close()
            raise LockHeld(str(self.path)) from exc
        self._handle = handle

    def release(self) -> None:
        """Let go of the lock (closing the file releases it)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            try:
                _unlock(handle)
            finally:
                handle.close()

    def __enter__(self) -> FileLock:
        self.acquire(blocking=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[bytes], blocking: bool) -> None:
        handle.seek(0)
        mode = msvcrt.LK_LOCK if blocking else msvcrt.LK_NBLCK
        msvcrt.locking(handle.fileno(), mode, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes], blocking: bool) -> None:
        flags = fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB
        fcntl.flock(handle.fileno(), flags)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def ensure_lock_file(folder: Path, name: str = LOCK_FILE) -> Path:
    """A lock file in a vault folder (created empty once, never written afterwards)."""
    path = folder / name
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    return path


class FolderLock:
    """An exclusive, blocking lock on a folder itself, held in a ``with`` block.

    No file is made for it (on Windows, which cannot lock a folder, a lock file is). The
    operating system releases it if the process dies.
    """

    def __init__(self, folder: Path, *, blocking: bool = True) -> None:
        self.folder = folder
        self.blocking = blocking
        self._fd: int | None = None
        self._file: FileLock | None = None

    def __enter__(self) -> FolderLock:
        """Take the lock (or raise :class:`LockHeld` when not ``blocking``)."""
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            self._file = FileLock(ensure_lock_file(self.folder, ".folder.lock"))
            self._file.acquire(blocking=self.blocking)
            return self
        fd = os.open(self.folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if self.blocking else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockHeld(str(self.folder)) from None
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:  # pragma: no cover - Windows
            self._file.release()
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing releases the lock
