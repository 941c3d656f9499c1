"""Screen readers and the keyboard: every control on every screen and dialog has a name a
screen reader reads, and every control can be reached with the keyboard.

The accessibility tree is walked as an assistive technology sees it, through
``QAccessible.queryAccessibleInterface`` from each window down (see docs/accessibility.md).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from tests.ui.catalogue import every_dialog, every_screen, make_window

Role = QAccessible.Role
CONTROLS = {
    Role.PushButton,
    Role.CheckBox,
    Role.RadioButton,
    Role.EditableText,
    Role.ComboBox,
    Role.Slider,
    Role.SpinBox,
    Role.List,
    Role.Tree,
    Role.Table,
    Role.ProgressBar,
    Role.ButtonMenu,
    Role.ButtonDropDown,
    Role.PageTabList,
}
"""What a person operates (or reads a value from): each needs a name."""


def walk(interface: QAccessibleInterface, depth: int = 0) -> list[QAccessibleInterface]:
    """``interface`` and everything below it in the accessibility tree."""
    found = [interface]
    if depth > 40:
        return found
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None and child.isValid():
            found.extend(walk(child, depth + 1))
    return found


def nameless(top: QWidget, where: str) -> list[str]:
    """The visible controls under ``top`` a screen reader could not name."""
    root = QAccessible.queryAccessibleInterface(top)
    assert root is not None
    problems = []
    for interface in walk(root):
        if interface.role() not in CONTROLS or interface.state().invisible:
            continue
        if not interface.text(QAccessible.Text.Name).strip():
            widget = interface.object()
            what = type(widget).__name__ if widget is not None else str(interface.role())
            problems.append(f"{where}: a {what} ({interface.role().name}) has no name")
    return problems


def unreachable(top: QWidget, where: str) -> list[str]:
    """Visible, enabled buttons the keyboard cannot reach (neither Tab nor a shortcut)."""
    from PySide6.QtCore import Qt

    problems = []
    for button in top.findChildren(QAbstractButton):
        if not button.isVisibleTo(top) or not button.isEnabled():
            continue
        if not button.focusPolicy() & Qt.FocusPolicy.TabFocus:
            problems.append(f"{where}: {button.text()!r} cannot be reached with Tab")
    return problems


def test_every_control_on_every_screen_has_a_name(qtbot: Any, vaults: Any, library: Any) -> None:
    """Walking each screen's accessibility tree finds no nameless control."""
    window = make_window(qtbot, vaults, library)
    problems = []
    for name, _screen in every_screen(window, vaults):
        problems += nameless(window, name)
        problems += unreachable(window, name)
    assert problems == []


def test_every_control_in_every_dialog_has_a_name(qtbot: Any, vaults: Any, library: Any) -> None:
    """The same in each dialog."""
    window = make_window(qtbot, vaults, library)
    problems = []
    for name, dialog in every_dialog(window):
        problems += nameless(dialog, name)
        problems += unreachable(dialog, name)
    assert problems == []


def test_the_walk_finds_a_nameless_control(qtbot: Any) -> None:
    """A button with only an icon and no name is found (so a pass means something)."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    top = QWidget()
    qtbot.addWidget(top)
    QVBoxLayout(top).addWidget(QPushButton(top))
    top.show()
    QApplication.processEvents()
    assert len(nameless(top, "test")) == 1


def test_every_step_kind_names_its_controls(qtbot: Any, store: Any, library_factory: Any) -> None:
    """Walking an exercise with one step of every kind, page by page, finds no nameless
    control; the keyboard alone moves through it (Next is reachable on every page)."""
    from tests.helpers import EVERY_KIND_YAML, SAMPLE_VALUES, player_parts, sample_exercise
    from trustrepair.ui.views.player_view import PlayerView

    exercise = sample_exercise(EVERY_KIND_YAML)
    view = PlayerView(*player_parts(store, library_factory(exercise), exercise))
    qtbot.addWidget(view)
    view.show()
    problems = nameless(view, "intro")
    for step in exercise.steps:
        view.walk.go_to(exercise.steps.index(step))
        view.show_position()
        if step.kind in SAMPLE_VALUES and view.step_widget is not None:
            view.step_widget.set_value(SAMPLE_VALUES[step.kind])
        problems += nameless(view, step.kind) + unreachable(view, step.kind)
    assert problems == []
