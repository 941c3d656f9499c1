"""Readable text: labels that wrap and keep a comfortable line length."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

READING_CHARS = 70
"""The longest line for reading, in average characters."""


def reading_label(
    text: str, parent: QWidget | None = None, *, role: str = "body", selectable: bool = True
) -> QLabel:
    """A word-wrapped label no wider than about 70 characters, styled by ``role``.

    Roles match the stylesheet: ``title``, ``subtitle``, ``body``, ``muted``, ``note``.
    """
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setProperty("role", role)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    limit_width(label)
    return label


def limit_width(widget: QWidget, chars: int = READING_CHARS) -> None:
    """Cap a widget's width at ``chars`` average characters of its font."""
    widget.setMaximumWidth(widget.fontMetrics().averageCharWidth() * chars + 24)
