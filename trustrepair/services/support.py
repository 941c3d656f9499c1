"""The person's own support lines (numbers they trust), kept privately in their vault."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trustrepair.services import profile_settings

if TYPE_CHECKING:
    from trustrepair.storage.store import VaultStore

SUPPORT_LINES_SETTING = "support_lines"
MAX_SUPPORT_LINES = 100_000
"""The setting's range (``formats.settings``; a test keeps the two the same)."""


class SupportLines:
    """Reads and keeps the support lines of one open profile (Help and safety shows them)."""

    def __init__(self, store: VaultStore) -> None:
        self._store = store

    def read(self) -> str:
        """The lines as the person wrote them ("" when none yet)."""
        return str(profile_settings.get(self._store, SUPPORT_LINES_SETTING, "") or "")

    def save(self, text: str) -> None:
        """Keep ``text`` as the lines (in the vault, encrypted like everything else)."""
        # Past the setting's range it could not be read back (nor imported): keep what fits.
        self._store.set_setting(SUPPORT_LINES_SETTING, text[:MAX_SUPPORT_LINES])
