"""Non-secret settings of the program itself (window geometry, last profile), as JSON.

Nothing private belongs here: no answers, no descriptions, no passphrases.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from trustrepair.files import write_atomic

log = logging.getLogger(__name__)


class AppSettings:
    """A small JSON file of program settings, read once and written on change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values: dict[str, Any] = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("the settings file could not be read; using defaults")
            return {}
        return raw if isinstance(raw, dict) else {}

    def get(self, key: str, default: Any = None) -> Any:
        """A setting, or ``default``."""
        return self._values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Change a setting and write the file (atomically: temp file, then rename)."""
        self._values[key] = value
        try:
            write_atomic(self.path, json.dumps(self._values, indent=2))
        except OSError:
            log.warning("the settings file could not be written")
