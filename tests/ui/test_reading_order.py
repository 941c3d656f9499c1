"""Reading order and focus: the keyboard goes through each screen and dialog in the order it
reads, and shows where it is.

Tab follows the focus chain, and a screen reader reads the accessibility tree in its
children's order; both must follow what the eye sees: top to bottom, and left to right
along a row (a column to the right may start higher up). Qt makes both from the order widgets
are made in, so a field made after the buttons below it would come after them: these tests
walk the chain of every screen, page and dialog and fail where it goes back up or back left.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QScrollArea, QStatusBar, QWidget

from tests.ui.catalogue import every_dialog, every_screen, make_window
from tests.ui.test_accessibility import CONTROLS, _internal, walk
from tests.ui.test_themes import themed  # noqa: F401  (the fixture: in both themes)


def tab_chain(top: QWidget) -> list[QWidget]:
    """The widgets under ``top`` that Tab stops at, in the order it stops at them."""
    chain: list[QWidget] = []
    widget = top.nextInFocusChain()
    for _ in range(10_000):
        if widget is None or widget is top:
            break
        if (
            top.isAncestorOf(widget)
            and widget.isVisibleTo(top)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not _internal(widget)
            and widget.focusProxy() is None
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def read_chain(top: QWidget) -> list[QWidget]:
    """The visible controls under ``top`` in the order a screen reader meets them."""
    root = QAccessible.queryAccessibleInterface(top)
    assert root is not None
    found = []
    for interface in walk(root):
        widget = interface.object()
        if (
            interface.role() in CONTROLS
            and not interface.state().invisible
            and isinstance(widget, QWidget)
            and widget is not top
            and not _internal(widget)
        ):
            found.append(widget)
    return found


def _rect(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())


def goes_back(before: QRect, after: QRect) -> bool:
    """Whether ``after`` comes before ``before`` in reading order (above it, not in a column
    to its right; or on the same line, to its left)."""
    overlap = min(before.bottom(), after.bottom()) - max(before.top(), after.top())
    same_line = overlap > min(before.height(), after.height()) / 2
    if same_line:
        return after.right() <= before.left()
    above = after.bottom() <= before.top()
    return above and after.left() < before.right()


def _describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    words = text() if callable(text) else ""
    return f"{type(widget).__name__} {(widget.accessibleName() or words)!r}"


def _in_status_bar(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStatusBar):
            return True
        parent = parent.parentWidget()
    return False


def out_of_order(top: QWidget, where: str, chain: list[QWidget]) -> list[str]:
    """Each step of ``chain`` that goes back up or back left; the status bar's controls,
    always at the bottom, must come last."""
    body = [w for w in chain if not _in_status_bar(w)]
    problems = []
    seen_bar = False
    for widget in chain:
        if _in_status_bar(widget):
            seen_bar = True
        elif seen_bar:
            problems.append(f"{where}: {_describe(widget)} comes after the status bar")
            break
    for before, after in pairwise(body):
        if goes_back(_rect(before, top), _rect(after, top)):
            problems.append(f"{where}: {_describe(after)} comes after {_describe(before)}")
    return problems


def check(top: QWidget, where: str) -> list[str]:
    """Out-of-order steps of the Tab chain and of the reading order under ``top``.

    Tab goes round in a ring; it is read from the first control in reading order (the
    window's status bar is made before its screens, so the ring starts there).
    """
    tab = tab_chain(top)
    if tab:
        first = min(
            (w for w in tab if not _in_status_bar(w)),
            key=lambda w: (_rect(w, top).top(), _rect(w, top).left()),
            default=tab[0],
        )
        tab = tab[tab.index(first) :] + tab[: tab.index(first)]
    return out_of_order(top, f"{where} (Tab)", tab) + out_of_order(
        top, f"{where} (reading)", read_chain(top)
    )


def test_every_screen_reads_in_order(qtbot: Any, vaults: Any, library: Any) -> None:
    """On every registered screen Tab and the reading order go down and along the page, and
    reach the status bar's Help and Hide last."""
    window = make_window(qtbot, vaults, library)
    problems = []
    for name, _screen in every_screen(window, vaults):
        problems += check(window, name)
    assert problems == []


def test_every_dialog_reads_in_order(qtbot: Any, vaults: Any, library: Any) -> None:
    """The same in every dialog."""
    window = make_window(qtbot, vaults, library)
    problems = []
    for name, dialog in every_dialog(window):
        problems += check(dialog, name)
    assert problems == []


def test_every_step_page_reads_in_order(qtbot: Any, store: Any, library_factory: Any) -> None:
    """On each page of an exercise with a step of every kind, the answer comes before Back
    and Next (the page is built after them), and a new line of a list before "Add another"."""
    from tests.helpers import EVERY_KIND_YAML, SAMPLE_VALUES, player_parts, sample_exercise
    from trustrepair.ui.views.player_view import PlayerView
    from trustrepair.ui.widgets.steps import ListItemsWidget

    exercise = sample_exercise(EVERY_KIND_YAML)
    view = PlayerView(*player_parts(store, library_factory(exercise), exercise))
    qtbot.addWidget(view)
    view.resize(1000, 1400)
    view.show()
    problems = check(view, "intro")
    for step in exercise.steps:
        view.walk.go_to(exercise.steps.index(step))
        view.show_position()
        QApplication.processEvents()
        if step.kind in SAMPLE_VALUES and view.step_widget is not None:
            view.step_widget.set_value(SAMPLE_VALUES[step.kind])
        if isinstance(view.step_widget, ListItemsWidget):
            view.step_widget.add_row("One more")
            QApplication.processEvents()
        problems += check(view, step.kind)
    assert problems == []


def test_every_page_of_work_for_two_reads_in_order(
    qtbot: Any, vaults: Any, exercise_factory: Any, library_factory: Any
) -> None:
    """Work for two, page by page: the same."""
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
            {"id": "need", "kind": "text", "who": "both", "prompt": "What do you need?"},
            {
                "id": "agree",
                "kind": "text",
                "who": "both",
                "prompt": "Agreed?",
                "after_reveal": True,
            },
        ],
    )
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), None)
    view = JointSessionView(JointSession(library_factory(exercise), exercise, sam, alex))
    qtbot.addWidget(view)
    view.resize(1000, 1000)
    view.show()
    session = view.session
    problems = []
    for _page in range(20):
        QApplication.processEvents()
        problems += check(view, session.phase.value)
        if session.phase is Phase.FINISHED:
            break
        if session.awaiting_handover:
            view.confirm_handover()
        elif session.phase is Phase.CHOOSE:
            view.confirm_choices()
        else:
            if view.step_widget is not None and view.step_widget.takes_answer:
                view.step_widget.editor.setPlainText("Words")  # type: ignore[attr-defined]
            view.go_next()
    assert session.phase is Phase.FINISHED
    assert problems == []
    alex.close()
    sam.close()


def test_the_check_finds_a_field_made_after_its_buttons(qtbot: Any) -> None:
    """A field made after the button below it is found, in Tab and in reading order; once
    the layout's order is followed, nothing is (so a pass means something)."""
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout

    from trustrepair.ui.tab_order import follow_layout_order

    top = QWidget()
    qtbot.addWidget(top)
    layout = QVBoxLayout(top)
    title = QLineEdit(top)
    button = QPushButton("Next", top)
    field = QLineEdit(top)  # made last, shown between the two
    for widget in (title, field, button):
        widget.setAccessibleName("A control")
        layout.addWidget(widget)
    top.resize(300, 200)
    top.show()
    QApplication.processEvents()
    assert [p.split(": ", 1)[0] for p in check(top, "test")] == ["test (Tab)", "test (reading)"]
    follow_layout_order(top)
    assert check(top, "test") == []


def _scroll_to(widget: QWidget) -> None:
    """Scroll every scroll area around ``widget`` to show it (as Tab does)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            parent.ensureWidgetVisible(widget, 8, 8)
        parent = parent.parentWidget()
    QApplication.processEvents()


def unseen_focus(top: QWidget, where: str) -> list[str]:
    """The controls of ``top``'s Tab chain that look the same with the keyboard focus as
    without it."""
    top.activateWindow()
    # As after a Tab key: styles draw the focus of a control reached by the keyboard.
    top.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)
    QApplication.processEvents()
    problems = []
    for widget in tab_chain(top):
        if not widget.isVisible() or (_in_status_bar(widget) != (where == "status bar")):
            continue
        _scroll_to(widget)
        area = _rect(widget, top).adjusted(-3, -3, 3, 3)
        widget.clearFocus()
        QApplication.processEvents()
        before = top.grab(area).toImage()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        if not widget.hasFocus():
            problems.append(f"{where}: {_describe(widget)} cannot take the focus")
            continue
        after = top.grab(area).toImage()
        widget.clearFocus()
        if before == after:
            problems.append(f"{where}: {_describe(widget)} shows no focus")
    return problems


def test_every_control_shows_its_focus(
    qtbot: Any,
    vaults: Any,
    library: Any,
    themed: str,  # noqa: F811
) -> None:
    """Every control Tab reaches, on every screen and dialog, in both themes, looks different
    with the keyboard focus (a ring, a highlight)."""
    window = make_window(qtbot, vaults, library)
    problems = unseen_focus(window, "status bar")
    for name, _screen in every_screen(window, vaults):
        problems += unseen_focus(window, name)
    for name, dialog in every_dialog(window):
        problems += unseen_focus(dialog, name)
    assert problems == []


def test_the_focus_check_finds_an_unmarked_control(qtbot: Any) -> None:
    """A control that draws nothing different when focused is found."""
    top = QWidget()
    qtbot.addWidget(top)
    blank = QWidget(top)
    blank.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    blank.setGeometry(10, 10, 40, 20)
    top.resize(100, 60)
    top.show()
    assert unseen_focus(top, "test") == ["test: QWidget '' shows no focus"]
