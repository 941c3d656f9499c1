"""The exercise library the verbs use: the same one the window uses.

:func:`shipped_library` is the shipped exercises and the person's own folder; for an open
profile, :func:`profile_library` adds the custom exercises its vault keeps (a client's from
their counsellor, a counsellor's own), through :func:`trustrepair.services.counsel.
client_library`, the one place that builds a profile's library. Every verb that reads a
profile's exercises (summaries, sharing, the counsellor verbs) takes it from here, so a
custom exercise is known by its title everywhere.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trustrepair.content.library import Library
    from trustrepair.storage.store import VaultStore


_META_KEY = "trustrepair.shipped_library"


def shipped_library(only: Collection[str] | None = None) -> Library:
    """The shipped exercises and the person's own folder, through the parse cache the window
    uses (unchanged files are not parsed again; ``validate`` reads every file itself); with
    ``only``, just those exercises (a verb about one exercise validates that one).

    Loaded once per command: a verb may load it while the key is derived (``unlock(...,
    meanwhile=...)``) and use it once the vault is open.
    """
    import click

    context = click.get_current_context(silent=True)
    meta = context.find_root().meta if context is not None else {}
    key = _META_KEY if only is None else f"{_META_KEY}:" + "\n".join(sorted(only))
    if key not in meta:
        from trustrepair.content.cache import load_default_library

        meta[key] = load_default_library(only)
    library: Library = meta[key]
    return library


def profile_library(store: VaultStore, shipped: Library | None = None) -> Library:
    """The library of the open profile ``store``: :func:`shipped_library` (or ``shipped``)
    and the custom exercises its vault keeps."""
    from trustrepair.services.counsel import client_library

    return client_library(store, shipped if shipped is not None else shipped_library())


def library_holding(
    store: VaultStore, needed: set[str], only: Collection[str] | None = None
) -> Library:
    """:func:`shipped_library`, or :func:`profile_library` when ``needed`` names an exercise
    the shipped library does not hold (the custom ones are read, and their services
    imported, only then). With ``only`` (which holds ``needed``), the shipped library need
    hold no more than those."""
    shipped = shipped_library(only)
    if needed <= shipped.exercises.keys():
        return shipped
    return profile_library(store, shipped)
