"""Signing keys: each profile's own Ed25519 key pair, and the senders it has learned to trust.

A profile signs the files it gives others (assignments, shares) with its own private key,
which never leaves its encrypted vault. The first file from someone else shows their key's
:func:`fingerprint`, which the two compare by phone or in person; once the person accepts it,
the key is *pinned* under the sender's name and role (:class:`SigningStore`), and every later
file under that name must be signed with that same key.

The cryptography here (:func:`new_private_key`, :func:`sign`, :func:`verify`) is Ed25519 from
``cryptography``; the tables are made by migration ``m004_signing``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlite_utils import Database

from trustrepair.storage.store import now_iso

PRIVATE_KEY_BYTES = 32
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
FINGERPRINT_GROUPS = 6
"""A fingerprint is 6 groups of 4 hex digits: 96 bits of SHA-256 of the public key."""
_FINGERPRINT_DOMAIN = b"trustrepair public key v1\n"


class SenderRole(StrEnum):
    """What a pinned sender is to this profile (names are unique within a role)."""

    COUNSELLOR = "counsellor"
    """Gives this profile assignments."""
    CLIENT = "client"
    """Shares answers with this counsellor profile (named by the label the counsellor gave)."""
    PARTNER = "partner"
    """Exchanges files with this profile as the other person of a pair."""


# ---------------------------------------------------------------------- cryptography
def new_private_key() -> bytes:
    """A new random Ed25519 private key, as its 32 raw bytes."""
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_key_of(private_key: bytes) -> bytes:
    """The 32 raw bytes of the public key that goes with ``private_key``."""
    key = Ed25519PrivateKey.from_private_bytes(private_key)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign(private_key: bytes, message: bytes) -> bytes:
    """The 64-byte Ed25519 signature of ``message``."""
    return Ed25519PrivateKey.from_private_bytes(private_key).sign(message)


def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is ``public_key``'s signature of exactly ``message``."""
    if len(public_key) != PUBLIC_KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def fingerprint(public_key: bytes) -> str:
    """A short, readable form of a public key to compare aloud: ``3F2A-91C0-7B44-E019-5D2C-8A10``.

    96 bits of SHA-256 over the key (with a domain prefix): making another key with the same
    fingerprint costs about 2^96 tries.
    """
    digest = hashlib.sha256(_FINGERPRINT_DOMAIN + public_key).hexdigest().upper()
    return "-".join(digest[i * 4 : i * 4 + 4] for i in range(FINGERPRINT_GROUPS))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, spaces or dashes) in the form :func:`fingerprint` gives.

    Text that cannot be a fingerprint comes back cleaned but will match none.
    """
    digits = "".join(c for c in text.upper() if c not in " -:\t")
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


# ---------------------------------------------------------------------- the tables
@dataclass(frozen=True)
class PinnedSender:
    """A sender whose key this profile accepted."""

    role: SenderRole
    name: str
    public_key: bytes
    pinned_at: str
    last_file_at: str
    """The ``created_at`` of the newest file accepted from them (older ones are refused)."""

    @property
    def fingerprint(self) -> str:
        """The pinned key's fingerprint."""
        return fingerprint(self.public_key)


class SigningStore:
    """The profile's own key pair and its pinned senders, in one open vault."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------------ own key
    def own_private_key(self) -> bytes | None:
        """The profile's private key, if it has one yet."""
        rows = list(self.db.query("SELECT private_key FROM own_signing_key WHERE id = 1"))
        return bytes(rows[0]["private_key"]) if rows else None

    def ensure_own_key(self) -> bytes:
        """The profile's private key, made and kept now if it has none (profiles from before
        signing get theirs the first time they need it)."""
        with self.db.atomic():
            existing = self.own_private_key()
            if existing is not None:
                return existing
            private_key = new_private_key()
            self.db.execute(
                "INSERT INTO own_signing_key (id, private_key, public_key, created_at) "
                "VALUES (1, ?, ?, ?)",
                [private_key, public_key_of(private_key), now_iso()],
            )
            return private_key

    # ------------------------------------------------------------------ pinned senders
    def pinned(self, role: SenderRole, name: str) -> PinnedSender | None:
        """The sender pinned under ``name`` in ``role`` (names compare exactly)."""
        rows = list(
            self.db.query(
                "SELECT * FROM pinned_senders WHERE role = ? AND name = ?", [role.value, name]
            )
        )
        return _pinned(rows[0]) if rows else None

    def senders(self, role: SenderRole | None = None) -> list[PinnedSender]:
        """Every pinned sender (of ``role``), by role and name."""
        if role is None:
            rows = self.db.query("SELECT * FROM pinned_senders ORDER BY role, name")
        else:
            rows = self.db.query(
                "SELECT * FROM pinned_senders WHERE role = ? ORDER BY name", [role.value]
            )
        return [_pinned(row) for row in rows]

    def pin(self, role: SenderRole, name: str, public_key: bytes, file_at: str) -> None:
        """Accept ``public_key`` as ``name``'s key (refused by the table if one is pinned)."""
        stamp = now_iso()
        self.db.execute(
            "INSERT INTO pinned_senders (role, name, public_key, pinned_at, last_file_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [role.value, name, public_key, stamp, file_at],
        )

    def record_file(self, role: SenderRole, name: str, file_at: str) -> None:
        """Remember a file accepted from a pinned sender (the newest ``created_at`` stays)."""
        self.db.execute(
            "UPDATE pinned_senders SET last_file_at = ? "
            "WHERE role = ? AND name = ? AND last_file_at < ?",
            [file_at, role.value, name, file_at],
        )

    def forget(self, role: SenderRole, name: str) -> bool:
        """Forget a pinned sender (their next file asks again); False if there was none."""
        cursor = self.db.execute(
            "DELETE FROM pinned_senders WHERE role = ? AND name = ?", [role.value, name]
        )
        return bool(cursor.rowcount)


def _pinned(row: dict[str, Any]) -> PinnedSender:
    return PinnedSender(
        SenderRole(str(row["role"])),
        str(row["name"]),
        bytes(row["public_key"]),
        str(row["pinned_at"]),
        str(row["last_file_at"]),
    )
