"""The strength line under a new passphrase: how hard it would be to guess, and plain advice."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from trustrepair.i18n import tr
from trustrepair.services.passphrase_strength import Strength, estimate, prepare


class StrengthLine(QLabel):
    """Follows ``field`` as the person types; empty while the field is."""

    def __init__(
        self,
        field: QLineEdit,
        known: Callable[[], Sequence[str]] = tuple,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("role", "strength")
        self.setWordWrap(True)
        self.setAccessibleName(tr("How strong the passphrase is"))
        self.known = known
        self.strength: Strength | None = None
        field.textChanged.connect(self.judge)
        prepare()  # zxcvbn's word lists load while the person starts to type

    def judge(self, text: str) -> Strength | None:
        """Estimate ``text`` and say so (None, and an empty line, for no text)."""
        self.strength = estimate(text, self.known()) if text else None
        strength = self.strength
        words = f"{strength.label} {strength.advice}".strip() if strength else ""
        self.setText(words)
        self.setAccessibleDescription(words)
        self.setProperty("level", strength.level if strength else "")
        self.style().unpolish(self)
        self.style().polish(self)
        return strength
