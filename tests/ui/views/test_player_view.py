"""The exercise player: resuming, autosave, conditional steps, sharing, the safety check."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel

from tests.helpers import player_parts
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.safety import JointAccess, SafetyService
from trustrepair.services.vaults import Vaults
from trustrepair.ui.views.player_view import PlayerView
from trustrepair.ui.widgets.steps import ChoiceWidget, ScaleWidget, TextWidget


def _player(qtbot, store, library, exercise) -> PlayerView:
    view = PlayerView(*player_parts(store, library, exercise))
    qtbot.addWidget(view)
    view.show()
    return view


def _to_step(view: PlayerView, step_id: str) -> None:
    """Move the walk to a step, past required answers, and show it."""
    if view.walk.position.at_intro:
        view.walk.start()
    while view.walk.current is not None and view.walk.current.id != step_id:
        view.walk.next()
        view.show_position()


def test_resume_after_rebuild_opens_same_step_with_same_text(
    qtbot, vaults: Vaults, sample: Exercise, library_factory
):
    """A person's text survives closing the player: it reopens on the same step, filled in."""
    library = library_factory(sample)
    vault = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    view = _player(qtbot, vault.store, library, sample)
    view.next_button.click()  # intro -> reading
    view.next_button.click()  # reading -> text
    assert isinstance(view.step_widget, TextWidget)
    view.step_widget.editor.setPlainText("It hurt more than I said. ünïcødé ✓")
    view.next_button.click()  # -> scale
    assert isinstance(view.step_widget, ScaleWidget)
    view.step_widget.slider.setValue(4)
    qtbot.waitUntil(lambda: not view.walk.dirty)
    assert view.saved_label.text() == "Saved"
    view.close_screen()
    view.close()
    vault.close()

    reopened = vaults.open("Sam", None)
    again = _player(qtbot, reopened.store, library, sample)
    assert isinstance(again.step_widget, ScaleWidget)
    assert again.step_widget.slider.value() == 4
    assert again.step_label.text() == "Step 3 of 6"
    again.back_button.click()
    assert isinstance(again.step_widget, TextWidget)
    assert again.step_widget.editor.toPlainText() == "It hurt more than I said. ünïcødé ✓"
    again.close_screen()
    reopened.close()


def test_typing_is_saved_by_the_debounce_without_leaving_the_step(
    qtbot, store, sample, library_factory
):
    """Autosave writes an answer while the person stays on the step."""
    view = _player(qtbot, store, library_factory(sample), sample)
    _to_step(view, "feel")
    view.step_widget.editor.setPlainText("still here")
    qtbot.waitUntil(lambda: store.answers_for("sample").get("feel") is not None)
    assert store.answers_for("sample")["feel"].value == "still here"


def test_conditional_step_appears_only_when_the_scale_is_high(
    qtbot, store, sample, library_factory
):
    """A step with a condition shows up when the earlier answer meets it, and goes again."""
    view = _player(qtbot, store, library_factory(sample), sample)
    _to_step(view, "pain")
    assert view.step_label.text() == "Step 3 of 6"
    view.step_widget.slider.setValue(8)
    assert view.step_label.text() == "Step 3 of 7"
    view.next_button.click()
    assert view.walk.current.id == "deep"
    view.back_button.click()
    view.step_widget.slider.setValue(2)
    view.next_button.click()
    assert view.walk.current.id == "pick"


def test_next_waits_for_a_required_answer(qtbot, store, sample, library_factory):
    """A required step keeps Next disabled, with a plain hint, until it is answered."""
    view = _player(qtbot, store, library_factory(sample), sample)
    _to_step(view, "pick")
    assert not view.next_button.isEnabled()
    assert "when you are ready" in view.hint_label.text()
    assert isinstance(view.step_widget, ChoiceWidget)
    view.step_widget.buttons["b"].click()
    assert view.next_button.isEnabled()


def test_help_toggle_and_share_checkbox(qtbot, store, sample, library_factory):
    """Step help is hidden until asked for; sharing is off by default and saved when ticked."""
    view = _player(qtbot, store, library_factory(sample), sample)
    _to_step(view, "feel")
    assert view.help_toggle is not None and view.share_box is not None
    assert not view.share_box.isChecked() and not view.share_box.isEnabled()
    view.help_toggle.click()
    assert view.help_toggle.isChecked()
    view.step_widget.editor.setPlainText("to share")
    assert view.share_box.isEnabled()
    view.share_box.click()
    assert store.answers_for("sample")["feel"].shared is True


def test_keyboard_moves_between_steps(qtbot, store, sample, library_factory):
    """Alt+Right goes on and Alt+Left goes back; the first input gets the focus."""
    view = _player(qtbot, store, library_factory(sample), sample)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.walk.current.id == "read"
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.walk.current.id == "feel"
    assert view.step_widget.editor.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.walk.current.id == "read"


def test_safety_check_with_concern_keeps_joint_locked_and_explains(qtbot, store, path_library):
    """Finishing the safety check with a concern records it and shows the kind explanation."""
    check = path_library.safety_check()
    view = _player(qtbot, store, path_library, check)
    view.next_button.click()
    view.step_widget.buttons["often"].click()
    view.next_button.click()
    assert view.walk.position.at_finish
    assert SafetyService(store, path_library).access() is JointAccess.CONCERN
    assert view.safety_outcome is JointAccess.CONCERN
    with qtbot.waitSignal(view.help_requested):
        next(
            b
            for b in view.finish_page.findChildren(type(view.next_button))
            if "help" in b.text().lower()
        ).click()


def test_finish_screen_leads_back_to_the_path(qtbot, store, path_library):
    """The finish screen's main button returns to the path and the exercise counts as done."""
    check = path_library.safety_check()
    view = _player(qtbot, store, path_library, check)
    view.next_button.click()
    view.step_widget.buttons["never"].click()
    view.next_button.click()
    assert view.safety_outcome is JointAccess.ALLOWED
    with qtbot.waitSignal(view.back_to_path):
        view.next_button.click()
    assert store.get_progress("check").status.value == "completed"


def test_taking_the_check_again_starts_blank_and_decides_only_when_finished(
    qtbot, store, path_library
):
    """Opened again after a concern, the check shows its introduction (not the finished
    page) and nothing pre-selected; a new answer changes nothing until the end; "Go through
    it again" starts blank too; each finished time is kept with its own answers."""
    check = path_library.safety_check()
    first = _player(qtbot, store, path_library, check)
    first.next_button.click()
    first.step_widget.buttons["often"].click()
    first.next_button.click()
    assert first.safety_outcome is JointAccess.CONCERN
    first.close_screen()
    again = _player(qtbot, store, path_library, check)
    assert again.walk.position.at_intro
    again.next_button.click()
    assert again.step_widget.value() is None
    again.step_widget.buttons["never"].click()
    qtbot.waitUntil(lambda: not again.walk.dirty)
    assert SafetyService(store, path_library).access() is JointAccess.CONCERN
    again.next_button.click()
    assert SafetyService(store, path_library).access() is JointAccess.ALLOWED
    again.restart()
    assert again.walk.position.at_intro
    again.next_button.click()
    assert again.step_widget.value() is None
    values = [r.answers["afraid"].value for r in store.history("check") if r.answers]
    assert values == ["never", "often"]


def test_a_repeatable_exercise_begins_a_new_time_and_quotes_the_last(
    qtbot, store, library_factory, monkeypatch
):
    """Going through a repeatable exercise again shows its new time on the intro, with a way
    to look back; the step that quotes the time before shows that answer, read-only."""
    from tests.helpers import check_in_exercise, walk_through
    from trustrepair.services.history import HistoryService
    from trustrepair.ui.dialogs.history_dialog import EarlierTimesDialog

    exercise = check_in_exercise()
    library = library_factory(exercise)
    walk_through(_walk(store, library, exercise), {"focus": "f", "trust": 3, "week": "tough"})
    walk, safety, relationship = player_parts(store, library, exercise)
    view = PlayerView(walk, safety, relationship, history=HistoryService(store, library))
    qtbot.addWidget(view)
    view.show()
    assert view.walk.is_new_time and view.earlier_button is not None
    seen: list[list[object]] = []
    monkeypatch.setattr(
        EarlierTimesDialog, "ask", classmethod(lambda cls, p, title, entries: seen.append(entries))
    )
    view.earlier_button.click()
    (earlier,) = seen[0]
    assert [line.text for line in earlier.lines][-1] == "tough"  # type: ignore[attr-defined]
    _to_step(view, "week")
    quote = view.findChild(QFrame, "quote")
    assert quote is not None
    assert "tough" in " ".join(label.text() for label in quote.findChildren(QLabel))
    assert store.count_entries() == 2


def _walk(store, library, exercise):
    """A walk of ``exercise`` as the window makes it."""
    return player_parts(store, library, exercise)[0]


def test_the_progress_bar_never_moves_back_when_a_follow_up_appears(
    qtbot, store, sample, library_factory
):
    """A high answer adds a follow-up step ("of 6" becomes "of 7"): the bar stays, then grows."""
    view = _player(qtbot, store, library_factory(sample), sample)
    _to_step(view, "pain")
    before, count = view.progress.value(), view.step_label.text()
    widget = view.step_widget
    assert isinstance(widget, ScaleWidget)
    widget.slider.setValue(9)  # the follow-up "Tell more" appears
    assert view.step_label.text() != count
    assert view.progress.value() == before
    view.go_next()
    assert view.walk.current is not None and view.walk.current.id == "deep"
    assert view.progress.value() > before
