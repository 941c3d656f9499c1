"""Faults the command line turns into plain sentences: the operating system's and SQLite's
disk errors (disk full, read-only, permission, missing folder), and bugs.

:func:`sentence` is what the root of the command line prints for an error no verb caught;
a verb that knows what it was doing wraps that step in :func:`doing`, so the sentence also
says what did not happen ("Could not make a backup of 'Sam': …").
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr

_OS_REASONS = {
    errno.ENOSPC: "there is no room left on the disk",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file would be larger than this system allows",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission was denied",
    errno.EPERM: "permission was denied",
    errno.ENOENT: "the file or folder does not exist",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "that is a folder, not a file",
    errno.EEXIST: "that already exists",
    errno.EIO: "the disk could not be read or written",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EMFILE: "too many files are open",
    errno.ELOOP: "the path leads round in a loop of links",
}

_DATABASE_REASONS = {
    "database or disk is full": "there is no room left on the disk",
    "attempt to write a readonly database": "the data folder is read-only",
    "unable to open database file": "the profile's data file could not be opened",
    "disk I/O error": "the disk could not be read or written",
}
"""SQLite's own messages (they never hold data) for the disk errors it reports itself."""


def reason(exc: BaseException) -> str | None:
    """Why an OS or database error happened, as a phrase (with the path), or None."""
    if isinstance(exc, OSError):
        why = _OS_REASONS.get(exc.errno or 0)
        text = (
            tr(why)
            if why
            else tr("the system refused ({reason})").format(
                reason=exc.strerror or type(exc).__name__
            )
        )
        if exc.filename is not None:
            text += f" ({os.fsdecode(exc.filename)})"
        return text
    if type(exc).__name__ == "OperationalError":  # sqlite3's or sqlcipher3's
        why = _DATABASE_REASONS.get(str(exc))
        return tr(why) if why else None
    return None


def sentence(exc: BaseException) -> str:
    """One plain sentence for an error no verb caught: a disk fault, or else a bug."""
    why = reason(exc)
    if why is not None:
        return why[0].upper() + why[1:] + "."
    return unexpected(exc)


def unexpected(exc: BaseException) -> str:
    """One line for a bug: the kind of error and where, never its message (it may hold data)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    place = ""
    if frames:
        frame = frames[-1]
        place = f" at {Path(frame.filename).name}:{frame.lineno}"
    return tr(
        "Something went wrong inside trustrepair ({kind}{place}). This is a bug; please "
        "report it. Nothing was sent anywhere."
    ).format(kind=type(exc).__name__, place=place)


@contextmanager
def doing(what: str) -> Iterator[None]:
    """Say what did not happen when a disk fault stops this step: "Could not {what}: …"."""
    try:
        yield
    except BrokenPipeError:
        raise
    except Exception as exc:
        why = reason(exc)
        if why is None:
            raise
        raise UserFacingError(tr("Could not {what}: {why}.").format(what=what, why=why)) from exc
