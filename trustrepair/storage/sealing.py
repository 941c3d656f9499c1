"""Sealing keys: each profile's own X25519 key pair, and the sealing keys of its partners.

A file one person writes for their partner at a distance is *sealed* to the partner: only the
partner's private key opens it. Each profile has its own X25519 key pair, kept in its
encrypted vault (the private key never leaves it); its public key travels, signed, in every
partner file, and the receiver keeps it beside the partner's pinned signing key
(``pinned_senders.seal_key``) once the person accepted the partner's fingerprint.

:func:`seal` is ephemeral-static X25519, HKDF-SHA256 and AES-256-GCM (``cryptography``): a fresh
key pair per file, so no two files share a key, and the associated data binds the sealed bytes
to the file's signed header. The tables are made by migration ``m008_sealing``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlite_utils import Database

from trustrepair.storage.signing import SenderRole
from trustrepair.storage.store import now_iso

KEY_BYTES = 32
NONCE_BYTES = 12
_INFO = b"trustrepair partner file v1"


class SealError(ValueError):
    """A sealed part that this key does not open (another recipient, or changed bytes)."""


@dataclass(frozen=True)
class Sealed:
    """What :func:`seal` makes: the sender's one-time public key, the nonce, the ciphertext."""

    ephemeral: bytes
    nonce: bytes
    ciphertext: bytes


# ---------------------------------------------------------------------- cryptography
def new_private_key() -> bytes:
    """A new random X25519 private key, as its 32 raw bytes."""
    return X25519PrivateKey.generate().private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption()
    )


def public_key_of(private_key: bytes) -> bytes:
    """The 32 raw bytes of the public key that goes with ``private_key``."""
    key = X25519PrivateKey.from_private_bytes(private_key)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral + recipient, info=_INFO
    ).derive(shared)


def seal(recipient: bytes, plaintext: bytes, aad: bytes) -> Sealed:
    """``plaintext`` sealed so only the holder of ``recipient``'s private key opens it."""
    if len(recipient) != KEY_BYTES:
        raise SealError("a sealing key is 32 bytes")
    one_time = X25519PrivateKey.generate()
    ephemeral = one_time.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    try:
        shared = one_time.exchange(X25519PublicKey.from_public_bytes(recipient))
    except ValueError as exc:
        raise SealError("not a usable sealing key") from exc
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(_key(shared, ephemeral, recipient)).encrypt(nonce, plaintext, aad)
    return Sealed(ephemeral, nonce, ciphertext)


def unseal(private_key: bytes, sealed: Sealed, aad: bytes) -> bytes:
    """The plaintext of ``sealed``; :class:`SealError` if this key (or ``aad``) does not fit."""
    if len(sealed.ephemeral) != KEY_BYTES or len(sealed.nonce) != NONCE_BYTES:
        raise SealError("the sealed part is not in its form")
    key = X25519PrivateKey.from_private_bytes(private_key)
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(sealed.ephemeral))
        secret = _key(shared, sealed.ephemeral, public_key_of(private_key))
        return AESGCM(secret).decrypt(sealed.nonce, sealed.ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise SealError("this key does not open it") from exc


# ---------------------------------------------------------------------- the tables
class SealingStore:
    """The profile's own sealing key pair and its partners' sealing keys, in one open vault."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def ensure_own_key(self) -> bytes:
        """The profile's private sealing key, made and kept now if it has none yet."""
        with self.db.atomic():
            rows = list(self.db.query("SELECT private_key FROM own_sealing_key WHERE id = 1"))
            if rows:
                return bytes(rows[0]["private_key"])
            private_key = new_private_key()
            self.db.execute(
                "INSERT INTO own_sealing_key (id, private_key, public_key, created_at) "
                "VALUES (1, ?, ?, ?)",
                [private_key, public_key_of(private_key), now_iso()],
            )
            return private_key

    def partner_key(self, name: str) -> bytes | None:
        """The sealing key kept for the partner pinned under ``name``, if any."""
        rows = list(
            self.db.query(
                "SELECT seal_key FROM pinned_senders WHERE role = ? AND name = ?",
                [SenderRole.PARTNER.value, name],
            )
        )
        if not rows or rows[0]["seal_key"] is None:
            return None
        return bytes(rows[0]["seal_key"])

    def keep_partner_key(self, name: str, public_key: bytes) -> None:
        """Keep ``public_key`` as the sealing key of the partner pinned under ``name``."""
        self.db.execute(
            "UPDATE pinned_senders SET seal_key = ? WHERE role = ? AND name = ?",
            [public_key, SenderRole.PARTNER.value, name],
        )
