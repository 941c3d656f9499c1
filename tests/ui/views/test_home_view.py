"""Home: only fitting exercises, joint ones locked until the safety check, keyboard opening."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from tests.helpers import home_parts
from trustrepair.services.safety import (
    CLOSED_FOR_NOW,
    JOINT_EXPLANATIONS,
    JointAccess,
    SafetyService,
)
from trustrepair.ui.views.home_view import ENTRY_ROLE, LOCKED_ROLE, HomeView
from trustrepair.ui.views.joint_home import CLOSED_HINT


def _titles(view: HomeView) -> dict[str, bool]:
    return {
        lst.item(i).data(ENTRY_ROLE): lst.item(i).data(LOCKED_ROLE)
        for lst in view.stage_lists
        for i in range(lst.count())
    }


def test_home_offers_only_fitting_exercises_and_locks_joint_ones(qtbot, store, path_library):
    """The hurt person sees solo and joint (locked) exercises, not the repairing one."""
    view = HomeView(*home_parts(store, path_library))
    qtbot.addWidget(view)
    assert _titles(view) == {"solo": False, "joint": True}
    assert view.joint_label.text() == JOINT_EXPLANATIONS[JointAccess.CHECK_NEEDED]
    assert view.safety_button is not None
    # The two cards do not say the same thing twice.
    card_texts = [label.text() for label in view.findChildren(QLabel) if label.text()]
    assert card_texts.count(view.joint_label.text()) == 1
    with qtbot.waitSignal(view.open_exercise) as signal:
        view.safety_button.click()
    assert signal.args == ["check"]


def test_locked_exercise_explains_instead_of_opening(qtbot, store, path_library):
    """Activating a locked exercise shows why it is locked and opens nothing."""
    view = HomeView(*home_parts(store, path_library))
    qtbot.addWidget(view)
    opened = []
    view.open_exercise.connect(opened.append)
    joint_list = next(lst for lst in view.stage_lists if lst.item(0).data(ENTRY_ROLE) == "joint")
    joint_list.itemActivated.emit(joint_list.item(0))
    assert opened == []
    assert view.notice_label.text() == JOINT_EXPLANATIONS[JointAccess.CHECK_NEEDED]


def test_after_a_concern_home_says_only_closed_and_why_is_behind_a_toggle(
    qtbot, store, path_library
):
    """With a concern, joint work stays locked; the card reads as for any closing, and the
    concern's explanation and help show only when the person asks why."""
    store.save_answer("check", "afraid", "often")
    store.mark_completed("check")
    SafetyService(store, path_library).record()
    view = HomeView(*home_parts(store, path_library))
    qtbot.addWidget(view)
    view.show()
    assert _titles(view)["joint"] is True
    assert view.joint_label.text() == CLOSED_FOR_NOW + " " + CLOSED_HINT
    assert not view.together_button.isEnabled()
    card = view.together_card
    assert card is not None and card.why is not None and not card.why.isVisible()
    assert JOINT_EXPLANATIONS[JointAccess.CONCERN] not in _visible_texts(view)
    card.why_button.click()
    assert JOINT_EXPLANATIONS[JointAccess.CONCERN] in _visible_texts(view)
    assert card.reopen_button is None  # a concern is reopened by taking the check again
    with qtbot.waitSignal(view.help_requested):
        next(b for b in card.why.findChildren(QPushButton) if b.text() == "Help and safety").click()


def test_after_a_clear_check_joint_opens_and_the_check_stays_on_home(qtbot, store, path_library):
    """A clear check unlocks joint exercises; the check stays on home, to take again blank."""
    store.save_answer("check", "afraid", "never")
    store.mark_completed("check")
    view = HomeView(*home_parts(store, path_library))
    qtbot.addWidget(view)
    assert _titles(view)["joint"] is False
    assert view.together_button.isEnabled()
    assert view.safety_button is not None
    assert view.safety_button.text() == "Ta&ke the safety check again"
    with qtbot.waitSignal(view.open_exercise) as signal:
        view.safety_button.click()
    assert signal.args == ["check"]


def test_one_button_closes_work_for_two_and_only_this_person_reopens(
    qtbot, store, path_library, messages
):
    """ "Close work for two" closes it at once, no question asked; the card then reads as for
    a concern; opening it again is behind "Why", for this person alone."""
    store.save_answer("check", "afraid", "never")
    store.mark_completed("check")
    view = HomeView(*home_parts(store, path_library))
    qtbot.addWidget(view)
    view.show()
    assert view.together_card is not None and view.together_card.close_button is not None
    view.together_card.close_button.click()
    assert _titles(view)["joint"] is True
    assert view.joint_label.text() == CLOSED_FOR_NOW + " " + CLOSED_HINT
    assert messages.texts()[-1] == CLOSED_FOR_NOW
    card = view.together_card
    assert card.why_button is not None and card.reopen_button is not None
    card.why_button.click()
    assert JOINT_EXPLANATIONS[JointAccess.CLOSED] in _visible_texts(view)
    card.reopen_button.click()
    assert _titles(view)["joint"] is False and view.together_button.isEnabled()


def _visible_texts(view: HomeView) -> str:
    return " ".join(label.text() for label in view.findChildren(QLabel) if label.isVisible())


def test_enter_opens_the_selected_exercise_and_continue_resumes(qtbot, store, path_library):
    """Enter on a listed exercise opens it; the continue button names the last one worked on."""
    view = HomeView(*home_parts(store, path_library))
    qtbot.addWidget(view)
    view.show()
    solo_list = next(lst for lst in view.stage_lists if lst.item(0).data(ENTRY_ROLE) == "solo")
    solo_list.setFocus()
    solo_list.setCurrentRow(0)
    with qtbot.waitSignal(view.open_exercise) as signal:
        qtbot.keyClick(solo_list, Qt.Key.Key_Return)
    assert signal.args == ["solo"]
    store.set_position("solo", "feel")
    view.refresh()
    assert view.continue_button is not None
    assert "Alone exercise" in view.continue_button.accessibleName()
    assert "Continue" in view.continue_button.accessibleName()


def _long_home(qtbot, store, exercise_factory, library_factory) -> HomeView:
    many = [
        exercise_factory(id=f"ex-{n:02d}", title=f"Exercise number {n}", summary="A summary.")
        for n in range(12)
    ]
    view = HomeView(*home_parts(store, library_factory(*many)))
    qtbot.addWidget(view)
    view.resize(800, 420)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def test_the_page_follows_the_keyboard_highlight(qtbot, store, exercise_factory, library_factory):
    """Arrow keys down a long list keep the highlighted exercise on screen."""
    view = _long_home(qtbot, store, exercise_factory, library_factory)
    stage_list = view.stage_lists[0]
    stage_list.setFocus()
    viewport = view.scroll_area.viewport()
    for _ in range(11):
        qtbot.keyClick(stage_list, Qt.Key.Key_Down)
    item = stage_list.currentItem()
    assert item is not None and stage_list.row(item) == stage_list.count() - 1
    rect = stage_list.visualItemRect(item)
    top = stage_list.viewport().mapTo(viewport, rect.topLeft())
    bottom = stage_list.viewport().mapTo(viewport, rect.bottomLeft())
    assert top.y() >= 0 and bottom.y() <= viewport.height()


def test_tab_reaches_controls_with_visible_focus_never_the_page(
    qtbot, store, exercise_factory, library_factory
):
    """Tab never stops on the scrolling page; into a list it highlights an exercise."""
    view = _long_home(qtbot, store, exercise_factory, library_factory)
    assert view.scroll_area.focusPolicy() == Qt.FocusPolicy.NoFocus
    view.focus_content()
    stops = []
    for _ in range(8):
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        widget = view.focusWidget()
        selected = bool(getattr(widget, "selectedItems", list)())
        stops.append((widget, selected))
    assert view.scroll_area not in [w for w, _ in stops]
    in_list = [selected for w, selected in stops if w in view.stage_lists]
    assert in_list, "Tab reaches the exercise list"
    assert all(in_list), "an exercise is highlighted whenever a list has the keyboard"


def test_a_single_click_opens_an_exercise(qtbot, store, path_library):
    """One click on an exercise opens it (a double click opens it once)."""
    view = HomeView(*home_parts(store, path_library))
    qtbot.addWidget(view)
    view.show()
    solo_list = next(lst for lst in view.stage_lists if lst.item(0).data(ENTRY_ROLE) == "solo")
    rect = solo_list.visualItemRect(solo_list.item(0))
    opened = []
    view.open_exercise.connect(lambda i: (opened.append(i), view.hide()))
    qtbot.mouseClick(solo_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == ["solo"]
    qtbot.mouseDClick(solo_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == ["solo"]
