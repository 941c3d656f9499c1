"""Errors that are shown to the person kindly, as opposed to bugs.

Anything that is *not* a :class:`UserFacingError` is a bug: it is logged and shown in a
crash dialog that loses nothing. Problems in exercise files are
:class:`trustrepair.content.problems.ContentError`, beside the located problems they list.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager

from trustrepair.i18n import N_, tr, translated


class UserFacingError(Exception):
    """An expected problem with a plain message for the person using the program."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class StorageError(UserFacingError):
    """The data on disk could not be read or written."""


class DamagedVault(StorageError):
    """The key is right but the vault's data file is missing or not a database any more
    (a backup may help; a full or read-only disk is a plain :class:`StorageError`)."""


class WrongPassphrase(UserFacingError):
    """The passphrase (or recovery key) does not open this vault."""


class VaultInUse(UserFacingError):
    """Another trustrepair window or command already has this vault open."""


class ProfileNotFound(UserFacingError):
    """No profile has that name."""


class ImportFormatError(UserFacingError):
    """A file to import is not a valid trustrepair export."""


class UnreadableFile(ImportFormatError):
    """A file that comes in was refused before it was read: missing, a folder, a pipe or a
    device, or larger than its limit (see :func:`trustrepair.files.read_bounded`)."""

    def __init__(self, path: object, reason: str, *, too_large: bool = False) -> None:
        self.path = path
        self.reason = reason
        """The reason alone, without the path (for messages that name the file already)."""
        self.too_large = too_large
        super().__init__(tr("Could not read {path}: {reason}.").format(path=path, reason=reason))


# ---------------------------------------------------------------------- disk faults
_OS_REASONS = {
    errno.ENOSPC: N_("there is no room left on the disk"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EFBIG: N_("the file would be larger than this system allows"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EACCES: N_("permission was denied"),
    errno.EPERM: N_("permission was denied"),
    errno.ENOENT: N_("the file or folder does not exist"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EISDIR: N_("that is a folder, not a file"),
    errno.EEXIST: N_("that already exists"),
    errno.EIO: N_("the disk could not be read or written"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EMFILE: N_("too many files are open"),
    errno.ELOOP: N_("the path leads round in a loop of links"),
}


class NotAPlainTarget(OSError):
    """A file that was to be replaced is a pipe, a device or a socket: it was left alone
    (replacing ``/dev/…`` or someone's FIFO with a file would break it)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(errno.EINVAL, "not a plain file", os.fspath(path))


_NOT_PLAIN = N_("it is not a plain file (a pipe, a device or a socket?)")

_DATABASE_REASONS = {
    "database or disk is full": N_("there is no room left on the disk"),
    "attempt to write a readonly database": N_("the data folder is read-only"),
    "unable to open database file": N_("the profile's data file could not be opened"),
    "disk I/O error": N_("the disk could not be read or written"),
}
"""SQLite's own messages (they never hold data) for the disk errors it reports itself."""
_IO_ERROR = "disk I/O error"


def disk_reason(exc: BaseException, *, with_path: bool = True) -> str | None:
    """Why an OS or database disk error happened, as a phrase (with the path), or None.

    None for anything else: that is not a disk fault, and its message may hold data.
    ``with_path=False`` leaves the path out (for a sentence that names the file already).
    """
    if isinstance(exc, OSError):
        why = _NOT_PLAIN if isinstance(exc, NotAPlainTarget) else _OS_REASONS.get(exc.errno or 0)
        text = (
            translated(why)
            if why
            else tr("the system refused ({reason})").format(
                reason=exc.strerror or type(exc).__name__
            )
        )
        if with_path and exc.filename is not None:
            text += f" ({os.fsdecode(exc.filename)})"
        return text
    if type(exc).__name__ == "OperationalError":  # sqlite3's or sqlcipher3's
        why = _DATABASE_REASONS.get(str(exc))
        if why == _DATABASE_REASONS[_IO_ERROR] and data_disk_is_full():
            why = _OS_REASONS[errno.ENOSPC]
        return translated(why) if why else None
    return None


def data_disk_is_full() -> bool:
    """Whether the disk of the data folder has no room left.

    SQLite reports some writes a full disk refused (its shared-memory file's, for one) as a
    plain "disk I/O error"; with no room left there, the full disk is the better reason.
    """
    from trustrepair import paths

    folder = paths.data_dir_path()
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        return os.statvfs(folder).f_bavail == 0
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def write_failure(exc: OSError) -> str:
    """Why writing a named file failed, as a plain phrase without the path."""
    return disk_reason(exc, with_path=False) or tr("the system refused")


@contextmanager
def disk_errors(what: str) -> Iterator[None]:
    """A disk fault in this step becomes :class:`StorageError` ("Could not {what}: {why}.")."""
    try:
        yield
    except BrokenPipeError:
        raise
    except Exception as exc:
        why = disk_reason(exc)
        if why is None:
            raise
        raise StorageError(tr("Could not {what}: {why}.").format(what=what, why=why)) from exc
