"""The signature an assignment or share file carries (version 2 of those formats).

A signed file is the version-1 document with ``"version": 2`` and one more top-level key,
``signature``: the sender's Ed25519 public key and the signature, both base64. The signature
covers :data:`SIGNED_PREFIX` followed by :func:`~trustrepair.formats.jsonfile.canonical_bytes`
of the document without its ``signature`` key (so ``format``, ``version``, the sender's name and
every field are covered, whatever order they are written in). On top of that, the file's bytes
must be exactly as trustrepair writes that document (:func:`~trustrepair.formats.jsonfile
.dumps_readable`): any edited byte, even a space, makes the file refused.

Checking the signature, and whether the key is the one accepted for that sender, is done by
:mod:`trustrepair.services.signing`; this module holds the shape only.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any, Literal

from pydantic import StringConstraints, model_validator

from trustrepair.formats.fields import FileModel, Says, problem

SIGNED_VERSION = 2
"""The version of assignment and share files that are signed (version 1 was not)."""
SIGNATURE_KEY = "signature"
SIGNED_PREFIX = b"trustrepair signed file v1\n"
"""What every signed message starts with, so a signature made for a file means nothing else."""

_PublicKey = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9+/]{43}=$"),
    Says("expected a public key (44 characters of base64)"),
]
_SignatureValue = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9+/]{86}==$"),
    Says("expected a signature (88 characters of base64)"),
]


class Signature(FileModel):
    """Who signed a file (their public key) and the signature itself."""

    algorithm: Literal["ed25519"]
    public_key: _PublicKey
    value: _SignatureValue

    @model_validator(mode="after")
    def _one_spelling(self) -> Signature:
        # Base64's last character has bits no decoder reads: "…4=" and "…5=" are the same
        # key. Only the spelling trustrepair writes is accepted, so no byte can change unseen.
        for name in ("public_key", "value"):
            text = getattr(self, name)
            if base64.b64encode(base64.b64decode(text, validate=True)).decode("ascii") != text:
                raise problem("is not written the way trustrepair writes it", at=name)
        return self

    @property
    def public_key_bytes(self) -> bytes:
        """The 32 bytes of the public key."""
        return base64.b64decode(self.public_key, validate=True)

    @property
    def value_bytes(self) -> bytes:
        """The 64 bytes of the signature."""
        return base64.b64decode(self.value, validate=True)


def signature_block(public_key: bytes, value: bytes) -> dict[str, Any]:
    """The ``signature`` object as written."""
    return {
        "algorithm": "ed25519",
        "public_key": base64.b64encode(public_key).decode("ascii"),
        "value": base64.b64encode(value).decode("ascii"),
    }


SignedVersion = Literal[2]
