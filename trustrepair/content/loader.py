"""Load exercise files into :class:`~trustrepair.domain.exercise.Exercise`, reporting problems
as ``PATH:LINE:COL: message`` in plain words that name the key."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from trustrepair.content.problems import Problem
from trustrepair.domain.exercise import STEP_KINDS, Exercise
from trustrepair.errors import UnreadableFile
from trustrepair.files import read_bounded

if TYPE_CHECKING:
    from trustrepair.content import yamlnodes

YAML_SUFFIXES = (".yaml", ".yml")


def _yaml() -> ModuleType:
    """The YAML reader (ruamel.yaml), imported when a file is parsed: a library that comes
    from the parse cache parses nothing."""
    from trustrepair.content import yamlnodes

    return yamlnodes


@dataclass(frozen=True)
class LoadResult:
    """The outcome of loading one file: an exercise, or the problems that stopped it."""

    path: Path
    exercise: Exercise | None
    problems: tuple[Problem, ...] = ()


def display_path(path: Path) -> str:
    """A path as people should read it: relative to the working folder when inside it."""
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside, or a symlink loop, or cwd is gone
        shown = str(path)
    return _UNPRINTABLE.sub(_escape, shown)


# Control and format characters (newline, bidi overrides, ...) and undecodable bytes in a
# file name would break the one-line PATH:LINE:COL format or disguise the name: escape them.
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def load_file(path: Path) -> LoadResult:
    """Read and validate one exercise file. Never raises for bad content.

    The file is read by :func:`trustrepair.files.read_bounded`: a folder, a pipe, a device or
    a file past the size limit is a problem at once, never a hang or a read of all of it.
    """
    shown = display_path(path)
    try:
        raw = read_bounded(path, _yaml().MAX_BYTES, what="an exercise file")
    except UnreadableFile as exc:
        if exc.too_large:
            message = f"the file is too large (the limit is {_yaml().MAX_BYTES // 1024} KB)"
        else:
            message = f"cannot read the file: {exc.reason}"
        return LoadResult(path, None, (Problem(shown, 1, 1, message),))
    return load_bytes(raw, shown, path)


def load_bytes(raw: bytes, shown: str, path: Path | None = None) -> LoadResult:
    """Validate the bytes of one exercise file; ``shown`` names it in messages."""
    where = path if path is not None else Path(shown)
    try:
        located = _yaml().load(_yaml().decode(raw))
    except _yaml().YamlProblem as exc:
        return LoadResult(where, None, (Problem(shown, exc.line, exc.column, exc.message),))
    if not isinstance(located.data, dict):
        return LoadResult(
            where,
            None,
            (Problem(shown, 1, 1, "an exercise file must be a mapping of keys (id, title, ...)"),),
        )
    try:
        exercise = Exercise.model_validate(located.data)
    except ValidationError as exc:
        problems = tuple(_problem(shown, located, error) for error in exc.errors())
        return LoadResult(where, None, _capped(shown, _dedupe(problems)))
    return LoadResult(where, exercise)


MAX_PROBLEMS_PER_FILE = 30


def _capped(shown: str, problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """The first problems of a file and a count of the rest (a hostile file can make 60,000)."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    kept = problems[:MAX_PROBLEMS_PER_FILE]
    rest = len(problems) - len(kept)
    last = kept[-1]
    more = Problem(shown, last.line, last.column, f"and {rest} more problems in this file")
    return (*kept, more)


def _dedupe(problems: Sequence[Problem]) -> tuple[Problem, ...]:
    seen: set[tuple[int, int, str]] = set()
    out: list[Problem] = []
    for p in sorted(problems, key=lambda p: (p.line, p.column)):
        key = (p.line, p.column, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return tuple(out)


def _data_path(data: Any, loc: Sequence[int | str]) -> tuple[tuple[str | int, ...], list[str]]:
    """Map pydantic's ``loc`` onto the YAML data, dropping union branch names.

    Returns the path that exists in the data and the names of missing trailing keys.
    """
    path: list[str | int] = []
    current = data
    rest: list[str] = []
    for part in loc:
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_dict or in_list:
            path.append(part)
            current = current[part]
        elif isinstance(part, str) and (part in STEP_KINDS or part in ("str", "TextVariants")):
            continue  # a discriminator or union branch name, not a key
        elif isinstance(part, str) and "[" in part:
            continue  # e.g. "function-after[...]" from validators
        else:
            rest.append(str(part))
    return tuple(path), rest


def _describe(data: Any, path: tuple[str | int, ...]) -> str:
    """A readable name for a place: ``steps[3] (id 'pain') > prompt``."""
    parts: list[str] = []
    current = data
    for part in path:
        if isinstance(part, int):
            ident = current[part].get("id") if isinstance(current[part], dict) else None
            label = f"[{part + 1}]" if not parts else f"{parts.pop()}[{part + 1}]"
            if isinstance(ident, str):
                label += f" (id {ident!r})"
            parts.append(label)
        else:
            parts.append(_yaml().shorten(str(part)))
        current = current[part]
    return " > ".join(parts)


_STEP_REF = re.compile(r"^step '([a-z0-9-]+)': ")


def _step_path(data: Any, message: str) -> tuple[str | int, ...] | None:
    """For cross-check messages that start with ``step 'id':``, the path of that step."""
    match = _STEP_REF.match(message)
    steps = data.get("steps") if isinstance(data, dict) else None
    if match is None or not isinstance(steps, list):
        return None
    for index, step in enumerate(steps):
        if isinstance(step, dict) and step.get("id") == match.group(1):
            return ("steps", index)
    return None


def _problem(shown: str, located: yamlnodes.Located, error: Any) -> Problem:
    loc = list(error.get("loc", ()))
    kind = error.get("type", "")
    path, rest = _data_path(located.data, loc)
    line, column = located.position(path)
    where = _describe(located.data, path)
    msg = str(error.get("msg", "is not valid"))
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing" and rest:
        place = f" in {where}" if where else ""
        text = f"the key '{rest[-1]}' is missing{place}"
    elif kind == "extra_forbidden":
        key = _yaml().shorten(str(path[-1])) if path else "?"
        parent = _describe(located.data, path[:-1])
        place = f" in {parent}" if parent else ""
        text = f"unknown key '{key}'{place}; check its spelling or remove it"
    elif kind == "union_tag_invalid":
        text = f"{where}: unknown step kind {ctx.get('tag')!r}; use one of: {', '.join(STEP_KINDS)}"
    elif kind == "union_tag_not_found":
        text = f"{where}: each step needs a 'kind' (one of: {', '.join(STEP_KINDS)})"
    elif kind in ("enum", "literal_error"):
        text = f"{where}: {_shown(value)} is not allowed; use one of: {ctx.get('expected', '')}"
    elif kind == "string_pattern_mismatch":
        text = f"{where}: {_shown(value)} must use only lower-case letters, digits and hyphens"
    elif kind == "value_error":
        reason = msg.removeprefix("Value error, ")
        step_path = _step_path(located.data, reason) if not path else None
        if step_path is not None:
            line, column = located.position(step_path)
        text = f"{where}: {reason}" if where else reason
    else:
        shown_value = _shown(value)
        text = f"{where}: {msg.lower()} (got {shown_value})" if where else msg
    return Problem(shown, line, column, text)


def _shown(value: Any) -> str:
    """A value as a message shows it: short, one line, lists and mappings by kind only."""
    if isinstance(value, dict | list):
        return type(value).__name__
    return str(_yaml().shorten(repr(value)))


def iter_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the YAML files below them, sorted; files are kept as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            )
        else:
            files.append(path)
    return files
