"""Enum values, shortcuts and menu actions set by name, without PySide's ``Qt`` namespace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QPushButton

from trustrepair.ui.lean import add_action, set_by_name, set_shortcut


def test_set_by_name_sets_enums_and_flags(qtbot):
    """A key name sets the same value the ``Qt.*`` call would; flags combine with ``|``."""
    label = QLabel("<b>not bold</b>")
    qtbot.addWidget(label)
    set_by_name(label, "textFormat", "PlainText")
    set_by_name(label, "textInteractionFlags", "TextSelectableByMouse|TextSelectableByKeyboard")
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.textInteractionFlags() == (
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    button = QPushButton("b")
    qtbot.addWidget(button)
    set_by_name(button, "focusPolicy", "TabFocus")
    assert button.focusPolicy() == Qt.FocusPolicy.TabFocus


@pytest.mark.parametrize(
    ("prop", "key", "says"),
    [
        ("textFormt", "PlainText", "has no property 'textFormt'"),
        ("textFormat", "Plain", "'Plain' is not a value of QLabel.textFormat"),
        ("text", "PlainText", "is not a value of QLabel.text"),  # not an enum at all
    ],
)
def test_set_by_name_fails_loudly_on_a_typo(qtbot, prop: str, key: str, says: str):
    """A misspelt property or value raises, instead of leaving a silent dynamic property."""
    label = QLabel("x")
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match=says):
        set_by_name(label, prop, key)
    assert label.text() == "x"
    assert label.dynamicPropertyNames() == []


def test_set_shortcut_takes_portable_text(qtbot):
    """``"Ctrl+Shift+H"`` becomes the action's shortcut, as ``QKeySequence`` reads it."""
    menu = QMenu()
    action = add_action(menu, "&Hide", lambda: None)
    set_shortcut(action, "Ctrl+Shift+H")
    assert action.shortcut() == QKeySequence("Ctrl+Shift+H")
    with pytest.raises(ValueError, match="takes no shortcut"):
        set_shortcut(menu, "Ctrl+K")


def test_add_action_calls_the_slot_without_arguments(qtbot):
    """The slot gets no ``checked`` argument: a default parameter keeps its default."""
    menu = QMenu()
    calls: list[bool] = []

    def lock(go_to_unlock: bool = True) -> None:
        calls.append(go_to_unlock)

    action = add_action(menu, "&Lock now", lock)
    assert action in menu.actions()
    assert action.text() == "&Lock now"
    action.trigger()
    assert calls == [True]
