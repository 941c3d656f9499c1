"""Pieces every step-by-step screen shares: the page in a scroll area, Back/Next with their
keys, and emptying a page before the next step is drawn (the single and the joint player)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trustrepair.i18n import tr
from trustrepair.ui.plain import PlainLabel


def scrolling_page(page: QWidget) -> QScrollArea:
    """Give ``page`` the players' column layout and wrap it in a frameless scroll area."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 12, 0, 12)
    layout.setSpacing(14)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(page)
    return scroll


class StepNav(QHBoxLayout):
    """Back on the left, a hint and Next on the right; Alt+Left/Right and Ctrl+Enter too."""

    def __init__(
        self, owner: QWidget, go_back: Callable[[], object], go_next: Callable[[], object]
    ) -> None:
        super().__init__()
        self.back_button = QPushButton(tr("&Back"), owner)
        self.back_button.setAccessibleName(tr("Back to the previous step"))
        self.back_button.setToolTip(tr("Previous step (Alt+Left)"))
        self.back_button.clicked.connect(go_back)
        self.hint_label = PlainLabel(owner)
        self.hint_label.setProperty("role", "muted")
        self.next_button = QPushButton(tr("&Next"), owner)
        self.next_button.setProperty("role", "primary")
        self.next_button.setToolTip(tr("Next step (Alt+Right or Ctrl+Enter)"))
        self.next_button.clicked.connect(go_next)
        self.addWidget(self.back_button)
        self.addStretch(1)
        self.addWidget(self.hint_label)
        self.addSpacing(12)
        self.addWidget(self.next_button)
        for keys, slot in (
            ("Alt+Left", go_back),
            ("Alt+Right", go_next),
            ("Ctrl+Return", go_next),
            ("Ctrl+Enter", go_next),
        ):
            shortcut = QShortcut(QKeySequence(keys), owner)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)


def empty_layout(layout: QLayout) -> None:
    """Remove and delete everything in ``layout`` (the layout itself stays)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        child = item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif child is not None:
            empty_layout(child)
