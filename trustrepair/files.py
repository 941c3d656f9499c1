"""The one way trustrepair replaces a file, and the one way it reads a file that comes in.

Settings, ``vault.json``, exports, share files, summaries and the exercise cache are all
written here: the text goes to a temporary file beside the target (readable by this user
only, mode 0600), is flushed to disk, and is renamed over the target, so a crash or a full
disk leaves the old file or the new one, never half of either.

Files that come in (exports, assignments, shares, settings, exercise files) are read by
:func:`read_bounded`: the size is checked before anything is read, and only plain files are
read at all, so a FIFO, a device such as ``/dev/zero`` or a huge file is refused at once
instead of hanging or filling memory. Plain file I/O, no Qt; used by every layer, like
:mod:`trustrepair.paths`.
"""

from __future__ import annotations

import contextlib
import os
import select
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from trustrepair.errors import NotAPlainTarget, UnreadableFile, UserFacingError, write_failure
from trustrepair.i18n import ngettext, tr

PIPE_IDLE_SECONDS = 5.0
"""How long a pipe may stay silent before reading it is given up (see :func:`read_bounded`)."""

_CHUNK = 1024 * 1024


def write_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` (UTF-8, ``\\n`` line ends), private to this user.

    Args:
        path: The file to create or replace; its folder must exist.
        text: The whole new content.
        durable: Also ``fsync`` the file and its folder, so the new content survives a power
            cut (off only for a cache that can be rebuilt).

    Raises:
        OSError: nothing was written (a temporary file is removed again).
    """
    write_atomic_bytes(path, text.encode("utf-8"), durable=durable)


def write_atomic_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data``, private to this user (as :func:`write_atomic`).

    Raises:
        OSError: nothing was written (a temporary file is removed again);
            :class:`~trustrepair.errors.NotAPlainTarget` when ``path`` is a pipe, a device or
            a socket (it is never replaced).
    """
    write_atomic_chunks(path, (data,), durable=durable)


def write_atomic_chunks(path: Path, chunks: Iterable[bytes], *, durable: bool = True) -> None:
    """Replace ``path`` with the concatenated ``chunks``, written as they come (as
    :func:`write_atomic`: whole or not at all, private to this user). A long file is so never
    held whole in memory, and whoever makes the chunks can stop between two: an exception
    from ``chunks`` leaves the old file as it was.

    Raises:
        OSError: nothing was written (a temporary file is removed again);
            :class:`~trustrepair.errors.NotAPlainTarget` when ``path`` is a pipe, a device or
            a socket (it is never replaced).
    """
    _check_replaceable(path)
    remove_stale_temps(path)
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.part")
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    if durable:
        fsync_dir(path.parent)


def write_private(path: Path, data: str | bytes) -> None:
    """Write a file the person asked for (an export, a share, a calendar) whole or not at
    all, private to this user.

    Raises:
        UserFacingError: it could not be written (one plain sentence with the reason).
    """
    try:
        if isinstance(data, str):
            write_atomic(path, data)
        else:
            write_atomic_bytes(path, data)
    except OSError as exc:
        raise UserFacingError(
            tr("Could not write {path}: {reason}.").format(path=path, reason=write_failure(exc))
        ) from exc


def _check_replaceable(path: Path) -> None:
    """Refuse to replace what is not a plain file (a folder fails at the rename by itself)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError:
        return  # the write itself will say what is wrong
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        raise NotAPlainTarget(path)


STALE_TEMP_SECONDS = 60.0
"""A temporary file of :func:`write_atomic` older than this belongs to a run that died
(writing one takes milliseconds)."""


def remove_stale_temps(path: Path, *, older_than: float = STALE_TEMP_SECONDS) -> None:
    """Remove temporary files that killed runs left beside ``path`` (never a fresh one).

    Called before each write of ``path``, so the next write of a file cleans up after the
    last one that was killed. A caller that holds the lock every writer of ``path`` takes can
    pass ``older_than=0``. Nothing is raised: a folder that cannot be written keeps them.
    """
    cutoff = time.time() - older_than
    try:
        candidates = list(path.parent.glob(f".{_glob_escape(path.name)}.*.part"))
    except OSError:
        return
    for temp in candidates:
        with contextlib.suppress(OSError):
            if temp.lstat().st_mtime < cutoff:
                temp.unlink()


def _glob_escape(name: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in name)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op on Windows, which cannot)."""
    if os.name == "nt":  # pragma: no cover - directories cannot be fsynced on Windows
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_bounded(path: Path, limit: int, *, what: str, pipes: bool = False) -> bytes:
    """The bytes of a file that comes in, refusing anything that is not a sound plain file.

    The file is opened without blocking (a FIFO nobody writes to would otherwise hang the
    open), then checked with ``fstat`` on the open descriptor, so what is checked is what is
    read: a folder, a device or a socket is refused at once, and a plain file larger than
    ``limit`` bytes is refused before any of it is read. At most ``limit`` bytes are ever read.

    Args:
        path: The file.
        limit: The largest size accepted, in bytes.
        what: What the file should be, for messages ("a trustrepair export").
        pipes: Also accept a pipe (``trustrepair import <(command)``, ``/dev/stdin``). A pipe
            has no size to check first, so it is read up to ``limit`` plus one byte, and given
            up when nothing arrives for :data:`PIPE_IDLE_SECONDS`.

    Raises:
        UnreadableFile: with one plain sentence; nothing was read past the limit.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _unreadable(path, str(exc.strerror or exc)) from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode):
            if info.st_size > limit:
                raise _too_large(path, what, limit)
            data = _read_plain(fd, limit)
        elif stat.S_ISFIFO(info.st_mode) and pipes:
            data = _read_pipe(path, fd, limit)
        elif stat.S_ISDIR(info.st_mode):
            raise _unreadable(path, tr("it is a folder, not {what}").format(what=what))
        else:
            raise _unreadable(path, tr("it is not a plain file (a pipe, a device or a socket?)"))
    except OSError as exc:
        raise _unreadable(path, str(exc.strerror or exc)) from exc
    finally:
        os.close(fd)
    if len(data) > limit:  # a plain file that grew after fstat, or a long pipe
        raise _too_large(path, what, limit)
    return data


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a plain file; empty for anything else (a folder, a pipe,
    a device, a file that cannot be opened): a look at what a file is, never a reading of it
    (that is :func:`read_bounded`'s)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, size)
    except OSError:
        return b""
    finally:
        os.close(fd)


def _read_plain(fd: int, limit: int) -> bytes:
    """Up to ``limit`` + 1 bytes of a plain file (O_NONBLOCK does not apply to plain files)."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        chunk = os.read(fd, min(left, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_pipe(path: Path, fd: int, limit: int) -> bytes:
    """Up to ``limit`` + 1 bytes of a pipe, waiting at most PIPE_IDLE_SECONDS for each chunk.

    A FIFO that no program has open for writing reads as empty at once (no hang).
    """
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        try:
            chunk = os.read(fd, min(left, _CHUNK))
        except BlockingIOError:
            ready, _, _ = select.select([fd], [], [], PIPE_IDLE_SECONDS)
            if not ready:
                raise _unreadable(
                    path,
                    ngettext(
                        "nothing arrived from it for {n} second",
                        "nothing arrived from it for {n} seconds",
                        round(PIPE_IDLE_SECONDS),
                    ).format(n=f"{PIPE_IDLE_SECONDS:g}"),
                ) from None
            continue
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def readable_size(size: int) -> str:
    """A byte count as people read a limit: ``256 KB``, ``64 MB``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} bytes"


def _unreadable(path: Path, reason: str) -> UnreadableFile:
    return UnreadableFile(path, reason)


def _too_large(path: Path, what: str, limit: int) -> UnreadableFile:
    return UnreadableFile(
        path,
        tr("it is too large to be {what} (the limit is {size})").format(
            what=what, size=readable_size(limit)
        ),
        too_large=True,
    )
