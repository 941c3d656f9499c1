"""The one way the command line writes to the terminal.

Much of what the verbs print comes from files or from another person: exercise titles, a
counsellor's name, notes, answers, file names. Such text may hold control characters: an
escape sequence (``ESC [`` …, ``ESC ]`` … OSC) can recolour or retitle the terminal, rewrite
what is already on screen or, on some terminals, write to the clipboard; a carriage return
or a bidirectional override can make a line read differently from what it holds. Every line
printed goes through :func:`terminal_text`, which shows such characters as visible escapes
(``\\x1b``, ``\\u202e``) instead of sending them to the terminal. Tabs stay as they are.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import TextIO

_BEYOND_C0 = (
    "\x7f-\x9f"  # DEL and C1 (\x9b is a one-byte CSI)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks and overrides
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # lone surrogates (not even printable as UTF-8)
)
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f{_BEYOND_C0}]")  # C0 but tab, and the rest
_UNSAFE_IN_JSON = re.compile(f"[{_BEYOND_C0}]")  # json.dumps escapes C0 itself


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` as one line that is safe to print: control characters shown as escapes."""
    return _UNSAFE.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(value: object, *, indent: int | None = None) -> str:
    """``value`` as JSON that is safe to print and still parses to the same value.

    ``json.dumps`` already escapes C0 characters; the rest of the unsafe set (DEL, C1,
    bidirectional controls, lone surrogates) only ever occurs inside strings there, where a
    ``\\uXXXX`` escape means the same character.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(_json_escape, text)


def _write(stream: TextIO, lines: Iterable[str]) -> None:
    stream.write("".join(terminal_text(line) + "\n" for line in lines))


def out(text: str = "") -> None:
    """Print one line to standard output (any newline in it is shown as ``\\x0a``)."""
    _write(sys.stdout, (text,))


def err(text: str) -> None:
    """Print one line for the person to standard error."""
    _write(sys.stderr, (text,))


def out_lines(text: str) -> None:
    """Print a block the program laid out itself (a table, a list) line by line."""
    _write(sys.stdout, text.split("\n"))


def err_lines(text: str) -> None:
    """Print a block of the program's own lines (e.g. a list of problems) to standard error."""
    _write(sys.stderr, text.split("\n"))


def out_json(value: object, *, indent: int | None = None) -> None:
    """Print ``value`` as JSON (see :func:`json_text`)."""
    sys.stdout.write(json_text(value, indent=indent) + "\n")
