"""The field types every file format is built from, each with its plain message.

A message says what was expected, in words people use ("expected an id (lower-case letters,
digits and hyphens)"); :mod:`trustrepair.formats.problems` puts the place in front of it.
Most types are pydantic-core constraints (checked in compiled code, fast on 200,000 rows);
timestamps and answer values need a few lines of Python each.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainValidator,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from trustrepair.domain.exercise import SLUG
from trustrepair.i18n import N_

MAX_NAME_CHARS = 80
MAX_TITLE_CHARS = 200
MAX_NOTE_CHARS = 4000
MAX_CUSTOM_CHARS = 1_000_000
MAX_KEY_CHARS = 200
MAX_VALUE_DEPTH = 20
MAX_STAMP_CHARS = 40
MAX_POSITION = 9999

CLOCK_SKEW = timedelta(days=1)
"""How far in the future a timestamp from a file may be. A day covers a computer whose clock
is set to local time as if it were UTC (up to 14 hours off); a file dated later than that
would win every "newer one wins" merge against genuine later answers, so it is refused."""

CUSTOM_ERROR = "trustrepair"
"""The error type of every message written here (the text is the message to show)."""

NOW_CONTEXT = "now"
"""Validation context key: the present, as a test sets it (default: the clock)."""


class FileModel(BaseModel):
    """A part of a file: strict types, no unknown keys, immutable once read."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Says:
    """Annotation: whatever goes wrong inside the annotated type is reported as ``message``.

    Wraps the type's core schema in pydantic-core's ``custom_error`` schema, so the check stays
    in compiled code. Use it on leaf types only (a list would hide its items' own messages).
    """

    def __init__(self, message: str) -> None:
        self.message = message

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.custom_error_schema(
            handler(source), custom_error_type=CUSTOM_ERROR, custom_error_message=self.message
        )


def problem(message: str, at: str = "") -> PydanticCustomError:
    """A validation error with our message; ``at`` names a place inside the field (``[3]``)."""
    return PydanticCustomError(CUSTOM_ERROR, message, {"at": at} if at else None)


def _text(limit: int, *, empty: bool = True) -> Any:
    """Text of at most ``limit`` characters; ``empty=False`` needs something besides spaces."""
    return StringConstraints(max_length=limit, pattern=None if empty else r"\S")


_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
"""Controls and invisible format characters (direction overrides, zero-width spaces): in a
name they make it look like another name, or hide part of it."""


def _as_it_looks(value: str) -> str:
    found = _INVISIBLE.search(value)
    if found is not None:
        raise problem(
            f"holds an invisible or control character (U+{ord(found.group()):04X}), which "
            "could make it look like another name"
        )
    return value


Name = Annotated[str, _text(MAX_NAME_CHARS, empty=False), AfterValidator(_as_it_looks)]
"""A profile name or a client label: 1–80 characters, not only spaces, nothing invisible."""
OptionalName = Annotated[str, _text(MAX_NAME_CHARS), AfterValidator(_as_it_looks)]
Title = Annotated[str, _text(MAX_TITLE_CHARS, empty=False)]
Note = Annotated[str, _text(MAX_NOTE_CHARS)]
YamlSource = Annotated[str, _text(MAX_CUSTOM_CHARS, empty=False)]
"""An exercise file's YAML text (the services load it with the real loader)."""


def text_of(limit: int) -> StringConstraints:
    """For ``Annotated[str, text_of(N)]``: text of at most N characters (each format its own)."""
    return StringConstraints(max_length=limit)


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG),
    Says("expected an id (lower-case letters, digits and hyphens)"),
]
Position = Annotated[
    int, Field(ge=0, le=MAX_POSITION), Says(f"expected a whole number from 0 to {MAX_POSITION}")
]


def one_of(kind: type[StrEnum]) -> Says:
    """For ``Annotated[Status, Field(strict=False), one_of(Status)]``: an enum's value as text."""
    return Says("expected one of " + ", ".join(member.value for member in kind))


# ---------------------------------------------------------------- timestamps
STAMP_MESSAGE = "expected a date and time like 2026-01-31T18:00:00.000Z"


def parse_instant(value: str) -> datetime | None:
    """An ISO 8601 timestamp as an aware instant (no zone means UTC); None if it is not one."""
    if len(value) > MAX_STAMP_CHARS:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def canonical_stamp(instant: datetime) -> str:
    """The one way a timestamp is stored: UTC, milliseconds, ``Z`` (as ``now_iso`` writes).

    Every stored timestamp has this form, so comparing two as text (as SQL does) orders them
    as instants.
    """
    return instant.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_CANONICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
FUTURE_MESSAGE = "is in the future (the clock of the computer that wrote the file may be wrong)"


def validation_context(now: datetime | None = None) -> dict[str, Any]:
    """The context a file is validated with: the latest instant a timestamp may be, fixed
    once per file (so one file is judged by one clock reading)."""
    try:
        latest = (now or datetime.now(UTC)) + CLOCK_SKEW
    except OverflowError:  # only a test's "now" can be that close to year 9999
        latest = datetime.max.replace(tzinfo=UTC)
    return {_LATEST: latest, _LATEST_TEXT: canonical_stamp(latest)}


_LATEST = "latest"
_LATEST_TEXT = "latest_text"


def _latest(info: ValidationInfo) -> tuple[datetime, str]:
    context = info.context if isinstance(info.context, dict) else {}
    if _LATEST not in context:
        context = validation_context(context.get(NOW_CONTEXT))
    return context[_LATEST], context[_LATEST_TEXT]


def _stamp(value: Any, info: ValidationInfo) -> str:
    if not isinstance(value, str):
        raise problem(STAMP_MESSAGE)
    latest, latest_text = _latest(info)
    if _CANONICAL.fullmatch(value):
        # Already in the stored form (what trustrepair writes): equal forms compare as text.
        if parse_instant(value) is None:
            raise problem(STAMP_MESSAGE)
        if value > latest_text:
            raise problem(FUTURE_MESSAGE)
        return value
    instant = parse_instant(value)
    if instant is None:
        raise problem(STAMP_MESSAGE)
    if instant > latest:
        raise problem(FUTURE_MESSAGE)
    return canonical_stamp(instant)


Stamp = Annotated[
    str,
    PlainValidator(_stamp),
    WithJsonSchema({"type": "string", "format": "date-time", "maxLength": MAX_STAMP_CHARS}),
]
"""An instant, ISO 8601 (no zone means UTC), at most a day ahead; stored canonically."""


def _day(value: Any) -> str:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise problem("expected a date like 2026-12-31")


Day = Annotated[str, PlainValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]
"""A calendar day, ``YYYY-MM-DD`` (a due date)."""


def is_day(value: str) -> bool:
    """Whether ``value`` is a date like 2026-12-31."""
    try:
        _day(value)
    except PydanticCustomError:
        return False
    return True


# ---------------------------------------------------------------- answer values
VALUE_MESSAGE = "expected text, a whole number, a list or an object"


class AnswerValue:
    """For ``Annotated[Any, AnswerValue(N)]``: an answer as stored.

    Text, a whole number, a list or an object (any JSON inside, with texts of at most N
    characters, keys of at most 200, nested at most 20 deep).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "description": "text, a whole number, a list or an object "
            "(a commitment is {text, date, kept})",
            "type": ["string", "integer", "array", "object"],
        }

    def check(self, value: Any) -> Any:
        """The value itself, if it is one; otherwise a problem naming where inside it."""
        if type(value) is str:  # most answers: checked without the walk below
            _check_text(value, self.limit, "")
            return value
        if value is None or isinstance(value, bool | float):
            raise problem(VALUE_MESSAGE)
        _check_json(value, self.limit, "", 0)
        return value


def _check_json(value: Any, limit: int, at: str, depth: int) -> None:
    """Every text inside an answer value is valid Unicode and not too long."""
    if depth > MAX_VALUE_DEPTH:
        raise problem("nested too deeply", at)
    if isinstance(value, str):
        _check_text(value, limit, at)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json(item, limit, f"{at}[{index}]", depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, MAX_KEY_CHARS, f"{at} key" if at else "key")
            _check_json(item, limit, f"{at}.{key}", depth + 1)
    elif not isinstance(value, int | float | bool) and value is not None:
        raise problem(VALUE_MESSAGE, at)


def _check_text(value: str, limit: int, at: str) -> None:
    if len(value) > limit:
        raise problem(f"longer than {limit} characters", at)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise problem(SURROGATE_MESSAGE, at) from None


SURROGATE_MESSAGE = N_("contains an unpaired UTF-16 surrogate (not valid Unicode text)")
