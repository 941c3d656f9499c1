"""Readable text: labels that wrap and keep a comfortable line length."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from trustrepair.ui.lean import set_by_name
from trustrepair.ui.plain import PlainLabel

READING_CHARS = 70
"""The longest line for reading, in average characters."""


class ReadingLabel(PlainLabel):
    """A wrapping plain-text label that asks for the height its capped width really needs.

    A plain word-wrapped QLabel with a maximum width reports its height for the full width
    the layout offers, and then clips its last lines; this one measures at its real width.
    """

    def heightForWidth(self, width: int) -> int:
        """The height needed at ``width``, capped at the maximum width."""
        return super().heightForWidth(min(width, self.maximumWidth()))


def reading_label(
    text: str, parent: QWidget | None = None, *, role: str = "body", selectable: bool = True
) -> QLabel:
    """A word-wrapped plain-text label no wider than about 70 characters, styled by ``role``.

    Roles match the stylesheet: ``title``, ``subtitle``, ``body``, ``muted``, ``note``.
    """
    label = ReadingLabel(text, parent)
    label.setWordWrap(True)
    label.setProperty("role", role)
    label.setIndent(0)  # a styled label would otherwise indent itself by half an "x"
    if selectable:  # by name: the first screen's labels make no Qt.* value (ui/lean.py)
        set_by_name(label, "textInteractionFlags", "TextSelectableByMouse")
    limit_width(label)
    return label


def limit_width(widget: QWidget, chars: int = READING_CHARS) -> None:
    """Cap a widget's width at ``chars`` average characters of its font."""
    widget.setMaximumWidth(widget.fontMetrics().averageCharWidth() * chars + 24)


COLUMN_WIDTH = 860
"""The widest a page's content grows; wider windows get calm margins instead."""


def centered_column(max_width: int = COLUMN_WIDTH) -> tuple[QWidget, QWidget]:
    """An outer widget holding a centred column of at most ``max_width`` pixels.

    Returns ``(outer, column)``: put ``outer`` where the page goes and give ``column`` a layout.
    """
    outer = QWidget()
    row = QHBoxLayout(outer)
    row.setContentsMargins(0, 0, 0, 0)
    column = QWidget(outer)
    column.setMaximumWidth(max_width)
    row.addStretch(1)
    row.addWidget(column, 100)
    row.addStretch(1)
    return outer, column


def scroll_page(max_width: int = COLUMN_WIDTH) -> tuple[QScrollArea, QWidget]:
    """A frameless scroll area whose content is a centred column; returns (area, column)."""
    outer, column = centered_column(max_width)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(outer)
    return area, column


def enter_activates_buttons(root: QWidget) -> None:
    """Let Enter press whichever button has the focus, as it does in dialogs."""
    for button in root.findChildren(QPushButton):
        button.setAutoDefault(True)


def fit_height(window: QWidget) -> None:
    """Grow a window to the height its wrapped text needs at its present width.

    Qt sizes a window from its size hint, which ignores height-for-width: word-wrapped labels
    in a dialog would be cut off. Call from ``showEvent`` (and after the text changes).
    """
    layout = window.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    needed = layout.totalHeightForWidth(window.width())
    if needed > window.height():
        window.resize(window.width(), needed)
    from trustrepair.ui.screen_fit import fit_dialog, fit_on_screen  # never past the screen

    if isinstance(window, QDialog):
        fit_dialog(window)
    elif window.isWindow():
        fit_on_screen(window)
