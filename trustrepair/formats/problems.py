"""pydantic's errors as the plain ``where: what`` lines people read (``answers[3].value: …``).

A place is written as in the file: ``answers[3].value``, ``profile.name``; ``file`` is the
top level. Missing and unknown keys of one object are gathered into one line each. Messages
never quote the offending value (it may be megabytes, or markup meant to render).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from trustrepair.errors import ImportFormatError
from trustrepair.formats.fields import CUSTOM_ERROR, SURROGATE_MESSAGE, validation_context
from trustrepair.i18n import tr

MAX_PROBLEMS_SHOWN = 20

M = TypeVar("M", bound=BaseModel)

_PLAIN: dict[str, str] = {
    "string_type": "expected text",
    "string_unicode": SURROGATE_MESSAGE,
    "string_pattern_mismatch": "must not be empty",
    "string_too_short": "must not be empty",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected an object",
    "model_type": "expected an object",
    "model_attributes_type": "expected an object",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "none_required": "expected null",
}


def where(loc: Sequence[int | str]) -> str:
    """A pydantic location as in the file: ``('answers', 3, 'value')`` → ``answers[3].value``."""
    shown = ""
    for part in loc:
        if isinstance(part, int):
            shown += f"[{part}]"
        else:
            shown += f".{_short(part)}" if shown else _short(part)
    return shown or "file"


def _inside(place: str, at: str) -> str:
    if not at:
        return place
    at = _short(at, 120)
    if place == "file":
        return at
    return place + at if at.startswith("[") else f"{place}.{at}"


def problem_lines(error: ValidationError) -> list[str]:
    """Every problem of ``error`` as one ``where: what`` line, in the order of the file."""
    lines: list[str] = []
    gathered: dict[tuple[str, str], list[str]] = {}
    for item in error.errors(include_url=False, include_input=False):
        kind = str(item["type"])
        loc = tuple(item["loc"])
        if kind in ("missing", "extra_forbidden") and loc:
            parent, key = where(loc[:-1]), _short(str(loc[-1]))
            names = gathered.get((parent, kind))
            if names is None:
                names = gathered[(parent, kind)] = []
                lines.append(f"\0{parent}\0{kind}")  # a placeholder, filled in below
            names.append(key)
            continue
        ctx = item.get("ctx") or {}
        place = _inside(where(loc), str(ctx.get("at", "")))
        lines.append(f"{place}: {_message(kind, str(item['msg']), ctx)}")
    return [_fill(line, gathered) for line in lines]


def _fill(line: str, gathered: dict[tuple[str, str], list[str]]) -> str:
    if not line.startswith("\0"):
        return line
    _, parent, kind = line.split("\0")
    names = ", ".join(sorted(gathered[(parent, kind)]))
    return (
        f"{parent}: missing {names}" if kind == "missing" else f"{parent}: unknown field(s) {names}"
    )


def _message(kind: str, msg: str, ctx: dict[str, Any]) -> str:
    if kind == CUSTOM_ERROR:
        return msg
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind == "string_too_long":
        return f"longer than {ctx.get('max_length')} characters"
    if kind == "too_long":
        return f"expected at most {ctx.get('max_length')} entries"
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length')} entries"
    if kind == "literal_error":
        return f"expected {ctx.get('expected')}"
    return msg[:1].lower() + msg[1:]


def _short(text: str, limit: int = 60) -> str:
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report(headline: str, problems: Iterable[str]) -> ImportFormatError:
    """One error listing the first problems under ``headline`` and counting the rest."""
    found = list(problems)
    shown = found[:MAX_PROBLEMS_SHOWN]
    lines = [headline, *(f"  {line}" for line in shown)]
    more = len(found) - len(shown)
    if more > 0:
        lines.append(tr("  … and {n} more problems").format(n=more))
    return ImportFormatError("\n".join(lines))


def validate(model: type[M], document: Any, headline: str, now: datetime | None = None) -> M:
    """``document`` as ``model``; ImportFormatError under ``headline`` listing the problems.

    Timestamps later than ``now`` (default: the clock) plus the allowed skew are refused.
    """
    try:
        return model.model_validate(document, context=validation_context(now))
    except ValidationError as exc:
        raise report(headline, problem_lines(exc)) from None
