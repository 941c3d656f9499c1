"""Tab and screen readers go the way the page reads: top to bottom, left to right.

Qt's Tab order, and the order a screen reader meets a widget's children in, are the order
the widgets were made in. A screen that builds a page's answer field after the Back and Next
buttons below it (every step page does) would send Tab from Back into the field above it,
then on to Next; a list's new line would be read after its "Add another" button.
:func:`follow_layout_order` puts both in the order the layouts place the widgets; screens
call it after building a page. ``tests/ui/test_reading_order.py`` walks the Tab chain and the
accessibility tree of every screen, page and dialog.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QScrollArea, QSplitter, QStackedWidget, QWidget


def layout_order(root: QWidget) -> list[QWidget]:
    """The widgets under ``root``, in the order its layouts (and scroll areas, stacks and
    splitters) place them: top to bottom, left to right."""
    found: list[QWidget] = []

    def visit_layout(layout: QLayout) -> None:
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item is None:
                continue
            widget, child = item.widget(), item.layout()
            if widget is not None:
                visit(widget)
            elif child is not None:
                visit_layout(child)

    def visit(widget: QWidget) -> None:
        found.append(widget)
        layout = widget.layout()
        if layout is not None:
            visit_layout(layout)
        elif isinstance(widget, QScrollArea):
            inner = widget.widget()
            if inner is not None:
                visit(inner)
        elif isinstance(widget, QStackedWidget | QSplitter):
            for index in range(widget.count()):
                page = widget.widget(index)
                if page is not None:
                    visit(page)

    layout = root.layout()
    if layout is not None:
        visit_layout(layout)
    return found


def follow_layout_order(root: QWidget) -> None:
    """Let Tab, and a screen reader, visit the widgets under ``root`` in
    :func:`layout_order`.

    Each widget is raised in turn, which puts a parent's children in that order (laid-out
    siblings never overlap, so nothing moves on screen).
    """
    widgets = layout_order(root)
    for widget in widgets:
        widget.raise_()
    controls = [
        widget
        for widget in widgets
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None
    ]
    for before, after in pairwise(controls):
        QWidget.setTabOrder(before, after)
