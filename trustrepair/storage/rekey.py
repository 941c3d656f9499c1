"""Re-encrypting a vault under a new data key (a passphrase change), safe against a kill.

A passphrase change makes a new data key, so a copy of the old ``vault.json`` with the old
passphrase (or the old recovery key) opens nothing written afterwards. The steps, with the
vault's lock held:

1. :func:`begin`: ``vault.json`` is replaced (atomically) by one whose wraps hold the *new*
   key, plus the old key sealed under the new one (``previous``). Before this rename the old
   passphrase opens the vault; from it on, the new one does.
2. Every backup still under the old key is copied under the new key beside it and renamed
   over itself (:func:`trustrepair.storage.backup.rekey_backups`).
3. The database is re-encrypted in place (``PRAGMA rekey``: one SQLite transaction).
4. ``vault.json`` is replaced once more, without ``previous``.

A kill anywhere in 2–4 leaves ``previous`` in ``vault.json``; the next open (which needs the
new passphrase or the new recovery key) runs :func:`finish` again. Each step skips what is
already under the new key, so running it twice does no harm. Until step 4, anyone holding the
new secret can also read the old key: that is the price of never locking a person out, and it
protects nothing the new key does not.

Files in ``backups/`` that are not databases (a write-ahead log kept aside by a restore) are not
re-encrypted; they stay readable with the old key only.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from trustrepair.errors import StorageError
from trustrepair.i18n import tr
from trustrepair.storage import backup, keys
from trustrepair.storage.db import DB_FILE, connect, opens_with, rekey
from trustrepair.storage.meta import VaultMeta, write_meta
from trustrepair.storage.names import META_FILE

log = logging.getLogger(__name__)


def begin(folder: Path, new_meta: VaultMeta, old_key: bytes, new_key: bytes) -> VaultMeta:
    """Step 1: ``vault.json`` unlocks the new key only, with the old key sealed under it."""
    staged = replace(new_meta, previous_key=keys.seal(old_key, new_key))
    write_meta(folder, staged)
    return staged


def finish(
    folder: Path, meta: VaultMeta, new_key: bytes, *, db: Database | None = None
) -> VaultMeta:
    """Steps 2–4 for a vault whose ``vault.json`` still holds ``previous``; returns the meta.

    Args:
        folder: The vault folder (its lock held by the caller).
        meta: What ``vault.json`` holds now.
        new_key: The key its wraps hold.
        db: The vault's database, open under the old key (the change itself passes it; a
            later open re-encrypts the file on disk instead).

    If the database opens with neither key (missing, damaged), ``previous`` is kept, so the old
    key is not lost while that file might still be recovered.
    """
    if meta.previous_key is None:
        return meta
    try:
        old_key = keys.unseal(meta.previous_key, new_key)
    except (keys.KeyUnwrapError, keys.KeyFormatError) as exc:
        raise StorageError(
            tr("This profile's key file ({path}) could not be read; it may be damaged.").format(
                path=folder / META_FILE
            )
        ) from exc
    backup.rekey_backups(folder, old_key, new_key)
    if db is not None:
        rekey(db, new_key)
    else:
        path = folder / DB_FILE
        if not opens_with(path, new_key):
            if not opens_with(path, old_key):
                log.warning("the database opens with neither key; the old key is kept")
                return meta
            old_db = connect(path, old_key)
            try:
                rekey(old_db, new_key)
            finally:
                old_db.close()
    done = replace(meta, previous_key=None)
    write_meta(folder, done)
    log.info("vault re-encrypted under a new key")
    return done
