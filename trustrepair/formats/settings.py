"""Per-profile settings: every key a vault may hold, with the range of its value.

Settings live in the vault's ``settings`` table and travel in exports. Both ways in are
checked here: an import refuses a file with a bad or unknown setting, and a setting read back
from a vault that does not fit (written by an older version, or imported before this check)
is replaced by its default, with a notice, by :mod:`trustrepair.services.profile_settings`
— it must never stop anyone unlocking their profile.

A new setting is one field here (and its default where it is read).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, ValidationError, model_validator

from trustrepair.domain.enums import Relationship, Track
from trustrepair.formats.fields import (
    FileModel,
    Name,
    Says,
    Slug,
    Stamp,
    one_of,
    problem,
    text_of,
)

AUTO_LOCK = "auto_lock_minutes"
SUPPORT_LINES = "support_lines"
CLIENT_LABEL = "counsel_client_label"
ARCHIVED_CLIENTS = "counsel_archived_clients"
SAFETY_CHECK = "safety_check"
AUDIENCES_NOTICE = "audiences_notice"
JOINT_PREFIX = "joint:"
DISTANCE_PREFIX = "distance:"
REMINDERS = "reminders"
MAX_REMINDER_WORD_CHARS = 40

MAX_AUTO_LOCK_MINUTES = 24 * 60
MAX_SUPPORT_LINES_CHARS = 100_000
MAX_JOINT_INDEX = 10_000
MAX_HELD = 1000
MAX_ARCHIVED_CLIENTS = 100_000

JOINT_PHASES = ("intro", "private", "choose", "reveal", "turns", "finished")
"""The phases of an exercise for two, as ``services.joint.Phase`` names them (a test keeps
the two the same)."""

_JOINT_KEY = re.compile(r"^joint:[a-z0-9][a-z0-9-]{0,79}$")
_DISTANCE_KEY = re.compile(r"^distance:[a-z0-9][a-z0-9-]{0,79}$")
MAX_PARTNER_FILE_CHARS = 64 * 1024 * 1024


class SafetyCheckOutcome(FileModel):
    """When the private safety check was last completed, and whether it raised a concern."""

    completed_at: Stamp
    concern: bool


class JointClosed(FileModel):
    """This person closed work for two (one button, no reason); only they can reopen it."""

    closed_at: Stamp


class AudiencesNotice(FileModel):
    """A notice owed to the person once: answers a reveal had marked shared are private again."""

    answers: Annotated[int, Field(ge=0, le=1_000_000), Says("expected a whole number")]


class JointPlace(FileModel):
    """The step (and, taking turns, who writes) where a pair stopped."""

    step: Slug
    writer: Name | None = None


class JointState(FileModel):
    """Where a pair stopped in an exercise for two (each of the two vaults keeps a copy)."""

    partner: Name
    role: Annotated[Track, Field(strict=False), one_of(Track)]
    first: Name
    phase: Annotated[
        Literal["intro", "private", "choose", "reveal", "turns", "finished"],
        Says("expected one of " + ", ".join(JOINT_PHASES)),
    ] = "intro"
    turn: Annotated[int, Field(ge=0, le=1), Says("expected 0 or 1")] = 0
    index: Annotated[
        int,
        Field(ge=0, le=MAX_JOINT_INDEX),
        Says(f"expected a whole number from 0 to {MAX_JOINT_INDEX}"),
    ] = 0
    held: Annotated[list[Slug], Field(max_length=MAX_HELD)] = []
    at: JointPlace | None = None
    done: Annotated[list[Name], Field(max_length=2)] | None = None
    """Who has finished answering and choosing what to reveal (None: saved before it was kept)."""
    relationship: Annotated[Relationship, Field(strict=False), one_of(Relationship)] | None = None
    """The wording the pair began with, the same whoever signs in."""
    updated_at: Stamp | None = None
    """When this copy was written; of the two vaults' copies the later one is the truth."""


class DistanceState(FileModel):
    """This person's side of an exercise for two done at a distance (only in their vault).

    ``waiting`` holds the partner's file while this person has not sealed their own answers
    yet: it stays sealed (to this profile's key) until then, so neither sees the other's side
    first.
    """

    partner: Name | None = None
    role: Annotated[Track, Field(strict=False), one_of(Track)]
    relationship: Annotated[Relationship, Field(strict=False), one_of(Relationship)]
    held: Annotated[list[Slug], Field(max_length=MAX_HELD)] = []
    chosen: bool = False
    """Answered and chose what to reveal."""
    sealed_at: Stamp | None = None
    """When this person's answers were first sealed for the partner (then fixed)."""
    partner_held: Annotated[list[Slug], Field(max_length=MAX_HELD)] = []
    opened_at: Stamp | None = None
    """When the partner's file made last was opened and its answers kept."""
    waiting: Annotated[str, text_of(MAX_PARTNER_FILE_CHARS)] | None = None
    finished: bool = False
    updated_at: Stamp | None = None


class Reminders(FileModel):
    """Reminders through the person's own calendar, and the quiet notice in the window.

    ``word`` is the neutral title every reminder carries (never an answer, never the
    program's name); ``rhythms`` the repeatable exercises the person chose a rhythm for.
    """

    word: Annotated[str, text_of(MAX_REMINDER_WORD_CHARS)] = "Check-in"
    rhythms: Annotated[
        dict[
            Slug,
            Annotated[
                Literal["daily", "weekly", "fortnightly", "monthly"],
                Says("expected daily, weekly, fortnightly or monthly"),
            ],
        ],
        Field(max_length=200),
    ] = {}
    hour: Annotated[int, Field(ge=0, le=23), Says("expected an hour from 0 to 23")] = 19
    """The hour of the day reminders are for (local time)."""
    system_notifications: bool = False
    """Whether a due reminder may also show as a notification of the desktop (off: only a
    quiet notice inside the window, while it is open)."""


class ProfileSettings(FileModel):
    """The settings object of an export (any subset of these keys)."""

    model_config = ConfigDict(
        strict=True,
        extra="allow",
        frozen=True,
        json_schema_extra=lambda schema, _model: _joint_keys_by_pattern(schema),
    )

    auto_lock_minutes: (
        Annotated[
            int,
            Field(ge=1, le=MAX_AUTO_LOCK_MINUTES),
            Says(f"expected a whole number of minutes from 1 to {MAX_AUTO_LOCK_MINUTES}"),
        ]
        | None
    ) = Field(default=None, description="minutes without use before the profile locks; null: never")
    support_lines: Annotated[str, text_of(MAX_SUPPORT_LINES_CHARS)] = Field(
        default="", description="the person's own list of places to turn to (Help and safety)"
    )
    counsel_client_label: Name | None = Field(
        default=None, description="what the counsellor calls this client (from an assignment)"
    )
    counsel_archived_clients: Annotated[list[Name], Field(max_length=MAX_ARCHIVED_CLIENTS)] = Field(
        default_factory=list,
        description="a counsellor's clients put aside from the desk (their labels)",
    )
    safety_check: SafetyCheckOutcome | None = Field(
        default=None, description="the outcome of the private safety check; null: not taken"
    )
    joint_closed: JointClosed | None = Field(
        default=None,
        description="when this person closed exercises for two; null or absent: not closed",
    )
    audiences_notice: AudiencesNotice | None = Field(
        default=None,
        description="answers a reveal had also marked shared, made private again: the person "
        "is told once; null: nothing to tell",
    )
    reminders: Reminders | None = Field(
        default=None,
        description="the reminder word, the exercises with a rhythm, the hour, and whether "
        "the desktop may show notifications; null: none chosen",
    )
    __pydantic_extra__: dict[str, JointState | DistanceState] = Field(init=False)

    @model_validator(mode="before")
    @classmethod
    def _only_known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in data:
                if key not in cls.model_fields and not (
                    isinstance(key, str) and (_JOINT_KEY.match(key) or _DISTANCE_KEY.match(key))
                ):
                    raise problem("unknown setting", at=str(key))
        return data

    @model_validator(mode="after")
    def _each_prefix_its_state(self) -> ProfileSettings:
        for key, value in (self.__pydantic_extra__ or {}).items():
            wanted = JointState if key.startswith(JOINT_PREFIX) else DistanceState
            if not isinstance(value, wanted):
                raise problem("does not fit its setting", at=key)
        return self

    def present(self) -> dict[str, Any]:
        """The settings the file holds, as JSON values (nothing it left out is filled in)."""
        return self.model_dump(mode="json", exclude_unset=True)


def _joint_keys_by_pattern(schema: dict[str, Any]) -> None:
    """In the JSON Schema, only ``joint:<exercise id>`` keys may hold a :class:`JointState`,
    and only ``distance:<exercise id>`` keys a :class:`DistanceState`."""
    extra = schema.pop("additionalProperties", None)
    if extra is not None:
        joint, distance = extra["anyOf"]
        schema["patternProperties"] = {_JOINT_KEY.pattern: joint, _DISTANCE_KEY.pattern: distance}
    schema["additionalProperties"] = False


def checked_setting(key: str, value: Any) -> Any:
    """``value`` as the setting ``key`` holds it; ValueError if it does not fit.

    Keys this version does not know are refused too (nothing reads them).
    """
    try:
        settings = ProfileSettings.model_validate({key: value})
    except ValidationError as exc:
        raise ValueError(f"the setting {key!r} does not fit its schema") from exc
    return settings.present()[key]
