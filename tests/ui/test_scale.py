"""Any scale: every window and dialog fits a 1366×768 screen at 1, 1.25, 1.5 and 2 times.

Offscreen, the screen is what the test says: at scale ``s`` a 1366×768 screen offers
1366/s × 768/s logical pixels, less a panel. Each window must be able to be that small (its
screens scroll inside), and each dialog, fitted to it, must stay wholly inside with its
buttons in view.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication

from tests.ui.catalogue import every_dialog, every_screen, make_window
from trustrepair.ui.screen_fit import FRAME_ALLOWANCE, fit_dialog, is_button_row

SCALES = (1.0, 1.25, 1.5, 2.0)
PANEL = 32
"""A desktop panel's height (logical pixels), taken from the screen."""


def area(scale: float) -> QRect:
    """The free area of a 1366×768 screen at ``scale``."""
    return QRect(0, 0, int(1366 / scale), int(768 / scale) - PANEL)


def test_every_screen_fits_the_window_at_every_scale(qtbot: Any, vaults: Any, library: Any) -> None:
    """The main window can be as small as the screen at 2×, on every screen (they scroll)."""
    window = make_window(qtbot, vaults, library)
    small = area(max(SCALES))
    too_big = []
    for name, _screen in every_screen(window, vaults):
        needed = window.minimumSizeHint().expandedTo(window.minimumSize())
        if needed.width() > small.width() or needed.height() > small.height() - FRAME_ALLOWANCE:
            too_big.append(f"{name}: needs {needed.width()}×{needed.height()}")
    assert too_big == []


@pytest.mark.parametrize("scale", SCALES)
def test_every_dialog_fits_the_screen(qtbot: Any, vaults: Any, library: Any, scale: float) -> None:
    """Each dialog, shown on the screen at ``scale``, is inside it, its content scrolling if it
    must, and its row of buttons at the bottom always in view."""
    window = make_window(qtbot, vaults, library)
    free = area(scale)
    problems = []
    for name, dialog in every_dialog(window):
        fit_dialog(dialog, free)
        QApplication.processEvents()
        if dialog.width() > free.width() or dialog.height() > free.height() - FRAME_ALLOWANCE:
            problems.append(f"{name}: {dialog.width()}×{dialog.height()}")
        if not free.contains(QRect(dialog.pos(), dialog.size())):
            problems.append(f"{name}: off the screen at {dialog.x()},{dialog.y()}")
        needed = dialog.layout().totalMinimumSize() if dialog.layout() else dialog.minimumSize()
        if needed.height() > dialog.height() or needed.width() > dialog.width():
            problems.append(f"{name}: its content needs {needed.width()}×{needed.height()}")
        row = dialog.layout().itemAt(dialog.layout().count() - 1) if dialog.layout() else None
        if row is None or not is_button_row(row):
            problems.append(f"{name}: its buttons are not in a row of their own at the bottom")
        for button in dialog.findChildren(QAbstractButton):
            if button.isVisibleTo(dialog) and _not_scrolled(button, dialog):
                corner = button.mapTo(dialog, button.rect().bottomRight())
                if not dialog.rect().contains(corner):
                    problems.append(f"{name}: {button.text()!r} is cut off")
    assert problems == []


def _not_scrolled(button: Any, dialog: Any) -> bool:
    """Whether ``button`` sits outside any scroll area (a scrolled one may be out of view)."""
    from PySide6.QtWidgets import QScrollArea

    parent = button.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, QScrollArea):
            return False
        parent = parent.parentWidget()
    return True


def test_every_dialog_fits_itself_when_shown() -> None:
    """Each dialog class is a FittingDialog, so it fits the screen when the program shows it
    (the test above fits each one itself)."""
    from tests.ui.catalogue import dialog_classes
    from trustrepair.ui.plain import PlainMessageBox
    from trustrepair.ui.screen_fit import FittingDialog

    # A message box is Qt's own, a few lines that Qt sizes and keeps on the screen; the test
    # above shows that it fits at every scale.
    assert [
        name
        for name, cls in dialog_classes().items()
        if not issubclass(cls, FittingDialog) and cls is not PlainMessageBox
    ] == []
