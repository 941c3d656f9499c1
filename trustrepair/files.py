"""The one way trustrepair replaces a file: whole or not at all.

Settings, ``vault.json``, exports, share files, summaries and the exercise cache are all
written here: the text goes to a temporary file beside the target (readable by this user
only, mode 0600), is flushed to disk, and is renamed over the target, so a crash or a full
disk leaves the old file or the new one, never half of either. Plain file I/O, no Qt; used by
every layer, like :mod:`trustrepair.paths`.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


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
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.part")
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    if durable:
        fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op on Windows, which cannot)."""
    if os.name == "nt":  # pragma: no cover - directories cannot be fsynced on Windows
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
