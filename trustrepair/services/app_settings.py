"""Non-secret settings of the program itself (window geometry, last profile), as JSON.

Nothing private belongs here: no answers, no descriptions, no passphrases.

The file is read before the first screen, so it is checked here without pydantic: read within
:data:`BUDGET` (a plain file, size first), then each key against :data:`SCHEMA`. A value that
does not fit is dropped and its default used; :attr:`AppSettings.notices` says so. A key the
schema does not name is a programming error (:class:`KeyError`), so a new setting cannot be
used without a range.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trustrepair.errors import ImportFormatError
from trustrepair.files import remove_stale_temps, write_atomic
from trustrepair.formats.jsonfile import Budget, load_json_file
from trustrepair.i18n import tr

log = logging.getLogger(__name__)

BUDGET = Budget(max_bytes=64 * 1024, max_values=1000, max_depth=4)

_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _profile_name(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 80 and value.isprintable()


def _geometry(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 4096 and bool(_BASE64.fullmatch(value))


def _country_code(value: Any) -> bool:
    return value is None or (isinstance(value, str) and bool(re.fullmatch(r"[A-Z]{2}", value)))


def _theme(value: Any) -> bool:
    return value in ("system", "light", "dark")


SCHEMA: dict[str, Callable[[Any], bool]] = {
    "last_profile": _profile_name,  # the name of the profile last unlocked
    "theme": _theme,  # Settings → Appearance: follow the system, or always light or dark
    "window_geometry": _geometry,  # Qt's saveGeometry(), base64
    "helpline_country": _country_code,  # whose helplines Help shows (ISO code), or none
}
"""Every key of the settings file, with the check its value must pass."""


class AppSettings:
    """A small JSON file of program settings, read once and written on change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        """Plain sentences about settings that could not be used (shown by the caller)."""
        self._values: dict[str, Any] = self._read()

    def _read(self) -> dict[str, Any]:
        remove_stale_temps(self.path)  # what a killed write left, at the next start
        if not self.path.exists():
            return {}
        try:
            raw = load_json_file(self.path, BUDGET, what=tr("a settings file"))
        except ImportFormatError:
            log.warning("the settings file could not be read; using defaults")
            self.notices.append(tr("The program's settings could not be read; defaults are used."))
            return {}
        if not isinstance(raw, dict):
            return {}
        values = {k: v for k, v in raw.items() if k in SCHEMA and SCHEMA[k](v)}
        if len(values) != len(raw):
            log.warning("some program settings do not fit their schema; their defaults are used")
            self.notices.append(
                tr("Some of the program's settings could not be used; their defaults are used.")
            )
        return values

    def get(self, key: str, default: Any = None) -> Any:
        """A setting, or ``default``."""
        _known(key)
        return self._values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Change a setting and write the file (atomically: temp file, then rename).

        A value outside the setting's range is not kept (and logged): it is a bug.
        """
        if not _known(key)(value):
            log.warning("a program setting was given a value outside its range; not kept")
            return
        self._values[key] = value
        try:
            write_atomic(self.path, json.dumps(self._values, indent=2))
        except OSError:
            log.warning("the settings file could not be written")


def _known(key: str) -> Callable[[Any], bool]:
    check = SCHEMA.get(key)
    if check is None:
        raise KeyError(f"{key!r} is not a program setting (add it to app_settings.SCHEMA)")
    return check
