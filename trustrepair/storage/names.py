"""Profile names for the first screen, read from the header of each vault's ``vault.json``.

The profile picker is the first thing a person sees; it needs names and whether a passphrase
is asked for, nothing more. So this module reads only the header of each vault's plaintext
metadata (its format, version, name and passphrase flag) with the standard library's ``json``,
and the window can list profiles before anything heavy is imported. The keys in the same file
are read by :mod:`.meta` when a vault is opened; a vault whose keys are damaged is listed, and
opening it says so. :meth:`trustrepair.services.vaults.Vaults.list` lists through this module
too, so names are read in one place.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

META_FILE = "vault.json"
FORMAT = "trustrepair-vault"
VERSION = 1
MAX_META_BYTES = 1024 * 1024
"""``vault.json`` is a few hundred bytes; one larger than this is not a vault's (it is never
read into memory, however large it claims to be)."""


@dataclass(frozen=True)
class ProfileName:
    """A profile as the picker sees it: a name and where it lives. Nothing private.

    :class:`trustrepair.services.vaults.ProfileRef` is this class.
    """

    name: str
    folder: Path
    has_passphrase: bool = False


def load_meta_file(meta_file: Path) -> Any:
    """The parsed JSON of a ``vault.json``, read as a file that may have been tampered with.

    Only a plain file of at most :data:`MAX_META_BYTES` is read (a FIFO, a device or a huge
    file is refused without reading), and nesting too deep to parse is a damaged file.

    Raises:
        OSError: it cannot be read.
        ValueError: it is not plain JSON within the bound (UnicodeDecodeError among them).
    """
    fd = os.open(meta_file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a plain file")
        if info.st_size > MAX_META_BYTES:
            raise ValueError("too large")
        raw = os.read(fd, MAX_META_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_META_BYTES:
        raise ValueError("too large")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deeply") from None


def read_header(data: Any) -> tuple[str, bool]:
    """The name and passphrase flag of a parsed ``vault.json``.

    Raises:
        ValueError: ``data`` is not the metadata of a vault this version can open.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a trustrepair vault")
    if data.get("version") != VERSION:
        raise ValueError("vault made by a newer trustrepair")
    name, has_passphrase = data.get("name"), data.get("has_passphrase")
    if not isinstance(name, str) or not isinstance(has_passphrase, bool):
        raise ValueError("bad vault metadata")
    return name, has_passphrase


def list_profiles(root: Path) -> list[ProfileName]:
    """Every profile below ``root``, sorted by name; a folder whose header cannot be read is
    skipped."""
    found: list[ProfileName] = []
    if not root.is_dir():
        return found
    for folder in root.iterdir():
        meta_file = folder / META_FILE
        if folder.name.startswith(".") or not meta_file.is_file():
            continue
        try:
            name, has_passphrase = read_header(load_meta_file(meta_file))
        except (OSError, ValueError):  # UnicodeDecodeError and JSONDecodeError among them
            log.warning("unreadable vault metadata in %s", folder.name)
            continue
        found.append(ProfileName(name, folder, has_passphrase))
    return sorted(found, key=lambda ref: (ref.name.casefold(), ref.name))


def named(refs: list[ProfileName], name: str) -> ProfileName | None:
    """The profile called ``name`` among ``refs``: the exact name first, then ignoring case."""
    exact = next((ref for ref in refs if ref.name == name), None)
    folded = name.casefold()
    return exact or next((ref for ref in refs if ref.name.casefold() == folded), None)
