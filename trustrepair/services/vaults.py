"""The profiles in a data dir, each a vault: list names, create, open.

(Foundation version: the Private-vaults work makes every vault encrypted and lockable,
keeping this interface.)
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import ProfileNotFound, UserFacingError
from trustrepair.storage.db import open_database
from trustrepair.storage.store import VaultStore

META_FILE = "vault.json"
DB_FILE = "vault.db"


@dataclass(frozen=True)
class ProfileRef:
    """A profile as the picker sees it: a name and where it lives. Nothing private."""

    name: str
    folder: Path


class OpenVault:
    """An unlocked vault: its store, until :meth:`close`."""

    def __init__(self, ref: ProfileRef, db: Database) -> None:
        self.ref = ref
        self.db = db
        self.store = VaultStore(db)

    def close(self) -> None:
        """Close the database (idempotent)."""
        if self.db is not None:
            self.db.close()


class Vaults:
    """All profiles below one folder (``paths.profiles_dir()``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def list(self) -> list[ProfileRef]:
        """Every profile, by name."""
        refs = []
        if not self.root.is_dir():
            return refs
        for folder in sorted(self.root.iterdir()):
            meta = folder / META_FILE
            if not meta.is_file():
                continue
            try:
                name = json.loads(meta.read_text(encoding="utf-8"))["name"]
            except (OSError, ValueError, KeyError, TypeError):
                continue
            refs.append(ProfileRef(str(name), folder))
        return sorted(refs, key=lambda r: r.name.casefold())

    def find(self, name: str) -> ProfileRef:
        """The profile with this name (exact, then case-insensitive)."""
        refs = self.list()
        for ref in refs:
            if ref.name == name:
                return ref
        for ref in refs:
            if ref.name.casefold() == name.casefold():
                return ref
        raise ProfileNotFound(f"There is no profile called {name!r}.")

    def create(self, info: ProfileInfo, passphrase: str | None = None) -> OpenVault:
        """Create a profile with its own vault and return it open."""
        name = info.name.strip()
        if not name:
            raise UserFacingError("Please give the profile a name.")
        if any(r.name.casefold() == name.casefold() for r in self.list()):
            raise UserFacingError(f"A profile called {name!r} already exists.")
        folder = self.root / secrets.token_hex(8)
        folder.mkdir(parents=True, mode=0o700)
        (folder / META_FILE).write_text(json.dumps({"name": name}), encoding="utf-8")
        vault = OpenVault(ProfileRef(name, folder), open_database(folder / DB_FILE))
        vault.store.save_profile(
            ProfileInfo(name, info.track, info.relationship, info.description)
        )
        return vault

    def open(self, name: str, passphrase: str | None = None) -> OpenVault:
        """Open the named profile's vault."""
        ref = self.find(name)
        return OpenVault(ref, open_database(ref.folder / DB_FILE))
