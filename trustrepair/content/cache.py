"""A start-up cache for the exercise library: unchanged files skip YAML parsing.

Parsing YAML is most of the cost of loading the library (ruamel's scanner is pure Python), and
the window loads the library on every start. For each exercise file that loaded cleanly the
cache keeps its validated content (as JSON), keyed by path, size and modification time; on the
next start such a file is only validated again from that JSON, which is many times faster.
Files that changed, are new, or had problems always go through the full loader, so messages
keep their file:line:column. The cache holds exercise content only (never anything a person
wrote) and is rebuilt whenever it is unreadable or from another version.
"""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from trustrepair import __version__
from trustrepair.content.library import Library, _add
from trustrepair.content.loader import LoadResult, iter_files, load_file
from trustrepair.domain.exercise import Exercise
from trustrepair.errors import UserFacingError
from trustrepair.files import read_bounded, remove_stale_temps, write_atomic

log = logging.getLogger(__name__)

CACHE_FORMAT = 1
MAX_CACHE_BYTES = 64 * 1024 * 1024
"""Far above the whole library's cache (about 400 KB); a larger file is not read at all."""


def default_cache_file() -> Path:
    """The cache the window and the command line share, in the data dir."""
    from trustrepair import paths

    return paths.data_dir() / "cache" / "exercises.json"


def load_default_library(only: Collection[str] | None = None) -> Library:
    """The shipped and the person's own exercises, through the shared cache (``only`` those,
    see :func:`load_library_cached`).

    The window and every command-line verb that works with exercises load the library this
    way (``trustrepair validate`` reads every file itself, as a check should).
    """
    from trustrepair.content.library import default_folders

    return load_library_cached(default_folders(), default_cache_file(), only)


def load_library_cached(
    folders: Iterable[Path], cache_file: Path, only: Collection[str] | None = None
) -> Library:
    """Like :func:`~trustrepair.content.library.load_library`, reusing ``cache_file``.

    With ``only``, the library holds those exercises only (and whatever new or changed file
    had to be read whole anyway): a command about one exercise validates that one, not all.
    """
    old = _read(cache_file)
    new: dict[str, Any] = {}
    library = Library()
    for path in iter_files(folders):
        key = _key(path)
        cached = old.get(key) if key is not None else None
        if only is not None and isinstance(cached, dict) and cached.get("id") not in only:
            new[str(key)] = cached  # kept for the next start, not validated now
            continue
        result = _from_cache(path, cached) if key is not None else None
        if result is None:
            result = load_file(path)
        if key is not None and result.exercise is not None:
            new[key] = old.get(key) or result.exercise.model_dump(mode="json")
        _add(library, result)
    if new.keys() != old.keys():
        _write(cache_file, new)
    return library


def _key(path: Path) -> str | None:
    """``path|size|mtime_ns`` for a regular file; None for anything else (never cached)."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return f"{path.resolve()}|{info.st_size}|{info.st_mtime_ns}"


def _from_cache(path: Path, data: Any) -> LoadResult | None:
    if not isinstance(data, dict):
        return None
    try:
        return LoadResult(path, Exercise.model_validate(data))
    except (ValidationError, ValueError, TypeError):
        return None  # e.g. the exercise model changed: load the file properly


def _code_version() -> str:
    """The program version plus the size and time of the modules that decide what loads.

    The modules are found, not imported: a library that comes from the cache never needs the
    YAML reader.
    """
    from importlib.util import find_spec

    parts = [__version__]
    for name in ("trustrepair.domain.exercise", "content.loader", "content.yamlnodes"):
        spec = find_spec(name if name.startswith("trustrepair.") else f"trustrepair.{name}")
        try:
            info = Path(str(spec.origin if spec is not None else None)).stat()
            parts.append(f"{info.st_size}:{info.st_mtime_ns}")
        except (OSError, TypeError):
            parts.append("?")
    return "|".join(parts)


def _read(cache_file: Path) -> dict[str, Any]:
    remove_stale_temps(cache_file)  # what a killed write left, at the next start
    try:
        data = read_bounded(cache_file, MAX_CACHE_BYTES, what="the exercise cache")
        raw = json.loads(data.decode("utf-8"))
    except (UserFacingError, ValueError, RecursionError):
        return {}  # missing, damaged or tampered with: the files are read again
    if (
        not isinstance(raw, dict)
        or raw.get("format") != CACHE_FORMAT
        or raw.get("version") != _code_version()
        or not isinstance(raw.get("files"), dict)
    ):
        return {}
    return dict(raw["files"])


def _write(cache_file: Path, files: dict[str, Any]) -> None:
    payload = {"format": CACHE_FORMAT, "version": _code_version(), "files": files}
    try:
        cache_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(cache_file, json.dumps(payload, ensure_ascii=False), durable=False)
    except OSError:
        log.warning("the exercise cache could not be written; start-up will be slower")
