"""A vault's plaintext metadata file, ``vault.json``: its name and its wrapped data key.

Nothing private is in here: the profile name (shown by the profile picker before unlocking)
and the data key *wrapped* by the passphrase and by the recovery key. For a vault created
without a passphrase, the data key is stored as is and ``has_passphrase`` is false: the
database is still encrypted, but anyone with the folder can open it (the UI warns).
The file is only ever replaced atomically, so a crash leaves the old or the new version.
Its header (format, version, name, passphrase flag) is read by :mod:`.names`, which lists
profiles for the first screen without this module.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustrepair.errors import StorageError
from trustrepair.files import write_atomic
from trustrepair.i18n import tr
from trustrepair.storage.lockfile import FileLock, ensure_lock_file
from trustrepair.storage.names import FORMAT, META_FILE, VERSION, load_meta_file, read_header

META_LOCK_FILE = ".meta.lock"


@dataclass(frozen=True, repr=False)
class VaultMeta:
    """What ``vault.json`` holds. Change a copy with ``dataclasses.replace(meta, name=...)``."""

    name: str
    has_passphrase: bool
    passphrase_wrap: dict[str, Any] | None = None
    recovery_wrap: dict[str, Any] | None = None
    plain_key: bytes | None = None
    """The data key itself, for a vault without a passphrase; never in :meth:`__repr__`."""
    pending_recovery_wrap: dict[str, Any] | None = None
    """A new recovery key's wrap, kept beside the old one until the person confirms they kept
    the new key (so a key nobody saw never replaces one that works)."""
    previous_key: dict[str, Any] | None = None
    """While a passphrase change is being finished: the vault's old data key, sealed under the
    new one (:func:`trustrepair.storage.keys.seal`). Present only until every file is
    re-encrypted under the new key (:mod:`trustrepair.storage.rekey`)."""

    def __repr__(self) -> str:
        key = "None" if self.plain_key is None else "<hidden>"
        passphrase = self.has_passphrase
        return f"VaultMeta(name={self.name!r}, has_passphrase={passphrase}, plain_key={key})"

    def to_json(self) -> dict[str, Any]:
        """The JSON object written to disk."""
        keys: dict[str, Any] = {}
        if self.passphrase_wrap is not None:
            keys["passphrase"] = self.passphrase_wrap
        if self.recovery_wrap is not None:
            keys["recovery"] = self.recovery_wrap
        if self.pending_recovery_wrap is not None:
            keys["pending_recovery"] = self.pending_recovery_wrap
        if self.plain_key is not None:
            keys["unprotected"] = base64.b64encode(self.plain_key).decode("ascii")
        if self.previous_key is not None:
            keys["previous"] = self.previous_key
        return {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "has_passphrase": self.has_passphrase,
            "keys": keys,
        }

    @classmethod
    def from_json(cls, data: Any) -> VaultMeta:
        """Parse the JSON object; raises ValueError if it is not a vault's metadata."""
        name, has_passphrase = read_header(data)
        keys = data.get("keys")
        if not isinstance(keys, dict):
            raise ValueError("bad vault metadata")
        plain = keys.get("unprotected")
        plain_key = None
        if plain is not None:
            try:
                plain_key = base64.b64decode(str(plain).encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError) as exc:
                raise ValueError("bad vault metadata") from exc
        passphrase_wrap, recovery_wrap = keys.get("passphrase"), keys.get("recovery")
        pending, previous = keys.get("pending_recovery"), keys.get("previous")
        if has_passphrase and not isinstance(passphrase_wrap, dict):
            raise ValueError("bad vault metadata")
        if not has_passphrase and plain_key is None:
            raise ValueError("bad vault metadata")
        return cls(
            name=name,
            has_passphrase=has_passphrase,
            passphrase_wrap=passphrase_wrap if has_passphrase else None,
            recovery_wrap=recovery_wrap if isinstance(recovery_wrap, dict) else None,
            plain_key=plain_key if not has_passphrase else None,
            pending_recovery_wrap=pending if has_passphrase and isinstance(pending, dict) else None,
            previous_key=previous if isinstance(previous, dict) else None,
        )


def read_meta(folder: Path) -> VaultMeta:
    """Read ``vault.json``; raises StorageError if it is unreadable (never rewrites it)."""
    try:
        data = load_meta_file(folder / META_FILE)
        return VaultMeta.from_json(data)
    except (OSError, ValueError) as exc:
        raise StorageError(
            tr("This profile's key file ({path}) could not be read; it may be damaged.").format(
                path=folder / META_FILE
            )
        ) from exc


def write_meta(folder: Path, meta: VaultMeta) -> None:
    """Replace ``vault.json`` atomically (temp file, fsync, rename, fsync folder)."""
    write_atomic(folder / META_FILE, json.dumps(meta.to_json(), indent=2, ensure_ascii=True) + "\n")


def meta_lock(folder: Path) -> FileLock:
    """A blocking lock serialising read-modify-write of ``vault.json`` (use with ``with``)."""
    return FileLock(ensure_lock_file(folder, META_LOCK_FILE))
