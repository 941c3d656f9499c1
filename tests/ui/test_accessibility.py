"""Screen readers and the keyboard: every control on every screen and dialog has a name a
screen reader reads, and every control can be reached with the keyboard.

The accessibility tree is walked as an assistive technology sees it, through
``QAccessible.queryAccessibleInterface`` from each window down (see docs/accessibility.md).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLineEdit,
    QScrollBar,
    QWidget,
)

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


INTERNAL_PARTS = (QAbstractSpinBox, QCalendarWidget, QComboBox, QLineEdit, QScrollBar)
"""Qt's composite widgets: their inner parts (a drop-down's list, a calendar's month buttons,
a spin box's field) are named by Qt from the widget itself."""

LABELLED = {Role.ComboBox}
"""Controls whose name, on Linux, is their value (Qt reads a drop-down's accessible name there
as its current text): they need a label, a buddy, to say what they are."""


def _internal(widget: QObject | None) -> bool:
    """Whether ``widget`` is an inner part of one of Qt's composite widgets."""
    parent = widget.parent() if widget is not None else None
    while parent is not None:
        if isinstance(parent, INTERNAL_PARTS):
            return True
        parent = parent.parent()
    return False


def _what(interface: QAccessibleInterface) -> str:
    widget = interface.object()
    kind = type(widget).__name__ if widget is not None else interface.role().name
    name = interface.text(QAccessible.Text.Name).strip()
    return f"a {kind} ({interface.role().name}) {name!r}" if name else f"a {kind}"


def unexplained(top: QWidget, where: str, *, hidden: bool = True) -> list[str]:
    """The controls under ``top`` a screen reader could not name or describe.

    Every control needs a name (what it is) and a description (what it does, or what it
    holds); a drop-down also needs a label (a buddy), since on Linux its name is its value.
    With ``hidden``, controls not shown now are checked too (the other pages of a screen).
    """
    root = QAccessible.queryAccessibleInterface(top)
    assert root is not None
    problems = []
    for interface in walk(root):
        role = interface.role()
        if role not in CONTROLS or (interface.state().invisible and not hidden):
            continue
        if _internal(interface.object()):
            continue
        if not interface.text(QAccessible.Text.Name).strip():
            problems.append(f"{where}: {_what(interface)} has no name")
        if not interface.text(QAccessible.Text.Description).strip():
            problems.append(f"{where}: {_what(interface)} has no description")
        if role in LABELLED and not interface.relations(QAccessible.Relation.Label):
            problems.append(f"{where}: {_what(interface)} has no label")
    return problems


def nameless(top: QWidget, where: str) -> list[str]:
    """The visible controls under ``top`` a screen reader could not name."""
    return [p for p in unexplained(top, where, hidden=False) if p.endswith("has no name")]


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
    """Walking each screen's accessibility tree (its pages not shown now too) finds no control
    without a name and a description."""
    window = make_window(qtbot, vaults, library)
    problems = []
    problems += unexplained(window.statusBar(), "status bar")
    for name, screen in every_screen(window, vaults):
        problems += unexplained(screen, name)
        problems += unreachable(window, name)
    assert problems == [], "\n".join(problems)


def test_every_control_in_every_dialog_has_a_name(qtbot: Any, vaults: Any, library: Any) -> None:
    """The same in each dialog."""
    window = make_window(qtbot, vaults, library)
    problems = []
    for name, dialog in every_dialog(window):
        problems += unexplained(dialog, name)
        problems += unreachable(dialog, name)
    assert problems == [], "\n".join(problems)


def test_the_walk_finds_a_nameless_control(qtbot: Any) -> None:
    """A button with only an icon and no name is found (so a pass means something)."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    top = QWidget()
    qtbot.addWidget(top)
    QVBoxLayout(top).addWidget(QPushButton(top))
    top.show()
    QApplication.processEvents()
    assert len(nameless(top, "test")) == 1


def test_the_walk_finds_what_a_control_lacks(qtbot: Any) -> None:
    """A named button with no description, and a drop-down with no label, are found; with
    both given, nothing is."""
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout

    top = QWidget()
    qtbot.addWidget(top)
    layout = QVBoxLayout(top)
    button = QPushButton("Go", top)
    combo = QComboBox(top)
    combo.addItem("One")
    combo.setAccessibleDescription("Which one")
    layout.addWidget(button)
    layout.addWidget(combo)
    top.show()
    QApplication.processEvents()
    assert [p.split(") ")[-1] for p in unexplained(top, "test")] == [
        "'Go' has no description",
        "'One' has no label",
    ]
    button.setAccessibleDescription("Goes")
    label = QLabel("&Choose", top)
    label.setBuddy(combo)
    assert unexplained(top, "test") == []


def test_every_step_kind_names_its_controls(qtbot: Any, store: Any, library_factory: Any) -> None:
    """Walking an exercise with one step of every kind, page by page, finds no nameless
    control; the keyboard alone moves through it (Next is reachable on every page)."""
    from tests.helpers import EVERY_KIND_YAML, SAMPLE_VALUES, player_parts, sample_exercise
    from trustrepair.ui.views.player_view import PlayerView

    exercise = sample_exercise(EVERY_KIND_YAML)
    view = PlayerView(*player_parts(store, library_factory(exercise), exercise))
    qtbot.addWidget(view)
    view.show()
    problems = unexplained(view, "intro")
    for step in exercise.steps:
        view.walk.go_to(exercise.steps.index(step))
        view.show_position()
        if step.kind in SAMPLE_VALUES and view.step_widget is not None:
            view.step_widget.set_value(SAMPLE_VALUES[step.kind])
        problems += unexplained(view, step.kind) + unreachable(view, step.kind)
    view.walk.go_to(len(exercise.steps))
    view.show_position()
    problems += unexplained(view, "finish") + unreachable(view, "finish")
    assert problems == [], "\n".join(problems)


def test_every_page_of_work_for_two_names_its_controls(
    qtbot: Any, vaults: Any, exercise_factory: Any, library_factory: Any
) -> None:
    """Work for two, page by page (hand-overs, private turns, choosing what to reveal, the
    reveal, the shared screen, the end): no control without a name and a description."""
    from trustrepair.domain.enums import Relationship, Track
    from trustrepair.domain.profile import ProfileInfo
    from trustrepair.services.joint import JointSession, Phase
    from trustrepair.ui.views.joint_session_view import JointSessionView

    exercise = exercise_factory(
        id="pair",
        title="For two",
        mode="parallel",
        tracks=["hurt", "repairing"],
        steps=[
            {"id": "why", "kind": "reading", "who": "both", "text": "Each alone first."},
            {"id": "need", "kind": "text", "who": "both", "prompt": "What do you need?"},
            {
                "id": "agree",
                "kind": "text",
                "who": "both",
                "prompt": "What do you agree?",
                "after_reveal": True,
            },
        ],
    )
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), None)
    session = JointSession(library_factory(exercise), exercise, sam, alex)
    view = JointSessionView(session)
    qtbot.addWidget(view)
    view.show()
    problems = unexplained(view, "intro", hidden=False)
    for _page in range(20):
        if session.phase is Phase.FINISHED:
            break
        where = f"{session.phase.value}{' hand-over' if session.awaiting_handover else ''}"
        problems += unexplained(view, where, hidden=False) + unreachable(view, where)
        if session.awaiting_handover:
            view.confirm_handover()
        elif session.phase is Phase.CHOOSE:
            view.confirm_choices()
        else:
            if view.step_widget is not None and view.step_widget.takes_answer:
                view.step_widget.editor.setPlainText("Words")  # type: ignore[attr-defined]
            view.go_next()
    assert session.phase is Phase.FINISHED
    problems += unexplained(view, "finished", hidden=False) + unreachable(view, "finished")
    assert problems == [], "\n".join(problems)
    alex.close()
    sam.close()
