"""The exercise library the verbs use: the same one the window uses.

:func:`shipped_library` is the shipped exercises and the person's own folder; for an open
profile, :func:`profile_library` adds the custom exercises its vault keeps (a client's from
their counsellor, a counsellor's own), through :func:`trustrepair.services.counsel.
client_library`, the one place that builds a profile's library. Every verb that reads a
profile's exercises (summaries, sharing, the counsellor verbs) takes it from here, so a
custom exercise is known by its title everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trustrepair.content.library import Library
    from trustrepair.storage.store import VaultStore


def shipped_library() -> Library:
    """The shipped exercises and the person's own folder."""
    from trustrepair.content.library import default_folders, load_library

    return load_library(default_folders())


def profile_library(store: VaultStore, shipped: Library | None = None) -> Library:
    """The library of the open profile ``store``: :func:`shipped_library` (or ``shipped``)
    and the custom exercises its vault keeps."""
    from trustrepair.services.counsel import client_library

    return client_library(store, shipped if shipped is not None else shipped_library())
