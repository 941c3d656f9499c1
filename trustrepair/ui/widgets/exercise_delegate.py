"""How an exercise looks in a list: its title in bold, the summary, then minutes and status."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

TITLE_ROLE = Qt.ItemDataRole.UserRole + 10
"""The exercise title (with its status mark)."""
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 11
"""The one-line summary."""
FACTS_ROLE = Qt.ItemDataRole.UserRole + 12
"""Minutes, status and notes such as "for two people"."""
DIMMED_ROLE = Qt.ItemDataRole.UserRole + 13
"""True for an exercise that cannot be opened yet."""

PAD_X = 14
PAD_Y = 10
GAP = 3
_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

Index = QModelIndex | QPersistentModelIndex
HeightKey = tuple[str, int, str, str, str]
HEIGHTS_KEPT = 4096
"""How many rows' measured heights a delegate keeps (a desk of a few hundred clients, a
library of a few hundred exercises, at a few widths): filtering or sorting a list lays its
rows out again, and measuring wrapped text is most of that work."""


def _fonts(base: QFont) -> tuple[QFont, QFont, QFont]:
    title = QFont(base)
    title.setWeight(QFont.Weight.DemiBold)
    title.setPointSizeF(base.pointSizeF() * 1.06)
    facts = QFont(base)
    facts.setPointSizeF(base.pointSizeF() * 0.9)
    return title, QFont(base), facts


class ExerciseDelegate(QStyledItemDelegate):
    """Paints three lines per exercise, wrapping to the list's width; the rest is the style's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._measured: dict[HeightKey, list[int]] = {}
        """Heights by font, width and the three texts: the same row measures the same."""

    def _parts(self, index: Index) -> tuple[str, str, str]:
        return (
            str(index.data(TITLE_ROLE) or index.data(Qt.ItemDataRole.DisplayRole) or ""),
            str(index.data(SUMMARY_ROLE) or ""),
            str(index.data(FACTS_ROLE) or ""),
        )

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width()
        widget = option.widget
        if isinstance(widget, QListView):
            width = widget.viewport().width() - 2 * widget.spacing()
        elif isinstance(widget, QAbstractItemView):
            width = widget.viewport().width()
        return max(120, width - 2 * PAD_X)

    def _heights(self, option: QStyleOptionViewItem, index: Index) -> list[int]:
        width = self._text_width(option)
        parts = self._parts(index)
        key = (option.font.key(), width, *parts)
        known = self._measured.get(key)
        if known is not None:
            return known
        heights = []
        for font, text in zip(_fonts(option.font), parts, strict=True):
            if not text:
                heights.append(0)
                continue
            metrics = QFontMetrics(font)
            heights.append(metrics.boundingRect(QRect(0, 0, width, 10_000), _FLAGS, text).height())
        if len(self._measured) >= HEIGHTS_KEPT:
            self._measured.clear()
        self._measured[key] = heights
        return heights

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Tall enough for all three parts at the list's current width.

        Measured with the view's font as it comes: no row sets a font of its own, and the
        style's item options (a dozen look-ups per row) change nothing that is measured.
        """
        heights = self._heights(option, index)
        gaps = GAP * (sum(1 for h in heights if h) - 1)
        return QSize(self._text_width(option) + 2 * PAD_X, sum(heights) + gaps + 2 * PAD_Y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The style's background, border and focus, then the three parts of text."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        heights = self._heights(opt, index)
        opt.text = ""
        widget: QWidget | None = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        # The stylesheet keeps selected rows light, so the ordinary text colour stays readable.
        text_color = opt.palette.color(opt.palette.ColorRole.Text)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if index.data(DIMMED_ROLE) and foreground is not None:
            text_color = QColor(foreground.color() if hasattr(foreground, "color") else foreground)
        muted = QColor(text_color)
        muted.setAlphaF(0.72)

        painter.save()
        try:
            x = opt.rect.left() + PAD_X
            y = opt.rect.top() + PAD_Y
            width = opt.rect.width() - 2 * PAD_X
            colours = (text_color, text_color, muted)
            parts = zip(_fonts(opt.font), self._parts(index), heights, colours, strict=True)
            for font, text, height, colour in parts:
                if not text:
                    continue
                painter.setFont(font)
                painter.setPen(colour)
                painter.drawText(QRect(x, y, width, height), _FLAGS, text)
                y += height + GAP
        finally:
            painter.restore()
