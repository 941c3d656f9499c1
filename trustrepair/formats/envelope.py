"""What every trustrepair file starts with, and the sealed (encrypted) envelope.

Every file is one JSON object whose first two keys are ``format`` (what it is) and
``version`` (of that format); the content follows at the same level. :func:`check_header`
reads those two before anything else, so a wrong kind of file gets a plain sentence instead of
a list of unknown fields.

Assignment and share files are signed (version 2, :mod:`trustrepair.formats.signature`): the
signature covers :func:`trustrepair.formats.jsonfile.canonical_bytes` of the file's object
(keys sorted, no spaces, UTF-8; duplicate keys and over-long numbers are already refused, so
the bytes are unambiguous) and travels beside it as one more top-level key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from trustrepair.errors import ImportFormatError
from trustrepair.files import read_head
from trustrepair.formats.fields import FileModel, Says

VERSION = 1

ENCRYPTED_EXPORT_FORMAT = "trustrepair-encrypted-export"
ENCRYPTED_SHARED_FORMAT = "trustrepair-encrypted-shared"

MAX_SEALED_CHARS = 360 * 1024 * 1024
"""Base64 of the largest export (256 MiB) and its tag, with room to spare."""


_FORMAT_KEY = re.compile(rb'"format"\s*:\s*"([a-z-]{1,64})"')
HEAD_BYTES = 4096
"""How much of a file :func:`sniffed_format` looks at: trustrepair writes ``format`` first."""


def sniffed_format(path: Path) -> str | None:
    """The ``format`` a file names near its start, without reading or parsing the rest.

    For choosing what to ask before the file is read (its passphrase, say) on a thread that
    must not wait: a large file is then read and checked once, in the background, and a file
    that only pretends is refused there.
    """
    found = _FORMAT_KEY.search(read_head(path, HEAD_BYTES))
    return found.group(1).decode("ascii") if found is not None else None


def format_of(document: Any) -> str | None:
    """The ``format`` a parsed file says it is (None if it says nothing usable)."""
    if isinstance(document, dict):
        value = document.get("format")
        if isinstance(value, str):
            return value
    return None


def check_header(
    document: Any,
    expected: str,
    *,
    wrong_kind: str,
    newer: str,
    versions: tuple[int, ...] = (VERSION,),
) -> int:
    """Refuse a file that is not ``expected`` at one of ``versions``, in plain words.

    Args:
        document: The parsed file.
        expected: The ``format`` it must have.
        wrong_kind: The sentence for another kind of file.
        newer: The sentence for another version; ``{v}`` and ``{mine}`` are filled in.
        versions: The versions this program reads.

    Returns:
        The file's version.
    """
    if format_of(document) != expected:
        raise ImportFormatError(wrong_kind)
    version = document.get("version")
    if isinstance(version, bool) or type(version) is not int or version not in versions:
        # Only a small whole number is echoed back: the field may hold anything.
        shown = str(version) if type(version) is int and 0 <= version < 10_000 else "?"
        raise ImportFormatError(newer.format(v=shown, mine=max(versions)))
    return version


_Base64 = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9+/]*={0,2}$", max_length=MAX_SEALED_CHARS),
    Says("expected base64 text"),
]
_ShortBase64 = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9+/]*={0,2}$", min_length=8, max_length=64),
    Says("expected base64 text"),
]
_KdfNumber = Annotated[int, Field(ge=1, le=2**32), Says("expected a whole number")]


class KeyDerivation(FileModel):
    """Argon2id's parameters as written: memory ``m`` in KiB, ``t`` passes, ``p`` lanes.

    Their shape only: whether a cost is acceptable is decided by ``storage.keys`` before any
    derivation, the same way for these files and for ``vault.json``.
    """

    name: Literal["argon2id"]
    m: _KdfNumber
    t: _KdfNumber
    p: _KdfNumber


class SealedFile(FileModel):
    """An export or share file encrypted with a passphrase (AES-256-GCM under Argon2id).

    The plaintext is the plain file's UTF-8 JSON; the associated data names the kind of file
    (``trustrepair encrypted export v1`` or ``trustrepair shared v1``).
    """

    format: Literal["trustrepair-encrypted-export", "trustrepair-encrypted-shared"]
    version: Literal[1]
    kdf: KeyDerivation
    salt: _ShortBase64
    aead: Literal["aes-256-gcm"]
    nonce: _ShortBase64
    ciphertext: _Base64

    def wrap(self) -> dict[str, Any]:
        """The key-wrap part, as ``storage.keys.unwrap`` takes it."""
        return self.model_dump(include={"kdf", "salt", "aead", "nonce", "ciphertext"})


def sealed_document(format_name: str, wrap: dict[str, Any]) -> dict[str, Any]:
    """The sealed envelope around a ``storage.keys.wrap`` result."""
    return {"format": format_name, "version": VERSION, **wrap}
