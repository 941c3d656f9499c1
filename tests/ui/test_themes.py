"""Both themes on real windows: every screen and dialog opens in light and in dark, and the
text each visible widget draws reaches 4.5:1 (3:1 when large) against what it is drawn on.

``test_contrast.py`` checks the stylesheets rule by rule; this looks at what Qt made of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from tests.ui.catalogue import every_dialog, every_screen, make_window
from tests.ui.test_contrast import LARGE_TEXT, TEXT, ratio
from trustrepair.ui import theme

TEXT_WIDGETS = (QLabel, QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractItemView)


@pytest.fixture(params=["light", "dark"])
def themed(request: Any, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The application in one theme for the test; the look it had afterwards."""
    palette, sheet = qapp.palette(), qapp.styleSheet()
    monkeypatch.setenv(theme.THEME_ENV, request.param)
    theme.Theme().apply(qapp)
    yield request.param
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def _hex(colour: QColor) -> str:
    return str(colour.name())


def background(widget: QWidget) -> str:
    """The nearest opaque background behind ``widget`` (its own, or an ancestor's)."""
    current: QWidget | None = widget
    while current is not None:
        colour = current.palette().color(current.backgroundRole())
        if colour.alpha() == 255 and (
            current.autoFillBackground()
            or current.isWindow()
            or current.property("role")
            or isinstance(current, QAbstractItemView | QLineEdit | QPlainTextEdit | QComboBox)
        ):
            return _hex(colour)
        current = current.parentWidget()
    return _hex(widget.palette().color(QPalette.ColorRole.Window))


def low_contrast(top: QWidget, where: str) -> list[str]:
    """Visible, enabled text widgets under ``top`` below WCAG AA."""
    problems = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not isinstance(widget, TEXT_WIDGETS) or not widget.isVisibleTo(top):
            continue
        if not widget.isEnabled():
            continue
        text = getattr(widget, "text", lambda: "x")()
        if not text and not isinstance(widget, QAbstractItemView | QComboBox):
            continue
        role = (
            QPalette.ColorRole.Text
            if isinstance(widget, QAbstractItemView | QLineEdit | QPlainTextEdit | QComboBox)
            else widget.foregroundRole()
        )
        fg = _hex(widget.palette().color(role))
        bg = background(widget)
        font = widget.font()
        large = font.pointSizeF() >= 18 or (font.pointSizeF() >= 14 and font.bold())
        if ratio(fg, bg) < (LARGE_TEXT if large else TEXT):
            name = widget.objectName() or type(widget).__name__
            problems.append(f"{where}: {name} {str(text)[:30]!r}: {fg} on {bg}")
    return problems


def test_every_screen_is_readable(qtbot: Any, vaults: Any, library: Any, themed: str) -> None:
    """Each registered screen, in this theme, draws every text readably."""
    window = make_window(qtbot, vaults, library)
    problems = []
    for name, screen in every_screen(window, vaults):
        problems += low_contrast(screen, f"{themed} {name}")
    assert problems == []


def test_every_dialog_is_readable(qtbot: Any, vaults: Any, library: Any, themed: str) -> None:
    """Each dialog opens in this theme and draws every text readably."""
    window = make_window(qtbot, vaults, library)
    problems = []
    for name, dialog in every_dialog(window):
        assert dialog.isVisible()
        problems += low_contrast(dialog, f"{themed} {name}")
    assert problems == []
