"""Summaries on paper: Qt lays the HTML out in pages, we draw each page with a footer.

QTextDocument has no page numbers, so each page is painted by hand: the document is laid out
once with a fixed page size at :data:`LAYOUT_DPI`, then every page is translated, clipped and
drawn, followed by a footer "page N of M". The same code paints into a ``QPdfWriter`` (PDF
files, also headless for the command line) and a ``QPrinter`` (print and print preview).

Qt lays a document out only down to :data:`QT_LAYOUT_LIMIT`; everything below was silently
never drawn (a 100,000-answer summary stopped after 2,797 pages). A longer summary is cut into
volumes, each its own document under :data:`VOLUME_HEIGHT`, painted one after the other into
the same file with one page count; see :func:`paginate_in_volumes`.

This module only needs a ``QGuiApplication``; :func:`ensure_gui_application` makes one
(offscreen when there is no display) so ``trustrepair summary --out x.pdf`` works in a shell.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
    QTextOption,
)

from trustrepair.errors import StorageError, UserFacingError, write_failure
from trustrepair.files import write_atomic_bytes
from trustrepair.i18n import ngettext, tr
from trustrepair.reports.context import Paper
from trustrepair.ui import protect_singleton_refcounts
from trustrepair.ui.chart_painter import install_charts
from trustrepair.ui.chart_painter import register as register_charts
from trustrepair.ui.plain import NoResourceDocument

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

LINE_SEPARATOR = "\u2028"
"""How QTextDocument holds a ``<br>`` inside a paragraph."""

QT_LAYOUT_LIMIT = (2**31 - 1) // 256
"""How far down Qt lays a document out (layout pixels; ``QFIXED_MAX`` in Qt's sources).

Text positions are 26.6 fixed-point numbers, and the document layout stops at this height:
8,388,607 pixels, 2,796 A4 pages at :data:`LAYOUT_DPI`. Blocks below it keep no lines, and
drawing them draws nothing.
"""

VOLUME_HEIGHT = 8_000_000.0
"""The tallest one volume of a summary may be once paginated (layout pixels, under the limit)."""

VOLUME_FILL = 0.8
"""The first volume is cut where the plain layout reaches this share of :data:`VOLUME_HEIGHT`:
moving headings to the next page (:func:`keep_headings_with_next`) adds blank space. Later
cuts learn from how much the previous volume grew."""

WHOLE_FILL = 0.5
"""A document whose plain layout is under this share of :data:`VOLUME_HEIGHT` is one volume."""


class SummaryTooLong(UserFacingError):
    """A summary cannot be laid out on paper (one answer alone is longer than a volume)."""


_app: QGuiApplication | None = None


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new headless one (for the command line)."""
    global _app
    protect_singleton_refcounts()
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
    """One volume of a summary, laid out in pages of a given printable size.

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
    clip_tops: list[float] = field(default_factory=list)  # see page_clip_tops

    @property
    def page_count(self) -> int:
        """How many pages this volume takes."""
        return self.document.pageCount()

    def paint_page(self, painter: QPainter, index: int, number: int, pages: int) -> None:
        """Draw page ``index`` of this volume with the footer "page ``number`` of ``pages``"."""
        height = self.body.height()
        painter.save()
        painter.translate(0, -index * height)
        clip = QRectF(0, index * height, self.body.width(), height)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        # What Qt draws is chosen by this clip; what shows is cut by the painter's. Paragraphs
        # are split at page edges (split_blocks_at_page_edges) and the clip starts below the
        # boxes of paragraphs that ended on the previous page, so each line is emitted once.
        top = self.clip_tops[index] if index < len(self.clip_tops) else clip.top() + EDGE_INSET
        context.clip = QRectF(0, top, clip.width(), clip.bottom() - EDGE_INSET - top)
        self.document.documentLayout().draw(painter, context)
        painter.restore()
        self._paint_footer(painter, number, pages)

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
        page_label = ngettext("page {number} of {pages}", "page {number} of {pages}", pages).format(
            number=number, pages=pages
        )
        painter.drawText(text_rect, int(flags | Qt.AlignmentFlag.AlignRight), page_label)
        painter.restore()


@dataclass
class PagedSummary:
    """A whole summary: one or more volumes, numbered as one run of pages.

    Attributes:
        volumes: the parts, in order, each laid out completely (see :data:`VOLUME_HEIGHT`).
    """

    volumes: list[PagedDocument]

    @property
    def page_count(self) -> int:
        """How many pages the summary takes, all volumes together."""
        return sum(volume.page_count for volume in self.volumes)

    def paint(
        self, device: QPagedPaintDevice, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Draw every page of every volume onto ``device`` (its painter origin is the printable
        area), one after the other.

        Returns:
            The number of pages drawn.

        Raises:
            StorageError: the device could not be painted on, or failed to finish.
        """
        painter = QPainter()
        if not painter.begin(device):
            raise StorageError(tr("The summary could not be written or printed."))
        pages = self.page_count
        number = 0
        try:
            scale = device.logicalDpiY() / LAYOUT_DPI
            painter.scale(scale, scale)
            for volume in self.volumes:
                for index in range(volume.page_count):
                    if number:
                        device.newPage()
                    number += 1
                    volume.paint_page(painter, index, number, pages)
                    if progress is not None:
                        progress(number, pages)
        finally:
            finished = painter.end()
        if not finished:
            raise StorageError(tr("The summary could not be written or printed."))
        return number


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 90 else flat[:89] + "…"


def lay_out(html: str, layout: QPageLayout, footer_text: str = "") -> PagedSummary:
    """Lay ``html`` out in pages for ``layout`` (a page size with margins), in volumes.

    Raises:
        SummaryTooLong: one answer alone is longer than a volume can hold.
    """
    ensure_gui_application()
    paint_mm = layout.paintRect(QPageLayout.Unit.Millimeter)
    width = _mm_to_layout(paint_mm.width())
    footer = _mm_to_layout(FOOTER_MM)
    body = QSizeF(width, _mm_to_layout(paint_mm.height()) - footer)
    # A reference device at LAYOUT_DPI so point sizes and the stylesheet's px agree.
    reference, buffer = _reference_device()
    whole = WHOLE_FILL
    while True:
        document = _new_document(reference, body)
        document.setHtml(html)
        install_charts(document)
        _directions_from_content(document)
        try:
            parts = paginate_in_volumes(document, whole)
        except _GrewTooTall:
            whole /= 2  # only for content that more than doubles when paginated
            continue
        if len(parts) > 1:
            log.info("laid a summary out in %d volumes", len(parts))
        keep = (reference, buffer)
        return PagedSummary(
            [PagedDocument(p, body, footer, footer_text, keep, page_clip_tops(p)) for p in parts]
        )


class _GrewTooTall(Exception):
    """The last volume, paginated in place, outgrew VOLUME_HEIGHT."""


def paginate_in_volumes(document: QTextDocument, whole: float = WHOLE_FILL) -> list[QTextDocument]:
    """Paginate ``document``, cut into volumes that Qt lays out completely.

    Qt stops laying a document out at :data:`QT_LAYOUT_LIMIT`. A document whose plain layout
    is under ``whole`` × :data:`VOLUME_HEIGHT` is paginated as it is (every ordinary
    summary: moving headings to the next page never doubles its length). A longer one is cut
    before an exercise's or a stage's heading where its layout reaches a share of
    :data:`VOLUME_HEIGHT`; each front part becomes its own document and is paginated; if it
    came out too tall it is cut again shorter (the rest of ``document`` is untouched until
    its front is taken). The last part is ``document`` itself.

    Raises:
        SummaryTooLong: no cut could be made (one paragraph alone is taller than a volume).
        _GrewTooTall: the last part outgrew a volume while paginated in place.
    """
    parts: list[QTextDocument] = []
    fill = VOLUME_FILL
    while _laid_out_height(document) > VOLUME_HEIGHT * whole:
        target = VOLUME_HEIGHT * fill
        cut = _volume_cut(document, target)
        if cut is None:
            pages = int(target // document.pageSize().height())
            raise SummaryTooLong(
                ngettext(
                    "This summary cannot be laid out on paper: one answer in it alone would "
                    "fill more than {pages} page. Save it as HTML instead, or leave that "
                    "answer out.",
                    "This summary cannot be laid out on paper: one answer in it alone would "
                    "fill more than {pages} pages. Save it as HTML instead, or leave that "
                    "answer out.",
                    pages,
                ).format(pages=pages)
            )
        front = _copy_front(document, cut)
        plain = _laid_out_height(front)
        _paginate(front)
        paginated = _laid_out_height(front)
        # The next cut leaves as much room as this part's headings took, and a little more.
        fill = min(VOLUME_FILL * 1.1, 0.95 * plain / paginated)
        if paginated > VOLUME_HEIGHT:
            continue  # cut again, shorter; nothing was taken yet
        parts.append(front)
        _drop_front(document, cut)
    _paginate(document)
    if _laid_out_height(document) > VOLUME_HEIGHT:
        raise _GrewTooTall
    parts.append(document)
    return parts


def _paginate(document: QTextDocument) -> None:
    keep_headings_with_next(document)
    split_blocks_at_page_edges(document)


def _new_document(reference: QPaintDevice, body: QSizeF) -> QTextDocument:
    """An empty document set up for summaries: metrics of ``reference``, pages of ``body``."""
    document = NoResourceDocument()  # an <img src> in a template never reads a file
    document.setUndoRedoEnabled(False)  # edits here are never undone; the stack only costs
    document.documentLayout().setPaintDevice(reference)
    document.setDocumentMargin(0)
    document.setUseDesignMetrics(True)
    option = QTextOption()
    # Very long unbroken words wrap anywhere instead of running off the page.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setPageSize(body)
    register_charts(document)  # a chart copied into a volume is drawn there too
    return document


def _laid_out_height(document: QTextDocument) -> float:
    """The height of ``document`` once laid out (at most a little over QT_LAYOUT_LIMIT)."""
    document.pageCount()  # layout is lazy; this lays out everything Qt will
    return float(document.documentLayout().documentSize().height())


def _volume_cut(document: QTextDocument, height: float) -> int | None:
    """Where to cut ``document`` so that the part before ends above ``height``; None: nowhere.

    Before the last heading in the lower half of that part, or else before the last plain
    paragraph (never inside a list or a table, never where nothing was laid out).
    """
    layout = document.documentLayout()
    position = layout.hitTest(QPointF(0, height), Qt.HitTestAccuracy.FuzzyHit)
    block = document.findBlock(max(position, 0))
    lowest = height / 2
    fallback: int | None = None
    while block.isValid() and block.position() > 0:
        if block.layout().lineCount() and _is_plain_block(block):
            top = layout.blockBoundingRect(block).top()
            if top <= height and _is_plain_block(block.previous()):
                if block.blockFormat().headingLevel() > 0 and top >= lowest:
                    return block.position()
                if fallback is None:
                    fallback = block.position()
            if top < lowest and fallback is not None:
                break
        block = block.previous()
    return fallback


def _is_plain_block(block: QTextBlock) -> bool:
    """Whether ``block`` sits directly in the document (in no table and no list)."""
    if block.textList() is not None:
        return False
    cursor = QTextCursor(block)
    return cursor.currentTable() is None and cursor.currentFrame() == block.document().rootFrame()


def _copy_front(document: QTextDocument, cut: int) -> QTextDocument:
    """A new document holding everything before position ``cut`` (a block's start)."""
    cursor = QTextCursor(document)
    cursor.setPosition(0)
    cursor.setPosition(cut - 1, QTextCursor.MoveMode.KeepAnchor)  # up to the block separator
    front = _new_document(document.documentLayout().paintDevice(), document.pageSize())
    front.rootFrame().setFrameFormat(document.rootFrame().frameFormat())
    QTextCursor(front).insertFragment(QTextDocumentFragment(cursor))
    return front


def _drop_front(document: QTextDocument, cut: int) -> None:
    """Remove everything before position ``cut`` (a block's start) from ``document``."""
    first = document.findBlock(cut)
    char_format, block_format = first.charFormat(), first.blockFormat()
    cursor = QTextCursor(document)
    cursor.setPosition(0)
    cursor.setPosition(cut, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    # The new first block keeps its paragraph format but takes its block character format
    # from the text removed before it; and a page break before it would start a blank page.
    block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
    cursor.setBlockFormat(block_format)
    cursor.setBlockCharFormat(char_format)
    # Qt relays out only the changed part and moves the rest up, blocks it had never laid
    # out (below QT_LAYOUT_LIMIT) included, which then have no lines: lay out all of it anew.
    document.markContentsDirty(0, document.characterCount())


def _directions_from_content(document: QTextDocument) -> None:
    """Let every paragraph take its direction from its own first strong character.

    Qt's HTML reader turns ``dir="auto"`` (and, in these templates, even paragraphs without
    it) into left-to-right, so a Hebrew or Arabic answer came out left-aligned with its
    punctuation at the wrong end. The templates never ask for a fixed direction.
    """
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    block = document.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.layoutDirection() != Qt.LayoutDirection.LayoutDirectionAuto:
            fmt.setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)
        block = block.next()
    cursor.endEditBlock()


KEEP_WITH_HEADING = 4
"""How many blocks after a heading must start on its page (status, title, prompt, answer)."""


def _blocks(document: QTextDocument, *, laid_out: bool = False) -> Iterator[QTextBlock]:
    """Every block of ``document`` in order; with ``laid_out``, the whole document is laid
    out first (Qt's layout is otherwise lazy)."""
    if laid_out:
        document.pageCount()
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def _keep_one_pass(
    document: QTextDocument, layout: QAbstractTextDocumentLayout, height: float
) -> int:
    orphans: list[QTextBlock] = []
    for block in _blocks(document, laid_out=True):
        fmt = block.blockFormat()
        if fmt.headingLevel() > 0 and not _starts_page(layout, block, height):
            follower = block
            for _ in range(KEEP_WITH_HEADING):
                following = follower.next()
                if not following.isValid() or following.blockFormat().headingLevel() > 0:
                    break  # a short part ends at the next heading, which may move alone
                follower = following
            if _page_of(layout, follower, height) > _page_of(layout, block, height) or (
                fmt.headingLevel() <= 2 and _short_part_split(layout, block, height)
            ):
                orphans.append(block)
    if not orphans:
        return 0
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for block in orphans:
        fmt = block.blockFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        cursor.setPosition(block.position())
        cursor.setBlockFormat(fmt)
    cursor.endEditBlock()
    return len(orphans)


def keep_headings_with_next(document: QTextDocument, passes: int = 6) -> int:
    """Move a heading left alone at the foot of a page to the top of the next one.

    Qt has no ``page-break-after: avoid``; a heading (an exercise's title) whose next
    :data:`KEEP_WITH_HEADING` blocks start on a later page gets a page break before it. Only
    the heading's own blocks count: a short part (an earlier time with one answer) is never
    moved because the heading after it was, or every one of a thousand would take a page.

    Returns:
        How many headings were moved.
    """
    return _in_passes(document, passes, _keep_one_pass)


def _in_passes(
    document: QTextDocument,
    passes: int,
    one_pass: Callable[[QTextDocument, QAbstractTextDocumentLayout, float], int],
) -> int:
    """``one_pass`` over the laid-out document until it changes nothing (at most ``passes``
    times); how many changes it made in all."""
    height = document.pageSize().height()
    if height <= 0:
        return 0
    layout = document.documentLayout()
    total = 0
    for _ in range(passes):
        changed = one_pass(document, layout, height)
        if not changed:
            break
        total += changed
    return total


def _short_part_split(
    layout: QAbstractTextDocumentLayout, heading: QTextBlock, height: float
) -> bool:
    """Whether ``heading`` starts the document's last part, which fits a page yet crosses one.

    That part (the signatures of an agreement) reads best whole on the next page. Earlier
    parts flow on: stages already start their own pages.
    """
    end = heading.next()
    while end.isValid():
        if 0 < end.blockFormat().headingLevel() <= 2:
            return False
        end = end.next()
    top = layout.blockBoundingRect(heading).top()
    bottom = layout.documentSize().height()
    first = _page_of(layout, heading, height)
    return bottom - top <= height and int((bottom - EDGE_INSET) // height) > first


def _page_of(layout: QAbstractTextDocumentLayout, block: QTextBlock, height: float) -> int:
    text_layout = block.layout()
    first = text_layout.lineAt(0).y() if text_layout.lineCount() else 0.0
    return int((layout.blockBoundingRect(block).top() + first + EDGE_INSET) // height)


def _starts_page(layout: QAbstractTextDocumentLayout, block: QTextBlock, height: float) -> bool:
    previous = block.previous()
    return not previous.isValid() or _page_of(layout, previous, height) < _page_of(
        layout, block, height
    )


def _split_one_pass(
    document: QTextDocument, layout: QAbstractTextDocumentLayout, height: float
) -> int:
    cuts: list[tuple[QTextBlock, int, float]] = []
    for block in _blocks(document, laid_out=True):
        cuts.extend((block, *cut) for cut in _page_edge_cuts(layout, block, height))
    log.debug("page-edge pass: %d paragraph(s) to split", len(cuts))
    if not cuts:
        return 0
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # one relayout for all splits, not one per edit
    for block, position, y in reversed(cuts):  # from the end, so positions stay valid
        _split_block(cursor, block, position, y)
    cursor.endEditBlock()
    for block in _blocks(document):
        fmt = block.blockFormat()
        if fmt.hasProperty(_WANTED_Y):  # (property() of a missing key crashes PySide)
            _keep_first_line_at(block, fmt.doubleProperty(_WANTED_Y))
    return len(cuts)


def split_blocks_at_page_edges(document: QTextDocument, passes: int = 3) -> int:
    """Split every paragraph that runs over a page edge into two, exactly at that edge.

    Qt's paged layout already moves a line that would straddle an edge onto the next page,
    but ``QTextLayout::draw`` always starts one line *before* the clip rectangle, so drawing
    a page also emits the previous page's last line of a paragraph crossing the edge: clipped
    away on paper, yet still in the PDF's text (pdftotext, search and copy showed it twice).
    Once each part of such a paragraph is its own block, a page's drawing starts no block
    above its clip (see :func:`page_clip_tops` for the rest), and every line is emitted once.

    The continuation keeps the paragraph's format (direction, alignment, line height), with
    no first-line indent, and leaves any list so that no second bullet appears (Qt then
    indents it like the list's text). Its top margin is set so that its first line stays
    exactly where it was; a further pass checks that nothing else moved.

    Returns:
        How many paragraphs were split.
    """
    return _in_passes(document, passes, _split_one_pass)


def _page_edge_cuts(
    layout: QAbstractTextDocumentLayout, block: QTextBlock, height: float
) -> list[tuple[int, float]]:
    """Where ``block`` crosses onto later pages: document position and y of each such line."""
    text_layout = block.layout()
    if text_layout is None or text_layout.lineCount() < 2:
        return []
    top = layout.blockBoundingRect(block).top()  # line.y() counts from here (margin included)
    page = int((top + text_layout.lineAt(0).y() + EDGE_INSET) // height)
    cuts: list[tuple[int, float]] = []
    for index in range(1, text_layout.lineCount()):
        line = text_layout.lineAt(index)
        y = top + line.y()
        line_page = int((y + EDGE_INSET) // height)
        if line_page != page:
            cuts.append((block.position() + line.textStart(), y))
            page = line_page
    return cuts


def _split_block(cursor: QTextCursor, block: QTextBlock, position: int, y: float) -> None:
    original = block.blockFormat()
    direction = block.textDirection()
    cursor.setPosition(position - 1)
    cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
    if cursor.selectedText() == LINE_SEPARATOR:  # a <br>: the new block replaces it
        cursor.removeSelectedText()
    else:
        cursor.setPosition(position)
    head = QTextBlockFormat(original)
    head.setBottomMargin(0)
    cursor.setBlockFormat(head)
    tail = QTextBlockFormat(original)
    tail.setTopMargin(0)
    tail.setTextIndent(0)
    tail.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
    tail.setLayoutDirection(direction)
    tail.setProperty(_WANTED_Y, float(y))
    if original.objectIndex() >= 0 and block.layout().lineCount():
        # A list item: the continuation leaves the list (no second bullet) and keeps the
        # item's text edge. (Not via QTextList: with PySide6 6.12, touching list objects
        # here crashes the interpreter at exit.)
        tail.setObjectIndex(-1)
        tail.setLeftMargin(block.layout().lineAt(0).x())
    cursor.insertBlock(tail, cursor.charFormat())


_WANTED_Y = QTextFormat.Property.UserProperty + 1
"""On a block made by :func:`_split_block`: where its first line was before the split."""


def _keep_first_line_at(block: QTextBlock, y: float) -> None:
    """Give a continuation block the top margin that puts its first line back at ``y``."""
    layout = block.document().documentLayout()  # blockBoundingRect lays out up to block
    text_layout = block.layout()
    if text_layout is None or text_layout.lineCount() == 0:
        return
    actual = layout.blockBoundingRect(block).top() + text_layout.lineAt(0).y()
    if abs(actual - y) <= EDGE_INSET / 2:
        return
    fmt = block.blockFormat()
    fmt.setTopMargin(max(0.0, fmt.topMargin() + y - actual))
    fmt.clearProperty(_WANTED_Y)
    QTextCursor(block).setBlockFormat(fmt)


def page_clip_tops(document: QTextDocument) -> list[float]:
    """Per page, where Qt's drawing may start without reaching back to the previous page.

    A paragraph's box ends one line advance below its last line (line height 135%), which
    can reach a little past the page edge; a page's drawing clip starts below such boxes, so
    no block that ended on the previous page is drawn (and re-emits its last line) again.
    """
    height = document.pageSize().height()
    pages = document.pageCount()
    tops = [index * height for index in range(pages)]
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        text_layout = block.layout()
        if text_layout is not None and text_layout.lineCount():
            rect = layout.blockBoundingRect(block)
            last = text_layout.lineAt(text_layout.lineCount() - 1)
            page = int((rect.top() + last.y() + EDGE_INSET) // height)
            natural_bottom = rect.top() + last.y() + last.height()
            if page + 1 < pages and rect.bottom() > tops[page + 1] >= natural_bottom:
                tops[page + 1] = max(tops[page + 1], rect.bottom())
        block = block.next()
    return [top + EDGE_INSET for top in tops]


def _reference_device() -> tuple[QPdfWriter, QBuffer]:
    """A never-painted PDF writer at LAYOUT_DPI, only used for font metrics."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(LAYOUT_DPI)
    return writer, buffer


def write_pdf(
    html: str,
    path: Path,
    paper: Paper,
    *,
    title: str = "",
    footer_text: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write ``html`` as a PDF at ``path``: every page, or nothing.

    The PDF is made in memory (Qt's writer does not report a failed write), then replaced
    whole through :func:`trustrepair.files.write_atomic_bytes`; when this returns, the file
    is completely on disk.

    Returns:
        The number of pages.

    Raises:
        StorageError: the file could not be written (nothing was).
        SummaryTooLong: the summary cannot be laid out on paper (nothing was written).
    """
    ensure_gui_application()
    layout = page_layout(paper)
    paged = lay_out(html, layout, footer_text)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(LAYOUT_DPI)
    writer.setPageLayout(layout)
    writer.setTitle(title)
    writer.setCreator("trustrepair")
    pages = paged.paint(writer, progress)
    del writer, paged  # the writer finished the file at the painter's end
    data = bytes(buffer.data().data())
    buffer.close()
    try:
        write_atomic_bytes(Path(path), data)
    except OSError as exc:
        raise StorageError(
            tr("Could not save the summary to {path}: {reason}.").format(
                path=path, reason=write_failure(exc)
            )
        ) from exc
    log.info("wrote a summary PDF of %d pages", pages)
    return pages


def paint_on(html: str, device: QPagedPaintDevice, footer_text: str = "") -> int:
    """Lay out ``html`` for ``device``'s own page layout (a printer) and draw it there."""
    paged = lay_out(html, device.pageLayout(), footer_text)
    return paged.paint(device)
