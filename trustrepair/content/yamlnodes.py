"""A strict YAML 1.2 reader that keeps line numbers and never constructs objects.

ruamel.yaml composes the document into a node tree; we turn that tree into plain Python data
ourselves, so no tag can construct an object or run code. Anchors and aliases, explicit
non-standard tags and duplicate keys are errors with a position.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.parser import RoundTripParser

MAX_BYTES = 256 * 1024
MAX_DEPTH = 40
MAX_NUMBER_CHARS = 20
"""Digits of a number (any base), checked before it is converted: a 200,000-digit ``0x…``
converts, and then cannot even be printed in a message. No exercise needs more than a few."""

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:map": "map",
    "tag:yaml.org,2002:seq": "seq",
}

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    """A problem at a position (1-based line and column)."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


@dataclass
class Located:
    """Plain data plus the position of every mapping key and value, by path."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path) -> tuple[int, int]:
        """Position of the deepest existing prefix of ``path`` (1-based line, column)."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return (1, 1)


def _pos(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


def _tag(node: Node) -> str:
    tag = node.tag
    value = getattr(tag, "value", tag)
    return str(value) if value is not None else ""


_OTHER_BOMS = (  # UTF-32 first: its little-endian mark starts like UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_VERSION_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S*)", re.MULTILINE)
_DOCUMENT_START = re.compile(r"^---", re.MULTILINE)


def decode(raw: bytes) -> str:
    """Decode UTF-8 (a BOM is allowed) or raise a positioned problem."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(1, 1, f"the file is too large (the limit is {MAX_BYTES // 1024} KB)")
    for bom, name in _OTHER_BOMS:
        if raw.startswith(bom):
            raise YamlProblem(1, 1, f"the file is saved as {name}; save it as UTF-8 instead")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            line, column, f"the file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x})"
        ) from None
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        raise YamlProblem(line, 1, "the file contains a NUL character; is it really a YAML file?")
    return text


def load(text: str) -> Located:
    """Parse one YAML document into plain data with positions."""
    _check_version_directive(text)
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    yaml.allow_duplicate_keys = True  # we report duplicates ourselves, with both lines
    yaml.Parser = _DepthLimitedParser
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if "another document" in problem:
            raise YamlProblem(
                line, column, "a file holds one exercise; remove this second document (---)"
            ) from None
        raise YamlProblem(line, column, f"this is not valid YAML: {problem}") from None
    except YAMLError as exc:
        raise YamlProblem(1, 1, f"this is not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(1, 1, "the file is nested too deeply") from None
    except (ValueError, TypeError, OverflowError, AttributeError, IndexError, KeyError):
        # ruamel's scanner has a few holes (e.g. "\U00110000" reaches chr() unchecked);
        # hostile files must still end in a positioned message, never a traceback.
        line, column = _where_scanning_fails(text)
        raise YamlProblem(line, column, "this is not valid YAML here") from None
    if node is None:
        raise YamlProblem(1, 1, "the file is empty")
    located = Located(data=None)
    located.data = _convert(node, (), located, 0)
    return located


class _DepthLimitedParser(RoundTripParser):
    """ruamel's parser, refusing deep nesting as the composer takes each event.

    ruamel's composer recurses once per level and gets very slow long before Python's
    recursion limit. Counting collection starts and ends as the composer pulls them stops a
    deep file before the composer descends, in the same single pass over the text (a
    separate pass to count them cost a third of the library's load time).
    """

    def __init__(self, loader: Any) -> None:
        super().__init__(loader)
        self.depth = 0

    def get_event(self) -> Any:
        """The next event; raises :class:`YamlProblem` past :data:`MAX_DEPTH` levels."""
        event = super().get_event()
        if isinstance(event, CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                mark = event.start_mark
                raise YamlProblem(mark.line + 1, mark.column + 1, "the file is nested too deeply")
        elif isinstance(event, CollectionEndEvent):
            self.depth -= 1
        return event


def _check_version_directive(text: str) -> None:
    """Only YAML 1.2: under a ``%YAML 1.1`` line, yes/no/on/off would turn into booleans."""
    first_document = _DOCUMENT_START.search(text)
    for match in _VERSION_DIRECTIVE.finditer(text):
        if first_document is not None and match.start() > first_document.start():
            break
        if match.group(1) != "1.2":
            line = text.count("\n", 0, match.start()) + 1
            raise YamlProblem(
                line, 1, "exercise files are YAML 1.2; remove this %YAML line or make it 1.2"
            )


def _where_scanning_fails(text: str) -> tuple[int, int]:
    """Where ruamel's scanner stops on ``text``: just after the last token it could read."""
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    position = (1, 1)
    with contextlib.suppress(Exception):  # the failure itself is what we are locating
        for token in yaml.scan(text):
            position = (token.end_mark.line + 1, token.end_mark.column + 1)
    return position


def _convert(node: Node, path: Path, located: Located, depth: int) -> Any:
    line, column = _pos(node)
    located.positions.setdefault(path, (line, column))
    if depth > MAX_DEPTH:
        raise YamlProblem(line, column, "the file is nested too deeply")
    if getattr(node, "anchor", None):
        raise YamlProblem(line, column, "anchors and aliases (& and *) are not allowed here")
    tag = _tag(node)
    kind = _STANDARD_TAGS.get(tag)
    if kind is None:
        raise YamlProblem(line, column, f"YAML tags such as {tag!r} are not allowed here")
    if isinstance(node, MappingNode):
        if kind != "map":
            raise YamlProblem(line, column, f"a mapping cannot be tagged {tag!r}")
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or _tag(key_node) not in (
                "tag:yaml.org,2002:str",
                "tag:yaml.org,2002:int",
                "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:null",
                "tag:yaml.org,2002:float",
            ):
                k_line, k_col = _pos(key_node)
                raise YamlProblem(k_line, k_col, "keys must be plain words")
            if key_node.value == "<<":
                k_line, k_col = _pos(key_node)
                raise YamlProblem(k_line, k_col, "merge keys (<<) are not allowed here")
            key = str(key_node.value)
            k_line, k_col = _pos(key_node)
            if key in first_seen:
                raise YamlProblem(
                    k_line,
                    k_col,
                    f"the key {key!r} appears twice in this mapping "
                    f"(first on line {first_seen[key]})",
                )
            first_seen[key] = k_line
            located.positions[(*path, key)] = (k_line, k_col)
            result[key] = _convert(value_node, (*path, key), located, depth + 1)
            # keep the key's own position (more useful than the value's) for messages
            located.positions[(*path, key)] = (k_line, k_col)
        return result
    if isinstance(node, SequenceNode):
        if kind != "seq":
            raise YamlProblem(line, column, f"a list cannot be tagged {tag!r}")
        return [
            _convert(item, (*path, index), located, depth + 1)
            for index, item in enumerate(node.value)
        ]
    if isinstance(node, ScalarNode):
        return _scalar(node, kind, line, column)
    raise YamlProblem(line, column, "unsupported YAML node")  # pragma: no cover


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters for a message (a file may hold megabytes)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def _scalar(node: ScalarNode, kind: str, line: int, column: int) -> Any:
    value = str(node.value)
    if kind in ("map", "seq"):
        raise YamlProblem(line, column, "a plain value cannot carry a mapping or list tag")
    if node.style == ">":
        # ruamel's round-trip scanner marks the folds of ">" scalars with BEL; drop them.
        value = value.replace("\a", "")
    if node.style in ("'", '"', "|", ">") or kind == "str":
        bad = _CONTROL.search(value)
        if bad is not None:
            raise YamlProblem(
                line,
                column,
                f"this text contains an invisible control character (U+{ord(bad.group()):04X}); "
                "in double quotes, a backslash starts an escape such as \\a",
            )
        return value
    try:
        if kind == "null":
            return None
        if kind == "bool":
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
            raise ValueError(value)
        if kind in ("int", "float") and len(value.lstrip("+-")) > MAX_NUMBER_CHARS:
            raise YamlProblem(
                line,
                column,
                f"this number is too long (at most {MAX_NUMBER_CHARS} digits; put text in quotes)",
            )
        if kind == "int":
            cleaned = value.replace("_", "")
            if cleaned.lower().startswith(("0x", "-0x", "+0x")):
                return int(cleaned, 16)
            if cleaned.lower().startswith(("0o", "-0o", "+0o")):
                return int(cleaned, 8)
            return int(cleaned)
        if kind == "float":
            return float(value.replace("_", ""))
    except ValueError:
        raise YamlProblem(line, column, f"{shorten(value)!r} is not a valid {kind}") from None
    return value  # pragma: no cover
