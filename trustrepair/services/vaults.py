"""The profiles in a data dir, each an encrypted vault: list, create, open, lock, back up.

Each profile lives in its own folder below the profiles dir::

    <random hex>/
        vault.json      name + the data key wrapped by passphrase and recovery key (no secrets)
        vault.db        SQLCipher database (+ -wal / -shm while open; encrypted too)
        .lock           OS file lock held while the vault is open (one process per vault)
        backups/        rotating encrypted backups (SQLite backup API)

A wrong passphrase is found out when unwrapping the key, before any file is opened for
writing, so it never modifies anything and is never mistaken for damage. Every way in (open,
recovery key, passphrase change, restore) unwraps through :meth:`Vaults._unlock`, which
honours the pause after wrong attempts. A passphrase change re-encrypts everything under a new
data key (:mod:`trustrepair.storage.rekey`).
"""

from __future__ import annotations

import builtins
import contextlib
import logging
import os
import secrets
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from sqlite_utils import Database

from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import (
    DamagedVault,
    ProfileNotFound,
    StorageError,
    UserFacingError,
    VaultInUse,
    WrongPassphrase,
    disk_errors,
    disk_reason,
)
from trustrepair.files import remove_stale_temps
from trustrepair.i18n import N_, ngettext, tr, translated
from trustrepair.services.lock import AttemptThrottle
from trustrepair.storage import backup as backups_mod
from trustrepair.storage import keys, rekey
from trustrepair.storage.backup import BackupInfo
from trustrepair.storage.db import (
    DB_FILE,
    connect,
    damaged_message,
    is_read_only,
    is_read_only_fault,
    open_database,
    open_database_read_only,
)
from trustrepair.storage.lockfile import (
    LOCK_FILE,
    FileLock,
    FolderLock,
    LockHeld,
    ensure_lock_file,
)
from trustrepair.storage.meta import VaultMeta, meta_lock, read_meta, write_meta
from trustrepair.storage.names import META_FILE, ProfileName, list_profiles, named
from trustrepair.storage.signing import SigningStore
from trustrepair.storage.store import VaultStore

log = logging.getLogger(__name__)

MAX_NAME_LENGTH = 80

WRONG_PASSPHRASE = N_("That passphrase does not open this vault.")
WRONG_RECOVERY_KEY = N_("That recovery key does not open this vault.")
IN_USE = N_("This profile is already open in another trustrepair window or command.")
STAGING_PREFIX = ".new-"
CHANGED_MEANWHILE = N_(
    "This profile's passphrase was changed at the same moment somewhere else; please try again."
)
NO_PASSPHRASE_WARNING = N_(
    "Without a passphrase, anyone who can use this computer account (or gets a copy of its "
    "files) can read everything in this profile. You can add a passphrase later."
)
RECOVERY_KEY_NOTE = N_(
    "This is your recovery key. It opens this profile if you forget the passphrase. "
    "Print it or write it down and keep it somewhere safe and private; it is shown only once."
)


ProfileRef = ProfileName
"""A profile as the picker sees it: ``name``, ``folder``, ``has_passphrase``. Nothing private.

The same class the light first screen lists (:mod:`trustrepair.storage.names`), so names are
read from ``vault.json`` in one place.
"""


class OpenVault:
    """An unlocked vault: its store, until :meth:`close` (which is also "lock now").

    Attributes:
        ref: Which profile this is.
        store: The repository over the vault's database.
        recovery_key: The recovery key, only on the object returned by :meth:`Vaults.create`
            (or when a passphrase was first added); show it once, then drop it.
    """

    def __init__(
        self,
        ref: ProfileRef,
        db: Database,
        *,
        key: bytes,
        lock: FileLock,
        backups_to_keep: int = backups_mod.KEEP,
        on_close: Callable[[OpenVault], None] | None = None,
    ) -> None:
        self.ref = ref
        self.db: Database | None = db
        self.store = VaultStore(db)
        self.recovery_key: str | None = None
        self._key: bytearray | None = bytearray(key)
        self._lock = lock
        self._keep = backups_to_keep
        self._on_close = on_close
        # Held while a passphrase change re-encrypts this vault from another thread, so a
        # lock, a backup or a restore waits for it instead of meeting a half-changed key.
        self.guard = threading.RLock()

    @property
    def is_open(self) -> bool:
        """False once closed (locked)."""
        return self.db is not None

    @property
    def read_only(self) -> bool:
        """Whether the vault was opened read-only (its folder cannot be written)."""
        return self.db is not None and is_read_only(self.db)

    @property
    def db_path(self) -> Path:
        """The vault's database file."""
        return self.ref.folder / DB_FILE

    def _require(self) -> tuple[Database, bytes]:
        if self.db is None or self._key is None:
            raise StorageError(tr("This profile is locked; please unlock it first."))
        return self.db, bytes(self._key)

    # ------------------------------------------------------------------ backups
    def backups(self) -> list[BackupInfo]:
        """This vault's backups, newest first (name, date, reason)."""
        return backups_mod.list_backups(self.ref.folder)

    def backup_now(self, reason: str = "manual") -> BackupInfo:
        """Make an encrypted backup now (SQLite backup API); keeps the newest few."""
        with self.guard, disk_errors(tr("make a backup")):
            db, key = self._require()
            return backups_mod.make_backup(db, self.ref.folder, key, reason, keep=self._keep)

    def restore(self, backup: BackupInfo | str) -> None:
        """Replace the vault's data with a backup; the current data is backed up first.

        The store keeps working afterwards (it is pointed at the restored database).
        """
        with self.guard, disk_errors(tr("restore the backup")):
            self._restore(backup)

    def _restore(self, backup: BackupInfo | str) -> None:
        db, key = self._require()
        info = (
            backup
            if isinstance(backup, BackupInfo)
            else backups_mod.find_backup(self.ref.folder, backup)
        )
        backups_mod.verify_backup(info.path, key)
        backups_mod.make_backup(db, self.ref.folder, key, "pre-restore", keep=None)
        db.close()
        self.db = None
        try:
            backups_mod.restore_file(info, self.db_path, key)
        finally:
            self.db = open_database(self.db_path, key)
            self.store.db = self.db
        backups_mod.prune(self.ref.folder, self._keep)

    # ------------------------------------------------------------------ profile
    def save_profile(self, info: ProfileInfo) -> ProfileInfo:
        """Update the profile (a new name is also written to the plaintext ``vault.json``)."""
        self._require()
        name = _clean_name(info.name)
        with meta_lock(self.ref.folder):
            meta = read_meta(self.ref.folder)
            if meta.name != name:
                write_meta(self.ref.folder, replace(meta, name=name))
        self.ref = ProfileRef(name, self.ref.folder, self.ref.has_passphrase)
        return self.store.save_profile(
            ProfileInfo(name, info.track, info.relationship, info.description, info.created_at)
        )

    # ------------------------------------------------------------------ lock
    def close(self) -> None:
        """Close the database, forget the key as far as Python allows, release the lock.

        Idempotent; "lock now" and quick-hide are this.
        """
        with self.guard:
            db, self.db = self.db, None
            try:
                if db is not None:
                    db.close()
            finally:
                self._forget_key()
                self._lock.release()
                if self._on_close is not None:
                    self._on_close(self)

    def rekeyed(self, new_key: bytes) -> None:
        """The database was re-encrypted under ``new_key`` (by a passphrase change)."""
        self._forget_key()
        self._key = bytearray(new_key)

    def _forget_key(self) -> None:
        if self._key is not None:
            for i in range(len(self._key)):
                self._key[i] = 0
            self._key = None

    lock = close

    def __enter__(self) -> OpenVault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Vaults:
    """All profiles below one folder (``paths.profiles_dir()``).

    ``kdf`` is the Argon2id cost for new key wraps; tests set it to
    ``keys.OWASP_MINIMUM_KDF`` to stay fast. Existing wraps keep the parameters they were made
    with.
    """

    kdf: ClassVar[keys.KdfParams] = keys.DEFAULT_KDF
    backups_to_keep: ClassVar[int] = backups_mod.KEEP

    def __init__(self, root: Path) -> None:
        self.root = root
        self.throttle = AttemptThrottle()
        self._open_vaults: dict[Path, OpenVault] = {}
        self._open_vaults_guard = threading.Lock()

    # ------------------------------------------------------------------ listing
    def list(self) -> builtins.list[ProfileRef]:
        """Every profile, by name (read from the plaintext metadata only)."""
        return list_profiles(self.root)

    def find(self, name: str) -> ProfileRef:
        """The profile with this name (exact, then case-insensitive)."""
        found = named(self.list(), name)
        if found is not None:
            return found
        raise ProfileNotFound(tr("There is no profile called {name!r}.").format(name=name))

    def retry_after(self, name: str) -> float:
        """Seconds to wait before the next passphrase attempt for ``name`` (0: now)."""
        try:
            return self.throttle.wait_seconds(self.find(name).folder.name)
        except ProfileNotFound:
            return 0.0

    # ------------------------------------------------------------------ create
    def create(self, info: ProfileInfo, passphrase: str | None = None) -> OpenVault:
        """Create a profile with its own encrypted vault and return it open.

        With ``passphrase=None`` the vault is still encrypted but its key is stored
        unprotected (warn first: :data:`NO_PASSPHRASE_WARNING`). With a passphrase, the
        returned vault's ``recovery_key`` is set: show it once.
        """
        name = _clean_name(info.name)
        _check_new_passphrase(passphrase)
        data_key = keys.new_data_key()
        recovery_key = keys.new_recovery_key() if passphrase is not None else None
        meta = self._protect(name, data_key, passphrase, recovery_key)
        with disk_errors(tr("create the profile {name!r}").format(name=name)):
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            # One creation at a time across processes, so two of the same name cannot both
            # pass the check below; a dead creator's lock is released by the system.
            with FolderLock(self.root):
                self._remove_staging_leftovers()
                if any(r.name.casefold() == name.casefold() for r in self.list()):
                    raise UserFacingError(
                        tr("A profile called {name!r} already exists.").format(name=name)
                    )
                folder = self._build(info, name, meta, data_key)
        vault = self._open_with_key(
            ProfileRef(name, folder, passphrase is not None), data_key, daily_backup=False
        )
        vault.recovery_key = recovery_key
        return vault

    def _build(self, info: ProfileInfo, name: str, meta: VaultMeta, data_key: bytes) -> Path:
        """A new vault folder: made in a hidden staging folder and renamed into place complete,
        so a crash never leaves a half-made profile in the list."""
        staging = self.root / f"{STAGING_PREFIX}{secrets.token_hex(8)}"
        staging.mkdir(mode=0o700)
        try:
            write_meta(staging, meta)
            ensure_lock_file(staging)
            meta_lock(staging)  # creates its lock file now, so later opens create no files
            db = open_database(staging / DB_FILE, data_key)
            try:
                VaultStore(db).save_profile(
                    ProfileInfo(
                        name,
                        info.track,
                        info.relationship,
                        info.description,
                        info.created_at,
                        role=info.role,
                    )
                )
                SigningStore(db).ensure_own_key()  # the key its files will be signed with
            finally:
                db.close()
            folder = self.root / secrets.token_hex(8)
            os.rename(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return folder

    def _clean_root(self) -> None:
        """Remove half-made profiles of killed creations, unless a creation is under way."""
        try:
            with FolderLock(self.root, blocking=False):
                self._remove_staging_leftovers()
        except (LockHeld, OSError):
            pass  # a creation is running, or the folder cannot be written: later

    def _remove_staging_leftovers(self) -> None:
        """Remove half-made profiles of killed creations (the creation lock is held)."""
        for path in self.root.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(path, ignore_errors=True)
            log.info("removed a profile folder left half-made by an interrupted creation")

    # ------------------------------------------------------------------ open
    def open(self, name: str, passphrase: str | None = None) -> OpenVault:
        """Open the named profile's vault.

        Raises:
            WrongPassphrase: the passphrase does not unwrap the key (nothing was touched).
            TooManyAttempts: tried again before the pause after wrong attempts passed.
            VaultInUse: another window or command has it open.
            ProfileNotFound: no such profile.
            StorageError: the key is right but the data cannot be read (never repaired).
        """
        ref = self.find(name)
        meta = read_meta(ref.folder)
        data_key = self._unlock(ref, meta, passphrase=passphrase)
        return self._open_with_key(ref, data_key, seen=meta)

    def open_with_recovery_key(self, name: str, recovery_key: str) -> OpenVault:
        """Open the named profile with its recovery key (then offer a new passphrase)."""
        ref = self.find(name)
        meta = read_meta(ref.folder)
        data_key = self._unlock(ref, meta, recovery_key=recovery_key)
        return self._open_with_key(ref, data_key, seen=meta)

    # ------------------------------------------------------------------ passphrase
    def change_passphrase(
        self,
        name: str,
        old: str | None,
        new: str | None,
        *,
        recovery_key: str | None = None,
        new_recovery_key: bool = False,
    ) -> str | None:
        """Lock the profile with a new passphrase (or none), under a new data key.

        The database and every backup are re-encrypted under a fresh data key, and a new
        recovery key is made: afterwards the old passphrase and the old recovery key open
        nothing, not even with a copy of the old ``vault.json``. Killed at any moment, the
        change leaves a vault that the old passphrase or the new one opens (see
        :mod:`trustrepair.storage.rekey`). A vault this object has open stays open, under the
        new key.

        Args:
            name: The profile.
            old: The current passphrase (ignored when ``recovery_key`` is given, or when the
                profile has none).
            new: The new passphrase (it may be the current one again, to get a new recovery
                key); None removes it (warn: :data:`NO_PASSPHRASE_WARNING`).
            recovery_key: Unlock with the recovery key instead of ``old``.
            new_recovery_key: Accepted for callers that still ask; every change with a new
                passphrase makes a new recovery key.

        Returns:
            The new recovery key to show once (None when the passphrase was removed). It opens
            the profile at once; :meth:`confirm_recovery_key` records that the person kept it
            (until then :meth:`has_unconfirmed_recovery_key` is true).

        Raises:
            VaultInUse: another window or command has the profile open.
        """
        del new_recovery_key  # every change makes one
        ref = self.find(name)
        _check_new_passphrase(new)
        seen = read_meta(ref.folder)
        old_key = self._unlock(ref, seen, passphrase=old, recovery_key=recovery_key)
        new_key = keys.new_data_key()
        fresh = keys.new_recovery_key() if new is not None else None
        protected = self._protect(seen.name, new_key, new, fresh, pending=True)
        begun = False
        try:
            with self._exclusive(ref) as vault:
                self._settle(ref, old_key, seen)
                if vault is None and not (ref.folder / DB_FILE).is_file():
                    raise DamagedVault(damaged_message(ref.folder))
                db = vault.db if vault is not None else connect(ref.folder / DB_FILE, old_key)
                assert db is not None  # an open vault's database
                try:
                    with meta_lock(ref.folder):
                        meta = read_meta(ref.folder)
                        staged = rekey.begin(
                            ref.folder, replace(protected, name=meta.name), old_key, new_key
                        )
                        begun = True
                        if vault is not None:
                            vault.rekeyed(new_key)  # as vault.json now says
                        rekey.finish(ref.folder, staged, new_key, db=db)
                finally:
                    if vault is None:
                        db.close()
        except Exception as exc:
            why = disk_reason(exc)
            if why is None:
                raise
            if not begun:
                message = tr("Could not change the passphrase of {name!r}: {why}.")
            else:
                # From the first rename on only the new secret opens the vault: say so.
                message = tr(
                    "The new passphrase of {name!r} is in place, but re-locking everything "
                    "under it could not finish: {why}. Open the profile with the new "
                    "passphrase once that is solved; that finishes it."
                )
            raise StorageError(message.format(name=ref.name, why=why)) from exc
        log.info("passphrase changed; the vault is under a new key")
        return fresh

    def confirm_recovery_key(self, name: str, recovery_key: str) -> bool:
        """The person kept the new recovery key: it replaces the old one from now on.

        Returns whether a new key was waiting and ``recovery_key`` opens it.
        """
        ref = self.find(name)
        with meta_lock(ref.folder):
            meta = read_meta(ref.folder)
            if meta.pending_recovery_wrap is None:
                return False
            try:
                secret = keys.normalise_recovery_key(recovery_key)
                self._attempt(
                    ref, [meta.pending_recovery_wrap], secret, translated(WRONG_RECOVERY_KEY)
                )
            except (keys.KeyUnwrapError, WrongPassphrase, StorageError):
                return False
            write_meta(
                ref.folder,
                replace(meta, recovery_wrap=meta.pending_recovery_wrap, pending_recovery_wrap=None),
            )
        log.info("new recovery key confirmed")
        return True

    def has_unconfirmed_recovery_key(self, name: str) -> bool:
        """Whether a new recovery key was made but never confirmed as kept (the old one works)."""
        return read_meta(self.find(name).folder).pending_recovery_wrap is not None

    # ------------------------------------------------------------------ backups
    def backups(self, name: str) -> builtins.list[BackupInfo]:
        """A profile's backups, newest first (readable without unlocking: dates only)."""
        return backups_mod.list_backups(self.find(name).folder)

    def restore_backup(
        self,
        name: str,
        backup: BackupInfo | str,
        passphrase: str | None = None,
        *,
        recovery_key: str | None = None,
    ) -> OpenVault:
        """Restore a backup of a profile that cannot be opened (damaged or missing data file).

        The current file, if any, is kept (moved into ``backups/`` as ``damaged-….db``, never
        deleted); then the backup is copied into place and the vault returned open.
        """
        ref = self.find(name)
        meta = read_meta(ref.folder)
        data_key = self._unlock(ref, meta, passphrase=passphrase, recovery_key=recovery_key)
        with disk_errors(tr("restore the backup")):
            self._restore_aside(ref, backup, data_key, meta)
        return self._open_with_key(ref, data_key)

    def _restore_aside(
        self, ref: ProfileRef, backup: BackupInfo | str, data_key: bytes, meta: VaultMeta
    ) -> None:
        lock = self._acquire(ref)
        try:
            self._settle(ref, data_key, meta)  # backups under the key that opens them
            info = (
                backup
                if isinstance(backup, BackupInfo)
                else backups_mod.find_backup(ref.folder, backup)
            )
            backups_mod.verify_backup(info.path, data_key)
            db_path = ref.folder / DB_FILE
            if db_path.exists():
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
                target = backups_mod.backup_dir(ref.folder) / f"damaged-{stamp}.db"
                os.replace(db_path, target)
            backups_mod.restore_file(info, db_path, data_key)
        finally:
            lock.release()

    # ------------------------------------------------------------------ internals
    def _protect(
        self,
        name: str,
        data_key: bytes,
        passphrase: str | None,
        recovery_key: str | None,
        *,
        pending: bool = False,
    ) -> VaultMeta:
        """What ``vault.json`` holds for ``data_key`` locked by these secrets (Argon2id here).

        ``pending`` files the recovery key as made but not yet confirmed as kept.
        """
        if passphrase is None:
            return VaultMeta(name, False, plain_key=data_key)
        recovery_wrap = keys.wrap(data_key, recovery_key, self.kdf) if recovery_key else None
        return VaultMeta(
            name,
            True,
            passphrase_wrap=keys.wrap(data_key, passphrase, self.kdf),
            recovery_wrap=None if pending else recovery_wrap,
            pending_recovery_wrap=recovery_wrap if pending else None,
        )

    def _unlock(
        self,
        ref: ProfileRef,
        meta: VaultMeta,
        *,
        passphrase: str | None = None,
        recovery_key: str | None = None,
    ) -> bytes:
        """The data key, from the passphrase or (if given) the recovery key: the one way in.

        Every attempt with a secret goes through the throttle: refused while a pause after
        wrong attempts is owed, counted as a failure when wrong, forgotten on success. A
        vault without a passphrase needs no secret (its key is in ``vault.json``).

        Raises:
            WrongPassphrase: the secret does not unwrap the key (nothing was touched).
            TooManyAttempts: tried again before the pause after wrong attempts passed.
            StorageError: ``vault.json`` holds a key wrap this version cannot read.
        """
        if not meta.has_passphrase:
            assert meta.plain_key is not None  # guaranteed by VaultMeta.from_json
            return meta.plain_key
        if recovery_key is not None:
            wrong = translated(WRONG_RECOVERY_KEY)
            # The kept key first, then one made but not yet confirmed as kept.
            wraps = [w for w in (meta.recovery_wrap, meta.pending_recovery_wrap) if w is not None]
            try:
                secret = keys.normalise_recovery_key(recovery_key)
            except keys.KeyUnwrapError:
                secret = None
        else:
            if not passphrase:
                raise WrongPassphrase(translated(WRONG_PASSPHRASE))
            wrong, secret = translated(WRONG_PASSPHRASE), passphrase
            assert meta.passphrase_wrap is not None  # guaranteed by VaultMeta.from_json
            wraps = [meta.passphrase_wrap]
        return self._attempt(ref, wraps, secret, wrong)

    def _attempt(
        self, ref: ProfileRef, wraps: builtins.list[dict[str, Any]], secret: str | None, wrong: str
    ) -> bytes:
        """Unwrap the first of ``wraps`` that ``secret`` opens, through the throttle."""
        if not wraps:
            raise WrongPassphrase(wrong)
        attempt = ref.folder.name
        self.throttle.check(attempt)
        unreadable: builtins.list[keys.KeyFormatError] = []
        for wrapped in wraps:
            if secret is None:  # cannot be a recovery key: a wrong attempt like any other
                break
            try:
                data_key = keys.unwrap(wrapped, secret)
            except keys.KeyUnwrapError:
                continue
            except keys.KeyFormatError as exc:
                unreadable.append(exc)
                continue
            self.throttle.succeeded(attempt)
            return data_key
        if unreadable and len(unreadable) == len(wraps):
            raise StorageError(
                tr("This profile's key file ({path}) could not be read; it may be damaged.").format(
                    path=ref.folder / META_FILE
                )
            ) from unreadable[0]
        self.throttle.failed(attempt)
        raise WrongPassphrase(wrong)

    def _acquire(self, ref: ProfileRef) -> FileLock:
        try:
            path = ensure_lock_file(ref.folder)
        except OSError as exc:
            if not is_read_only_fault(exc):
                raise
            return _NoLock(ref.folder)  # nothing here can be written: nothing to keep out
        lock = FileLock(path)
        try:
            lock.acquire()
        except LockHeld:
            raise VaultInUse(translated(IN_USE)) from None
        return lock

    @contextlib.contextmanager
    def _exclusive(self, ref: ProfileRef) -> Iterator[OpenVault | None]:
        """The vault to myself: this object's open vault (guarded), or its lock taken here."""
        with self._open_vaults_guard:
            vault = self._open_vaults.get(ref.folder)
        if vault is not None:
            with vault.guard:
                if vault.is_open:
                    yield vault
                    return
        lock = self._acquire(ref)
        try:
            yield None
        finally:
            lock.release()

    def _settle(self, ref: ProfileRef, data_key: bytes, seen: VaultMeta | None) -> VaultMeta:
        """``vault.json`` as it is now (the vault's lock held), an interrupted change finished.

        Args:
            ref: The profile.
            data_key: The key unwrapped from ``seen``.
            seen: The metadata the key was unwrapped from (None: just written by us).

        Raises:
            WrongPassphrase: the passphrase was changed since ``seen`` was read.
        """
        meta = read_meta(ref.folder)
        if seen is not None and _key_generation(meta) != _key_generation(seen):
            raise WrongPassphrase(translated(CHANGED_MEANWHILE))
        if meta.previous_key is None:
            return meta
        with meta_lock(ref.folder):
            return rekey.finish(ref.folder, read_meta(ref.folder), data_key)

    def _open_with_key(
        self,
        ref: ProfileRef,
        data_key: bytes,
        *,
        daily_backup: bool = True,
        seen: VaultMeta | None = None,
    ) -> OpenVault:
        with disk_errors(tr("open the profile {name!r}").format(name=ref.name)):
            self._clean_root()
            lock = self._acquire(ref)
            try:
                db = self._open_database(ref, data_key, seen)
                try:
                    if daily_backup:
                        self._daily_backup(ref.folder, db, data_key)
                except BaseException:
                    db.close()
                    raise
            except BaseException:
                lock.release()
                raise
        vault = OpenVault(
            ref,
            db,
            key=data_key,
            lock=lock,
            backups_to_keep=self.backups_to_keep,
            on_close=self._closed,
        )
        with self._open_vaults_guard:
            self._open_vaults[ref.folder] = vault
        return vault

    def _open_database(self, ref: ProfileRef, data_key: bytes, seen: VaultMeta | None) -> Database:
        """The vault's database (its lock held), after finishing what a killed run left.

        A folder that cannot be written is opened read-only, as it is: nothing is written to
        open a vault when nothing needs changing.
        """
        self._settle(ref, data_key, seen)
        folder = ref.folder
        db_path = folder / DB_FILE
        if not db_path.is_file():
            # Never recreate: an empty new database would hide the loss.
            raise DamagedVault(damaged_message(folder))
        backups_mod.clean_leftovers(folder)
        with contextlib.suppress(OSError), meta_lock(folder):  # every writer of it holds this
            remove_stale_temps(folder / META_FILE, older_than=0)
        try:
            return open_database(
                db_path,
                data_key,
                before_migrations=lambda d: backups_mod.make_backup(
                    d, folder, data_key, "pre-migration", keep=self.backups_to_keep
                ),
            )
        except (OSError, sqlite3.Error) as exc:
            if not is_read_only_fault(exc):
                raise
        log.info("the profile's folder cannot be written; opened read-only")
        return open_database_read_only(db_path, data_key)

    def _daily_backup(self, folder: Path, db: Database, data_key: bytes) -> None:
        """Back up once a day; a disk that cannot take one never keeps the vault closed."""
        if is_read_only(db) or not backups_mod.needs_daily_backup(folder):
            return
        if VaultStore(db).get_profile() is None:
            return
        try:
            backups_mod.make_backup(db, folder, data_key, "daily", keep=self.backups_to_keep)
        except (OSError, sqlite3.Error) as exc:
            if disk_reason(exc) is None:
                raise
            log.warning("the daily backup could not be made (%s)", disk_reason(exc))

    def _closed(self, vault: OpenVault) -> None:
        with self._open_vaults_guard:
            if self._open_vaults.get(vault.ref.folder) is vault:
                del self._open_vaults[vault.ref.folder]


class _NoLock(FileLock):
    """Stands in for the lock of a vault folder that nobody can write (not even its lock file)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder / LOCK_FILE)

    def acquire(self, *, blocking: bool = False) -> None:
        """Nothing to take."""

    def release(self) -> None:
        """Nothing to let go of."""


def _key_generation(meta: VaultMeta) -> tuple[object, object]:
    """What every passphrase change replaces (so a stale unwrap can be told apart)."""
    return meta.passphrase_wrap, meta.plain_key


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserFacingError(tr("Please give the profile a name."))
    if len(cleaned) > MAX_NAME_LENGTH:
        raise UserFacingError(
            ngettext(
                "Please keep the profile name under {n} character.",
                "Please keep the profile name under {n} characters.",
                MAX_NAME_LENGTH,
            ).format(n=MAX_NAME_LENGTH)
        )
    if any(not ch.isprintable() for ch in cleaned):
        raise UserFacingError(tr("The profile name can't contain control characters."))
    return cleaned


def _check_new_passphrase(passphrase: str | None) -> None:
    if passphrase is not None and not passphrase:
        raise UserFacingError(
            tr(
                "Please choose a passphrase, or choose to go without one "
                "(after reading the warning)."
            )
        )
