"""Paints a chart :class:`~trustrepair.reports.chart.Drawing` with ``QPainter``.

The same drawing the HTML summaries get as SVG: on the Over time screen (:class:`ChartView`)
and in PDF pages, where :class:`ChartObject` draws it as a text object inside Qt's layout, so
lines and labels stay vector in the file (Qt's HTML engine cannot draw SVG itself).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPyTextObject,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from trustrepair.reports.chart import (
    CHART_SCHEME,
    GRID,
    INK,
    MUTED,
    Box,
    Dot,
    Drawing,
    Label,
    Stroke,
    decode,
)

log = logging.getLogger(__name__)

CHART_OBJECT = QTextFormat.ObjectTypes.UserObject + 7
CHART_PROPERTY = QTextFormat.Property.UserProperty + 7


def screen_colours(palette: QPalette) -> dict[str, QColor]:
    """The drawing's neutral inks (text, axis labels, grid) in the window's own colours.

    A drawing is made for paper, dark on white; on a dark screen its labels would be dark on
    dark. The series' colours stay as they are (chosen to be told apart in either theme).
    """
    text = palette.color(QPalette.ColorRole.WindowText)
    ground = palette.color(QPalette.ColorRole.Window)
    return {INK: text, MUTED: _mix(text, ground, 0.25), GRID: _mix(text, ground, 0.85)}


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    keep = 1.0 - share_of_b
    return QColor(
        round(a.red() * keep + b.red() * share_of_b),
        round(a.green() * keep + b.green() * share_of_b),
        round(a.blue() * keep + b.blue() * share_of_b),
    )


def paint_drawing(
    painter: QPainter,
    drawing: Drawing,
    rect: QRectF,
    colours: Mapping[str, QColor] | None = None,
) -> None:
    """Draw ``drawing`` scaled into ``rect`` (aspect kept, top-left aligned); ``colours``
    replaces the drawing's own colours where it names them (on screen: the theme's)."""
    if drawing.width <= 0 or drawing.height <= 0:
        return
    swap = colours or {}

    def colour(name: str) -> QColor:
        return swap.get(name) or QColor(name)

    scale = min(rect.width() / drawing.width, rect.height() / drawing.height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(rect.topLeft())
    painter.scale(scale, scale)
    font = QFont("DejaVu Sans")
    for item in drawing.items:
        if isinstance(item, Stroke):
            pen = QPen(colour(item.color), item.width)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            if item.dash:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath(QPointF(*item.points[0]))
            for point in item.points[1:]:
                path.lineTo(QPointF(*point))
            painter.drawPath(path)
        elif isinstance(item, Dot):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour(item.color))
            painter.drawEllipse(QPointF(item.x, item.y), item.r, item.r)
        elif isinstance(item, Box):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.fillRect(QRectF(item.x, item.y, item.w, item.h), colour(item.color))
        elif isinstance(item, Label):
            font.setPixelSize(max(1, round(item.size)))
            painter.setFont(font)
            painter.setPen(colour(item.color))
            width = painter.fontMetrics().horizontalAdvance(item.text)
            x = item.x
            if item.anchor == "middle":
                x -= width / 2
            elif item.anchor == "end":
                x -= width
            painter.drawText(QPointF(x, item.y), item.text)
    painter.restore()


class ChartView(QWidget):
    """A chart on screen: the drawing scaled to the widget's width."""

    def __init__(self, drawing: Drawing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawing = drawing
        self.setAccessibleName(drawing.description)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(int(drawing.height * 0.6))

    def set_drawing(self, drawing: Drawing) -> None:
        """Show another drawing."""
        self.drawing = drawing
        self.setAccessibleName(drawing.description)
        self.update()

    def hasHeightForWidth(self) -> bool:
        """Keep the drawing's shape."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height that keeps the drawing's shape at ``width``."""
        return round(width * self.drawing.height / max(1.0, self.drawing.width))

    def sizeHint(self) -> QSize:
        """The drawing's own size."""
        return QSize(round(self.drawing.width), round(self.drawing.height))

    def paintEvent(self, _event: object) -> None:
        """Draw the chart."""
        painter = QPainter(self)
        try:
            paint_drawing(
                painter, self.drawing, QRectF(self.rect()), screen_colours(self.palette())
            )
        finally:
            painter.end()


class ChartObject(QPyTextObject):
    """Draws a chart inside a ``QTextDocument`` (printed summaries), with ``QPainter``."""

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:
        """The chart's size on the page: the width of the text, the drawing's shape."""
        drawing = _drawing_of(fmt)
        if drawing is None:
            return QSizeF(0, 0)
        width = doc.pageSize().width() if doc.pageSize().width() > 0 else drawing.width
        width = min(width, doc.textWidth() if doc.textWidth() > 0 else width)
        return QSizeF(width, width * drawing.height / drawing.width)

    def drawObject(
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        doc: QTextDocument,
        pos: int,
        fmt: QTextFormat,
    ) -> None:
        """Paint the chart into ``rect``."""
        drawing = _drawing_of(fmt)
        if drawing is not None:
            paint_drawing(painter, drawing, QRectF(rect))


def _drawing_of(fmt: QTextFormat) -> Drawing | None:
    token = fmt.property(CHART_PROPERTY)
    if not isinstance(token, str):
        return None
    try:
        return decode(token)
    except ValueError:
        return None


def install_charts(document: QTextDocument) -> int:
    """Turn every ``<img src="trustrepair-chart:…">`` of ``document`` into a drawn chart.

    Returns how many were found. Anything else stays as it is (and loads nothing).
    """
    register(document)
    found = 0
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                name = fmt.toImageFormat().name()
                if name.startswith(CHART_SCHEME):
                    chart = QTextCharFormat()
                    chart.setObjectType(CHART_OBJECT)
                    chart.setProperty(CHART_PROPERTY, name[len(CHART_SCHEME) :])
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(
                        fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                    )
                    cursor.insertText("\ufffc", chart)
                    found += 1
            it += 1
        block = block.next()
    return found


_handler: ChartObject | None = None


def chart_handler() -> ChartObject:
    """The one chart drawer every printed document shares (made on first use)."""
    global _handler
    if _handler is None:
        _handler = ChartObject()
    return _handler


def register(document: QTextDocument) -> None:
    """Let ``document`` draw chart objects (a summary, or a copied part of one)."""
    document.documentLayout().registerHandler(CHART_OBJECT, chart_handler())
