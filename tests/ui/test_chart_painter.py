"""Charts on screen take the theme's colours for text, axes and grid; paper keeps its own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPalette

from tests.ui.test_contrast import ratio
from trustrepair.reports.chart import GRID, INK, MUTED, Box, Drawing
from trustrepair.ui import theme
from trustrepair.ui.chart_painter import ChartView, paint_drawing, screen_colours


@pytest.mark.parametrize("name", ["light", "dark"])
def test_labels_read_on_either_theme_and_the_grid_stays_faint(qapp: object, name: str) -> None:
    """Labels and axis numbers reach WCAG AA on the window's colour in both themes (the
    drawing's own dark ink would vanish on dark); the grid is a faint line, not a bar."""
    palette = theme.make_palette(name)
    colours = screen_colours(palette)
    ground = palette.color(QPalette.ColorRole.Window).name()
    assert ratio(colours[INK].name(), ground) >= 4.5
    assert ratio(colours[MUTED].name(), ground) >= 4.5
    assert 1.05 < ratio(colours[GRID].name(), ground) < 1.8


def test_the_screen_paints_with_the_theme_and_paper_with_the_drawing(qapp: object) -> None:
    """The same drawing: its ink on paper, the theme's text colour in a ChartView."""
    drawing = Drawing(20, 20, (Box(0, 0, 20, 20, INK),), "a box")

    def painted(colours: dict[str, QColor] | None) -> QColor:
        image = QImage(20, 20, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        paint_drawing(painter, drawing, QRectF(0, 0, 20, 20), colours)
        painter.end()
        return image.pixelColor(10, 10)

    assert painted(None).name() == INK
    dark = theme.make_palette("dark")
    assert painted(screen_colours(dark)).name() == dark.color(QPalette.ColorRole.WindowText).name()
    view = ChartView(drawing)
    view.setPalette(dark)
    view.resize(20, 20)
    shown = view.grab().toImage().pixelColor(10, 10)
    assert shown.name() == dark.color(QPalette.ColorRole.WindowText).name()
