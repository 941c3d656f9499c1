"""Vault keys: a random data key, wrapped by keys derived from a passphrase or a recovery key.

The database is encrypted with a random 32-byte *data key*. What is stored (in the vault's
``vault.json``) is that key *wrapped*: encrypted with AES-256-GCM under a key derived from the
passphrase (or the recovery key) with Argon2id. Each wrap carries its own random salt and nonce
and the Argon2id parameters it was made with, so stronger parameters can be adopted later.
Changing the passphrase makes a new data key and re-encrypts the vault under it
(:mod:`trustrepair.storage.rekey`), so an old passphrase with an old copy of ``vault.json``
opens nothing written afterwards; :func:`seal` keeps the old key under the new one until
that is done.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
RECOVERY_KEY_BYTES = 20  # 160 bits -> 32 base32 characters
_WRAP_AAD = b"trustrepair vault data key v1"

# Limits for parameters read from a file (an encrypted export or share, or vault.json), checked
# before any derivation: whoever wrote the file chooses them, and each try of a passphrase
# pays them. Up to 256 MiB, and memory x passes up to 1 GiB (about a second here); the
# default costs 64 MiB x 3.
MAX_MEMORY_KIB = 256 * 1024
MAX_ITERATIONS = 16
MAX_LANES = 8
MAX_COST_KIB_PASSES = 1024 * 1024


class KeyUnwrapError(Exception):
    """The secret does not unwrap this key (wrong passphrase or recovery key)."""


class KeyFormatError(Exception):
    """A stored key wrap is not in a format this version understands."""


class KdfOutOfRange(KeyFormatError):
    """A wrap asks for more memory or time than :func:`KdfParams.from_json` accepts."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters: memory in KiB, passes, lanes."""

    memory_kib: int
    iterations: int
    lanes: int

    def to_json(self) -> dict[str, Any]:
        """The parameters as stored in a wrap."""
        return {"name": "argon2id", "m": self.memory_kib, "t": self.iterations, "p": self.lanes}

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        """Read stored parameters, refusing unknown algorithms and absurd values."""
        if not isinstance(data, dict) or data.get("name") != "argon2id":
            raise KeyFormatError("unknown key derivation")
        values: list[int] = []
        for k in ("m", "t", "p"):
            v = data.get(k)
            if not isinstance(v, int) or isinstance(v, bool):
                raise KeyFormatError("bad key derivation parameters")
            values.append(v)
        m, t, p = values
        if not (
            1 <= p <= MAX_LANES
            and 8 * p <= m <= MAX_MEMORY_KIB
            and 1 <= t <= MAX_ITERATIONS
            and m * t <= MAX_COST_KIB_PASSES
        ):
            raise KdfOutOfRange("key derivation parameters out of range")
        return cls(m, t, p)


# What real vaults use (well above OWASP's recommendation) ...
DEFAULT_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=1)
# ... and OWASP's minimum for Argon2id (m=19 MiB, t=2, p=1), which tests use to stay fast.
OWASP_MINIMUM_KDF = KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1)


def new_data_key() -> bytes:
    """A fresh random key for a vault database."""
    return secrets.token_bytes(DATA_KEY_BYTES)


def derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id(secret) -> 32-byte key-encryption key (RFC 9106, version 1.3).

    The derivation runs in argon2-cffi's C code, which lets go of Python's interpreter lock:
    while a worker thread derives, the window keeps painting, and the command line goes on
    importing what it needs (:func:`derive_soon`). The key is the same one
    ``cryptography``'s ``Argon2id`` gives, which earlier versions used
    (``tests/storage/test_keys.py`` holds both to one vector).
    """
    with _pending_guard:
        pending = _pending.pop((secret, salt, params), None)
    if pending is not None:
        return pending.result()
    return _argon2id(secret, salt, params)


def _argon2id(secret: str, salt: bytes, params: KdfParams) -> bytes:
    return bytes(
        hash_secret_raw(
            secret.encode("utf-8"),
            salt,
            time_cost=params.iterations,
            memory_cost=params.memory_kib,
            parallelism=params.lanes,
            hash_len=32,
            type=Type.ID,
            version=19,
        )
    )


class _Derivation(threading.Thread):
    """One derivation started ahead of need (see :func:`derive_soon`)."""

    def __init__(self, secret: str, salt: bytes, params: KdfParams) -> None:
        super().__init__(name="key-derivation", daemon=True)
        self._inputs = (secret, salt, params)
        self._key: bytes | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            self._key = _argon2id(*self._inputs)
        except BaseException as exc:  # handed to whoever asks for the key
            self._error = exc
        self._inputs = None  # type: ignore[assignment]  # the secret is not kept longer

    def result(self) -> bytes:
        self.join()
        if self._error is not None:
            raise self._error
        assert self._key is not None
        return self._key


_pending: dict[tuple[str, bytes, KdfParams], _Derivation] = {}
_pending_guard = threading.Lock()


def derive_soon(wrapped: Any, secret: str) -> None:
    """Start deriving the key of ``wrapped`` for ``secret`` in a thread, for a later
    :func:`unwrap` with the same secret to take.

    The command line calls this as soon as it has the passphrase, then imports and loads
    what the verb needs while the derivation runs on the other core. A wrap that cannot be
    read starts nothing (:func:`unwrap` reports it). Nothing is checked or unwrapped here:
    the throttle and the key check stay where they are.
    """
    try:
        params = KdfParams.from_json(wrapped.get("kdf")) if isinstance(wrapped, dict) else None
        salt = _unb64(wrapped.get("salt")) if params is not None else b""
    except KeyFormatError:
        return
    if params is None or len(salt) < 8:
        return
    derivation = _Derivation(secret, salt, params)
    with _pending_guard:
        if (secret, salt, params) in _pending:
            return
        _pending.clear()  # one at a time: a secret nobody asked for again is not kept
        _pending[(secret, salt, params)] = derivation
    derivation.start()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise KeyFormatError("bad key wrap")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise KeyFormatError("bad key wrap") from exc


def wrap(
    data_key: bytes, secret: str, params: KdfParams, *, aad: bytes = _WRAP_AAD
) -> dict[str, Any]:
    """Encrypt ``data_key`` under a key derived from ``secret``; JSON-ready."""
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    kek = derive(secret, salt, params)
    ciphertext = AESGCM(kek).encrypt(nonce, data_key, aad)
    return {
        "kdf": params.to_json(),
        "salt": _b64(salt),
        "aead": "aes-256-gcm",
        "nonce": _b64(nonce),
        "ciphertext": _b64(ciphertext),
    }


def wrap_chunks(
    chunks: Iterable[bytes], secret: str, params: KdfParams, *, aad: bytes
) -> tuple[dict[str, Any], Iterator[str]]:
    """:func:`wrap` for data that comes in pieces: the wrap's fields but its ciphertext, and
    the base64 of the ciphertext (the tag last, as :func:`wrap` has it) piece by piece.

    Encryption and base64 run one piece at a time, so each call is short (a long one-shot
    call would hold the interpreter lock, and the window with it); :func:`unwrap` reads the
    result like any other.
    """
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    kek = derive(secret, salt, params)
    fields = {
        "kdf": params.to_json(),
        "salt": _b64(salt),
        "aead": "aes-256-gcm",
        "nonce": _b64(nonce),
    }

    def ciphertext() -> Iterator[str]:
        encryptor = Cipher(algorithms.AES(kek), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad)
        left = b""  # base64 goes in threes of bytes: what is left over waits for more
        for chunk in chunks:
            data = left + encryptor.update(chunk)
            cut = len(data) - len(data) % 3
            left = data[cut:]
            if cut:
                yield _b64(data[:cut])
        yield _b64(left + encryptor.finalize() + encryptor.tag)

    return fields, ciphertext()


def unwrap(wrapped: Any, secret: str, *, aad: bytes = _WRAP_AAD) -> bytes:
    """The key inside ``wrapped``; raises :class:`KeyUnwrapError` if ``secret`` is wrong."""
    if not isinstance(wrapped, dict) or wrapped.get("aead") != "aes-256-gcm":
        raise KeyFormatError("unknown key wrap")
    params = KdfParams.from_json(wrapped.get("kdf"))
    salt = _unb64(wrapped.get("salt"))
    nonce = _unb64(wrapped.get("nonce"))
    ciphertext = _unb64(wrapped.get("ciphertext"))
    if len(salt) < 8 or len(nonce) != NONCE_BYTES:
        raise KeyFormatError("bad key wrap")
    kek = derive(secret, salt, params)
    try:
        return AESGCM(kek).decrypt(nonce, ciphertext, aad)
    except InvalidTag as exc:
        raise KeyUnwrapError from exc


# ---------------------------------------------------------------- recovery keys
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# Characters people mistype for base32 ones when copying from paper.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B", "9": "G"})


def new_recovery_key() -> str:
    """A random recovery key, printable: eight groups of four base32 characters."""
    raw = base64.b32encode(secrets.token_bytes(RECOVERY_KEY_BYTES)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_recovery_key(text: str) -> str:
    """The canonical form of a typed recovery key (case, spaces, dashes and 0/O mix-ups ignored).

    Raises:
        KeyUnwrapError: if it cannot be a recovery key at all.
    """
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    cleaned = cleaned.translate(_LOOKALIKES)
    if len(cleaned) != 32 or any(ch not in _B32 for ch in cleaned):
        raise KeyUnwrapError
    return "-".join(cleaned[i : i + 4] for i in range(0, 32, 4))


# ---------------------------------------------------------------- a key sealed under a key
_SEAL_AAD = b"trustrepair previous data key v1"


def seal(secret_key: bytes, under: bytes) -> dict[str, Any]:
    """Encrypt ``secret_key`` with the raw 32-byte key ``under`` (AES-256-GCM, no derivation)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(under).encrypt(nonce, secret_key, _SEAL_AAD)
    return {"aead": "aes-256-gcm", "nonce": _b64(nonce), "ciphertext": _b64(ciphertext)}


def unseal(sealed: Any, under: bytes) -> bytes:
    """The key inside ``sealed``; :class:`KeyUnwrapError` if ``under`` is not the right key."""
    if not isinstance(sealed, dict) or sealed.get("aead") != "aes-256-gcm":
        raise KeyFormatError("unknown key seal")
    nonce = _unb64(sealed.get("nonce"))
    ciphertext = _unb64(sealed.get("ciphertext"))
    if len(nonce) != NONCE_BYTES:
        raise KeyFormatError("bad key seal")
    try:
        return AESGCM(under).decrypt(nonce, ciphertext, _SEAL_AAD)
    except InvalidTag as exc:
        raise KeyUnwrapError from exc
