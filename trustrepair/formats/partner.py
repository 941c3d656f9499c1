"""The file two people exchange to do an exercise for two at a distance (version 1, signed).

A partner file is signed by its sender (:mod:`trustrepair.formats.signature`) and carries the
sender's sealing key, so the first file from each introduces them. Once the sender has the
partner's sealing key, the file also holds a ``sealed`` part: the answers the sender chose to
reveal, encrypted to the partner only (:mod:`trustrepair.storage.sealing`). Its plaintext is a
:class:`PartnerAnswers` document. What is not revealed is never in the file, sealed or not.

Documented for people in ``docs/two-people.md``; the schemas generated from these models are
``docs/schemas/partner.schema.json`` and ``docs/schemas/partner-answers.schema.json``.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from trustrepair.domain.enums import Relationship, Track
from trustrepair.formats.fields import (
    AnswerValue,
    FileModel,
    Name,
    Says,
    Slug,
    Stamp,
    one_of,
    problem,
)
from trustrepair.formats.jsonfile import Budget
from trustrepair.formats.signature import Signature

PARTNER_FORMAT = "trustrepair-partner"
ANSWERS_FORMAT = "trustrepair-partner-answers"
VERSION = 1
MAX_ANSWERS = 1000
MAX_TEXT_CHARS = 1_000_000
MAX_SEALED_CHARS = 48 * 1024 * 1024
BUDGET = Budget(max_bytes=64 * 1024 * 1024, max_values=1_000_000)
"""64 MiB: one exercise of up to 1,000 answers, sealed (base64 adds a third)."""
ANSWERS_BUDGET = Budget(max_bytes=MAX_SEALED_CHARS, max_values=1_000_000)

_Key = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9+/]{43}=$"),
    Says("expected a key (44 characters of base64)"),
]
_Nonce = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9+/]{16}$"),
    Says("expected a nonce (16 characters of base64)"),
]
_Ciphertext = Annotated[
    str,
    StringConstraints(
        pattern=r"^[A-Za-z0-9+/]*={0,2}$", min_length=24, max_length=MAX_SEALED_CHARS
    ),
    Says("expected base64 text"),
]
_Fingerprint = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9A-F]{4}(-[0-9A-F]{4}){5}$"),
    Says("expected a fingerprint like 3F2A-91C0-7B44-E019-5D2C-8A10"),
]


def _one_spelling(model: FileModel, names: tuple[str, ...]) -> None:
    """Only the base64 trustrepair writes is accepted, so no byte can change unseen."""
    for name in names:
        text = getattr(model, name)
        if base64.b64encode(base64.b64decode(text, validate=True)).decode("ascii") != text:
            raise problem("is not written the way trustrepair writes it", at=name)


class SealedPart(FileModel):
    """The answers, encrypted to the partner: X25519 with a one-time key, then AES-256-GCM."""

    algorithm: Literal["x25519-hkdf-sha256-aes-256-gcm"]
    ephemeral: _Key
    nonce: _Nonce
    ciphertext: _Ciphertext

    @model_validator(mode="after")
    def _written_by_us(self) -> SealedPart:
        _one_spelling(self, ("ephemeral", "nonce", "ciphertext"))
        return self


class PartnerFile(FileModel):
    """What one person gives the other, for one exercise for two done at a distance."""

    format: Literal["trustrepair-partner"]
    version: Literal[1]
    created_at: Stamp
    sender: Name
    exercise: Slug
    role: Annotated[Track, Field(strict=False), one_of(Track)]
    """The sender's part in this exercise."""
    seal_key: _Key
    """The sender's public sealing key: files for them are sealed to it."""
    to: _Fingerprint | None = None
    """The fingerprint of the person the sealed part is for (None in a first file, which
    holds no answers)."""
    sealed: SealedPart | None = None
    signature: Signature

    @model_validator(mode="after")
    def _sealed_for_someone(self) -> PartnerFile:
        _one_spelling(self, ("seal_key",))
        if (self.sealed is None) != (self.to is None):
            raise problem("a sealed part and the fingerprint it is for go together", at="to")
        return self

    def header(self) -> dict[str, Any]:
        """Every field but the sealed part and the signature: the sealed part's associated data."""
        return self.model_dump(mode="json", exclude={"sealed", "signature"})


class RevealedAnswer(FileModel):
    """One answer the sender revealed."""

    step: Slug
    value: Annotated[Any, AnswerValue(MAX_TEXT_CHARS)]


class PartnerAnswers(FileModel):
    """The plaintext of a partner file's sealed part."""

    format: Literal["trustrepair-partner-answers"]
    version: Literal[1]
    relationship: Annotated[Relationship, Field(strict=False), one_of(Relationship)]
    answers: Annotated[list[RevealedAnswer], Field(max_length=MAX_ANSWERS)]
    kept_private: Annotated[list[Slug], Field(max_length=MAX_ANSWERS)] = []
    """Steps the sender answered and kept to themselves (their side reads "kept private")."""

    @model_validator(mode="after")
    def _each_step_once(self) -> PartnerAnswers:
        seen: set[str] = set()
        for index, step in enumerate([a.step for a in self.answers] + self.kept_private):
            if step in seen:
                raise problem(f"the step {step!r} is given twice", at=f"answers[{index}]")
            seen.add(step)
        return self
