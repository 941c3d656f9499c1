"""Errors that are shown to the person kindly, as opposed to bugs.

Anything that is *not* a :class:`UserFacingError` is a bug: it is logged and shown in a
crash dialog that loses nothing.
"""

from __future__ import annotations

from typing import NamedTuple

from trustrepair.i18n import tr


class UserFacingError(Exception):
    """An expected problem with a plain message for the person using the program."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Problem(NamedTuple):
    """One problem in one content file, located by line and column (1-based).

    A named tuple rather than a dataclass: this module is imported before the first screen,
    and a frozen dataclass costs about 1 ms to define.
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ContentError(UserFacingError):
    """One or more exercise files are invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StorageError(UserFacingError):
    """The data on disk could not be read or written."""


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
