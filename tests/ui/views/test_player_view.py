"""The exercise player: resuming, autosave, conditional steps, sharing, the safety check."""

from __future__ import annotations

from PySide6.QtCore import Qt

from trustrepair.domain.answers import Status
from trustrepair.domain.exercise import Exercise
from trustrepair.services.safety import JointAccess, SafetyService
from trustrepair.services.vaults import Vaults
from trustrepair.ui.views.player_view import PlayerView
from trustrepair.ui.widgets.steps import ScaleWidget, TextWidget


def _player(qtbot, store, library, exercise) -> PlayerView:
    view = PlayerView(store, library, exercise, store.get_profile())
    qtbot.addWidget(view)
    view.show()
    return view


def test_resume_after_rebuild_opens_same_step_with_same_text(qtbot, vaults: Vaults, sample: Exercise, library_factory):
    """A person's text survives closing the player: it reopens on the same step, filled in."""
    library = library_factory(sample)
    vault = vaults.create(_info(), None)
    view = _player(qtbot, vault.store, library, sample)
    view.next_button.click()  # intro -> reading
    view.next_button.click()  # reading -> text
    assert isinstance(view.step_widget, TextWidget)
    view.step_widget.editor.setPlainText("It hurt more than I said. ünïcødé ✓")
    view.next_button.click()  # -> scale
    assert isinstance(view.step_widget, ScaleWidget)
    view.step_widget.slider.setValue(4)
    qtbot.waitUntil(lambda: not view.walk.dirty)
    view.close_walk()
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
    again.close_walk()
    reopened.close()


def _info():
    from trustrepair.domain.enums import Relationship, Track
    from trustrepair.domain.profile import ProfileInfo

    return ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC)
