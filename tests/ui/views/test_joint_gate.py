"""The safety gate for two in the window: closed for now reads the same, whoever and whyever.

Work for two can be closed by a safety check that raised a concern or by the "Close work for
two" button, by either person, at home alone or side by side. Whatever it was, everything the
pair can read afterwards is the same, and the person whose own check was clear cannot tell what
the other did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from tests.helpers import home_parts
from tests.ui.conftest import make_safety_check
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.joint import Phase
from trustrepair.services.safety import JointAccess, SafetyService
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.ui.views.home_view import HomeView
from trustrepair.ui.views.joint_session_view import JointSessionView
from trustrepair.ui.views.joint_view import JointView

PASSPHRASES = {"Sam": "sam types this", "Alex": "alex types this"}  # test passphrases


@pytest.fixture(autouse=True)
def no_joint_autosave_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave at once in the joint session view."""
    monkeypatch.setattr(JointSessionView, "AUTOSAVE_DELAY_MS", 0)


@pytest.fixture
def library_for_two(exercise_factory: Any, library_factory: Any) -> Library:
    """One parallel exercise and the small safety check."""
    parallel = exercise_factory(
        id="pair",
        title="Our plan",
        mode="parallel",
        tracks=["hurt", "repairing"],
        steps=[
            {"id": "why", "kind": "reading", "who": "both", "text": "Answer alone first."},
            {"id": "hope", "kind": "text", "who": "both", "prompt": "What do you hope?"},
        ],
    )
    return library_factory(parallel, safety=make_safety_check())


def _take_check(vault: OpenVault, library: Library, *, concern: bool) -> None:
    """The person takes the small check alone, to the end."""
    vault.store.save_answer("check", "afraid", "often" if concern else "never")
    vault.store.mark_completed("check")
    SafetyService(vault.store, library).record()


def _people(vaults: Vaults, library: Library) -> None:
    for name, track in (("Sam", Track.HURT), ("Alex", Track.REPAIRING)):
        opened = vaults.create(ProfileInfo(name, track, Relationship.ROMANTIC), PASSPHRASES[name])
        _take_check(opened, library, concern=False)
        opened.close()


def _texts(root: QWidget) -> list[str]:
    """Everything a person can read on the visible part of ``root``: labels, buttons, their
    tooltips and the names a screen reader speaks."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        found.extend(
            t for t in (widget.toolTip(), widget.accessibleName(), widget.accessibleDescription())
        )
    return sorted(t for t in found if t)


def _sign_in(qtbot: Any, vaults: Vaults, library: Library, host: str) -> JointView:
    guest = "Alex" if host == "Sam" else "Sam"
    view = JointView(vaults, vaults.open(host, PASSPHRASES[host]), library, "pair")
    qtbot.addWidget(view)
    view.show()
    view.partner_box.setCurrentText(guest)
    view.passphrase.setText(PASSPHRASES[guest])
    view.continue_button.click()
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    return view


def _leave(view: JointView) -> None:
    view.close_and_leave()
    view.first.close()


def _close_in_session(qtbot: Any, vaults: Vaults, library: Library, who: str) -> None:
    """Side by side, in the middle of ``who``'s private turn, the button is pressed."""
    view = _sign_in(qtbot, vaults, library, who)
    session_view = view.session_view
    assert session_view is not None
    session_view.next_button.click()  # begin
    session_view.handover_button.click()  # type: ignore[union-attr]
    assert session_view.session.phase is Phase.PRIVATE
    session_view.close_button.click()
    assert view.session_view is None and view.stack.currentWidget() is view.gate_page
    _leave(view)


def _close_at_home(vaults: Vaults, library: Library, who: str) -> None:
    with vaults.open(who, PASSPHRASES[who]) as opened:
        SafetyService(opened.store, library).close_joint()


def _concern(vaults: Vaults, library: Library, who: str) -> None:
    with vaults.open(who, PASSPHRASES[who]) as opened:
        _take_check(opened, library, concern=True)


CLOSINGS: dict[str, Callable[[Any, Vaults, Library], None]] = {
    "Sam's check": lambda q, v, lib: _concern(v, lib, "Sam"),
    "Alex's check": lambda q, v, lib: _concern(v, lib, "Alex"),
    "Sam at home": lambda q, v, lib: _close_at_home(v, lib, "Sam"),
    "Alex at home": lambda q, v, lib: _close_at_home(v, lib, "Alex"),
    "Sam's turn": lambda q, v, lib: _close_in_session(q, v, lib, "Sam"),
    "Alex's turn": lambda q, v, lib: _close_in_session(q, v, lib, "Alex"),
}


def test_every_text_after_a_closed_gate_is_the_same_whoever_closed_it_and_why(
    qtbot: Any, vaults: Vaults, library_for_two: Library
) -> None:
    """Closed by either person's check or by either person's button (at home or side by
    side), and signed in either way round: the pair reads exactly the same texts."""
    seen: dict[tuple[str, str], list[str]] = {}
    for closing, close in CLOSINGS.items():
        for folder in list(vaults.root.iterdir()):
            for path in sorted(folder.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            folder.rmdir()
        _people(vaults, library_for_two)
        close(qtbot, vaults, library_for_two)
        for host in ("Sam", "Alex"):
            view = _sign_in(qtbot, vaults, library_for_two, host)
            assert view.stack.currentWidget() is view.gate_page, closing
            seen[(closing, host)] = _texts(view)
            _leave(view)
    first = next(iter(seen.values()))
    assert "Not right now" in first
    for key, texts in seen.items():
        assert texts == first, key
        assert not any("Sam" in t or "Alex" in t for t in texts), key


def test_whose_check_was_clear_cannot_tell_a_concern_from_a_closing(
    qtbot: Any, vaults: Vaults, library_for_two: Library
) -> None:
    """Sam's check was clear. Whether Alex's check raised a concern or Alex closed work for
    two alone, Sam's own home screen reads the same (open to Sam), and so does the gate."""
    _people(vaults, library_for_two)
    homes = []
    for close in (_concern, _close_at_home):
        close(vaults, library_for_two, "Alex")
        with vaults.open("Sam", PASSPHRASES["Sam"]) as sam:
            assert SafetyService(sam.store, library_for_two).access() is JointAccess.ALLOWED
            home = HomeView(*home_parts(sam.store, library_for_two))
            qtbot.addWidget(home)
            home.show()
            homes.append(_texts(home))
            home.close()
        with vaults.open("Alex", PASSPHRASES["Alex"]) as alex:  # back to open, for the next
            _take_check(alex, library_for_two, concern=False)
            SafetyService(alex.store, library_for_two).reopen_joint()
    assert homes[0] == homes[1]


def test_only_the_person_who_closed_it_can_open_it_again_alone(
    qtbot: Any, vaults: Vaults, library_for_two: Library
) -> None:
    """Alex closes at home; Sam, signed in alone, has nothing to reopen and the pair stays
    closed; Alex, signed in alone, opens it again and the pair can begin."""
    _people(vaults, library_for_two)
    _close_at_home(vaults, library_for_two, "Alex")
    with vaults.open("Sam", PASSPHRASES["Sam"]) as sam:
        home = HomeView(*home_parts(sam.store, library_for_two))
        qtbot.addWidget(home)
        assert home.together_card is not None and home.together_card.reopen_button is None
        assert home.together_button.isEnabled()
    view = _sign_in(qtbot, vaults, library_for_two, "Sam")
    assert view.stack.currentWidget() is view.gate_page
    _leave(view)
    with vaults.open("Alex", PASSPHRASES["Alex"]) as alex:
        home = HomeView(*home_parts(alex.store, library_for_two))
        qtbot.addWidget(home)
        card = home.together_card
        assert card is not None and card.reopen_button is not None
        card.why_button.click()  # type: ignore[union-attr]
        card.reopen_button.click()
    view = _sign_in(qtbot, vaults, library_for_two, "Sam")
    assert view.session_view is not None
    _leave(view)


def test_closing_side_by_side_is_one_button_and_each_reopens_their_own_side(
    qtbot: Any, vaults: Vaults, library_for_two: Library
) -> None:
    """The session's "Close work for two" asks nothing and saves what was typed; side by side
    nobody can tell who pressed it, so each profile keeps it closed until its own person
    opens it again, alone."""
    _people(vaults, library_for_two)
    view = _sign_in(qtbot, vaults, library_for_two, "Sam")
    session_view = view.session_view
    assert session_view is not None
    session_view.next_button.click()
    session_view.handover_button.click()  # type: ignore[union-attr]
    session_view.next_button.click()
    session_view.step_widget.editor.setPlainText("typed before closing")  # type: ignore[union-attr]
    session_view.close_button.click()
    assert view.stack.currentWidget() is view.gate_page
    assert view.gate_message.text().startswith("Exercises for two are closed for now.")
    _leave(view)
    for name in ("Sam", "Alex"):
        with vaults.open(name, PASSPHRASES[name]) as opened:
            assert SafetyService(opened.store, library_for_two).closed_at() is not None
            if name == "Sam":
                assert opened.store.answers_for("pair")["hope"].value == "typed before closing"
            SafetyService(opened.store, library_for_two).reopen_joint()
    view = _sign_in(qtbot, vaults, library_for_two, "Alex")
    assert view.session_view is not None
    _leave(view)
