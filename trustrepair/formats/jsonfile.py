"""Read JSON that comes from a file, within bounds, and write it canonically.

:func:`load_json_file` reads a file through :func:`trustrepair.files.read_bounded` (size first,
plain files only) and parses it with :func:`parse_json_bytes`, which refuses, before building
anything large: nesting deeper than the budget, more values than the budget, duplicate keys
(JSON allows them, and the last one would silently win), ``NaN``/``Infinity``, and numbers too
long to be what any trustrepair file holds (they are refused before ``int()`` sees them).

Standard library only: the program's settings file is read with it before the first screen.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

from trustrepair.errors import ImportFormatError
from trustrepair.files import read_bounded
from trustrepair.i18n import tr

MAX_INT_DIGITS = 15
"""Whole numbers have at most 15 digits: every one fits a double exactly (JSON readers in
other languages agree on it), and no count, minute or position in a file comes near it."""
MAX_FLOAT_CHARS = 40


class Budget(NamedTuple):
    """How much one kind of file may hold: bytes, JSON values (of any kind) and nesting."""

    max_bytes: int
    max_values: int
    max_depth: int = 32


class _Refused(ValueError):
    """A hook refused the text (the message says why, in plain words)."""


def load_json_file(path: Path, budget: Budget, *, what: str, pipes: bool = False) -> Any:
    """The JSON in ``path``, read and parsed within ``budget``.

    Args:
        path: The file.
        budget: Its limits.
        what: What the file should be, for messages ("a trustrepair export").
        pipes: Also read a pipe (see :func:`trustrepair.files.read_bounded`).

    Raises:
        ImportFormatError: the file could not be read, or is not JSON within the budget.
    """
    return load_json_text(path, budget, what=what, pipes=pipes)[1]


def load_json_text(
    path: Path, budget: Budget, *, what: str, pipes: bool = False
) -> tuple[str, Any]:
    """:func:`load_json_file`, and the file's text as read (a signed file's bytes are checked
    against it)."""
    raw = read_bounded(path, budget.max_bytes, what=what, pipes=pipes)
    if not raw.strip():
        raise ImportFormatError(
            tr("{path} is empty: it is not {what}.").format(path=path, what=what)
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(tr("{path} is not a UTF-8 text file.").format(path=path)) from exc
    return text, parse_json_text(text.removeprefix("\ufeff"), budget, what=what)


def parse_json_bytes(raw: bytes, budget: Budget, *, what: str) -> Any:
    """:func:`parse_json_text` of UTF-8 bytes (decrypted content, say)."""
    if len(raw) > budget.max_bytes:
        raise ImportFormatError(tr("This file is too large to be {what}.").format(what=what))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(tr("This file is not UTF-8 text.")) from exc
    return parse_json_text(text.removeprefix("\ufeff"), budget, what=what)


def parse_json_text(text: str, budget: Budget, *, what: str) -> Any:
    """Parse JSON text within ``budget``; ImportFormatError with a plain reason otherwise."""
    _check_shape(text, budget, what)
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_int=_bounded_int,
            parse_float=_bounded_float,
            parse_constant=_no_constants,
        )
    except (ValueError, RecursionError) as exc:
        raise ImportFormatError(
            tr("This file is not valid JSON: {reason}").format(reason=exc)
        ) from exc


def canonical_bytes(document: Any) -> bytes:
    """One exact serialisation of a JSON document: sorted keys, no spaces, UTF-8.

    Equal documents give equal bytes whatever order their keys were written in, so a
    signature made over these bytes checks the content, not its layout.
    """
    text = json.dumps(
        document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return text.encode("utf-8")


def dumps_readable(document: Any) -> str:
    """A document as files are written: indented UTF-8 (JSON escapes control characters)."""
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def readable_encoder() -> json.JSONEncoder:
    """The encoder of :func:`dumps_readable` (its ``iterencode`` gives the text in pieces;
    the text ends without the final newline)."""
    return json.JSONEncoder(ensure_ascii=False, indent=2, allow_nan=False)


# A JSON string, escapes included (the unrolled form keeps the regex linear and fast).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _check_shape(text: str, budget: Budget, what: str) -> None:
    """Count values and nesting on the text with its strings removed, before parsing.

    Parsing first and counting after would already have spent the time and memory the budget
    protects (millions of empty lists fit in a few hundred megabytes of text).
    """
    bare = _STRING.sub('""', text)
    containers = bare.count("[") + bare.count("{")
    values = bare.count(",") + containers + 1
    if values > budget.max_values:
        raise ImportFormatError(
            tr("This file holds more values than {what} can (the limit is {limit:,}).").format(
                what=what, limit=budget.max_values
            )
        )
    if containers:
        deepest = max(accumulate(map(_STEP.__getitem__, _NOT_BRACKET.sub("", bare))))
        if deepest > budget.max_depth:
            raise ImportFormatError(
                tr("This file is nested too deeply to be {what}.").format(what=what)
            )


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                shown = key if len(key) <= 40 else key[:39] + "…"
                raise _Refused(f"the key {shown!r} appears twice in one object")
            seen.add(key)
    return document


def _bounded_int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"a whole number has more than {MAX_INT_DIGITS} digits")
    return int(literal)


def _bounded_float(literal: str) -> float:
    if len(literal) > MAX_FLOAT_CHARS:
        raise _Refused(f"a number is written with more than {MAX_FLOAT_CHARS} characters")
    value = float(literal)
    if not math.isfinite(value):
        raise _Refused("a number is too large")
    return value


def _no_constants(name: str) -> None:
    raise _Refused(f"{name} is not allowed")
