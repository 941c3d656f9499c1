"""The print preview in both themes: every toolbar icon stands out, enabled or greyed out,
and the zoom box shows its value whole."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QIcon, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QComboBox, QToolBar

from tests.ui.test_themes import themed  # noqa: F401  (the fixture: each test in both themes)
from trustrepair.ui.preview import LEGIBLE, make_preview, strongest_ink

GREYED = 1.5
"""Greyed-out icons are exempt from contrast rules; they must still show their shape."""

PRINTERS: list[QPrinter] = []
"""The printers of the previews made here (a preview holds its printer, never owns it)."""


def _shown(qtbot: Any, dialog: QPrintPreviewDialog) -> QPrintPreviewDialog:
    qtbot.addWidget(dialog)

    def two_pages(printer: QPrinter) -> None:
        painter = QPainter(printer)
        painter.drawText(100, 100, "One")
        printer.newPage()
        painter.drawText(100, 100, "Two")
        painter.end()

    dialog.paintRequested.connect(two_pages)
    dialog.resize(900, 600)
    dialog.show()
    QApplication.processEvents()
    return dialog


def _preview(qtbot: Any, legible: bool = True) -> QPrintPreviewDialog:
    PRINTERS.append(QPrinter())
    if legible:
        return _shown(qtbot, make_preview(PRINTERS[-1], None))
    return _shown(qtbot, QPrintPreviewDialog(PRINTERS[-1]))


def weak_icons(dialog: QPrintPreviewDialog) -> list[str]:
    """The toolbar icons that do not stand out against the toolbar as it is painted."""
    (bar,) = dialog.findChildren(QToolBar)
    painted = bar.grab().toImage()
    behind = painted.pixelColor(painted.width() - 3, painted.height() // 2)
    weak = []
    for action in bar.actions():
        icon = action.icon()
        if icon.isNull():
            continue
        shape = icon.pixmap(bar.iconSize()).toImage()
        for mode, least in ((QIcon.Mode.Normal, LEGIBLE), (QIcon.Mode.Disabled, GREYED)):
            image = icon.pixmap(bar.iconSize(), mode).toImage()
            reached = strongest_ink(image, behind, shape)
            if reached < least:
                weak.append(f"{action.text()!r} ({mode.name}): {reached:.1f}:1")
    return weak


def test_every_toolbar_icon_stands_out(qtbot: Any, themed: str) -> None:  # noqa: F811
    """Each icon's shape reaches 3:1 against the toolbar; greyed out, it still shows."""
    assert weak_icons(_preview(qtbot)) == []


def test_qts_own_icons_did_not(qtbot: Any, themed: str) -> None:  # noqa: F811
    """Qt's icons as they come: pale pages on the light toolbar fall short (so the test above
    means something); on the dark one they pass this measure, and only their greyed-out forms
    were dark on dark (now faded instead)."""
    assert (weak_icons(_preview(qtbot, legible=False)) != []) is (themed == "light")


def test_the_zoom_box_shows_its_value_whole(qtbot: Any, themed: str) -> None:  # noqa: F811
    """The zoom factor fits inside its box, and the box inside the toolbar."""
    dialog = _preview(qtbot)
    (bar,) = dialog.findChildren(QToolBar)
    (zoom,) = bar.findChildren(QComboBox)
    editor = zoom.lineEdit()
    assert editor is not None
    room = editor.contentsRect().width() - editor.textMargins().left()
    for text in ("100.0%", editor.text()):
        assert editor.fontMetrics().horizontalAdvance(text) <= room, text
    assert bar.rect().contains(zoom.geometry())
