"""Faults the command line turns into plain sentences: the operating system's and SQLite's
disk errors (disk full, read-only, permission, missing folder), and bugs.

:func:`sentence` is what the root of the command line prints for an error no verb caught;
a verb that knows what it was doing wraps that step in :func:`doing`, so the sentence also
says what did not happen ("Could not make a backup of 'Sam': …").
"""

from __future__ import annotations

from pathlib import Path

from trustrepair.errors import disk_errors, disk_reason
from trustrepair.i18n import tr

reason = disk_reason
"""Why an OS or database error happened, as a phrase (with the path), or None."""


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


doing = disk_errors
"""Say what did not happen when a disk fault stops this step: "Could not {what}: …"."""
