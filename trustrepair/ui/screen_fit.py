"""Windows and dialogs that fit the screen at any scale: never larger than it, never off it.

At 1.5× or 2× scale a 1366×768 screen is only 910×512 or 683×384 logical pixels. Every dialog of
ours is a :class:`FittingDialog`: when it is shown it is made no larger than the screen's free
area and moved wholly onto it, and when its content needs more height than there is, the
content scrolls inside the dialog while its buttons stay in view. ``tests/ui/test_scale.py``
opens every window and dialog at each scale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QLayoutItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trustrepair.ui.accessible import describe_standard_buttons

if TYPE_CHECKING:
    from trustrepair.services.app_settings import AppSettings

FRAME_ALLOWANCE = 40
"""Room for a title bar and borders the window manager adds (unknown before it is shown)."""


def available_area(widget: QWidget) -> QRect:
    """The free area (without panels) of the screen ``widget`` is on, in logical pixels."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_within(widget: QWidget, area: QRect) -> None:
    """Shrink a top-level window to ``area`` (if larger) and move it wholly inside it."""
    extra_w = max(0, widget.frameGeometry().width() - widget.width())
    extra_h = max(FRAME_ALLOWANCE, widget.frameGeometry().height() - widget.height())
    width = max(1, min(widget.width(), area.width() - extra_w))
    height = max(1, min(widget.height(), area.height() - extra_h))
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    x = min(max(widget.x(), area.left()), area.left() + area.width() - width - extra_w)
    y = min(max(widget.y(), area.top()), area.top() + area.height() - height - extra_h)
    if (x, y) != (widget.x(), widget.y()):
        widget.move(max(area.left(), x), max(area.top(), y))


def fit_on_screen(widget: QWidget) -> None:
    """:func:`fit_within` the screen the window is on."""
    fit_within(widget, available_area(widget))


def restore_geometry(window: QWidget, settings: AppSettings) -> None:
    """The window where and as large as it was last time, but wholly on today's screen."""
    geometry = settings.get("window_geometry")
    if isinstance(geometry, str) and geometry:
        window.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
    else:
        window.resize(1100, 780)
    fit_on_screen(window)  # a smaller screen, or a larger scale, than last time


def save_geometry(window: QWidget, settings: AppSettings) -> None:
    """Keep the window's place and size for the next start."""
    data = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
    settings.set("window_geometry", data)


def is_button_row(item: QLayoutItem) -> bool:
    """Whether a layout item is a dialog's row of buttons (a button box, or only buttons)."""
    if isinstance(item.widget(), QDialogButtonBox):
        return True
    row = item.layout()
    if row is None:
        return False
    parts = [row.itemAt(i) for i in range(row.count())]
    widgets = [part.widget() for part in parts if part is not None and part.widget()]
    spacers = [part for part in parts if part is not None and part.spacerItem() is not None]
    return (
        bool(widgets)
        and len(widgets) + len(spacers) == len(parts)
        and all(isinstance(widget, QAbstractButton) for widget in widgets)
    )


def scroll_inside(dialog: QDialog, area: QRect) -> bool:
    """Put a dialog's content in a scroll area when it needs more room than ``area`` has.

    A trailing row of buttons (a button box, or a row of only buttons) stays outside, always
    in view. Done at most once; True if done.
    """
    layout = dialog.layout()
    if layout is None or dialog.property("scrollsInside"):
        return False
    needed = layout.totalMinimumSize()
    if layout.hasHeightForWidth():  # wrapped text: as tall as it is at the dialog's width
        needed.setHeight(max(needed.height(), layout.totalHeightForWidth(dialog.width())))
    if needed.height() <= area.height() - FRAME_ALLOWANCE and needed.width() <= area.width():
        return False
    count = layout.count()
    stretches = [layout.stretch(i) if isinstance(layout, QBoxLayout) else 0 for i in range(count)]
    taken = [layout.takeAt(0) for _ in range(count)]
    items = [(item, stretch) for item, stretch in zip(taken, stretches, strict=True) if item]
    buttons = items.pop()[0] if items and is_button_row(items[-1][0]) else None
    body = QWidget()
    inner = QVBoxLayout(body)
    inner.setContentsMargins(layout.contentsMargins())
    inner.setSpacing(layout.spacing())
    for item, stretch in items:
        widget, child, spacer = item.widget(), item.layout(), item.spacerItem()
        if widget is not None:
            inner.addWidget(widget, stretch)
        elif child is not None:
            child.setParent(None)
            inner.addLayout(child, stretch)
        elif spacer is not None:
            inner.addItem(spacer)
    scroll = QScrollArea(dialog)
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    layout.setContentsMargins(0, 0, 0, layout.contentsMargins().bottom())
    layout.addWidget(scroll)
    if buttons is not None:
        widget, row = buttons.widget(), buttons.layout()
        if widget is not None:
            layout.addWidget(widget)
        elif row is not None and isinstance(layout, QBoxLayout):
            row.setParent(None)
            layout.addLayout(row)
    dialog.setProperty("scrollsInside", True)
    return True


def fit_dialog(dialog: QDialog, area: QRect | None = None) -> None:
    """Scroll inside if needed, then fit ``area`` (the screen's free area by default)."""
    area = area or available_area(dialog)
    scroll_inside(dialog, area)
    if dialog.minimumWidth() > area.width():  # a dialog's own minimum, wider than the screen
        dialog.setMinimumWidth(area.width())
    if dialog.minimumHeight() > area.height() - FRAME_ALLOWANCE:
        dialog.setMinimumHeight(area.height() - FRAME_ALLOWANCE)
    fit_within(dialog, area)


class FittingDialog(QDialog):
    """A dialog that fits the screen whenever it is shown (see :func:`fit_dialog`)."""

    IS_BASE = True
    """A base class, never shown itself (tests that walk every dialog skip it)."""

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the screen, after the dialog's own sizing; describe the standard buttons."""
        super().showEvent(event)
        describe_standard_buttons(self)
        fit_dialog(self)
