"""The print preview: Qt's own dialog, its toolbar made legible in both themes.

``QPrintPreviewDialog`` draws its toolbar with Qt's built-in icons, drawn for a mid-grey
toolbar: on the light theme's toolbar its white pages with pale outlines (fit width, single
page, facing pages…) hardly showed, and on the dark theme's the greyed-out page arrows and
the magnifiers' black handles were dark on dark. So each icon whose strongest tenth of ink
is below 3:1 against the toolbar (WCAG's contrast for the parts of a control) gets a contour
in the palette's button-text colour, its own colours kept inside; and every icon's greyed-out
form is the icon itself, faded, instead of Qt's darkened one. ``tests/ui/test_preview.py``
checks every icon in both themes, enabled and greyed out.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QToolBar, QWidget

from trustrepair.i18n import tr
from trustrepair.ui.screen_fit import fit_on_screen

LEGIBLE = 3.0
"""The least contrast of an icon's ink against the toolbar (WCAG 1.4.11, non-text)."""


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""
    channels = (colour.redF(), colour.greenF(), colour.blueF())
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def strongest_ink(image: QImage, background: QColor, shape: QImage | None = None) -> float:
    """The contrast the strongest tenth of an icon's ink reaches against ``background``, as
    painted over it (0 for an empty icon): what makes its shape visible.

    The ink is where ``shape`` (by default the image itself) is mostly opaque; a faded,
    greyed-out form is measured over the shape of its normal form.
    """
    shape = shape or image
    ratios = []
    for y in range(image.height()):
        for x in range(image.width()):
            if shape.pixelColor(x, y).alpha() <= 127:
                continue
            pixel = image.pixelColor(x, y)
            alpha = pixel.alphaF()
            blended = QColor.fromRgbF(
                pixel.redF() * alpha + background.redF() * (1 - alpha),
                pixel.greenF() * alpha + background.greenF() * (1 - alpha),
                pixel.blueF() * alpha + background.blueF() * (1 - alpha),
            )
            ratios.append(contrast(blended, background))
    ratios.sort()
    return ratios[int(len(ratios) * 0.9)] if ratios else 0.0


def contoured(pixmap: QPixmap, colour: QColor) -> QPixmap:
    """``pixmap`` with a one-pixel contour of ``colour`` around its shape."""
    silhouette = QPixmap(pixmap)
    painter = QPainter(silhouette)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(silhouette.rect(), colour)
    painter.end()
    result = QPixmap(pixmap.size())
    result.setDevicePixelRatio(pixmap.devicePixelRatio())
    result.fill(QColor(0, 0, 0, 0))
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    # One pixel in from each side, so an icon that fills its square keeps its contour.
    size = QSizeF(pixmap.size()) / pixmap.devicePixelRatio()
    inner = QRectF(QPointF(1, 1), size - QSizeF(2, 2))
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)):
        painter.drawPixmap(inner.translated(dx, dy), silhouette, QRectF(silhouette.rect()))
    painter.drawPixmap(inner, pixmap, QRectF(pixmap.rect()))
    painter.end()
    return result


def faded(pixmap: QPixmap, opacity: float = 0.45) -> QPixmap:
    """``pixmap`` at ``opacity``: a greyed-out icon that still shows its shape."""
    result = QPixmap(pixmap.size())
    result.setDevicePixelRatio(pixmap.devicePixelRatio())
    result.fill(QColor(0, 0, 0, 0))
    painter = QPainter(result)
    painter.setOpacity(opacity)
    painter.drawPixmap(QPointF(0, 0), pixmap)
    painter.end()
    return result


def legible_icon(icon: QIcon, size: QSize, background: QColor, ink: QColor) -> QIcon:
    """``icon``, contoured where it does not stand out, with a faded greyed-out form."""
    result = QIcon()
    for scale in (1, 2):
        pixmap = icon.pixmap(size * scale)
        if pixmap.isNull():
            continue
        if strongest_ink(icon.pixmap(size).toImage(), background) < LEGIBLE:
            pixmap = contoured(pixmap, ink)
        result.addPixmap(pixmap, QIcon.Mode.Normal)
        result.addPixmap(pixmap, QIcon.Mode.Active)
        result.addPixmap(faded(pixmap), QIcon.Mode.Disabled)
    return result


def legible_toolbars(window: QWidget) -> None:
    """Give the toolbar icons of ``window`` contours where needed and faded greyed-out forms."""
    palette = window.palette()
    background = palette.color(QPalette.ColorRole.Window)
    ink = palette.color(QPalette.ColorRole.ButtonText)
    for bar in window.findChildren(QToolBar):
        size = bar.iconSize()
        for action in bar.actions():
            if not action.icon().isNull():
                action.setIcon(legible_icon(action.icon(), size, background, ink))


def make_preview(printer: QPrinter, parent: QWidget | None) -> QPrintPreviewDialog:
    """The print preview of ``printer``, legible and on the screen (paint it on
    ``paintRequested``)."""
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(tr("Preview"))
    legible_toolbars(dialog)
    fit_on_screen(dialog)
    return dialog
