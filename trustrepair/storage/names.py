"""Profile names for the first screen, read from each vault's plaintext ``vault.json`` only.

The profile picker is the first thing a person sees; it needs names and whether a passphrase
is asked for, nothing more. This module stays light (``json`` through :mod:`.meta`, no
SQLCipher, no cryptography) so the window can show the picker before anything heavy is
imported. :meth:`trustrepair.services.vaults.Vaults.list` lists through it too, so the files
are read in one place.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple

from trustrepair.errors import StorageError
from trustrepair.storage.meta import has_meta, read_meta

log = logging.getLogger(__name__)


class ProfileName(NamedTuple):
    """A profile as the picker sees it: a name and where it lives. Nothing private.

    :class:`trustrepair.services.vaults.ProfileRef` is this class. A named tuple rather than a
    dataclass: the first screen needs it, and a frozen dataclass costs about 1 ms to define.
    """

    name: str
    folder: Path
    has_passphrase: bool = False


def list_profiles(root: Path) -> list[ProfileName]:
    """Every profile below ``root``, sorted by name; unreadable metadata is skipped."""
    found: list[ProfileName] = []
    if not root.is_dir():
        return found
    for folder in root.iterdir():
        if folder.name.startswith(".") or not has_meta(folder):
            continue
        try:
            meta = read_meta(folder)
        except StorageError:
            log.warning("unreadable vault metadata in %s", folder.name)
            continue
        found.append(ProfileName(meta.name, folder, meta.has_passphrase))
    return sorted(found, key=lambda ref: (ref.name.casefold(), ref.name))
