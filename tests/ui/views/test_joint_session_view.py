"""The shared screen for two: turns at a step each person answers for themselves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.joint import JointSession, Phase
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.ui.views.joint_session_view import JointSessionView


@pytest.fixture(autouse=True)
def no_joint_autosave_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave at once in the joint session view."""
    monkeypatch.setattr(JointSessionView, "AUTOSAVE_DELAY_MS", 0)


@pytest.fixture
def pair(vaults: Vaults) -> Iterator[tuple[OpenVault, OpenVault]]:
    """Sam (hurt, signed in) and Alex (repairing), both open."""
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), None)
    yield sam, alex
    alex.close()
    sam.close()


def _texts(widget: Any) -> str:
    return "\n".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def _type(qtbot: Any, view: JointSessionView, text: str) -> None:
    assert view.step_widget is not None
    view.step_widget.editor.setPlainText(text)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not view.session.dirty)


def test_second_person_sees_the_first_answer_at_an_each_step(
    qtbot: Any, pair: tuple[OpenVault, OpenVault], exercise_factory: Any, library_factory: Any
) -> None:
    """At an `each` step Sam answers first; Alex's turn shows Sam's answer above, read-only."""
    exercise = exercise_factory(
        id="incident",
        title="After an incident",
        mode="together",
        tracks=["hurt", "repairing"],
        steps=[
            {"id": "why", "kind": "reading", "who": "both", "text": "Two realities. Both real."},
            {
                "id": "reality",
                "kind": "text",
                "who": "each",
                "title": "Your reality",
                "prompt": "What did you perceive and need?",
            },
            {"id": "agree", "kind": "text", "who": "both", "prompt": "What do you agree?"},
        ],
    )
    sam, alex = pair
    session = JointSession(library_factory(exercise), exercise, sam, alex)
    view = JointSessionView(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: "Sam goes first; then Alex sees that answer" in _texts(view))
    view.next_button.click()  # begin
    view.next_button.click()  # past the reading
    assert view.turn_label.text() == "Sam: your reality. Alex listens."
    assert view.earlier_answer is None
    _type(qtbot, view, "I saw you look at your phone")
    view.next_button.click()
    assert view.turn_label.text() == "Alex: your reality. Sam listens."
    assert view.earlier_answer is not None
    assert view.earlier_answer.text() == "I saw you look at your phone"
    qtbot.waitUntil(lambda: "Sam's answer" in _texts(view))  # new pages show on the next tick
    assert view.step_widget is not None and view.step_widget.value() in (None, "")
    assert not view.next_button.isEnabled()  # Alex's own answer is still needed
    _type(qtbot, view, "It makes sense you felt ignored; I was worried about work")
    view.back_button.click()  # back to Sam's turn: Sam's own words, no card
    assert view.earlier_answer is None
    assert view.step_widget is not None
    assert view.step_widget.value() == "I saw you look at your phone"
    view.next_button.click()
    view.next_button.click()
    assert view.turn_label.text().startswith("Both of you")
    _type(qtbot, view, "Phones away at dinner")
    view.next_button.click()
    assert session.phase is Phase.FINISHED
    assert sam.store.answers_for("incident")["reality"].value == "I saw you look at your phone"
    assert alex.store.answers_for("incident")["reality"].value.startswith("It makes sense")
    copied = {(a.partner_name, a.step_id) for a in sam.store.all_partner_answers()}
    assert copied == {("Alex", "reality")}


def test_the_progress_bar_never_moves_back_when_a_follow_up_appears(
    qtbot: Any, pair: tuple[OpenVault, OpenVault], exercise_factory: Any, library_factory: Any
) -> None:
    """A high rating on the shared screen adds a follow-up turn ("of 3" becomes "of 4"): the bar
    stays where it was, then grows with Next; a follow-up turn never shown moves it forward."""
    exercise = exercise_factory(
        id="rated",
        title="How it feels now",
        mode="together",
        tracks=["hurt", "repairing"],
        steps=[
            {"id": "intro", "kind": "reading", "who": "both", "text": "We look at it together."},
            {
                "id": "pain",
                "kind": "scale",
                "who": "both",
                "prompt": "How much does it hurt now?",
                "min": 0,
                "max": 10,
                "min_label": "not at all",
                "max_label": "very much",
            },
            {
                "id": "deep",
                "kind": "text",
                "who": "both",
                "prompt": "Tell more.",
                "optional": True,
                "when": {"step": "pain", "at_least": 7},
            },
            {"id": "agree", "kind": "text", "who": "both", "prompt": "What do you agree?"},
        ],
    )
    sam, alex = pair
    session = JointSession(library_factory(exercise), exercise, sam, alex)
    view = JointSessionView(session)
    qtbot.addWidget(view)
    view.show()
    view.next_button.click()  # begin
    seen = [view.progress.value()]
    view.next_button.click()  # past the reading, to the rating
    seen.append(view.progress.value())
    count = view.step_label.text()
    assert view.step_widget is not None
    view.step_widget.slider.setValue(9)  # type: ignore[attr-defined]  # a follow-up appears
    assert view.step_label.text() != count
    assert view.progress.value() == seen[-1]
    view.next_button.click()
    assert session.current is not None and session.current.id == "deep"
    seen.append(view.progress.value())
    view.back_button.click()
    assert view.step_widget is not None
    view.step_widget.slider.setValue(2)  # type: ignore[attr-defined]  # and goes: bar stays
    assert view.progress.value() == seen[1]
    view.next_button.click()
    assert session.current is not None and session.current.id == "agree"
    seen.append(view.progress.value())
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
