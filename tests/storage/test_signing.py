"""Signing keys in the vault: Ed25519 over exact bytes, readable fingerprints, pinned senders."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from trustrepair import paths
from trustrepair.services.signing import identity
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.storage import signing
from trustrepair.storage.signing import SenderRole, SigningStore

RELEASE_0_1_0 = Path(__file__).resolve().parents[1] / "fixtures" / "release_0_1_0" / "data"


def test_a_signature_checks_only_the_exact_message_and_key() -> None:
    """A signature verifies for its own message and key, and for nothing else."""
    private = signing.new_private_key()
    public = signing.public_key_of(private)
    signature = signing.sign(private, b"message")
    assert len(signature) == signing.SIGNATURE_BYTES and len(public) == signing.PUBLIC_KEY_BYTES
    assert signing.verify(public, signature, b"message")
    assert not signing.verify(public, signature, b"messagf")
    other = signing.public_key_of(signing.new_private_key())
    assert not signing.verify(other, signature, b"message")
    assert not signing.verify(public, signature[:-1] + bytes([signature[-1] ^ 1]), b"message")
    assert not signing.verify(public[:31], signature, b"message")
    assert not signing.verify(b"\x00" * 32, b"\x00" * 64, b"message")


def test_a_fingerprint_is_short_readable_and_typed_any_way() -> None:
    """Six groups of four hex digits; case, spaces and dashes do not matter when typed."""
    public = signing.public_key_of(signing.new_private_key())
    shown = signing.fingerprint(public)
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){5}", shown)
    typed = " " + shown.lower().replace("-", " ") + "\t"
    assert signing.normalise_fingerprint(typed) == shown
    assert signing.normalise_fingerprint(shown.replace("-", "")) == shown
    assert signing.fingerprint(signing.public_key_of(signing.new_private_key())) != shown


def test_a_new_profile_has_its_key_and_an_old_one_gets_it_once(vault: OpenVault) -> None:
    """Profile creation makes the key pair; a vault without one (from before signing) gets
    one the first time it is needed, and keeps it."""
    keys = SigningStore(vault.store.db)
    made = keys.own_private_key()
    assert made is not None and len(made) == signing.PRIVATE_KEY_BYTES
    vault.store.db.execute("DELETE FROM own_signing_key")
    assert keys.own_private_key() is None
    first = keys.ensure_own_key()
    assert keys.ensure_own_key() == first == keys.own_private_key() != made


def test_the_private_key_never_reaches_the_disk_in_the_clear(vault: OpenVault) -> None:
    """The key is kept in the encrypted vault only: no file of the data dir holds its bytes."""
    private = SigningStore(vault.store.db).ensure_own_key()
    vault.backup_now()
    data_dir = vault.ref.folder.parent.parent
    holders = [p for p in data_dir.rglob("*") if p.is_file() and private in p.read_bytes()]
    assert holders == []


def test_a_pinned_name_keeps_its_key_and_its_newest_file(vault: OpenVault) -> None:
    """One key per name and role; a later file moves the newest date forward, never back;
    forgetting a sender lets their next file ask again."""
    keys = SigningStore(vault.store.db)
    key = signing.public_key_of(signing.new_private_key())
    keys.pin(SenderRole.COUNSELLOR, "Dr Lee", key, "2026-01-02T00:00:00.000Z")
    with pytest.raises(sqlite3.IntegrityError):
        keys.pin(SenderRole.COUNSELLOR, "Dr Lee", b"\x01" * 32, "2026-01-03T00:00:00.000Z")
    keys.record_file(SenderRole.COUNSELLOR, "Dr Lee", "2026-01-01T00:00:00.000Z")
    pinned = keys.pinned(SenderRole.COUNSELLOR, "Dr Lee")
    assert pinned is not None and pinned.last_file_at == "2026-01-02T00:00:00.000Z"
    keys.record_file(SenderRole.COUNSELLOR, "Dr Lee", "2026-02-01T00:00:00.000Z")
    assert keys.pinned(SenderRole.COUNSELLOR, "Dr Lee").last_file_at.startswith("2026-02-01")  # type: ignore[union-attr]
    assert keys.pinned(SenderRole.CLIENT, "Dr Lee") is None
    assert keys.pinned(SenderRole.COUNSELLOR, "dr lee") is None
    assert [s.fingerprint for s in keys.senders()] == [signing.fingerprint(key)]
    assert keys.forget(SenderRole.COUNSELLOR, "Dr Lee") and not keys.senders()


def test_a_profile_of_release_0_1_0_gets_its_key_the_first_time_it_signs(tmp_path: Path) -> None:
    """A 0.1.0 vault opens with the signing tables empty; its first signed file makes its key
    pair, which then stays the same."""
    data = tmp_path / "data"
    shutil.copytree(RELEASE_0_1_0, data)
    paths.set_data_dir(data)
    vaults = Vaults(paths.profiles_dir())
    with vaults.open("Dr Lee") as lee:
        assert SigningStore(lee.store.db).own_private_key() is None
        assert SigningStore(lee.store.db).senders() == []
        first = identity(lee.store).fingerprint
    with vaults.open("Dr Lee") as lee:
        assert identity(lee.store).fingerprint == first
