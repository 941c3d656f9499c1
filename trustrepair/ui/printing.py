"""Summaries on paper: Qt lays the HTML out in pages, we draw each page with a footer.

QTextDocument has no page numbers, so each page is painted by hand: the document is laid out
once with a fixed page size at :data:`LAYOUT_DPI`, then every page is translated, clipped and
drawn, followed by a footer "page N of M". The same code paints into a ``QPdfWriter`` (PDF
files, also headless for the command line) and a ``QPrinter`` (print and print preview).

This module only needs a ``QGuiApplication``; :func:`ensure_gui_application` makes one
(offscreen when there is no display) so ``trustrepair summary --out x.pdf`` works in a shell.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextOption,
)

from trustrepair.errors import StorageError
from trustrepair.i18n import tr
from trustrepair.reports.context import Paper

log = logging.getLogger(__name__)

LAYOUT_DPI = 300
"""The resolution summaries are laid out at; painting scales to the real device."""

PAGE_SIZES: dict[Paper, QPageSize.PageSizeId] = {
    Paper.A4: QPageSize.PageSizeId.A4,
    Paper.LETTER: QPageSize.PageSizeId.Letter,
}

MARGINS_MM = QMarginsF(24, 20, 24, 12)
"""Left, top, right, bottom: comfortable margins and a line length that reads well."""

FOOTER_MM = 11.0
"""Room kept at the bottom of the printable area for the footer."""

FOOTER_FONT_PT = 7.5

EDGE_INSET = 0.5
"""Lines that only touch a page's edge belong to the neighbouring page (layout pixels)."""

_app: QGuiApplication | None = None


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new headless one (for the command line)."""
    global _app
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(["trustrepair"])
    return _app


def page_layout(paper: Paper) -> QPageLayout:
    """Portrait page layout for ``paper`` with the summary margins."""
    return QPageLayout(
        QPageSize(PAGE_SIZES[paper]),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def _mm_to_layout(mm: float) -> float:
    return mm / 25.4 * LAYOUT_DPI


@dataclass
class PagedDocument:
    """An HTML summary laid out in pages of a given printable size.

    Attributes:
        document: the laid-out document (units: pixels at LAYOUT_DPI).
        body: size of the text area of one page, in layout pixels.
        footer_height: the footer strip below the text area, in layout pixels.
        footer_text: shown at the bottom left of every page (e.g. title and name).
    """

    document: QTextDocument
    body: QSizeF
    footer_height: float
    footer_text: str
    keepalive: tuple[object, ...] = ()  # the layout's reference device and its buffer

    @property
    def page_count(self) -> int:
        """How many pages the summary takes."""
        return self.document.pageCount()

    def paint(self, device: QPagedPaintDevice) -> int:
        """Draw every page onto ``device`` (its painter origin is the printable area).

        Returns:
            The number of pages drawn.
        """
        painter = QPainter()
        if not painter.begin(device):
            raise StorageError(tr("The summary could not be written or printed."))
        try:
            scale = device.logicalDpiY() / LAYOUT_DPI
            painter.scale(scale, scale)
            pages = self.page_count
            for index in range(pages):
                if index:
                    device.newPage()
                self._paint_page(painter, index, pages)
        finally:
            painter.end()
        return pages

    def _paint_page(self, painter: QPainter, index: int, pages: int) -> None:
        height = self.body.height()
        painter.save()
        painter.translate(0, -index * height)
        clip = QRectF(0, index * height, self.body.width(), height)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        # Known Qt quirk: QTextLayout::draw also emits the one line just above the clip, so
        # a paragraph crossing a page edge leaves that line as clipped (invisible) text at the
        # top of the next page; text extraction may repeat it. What is visible is exact.
        context.clip = clip.adjusted(0, EDGE_INSET, 0, -EDGE_INSET)
        self.document.documentLayout().draw(painter, context)
        painter.restore()
        self._paint_footer(painter, index + 1, pages)

    def _paint_footer(self, painter: QPainter, number: int, pages: int) -> None:
        top = self.body.height() + self.footer_height * 0.35
        width = self.body.width()
        painter.save()
        painter.setClipping(False)
        painter.setPen(QPen(QColor("#c9b79c"), _mm_to_layout(0.2)))
        painter.drawLine(QPointF(0, top), QPointF(width, top))
        font = QFont("DejaVu Sans")
        font.setPixelSize(round(FOOTER_FONT_PT * LAYOUT_DPI / 72))
        painter.setFont(font)
        painter.setPen(QColor("#777777"))
        text_rect = QRectF(0, top + _mm_to_layout(1.2), width, self.footer_height * 0.6)
        flags = Qt.AlignmentFlag.AlignTop
        painter.drawText(
            text_rect, int(flags | Qt.AlignmentFlag.AlignLeft), _one_line(self.footer_text)
        )
        page_label = tr("page {number} of {pages}").format(number=number, pages=pages)
        painter.drawText(text_rect, int(flags | Qt.AlignmentFlag.AlignRight), page_label)
        painter.restore()


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 90 else flat[:89] + "…"


def lay_out(html: str, layout: QPageLayout, footer_text: str = "") -> PagedDocument:
    """Lay ``html`` out in pages for ``layout`` (a page size with margins)."""
    ensure_gui_application()
    paint_mm = layout.paintRect(QPageLayout.Unit.Millimeter)
    width = _mm_to_layout(paint_mm.width())
    footer = _mm_to_layout(FOOTER_MM)
    body = QSizeF(width, _mm_to_layout(paint_mm.height()) - footer)

    document = QTextDocument()
    # A reference device at LAYOUT_DPI so point sizes and the stylesheet's px agree.
    reference, buffer = _reference_device()
    document.documentLayout().setPaintDevice(reference)
    document.setDocumentMargin(0)
    document.setUseDesignMetrics(True)
    option = QTextOption()
    # Very long unbroken words wrap anywhere instead of running off the page.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setHtml(html)
    document.setPageSize(body)
    return PagedDocument(document, body, footer, footer_text, (reference, buffer))


def _reference_device() -> tuple[QPdfWriter, QBuffer]:
    """A never-painted PDF writer at LAYOUT_DPI, only used for font metrics."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(LAYOUT_DPI)
    return writer, buffer


def write_pdf(
    html: str, path: Path, paper: Paper, *, title: str = "", footer_text: str = ""
) -> int:
    """Write ``html`` as a PDF at ``path`` (replaced whole, never half-written).

    Returns:
        The number of pages.

    Raises:
        StorageError: the file could not be written.
    """
    ensure_gui_application()
    layout = page_layout(paper)
    paged = lay_out(html, layout, footer_text)
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(prefix=".summary-", suffix=".pdf", dir=folder)
        os.close(handle)
    except OSError as exc:
        raise StorageError(
            tr("Could not write to {folder}: {reason}").format(folder=folder, reason=exc.strerror)
        ) from exc
    try:
        writer = QPdfWriter(temporary)
        writer.setResolution(LAYOUT_DPI)
        writer.setPageLayout(layout)
        writer.setTitle(title)
        writer.setCreator("trustrepair")
        pages = paged.paint(writer)
        del writer  # flushes and closes the file
        os.replace(temporary, path)
    except OSError as exc:
        raise StorageError(
            tr("Could not save the summary to {path}: {reason}").format(
                path=path, reason=exc.strerror
            )
        ) from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    log.info("wrote a summary PDF of %d pages", pages)
    return pages


def paint_on(html: str, device: QPagedPaintDevice, footer_text: str = "") -> int:
    """Lay out ``html`` for ``device``'s own page layout (a printer) and draw it there."""
    paged = lay_out(html, device.pageLayout(), footer_text)
    return paged.paint(device)
