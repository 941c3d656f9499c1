"""vault.json: what it holds, how it round-trips, and that the bare data key never prints."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from trustrepair.errors import StorageError
from trustrepair.storage.meta import VaultMeta, read_meta, write_meta
from trustrepair.storage.names import META_FILE


def test_a_vault_without_passphrase_round_trips_and_hides_its_key(tmp_path: Path):
    """The unprotected key survives write/read; repr (tracebacks, logs) never shows it."""
    key = bytes(range(32))
    meta = VaultMeta("Sam", False, plain_key=key)
    write_meta(tmp_path, meta)
    back = read_meta(tmp_path)
    assert back == meta
    assert back.plain_key == key
    assert key.hex() not in repr(back)
    assert repr(key) not in repr(back)
    assert "<hidden>" in repr(back)
    assert "'Sam'" in repr(back)


def test_a_copy_changes_one_field_only():
    """Renaming keeps the wraps."""
    wrap = {"kdf": "argon2id"}
    meta = VaultMeta("Sam", True, passphrase_wrap=wrap)
    renamed = replace(meta, name="Alex")
    assert (renamed.name, renamed.passphrase_wrap, meta.name) == ("Alex", wrap, "Sam")


@pytest.mark.parametrize(
    "text",
    [
        "{}",
        '{"format": "trustrepair-vault", "version": 2, "name": "x", "has_passphrase": true}',
        '{"format": "trustrepair-vault", "version": 1, "name": "x", "has_passphrase": false,'
        ' "keys": {}}',
        "not json",
    ],
)
def test_unreadable_metadata_is_a_storage_error(tmp_path: Path, text: str):
    """A damaged or foreign vault.json is reported plainly, never half-read."""
    (tmp_path / META_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(StorageError, match="could not be read"):
        read_meta(tmp_path)
