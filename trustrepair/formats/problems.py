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
from trustrepair.i18n import N_, Marked, ngettext, tr, translated

MAX_PROBLEMS_SHOWN = 20

M = TypeVar("M", bound=BaseModel)

_PLAIN: dict[str, Marked] = {
    "string_type": N_("expected text"),
    "string_unicode": SURROGATE_MESSAGE,
    "string_pattern_mismatch": N_("must not be empty"),
    "string_too_short": N_("must not be empty"),
    "bool_type": N_("expected true or false"),
    "list_type": N_("expected a list"),
    "dict_type": N_("expected an object"),
    "model_type": N_("expected an object"),
    "model_attributes_type": N_("expected an object"),
    "int_type": N_("expected a whole number"),
    "int_from_float": N_("expected a whole number"),
    "none_required": N_("expected null"),
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
    found = gathered[(parent, kind)]
    names = ", ".join(sorted(found))
    return (
        tr("{where}: missing {names}").format(where=parent, names=names)
        if kind == "missing"
        else ngettext(
            "{where}: unknown field {names}",
            "{where}: unknown fields {names}",
            len(gathered[(parent, kind)]),
        ).format(where=parent, names=names)
    )


def _message(kind: str, msg: str, ctx: dict[str, Any]) -> str:
    if kind == CUSTOM_ERROR:
        return msg
    if kind in _PLAIN:
        return translated(_PLAIN[kind])
    if kind == "string_too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext("longer than {n} character", "longer than {n} characters", n).format(n=n)
    if kind == "too_long":
        n = int(ctx.get("max_length", 0))
        return ngettext("expected at most {n} entry", "expected at most {n} entries", n).format(n=n)
    if kind == "too_short":
        n = int(ctx.get("min_length", 0))
        return ngettext("expected at least {n} entry", "expected at least {n} entries", n).format(
            n=n
        )
    if kind == "literal_error":
        return tr("expected {what}").format(what=ctx.get("expected"))
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
        lines.append(
            ngettext("  … and {n} more problem", "  … and {n} more problems", more).format(n=more)
        )
    return ImportFormatError("\n".join(lines))


def validate(model: type[M], document: Any, headline: str, now: datetime | None = None) -> M:
    """``document`` as ``model``; ImportFormatError under ``headline`` listing the problems.

    Timestamps later than ``now`` (default: the clock) plus the allowed skew are refused.
    """
    try:
        return model.model_validate(document, context=validation_context(now))
    except ValidationError as exc:
        raise report(headline, problem_lines(exc)) from None
