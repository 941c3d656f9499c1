"""The person's own support lines (numbers they trust), kept privately in their vault."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trustrepair.storage.store import VaultStore

SUPPORT_LINES_SETTING = "support_lines"


class SupportLines:
    """Reads and keeps the support lines of one open profile (Help and safety shows them)."""

    def __init__(self, store: VaultStore) -> None:
        self._store = store

    def read(self) -> str:
        """The lines as the person wrote them ("" when none yet)."""
        return str(self._store.get_setting(SUPPORT_LINES_SETTING, "") or "")

    def save(self, text: str) -> None:
        """Keep ``text`` as the lines (in the vault, encrypted like everything else)."""
        self._store.set_setting(SUPPORT_LINES_SETTING, text)
