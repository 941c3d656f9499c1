"""Signed files: sign what this profile gives others; check who made what it receives.

Every profile has its own Ed25519 key pair, kept in its vault (:mod:`trustrepair.storage.signing`),
made when the profile is created (or, for a profile from before signing, the first time it is
needed). The API other services use, Qt-free:

- :func:`identity`: this profile's public key and :func:`fingerprint`, to show the person;
- :func:`sign_document` / :func:`open_signed`: a file's JSON document signed, and checked
  (any edited byte is refused, see :mod:`trustrepair.formats.signature`);
- :func:`sign_bytes` / :func:`verify_bytes`: the same keys over other bytes (sealed partner
  files), each use under its own ``purpose`` so a signature means one thing only;
- :func:`check_sender` / :func:`keep_sender`: the first file from a sender needs the person's
  word (they compare the fingerprint by phone or in person); after that the key is pinned
  under the sender's name, a file under that name with another key is refused, and so is a
  file older than the newest one accepted from them;
- :func:`pin_sender`, :func:`pinned`, :func:`senders`, :func:`forget_sender`: the pinned
  senders, for files that do not go through :func:`check_sender`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from trustrepair.errors import ImportFormatError, UserFacingError
from trustrepair.formats import jsonfile
from trustrepair.formats.signature import (
    SIGNATURE_KEY,
    SIGNED_PREFIX,
    Signature,
    signature_block,
)
from trustrepair.i18n import N_, translated
from trustrepair.storage import signing as keys
from trustrepair.storage.signing import PinnedSender, SenderRole, SigningStore

__all__ = ["PinnedSender", "SenderRole"]  # named through this module by the command line
from trustrepair.storage.store import VaultStore

fingerprint = keys.fingerprint
normalise_fingerprint = keys.normalise_fingerprint

CHANGED = N_(
    "This file was changed after it was signed, or it is damaged, so there is no telling what "
    "in it is real. Nothing was changed. Please ask the person who sent it for a new file."
)
UNSIGNED = N_(
    "This file is not signed: it was made by an older version of trustrepair, so there is no "
    "telling who made it or whether it was changed. Nothing was changed. Please ask the person "
    "who sent it for a new file."
)
KEY_CHANGED = N_(
    "This file says it is from {name}, but it is signed with another key than the files you "
    "accepted from {name} before, so it may not be from them. Nothing was changed."
)
UNKNOWN = N_(
    "{name} has not sent you a file before. Before you accept this one, compare its "
    "fingerprint with them, by phone or in person: {fingerprint}. Nothing was changed yet."
)
WRONG_FINGERPRINT = N_(
    "The fingerprint you gave is not the one of this file's sender ({name}). Nothing was changed."
)
OLDER = N_(
    "You already have a newer file from {name} (made {newest}); this one was made {made}, so "
    "it was not used. Nothing was changed."
)


class UnsignedFile(ImportFormatError):
    """A file of a kind that must be signed is not (version 1, from trustrepair 0.1.0)."""

    def __init__(self) -> None:
        super().__init__(translated(UNSIGNED))


class ChangedFile(ImportFormatError):
    """A signed file's signature does not match its content (or its bytes were edited)."""

    def __init__(self) -> None:
        super().__init__(translated(CHANGED))


class SenderKeyChanged(ImportFormatError):
    """A file under a pinned sender's name is signed with another key."""

    def __init__(self, name: str) -> None:
        super().__init__(translated(KEY_CHANGED).format(name=name))
        self.name = name


class OlderFile(ImportFormatError):
    """A file older than the newest one already accepted from its sender (a replay)."""


class UnknownSender(UserFacingError):
    """The first file from this sender: the person must accept its fingerprint first.

    The window asks (showing :attr:`fingerprint`); the command line needs
    ``--accept-sender FINGERPRINT``. Nothing was written.
    """

    def __init__(self, role: SenderRole, name: str, public_key: bytes) -> None:
        self.role = role
        self.name = name
        self.public_key = public_key
        self.fingerprint = fingerprint(public_key)
        super().__init__(translated(UNKNOWN).format(name=name, fingerprint=self.fingerprint))


@dataclass(frozen=True)
class Identity:
    """This profile's public key, as others will pin it."""

    public_key: bytes

    @property
    def fingerprint(self) -> str:
        """What the person reads aloud to those they exchange files with."""
        return fingerprint(self.public_key)


@dataclass(frozen=True)
class SignedFile:
    """A file whose signature checked out: its document (without the signature) and signer."""

    document: dict[str, Any]
    """The whole document as read, the ``signature`` key included (models validate it)."""
    public_key: bytes

    @property
    def fingerprint(self) -> str:
        """The signer's fingerprint."""
        return fingerprint(self.public_key)


@dataclass(frozen=True)
class SenderCheck:
    """A sender that may be kept: already pinned, or accepted by the person just now."""

    role: SenderRole
    name: str
    public_key: bytes
    created_at: str
    new: bool
    """Not pinned yet: :func:`keep_sender` pins the key."""


# ---------------------------------------------------------------------- own key
def _own_key(store: VaultStore) -> bytes:
    return SigningStore(store.db).ensure_own_key()


def identity(store: VaultStore) -> Identity:
    """This profile's public key (its key pair is made now if it has none yet)."""
    return Identity(keys.public_key_of(_own_key(store)))


def sign_bytes(store: VaultStore, purpose: bytes, data: bytes) -> bytes:
    """This profile's signature of ``data`` for ``purpose`` (a short tag naming the use)."""
    return keys.sign(_own_key(store), _message(purpose, data))


def verify_bytes(public_key: bytes, purpose: bytes, data: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is ``public_key``'s signature of ``data`` for ``purpose``."""
    return keys.verify(public_key, signature, _message(purpose, data))


def _message(purpose: bytes, data: bytes) -> bytes:
    if not purpose or b"\n" in purpose:
        raise ValueError("a purpose is one short line")
    return purpose + b"\n" + data


# ---------------------------------------------------------------------- signed documents
def sign_document(store: VaultStore, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with this profile's signature added as its last key."""
    unsigned = {k: v for k, v in document.items() if k != SIGNATURE_KEY}
    private_key = _own_key(store)
    value = keys.sign(private_key, SIGNED_PREFIX + jsonfile.canonical_bytes(unsigned))
    return {**unsigned, SIGNATURE_KEY: signature_block(keys.public_key_of(private_key), value)}


def signed_text(store: VaultStore, document: dict[str, Any]) -> str:
    """A signed document as its file holds it (the only layout :func:`open_signed` accepts)."""
    return jsonfile.dumps_readable(sign_document(store, document))


def open_signed(document: Any, text: str | None) -> SignedFile:
    """Check a signed document: its signature, and (given ``text``, the file as read) that the
    file is byte for byte as it was written.

    Raises:
        UnsignedFile: there is no signature.
        ChangedFile: the signature does not match or is not in its form, or the file was
            edited.
    """
    if not isinstance(document, dict) or SIGNATURE_KEY not in document:
        raise UnsignedFile()
    try:
        signature = Signature.model_validate(document[SIGNATURE_KEY])
    except ValidationError as exc:
        raise ChangedFile() from exc
    unsigned = {k: v for k, v in document.items() if k != SIGNATURE_KEY}
    message = SIGNED_PREFIX + jsonfile.canonical_bytes(unsigned)
    if not keys.verify(signature.public_key_bytes, signature.value_bytes, message):
        raise ChangedFile()
    if text is not None and text != jsonfile.dumps_readable(document):
        raise ChangedFile()
    return SignedFile(document, signature.public_key_bytes)


# ---------------------------------------------------------------------- senders
def check_sender(
    store: VaultStore,
    role: SenderRole,
    name: str,
    signed: SignedFile,
    created_at: str,
    accept: str | None = None,
) -> SenderCheck:
    """Whether a signed file from ``name`` may be kept; raises if not (nothing is written).

    Args:
        store: The receiving profile's vault.
        role: What the sender is to this profile.
        name: The sender's name as the file gives it.
        signed: The file, its signature checked (:func:`open_signed`).
        created_at: When the file says it was made (validated, canonical).
        accept: The fingerprint the person accepted for a first file (the window asked them,
            or ``--accept-sender``); ignored for a pinned sender.

    Raises:
        SenderKeyChanged: ``name`` is pinned to another key.
        OlderFile: the newest file accepted from ``name`` is newer than this one.
        UnknownSender: ``name`` is not pinned and ``accept`` is None.
        UserFacingError: ``accept`` is not this sender's fingerprint.
    """
    pin = SigningStore(store.db).pinned(role, name)
    if pin is not None:
        if pin.public_key != signed.public_key:
            raise SenderKeyChanged(name)
        if created_at < pin.last_file_at:
            raise OlderFile(
                translated(OLDER).format(
                    name=name, newest=_shown(pin.last_file_at), made=_shown(created_at)
                )
            )
        return SenderCheck(role, name, signed.public_key, created_at, new=False)
    if accept is None:
        raise UnknownSender(role, name, signed.public_key)
    if normalise_fingerprint(accept) != signed.fingerprint:
        raise UserFacingError(translated(WRONG_FINGERPRINT).format(name=name))
    return SenderCheck(role, name, signed.public_key, created_at, new=True)


def keep_sender(store: VaultStore, check: SenderCheck) -> None:
    """Pin a newly accepted sender, or remember the file from a pinned one (call it in the
    same transaction that keeps the file's content)."""
    signing = SigningStore(store.db)
    if check.new:
        signing.pin(check.role, check.name, check.public_key, check.created_at)
    else:
        signing.record_file(check.role, check.name, check.created_at)


def pin_sender(
    store: VaultStore, role: SenderRole, name: str, public_key: bytes, file_at: str
) -> None:
    """Pin ``public_key`` as ``name``'s once the person accepted it (``file_at``: when the
    file it came with was made). Raises if ``name`` already has a pinned key: forget it first.
    """
    SigningStore(store.db).pin(role, name, public_key, file_at)


def pinned(store: VaultStore, role: SenderRole, name: str) -> PinnedSender | None:
    """The sender pinned under ``name`` in ``role``, if any."""
    return SigningStore(store.db).pinned(role, name)


def senders(store: VaultStore, role: SenderRole | None = None) -> list[PinnedSender]:
    """Every pinned sender (of ``role``)."""
    return SigningStore(store.db).senders(role)


def forget_sender(store: VaultStore, role: SenderRole, name: str) -> bool:
    """Forget a pinned sender, so their next file asks again; False if there was none."""
    return SigningStore(store.db).forget(role, name)


def _shown(stamp: str) -> str:
    """A stored timestamp as people read it: ``2026-01-31 18:00 UTC``."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp
