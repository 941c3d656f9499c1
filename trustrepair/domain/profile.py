"""A profile: one person, with their own vault."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from trustrepair.domain.enums import Relationship, Track


class Role(StrEnum):
    """What a profile is for: a person doing the exercises, or a counsellor with clients."""

    PERSON = "person"
    COUNSELLOR = "counsellor"


@dataclass(frozen=True)
class ProfileInfo:
    """Who the person is in this work. ``description`` is private, like every answer."""

    name: str
    track: Track
    relationship: Relationship
    description: str = ""
    created_at: str = ""
    role: Role = Role.PERSON
    """A counsellor's track and relationship are kept but not used."""


@dataclass(frozen=True)
class SafetyResult:
    """The outcome of the private safety check (its answers are never shown to anyone else)."""

    completed_at: str
    concern: bool
