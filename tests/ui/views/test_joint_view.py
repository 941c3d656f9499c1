"""Working together in the window: partner sign-in, the gate, the private turns and the reveal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from tests.helpers import home_parts
from tests.ui.conftest import make_safety_check
from trustrepair import paths
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.joint import Phase
from trustrepair.services.safety import SETTING_KEY
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.views.joint_session_view import JointSessionView
from trustrepair.ui.views.joint_view import JointView
from trustrepair.ui.views.player_view import PlayerView

PASSPHRASE = "alex types this"  # a test passphrase


@pytest.fixture(autouse=True)
def no_joint_autosave_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave at once in the joint session view."""
    monkeypatch.setattr(JointSessionView, "AUTOSAVE_DELAY_MS", 0)


def _library(exercise_factory: Any, library_factory: Any) -> Library:
    parallel = exercise_factory(
        id="pair",
        title="Our plan",
        mode="parallel",
        tracks=["hurt", "repairing"],
        steps=[
            {"id": "why", "kind": "reading", "who": "both", "text": "Answer alone first."},
            {"id": "needs", "kind": "text", "who": "hurt", "prompt": "What do you need?"},
            {"id": "offers", "kind": "text", "who": "repairing", "prompt": "What do you offer?"},
            {"id": "hope", "kind": "text", "who": "both", "prompt": "What do you hope?"},
        ],
    )
    return library_factory(parallel, safety=make_safety_check())


@pytest.fixture
def library_for_two(exercise_factory: Any, library_factory: Any) -> Library:
    """The small library for two."""
    return _library(exercise_factory, library_factory)


@pytest.fixture
def sam(vaults: Vaults) -> Iterator[OpenVault]:
    """Sam, who was hurt, signed in; their safety check passed."""
    opened = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    _passed(opened)
    yield opened
    opened.close()


@pytest.fixture
def alex_ref(vaults: Vaults) -> str:
    """Alex's profile (repairing), locked, with a passphrase; check passed."""
    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), PASSPHRASE)
    _passed(alex)
    alex.close()
    return "Alex"


def _passed(vault: OpenVault, concern: bool = False) -> None:
    vault.store.set_setting(SETTING_KEY, {"completed_at": "2026-01-01", "concern": concern})


def _sign_in(qtbot: Any, view: JointView, passphrase: str = PASSPHRASE) -> None:
    """Alex signs in; waits for the key derivation in the background."""
    view.partner_box.setCurrentText("Alex")
    assert view.passphrase_label.text() == "Alex, please type your pa&ssphrase"
    assert view.passphrase.echoMode() is view.passphrase.EchoMode.Password
    view.passphrase.setText(passphrase)
    view.continue_button.click()
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)


def _type(view: JointSessionView, text: str) -> None:
    assert view.step_widget is not None
    view.step_widget.editor.setPlainText(text)  # type: ignore[attr-defined]


def test_pair_walks_a_parallel_exercise_to_the_reveal(
    qtbot: Any, vaults: Vaults, sam: OpenVault, alex_ref: str, library_for_two: Library
) -> None:
    """Both answer privately, Sam holds one answer back, and the reveal shows the rest."""
    view = JointView(vaults, sam, library_for_two, "pair")
    qtbot.addWidget(view)
    view.show()
    _sign_in(qtbot, view)
    session_view = view.session_view
    assert session_view is not None and view.stack.currentWidget() is session_view
    session = session_view.session
    session_view.next_button.click()  # begin
    assert session_view.handover_button is not None
    _wait_for_text(qtbot, session_view, "Pass the keyboard to Sam.")
    session_view.handover_button.click()
    assert "Sam is answering privately" in session_view.turn_label.text()
    session_view.next_button.click()  # past the reading
    _type(session_view, "Sam needs the truth")
    session_view.next_button.click()
    _type(session_view, "Sam hopes for calm")
    qtbot.waitUntil(lambda: not session.dirty)
    session_view.next_button.click()
    assert session.phase is Phase.CHOOSE
    assert set(session_view.reveal_boxes) == {"needs", "hope"}
    session_view.reveal_boxes["hope"].setChecked(False)
    assert session_view.choose_button is not None
    assert session_view.choose_button.text() == "&Done — hand over to Alex"
    session_view.choose_button.click()
    _wait_for_text(qtbot, session_view, "Pass the keyboard to Alex.")
    assert session_view.handover_button.text() == "I'm Alex — &continue"
    session_view.handover_button.click()
    session_view.next_button.click()
    _type(session_view, "Alex offers openness")
    session_view.next_button.click()
    _type(session_view, "Alex hopes too")
    session_view.next_button.click()
    session_view.choose_button.click()
    assert session.phase is Phase.REVEAL
    session_view.handover_button.click()
    _wait_for_text(qtbot, session_view, "Sam needs the truth")
    assert "This question was for Sam." in _texts(session_view)
    session_view.next_button.click()
    session_view.next_button.click()
    _wait_for_text(qtbot, session_view, "Kept private")
    texts = _texts(session_view)
    assert "Alex hopes too" in texts
    assert "Sam hopes for calm" not in texts
    session_view.next_button.click()
    assert session.phase is Phase.FINISHED
    partner = session.second.vault
    copied = {a.step_id: a.value for a in partner.store.all_partner_answers()}
    assert copied == {"needs": "Sam needs the truth"}
    with qtbot.waitSignal(view.back_to_path):
        session_view.next_button.click()
    assert view.partner is None and not partner.is_open


def test_sharing_and_revealing_are_separate_choices_in_the_window(
    qtbot: Any, vaults: Vaults, sam: OpenVault, alex_ref: str, library_for_two: Library
) -> None:
    """The Share box on a private turn starts unticked and only shares; revealing only
    reveals: neither sets the other, in either vault."""
    view = JointView(vaults, sam, library_for_two, "pair")
    qtbot.addWidget(view)
    view.show()
    _sign_in(qtbot, view)
    session_view = view.session_view
    assert session_view is not None
    session = session_view.session
    session_view.next_button.click()  # begin
    session_view.handover_button.click()  # type: ignore[union-attr]
    session_view.next_button.click()  # past the reading
    assert session_view.share_box is not None
    assert not session_view.share_box.isChecked() and not session_view.share_box.isEnabled()
    _type(session_view, "Sam needs the truth")
    qtbot.waitUntil(lambda: session_view.share_box.isEnabled())  # type: ignore[union-attr]
    session_view.share_box.setChecked(True)
    session_view.next_button.click()
    _type(session_view, "Sam hopes for calm")
    session_view.next_button.click()
    session_view.reveal_boxes["needs"].setChecked(False)  # shared, yet not revealed
    session_view.choose_button.click()  # type: ignore[union-attr]
    session_view.handover_button.click()  # type: ignore[union-attr]
    session_view.next_button.click()
    _type(session_view, "Alex offers openness")
    session_view.next_button.click()
    _type(session_view, "Alex hopes too")
    session_view.next_button.click()
    session_view.choose_button.click()  # type: ignore[union-attr]
    assert session.phase is Phase.REVEAL
    mine = sam.store.answers_for("pair")
    assert (mine["needs"].shared, mine["needs"].revealed) == (True, False)
    assert (mine["hope"].shared, mine["hope"].revealed) == (False, True)
    alex = session.second.store.answers_for("pair")
    assert all(a.revealed and not a.shared for a in alex.values())
    copies = {a.step_id for a in session.second.store.partner_answers_for("pair")}
    assert copies == {"hope"}


def test_resumed_with_the_other_signed_in_nobody_repeats_finished_work(
    qtbot: Any, vaults: Vaults, sam: OpenVault, alex_ref: str, library_for_two: Library
) -> None:
    """Sam finishes, Alex stops half-way; Alex signs in next time with Sam beside: Alex goes
    on from the same step, Sam is never asked again, and the reveal needs no new choices."""
    view = JointView(vaults, sam, library_for_two, "pair")
    qtbot.addWidget(view)
    view.show()
    _sign_in(qtbot, view)
    session_view = view.session_view
    assert session_view is not None
    session_view.next_button.click()  # begin
    session_view.handover_button.click()  # type: ignore[union-attr]
    session_view.next_button.click()
    _type(session_view, "Sam needs the truth")
    session_view.next_button.click()
    _type(session_view, "Sam hopes for calm")
    session_view.next_button.click()
    session_view.reveal_boxes["hope"].setChecked(False)
    session_view.choose_button.click()  # type: ignore[union-attr]
    session_view.handover_button.click()  # type: ignore[union-attr]
    session_view.next_button.click()
    _type(session_view, "Alex offers openness")
    session_view.next_button.click()  # now on "hope", Alex's last step
    session_view.stop_button.click()
    assert view.session_view is None and sam.store.get_setting("joint:pair") is not None
    sam.close()

    alex = vaults.open("Alex", PASSPHRASE)
    try:
        again = JointView(vaults, alex, library_for_two, "pair")
        qtbot.addWidget(again)
        again.show()
        again.partner_box.setCurrentText("Sam")
        again.continue_button.click()
        qtbot.waitUntil(lambda: again.session_view is not None, timeout=10_000)
        resumed = again.session_view
        assert resumed is not None
        _wait_for_text(qtbot, resumed, "Pass the keyboard to Alex.")
        resumed.handover_button.click()  # type: ignore[union-attr]
        assert resumed.session.current is not None and resumed.session.current.id == "hope"
        assert resumed.session.value("offers") == "Alex offers openness"
        _type(resumed, "Alex hopes too")
        resumed.next_button.click()
        resumed.choose_button.click()  # type: ignore[union-attr]
        assert resumed.session.phase is Phase.REVEAL
        _wait_for_text(qtbot, resumed, "Time to sit together")
        assert resumed.session.first.name == "Sam"
        assert "Sam hopes for calm" not in {a.value for a in alex.store.partner_answers_for("pair")}
        again.close_screen()
    finally:
        alex.close()


def test_wrong_partner_passphrase_is_said_kindly(
    qtbot: Any, vaults: Vaults, sam: OpenVault, alex_ref: str, library_for_two: Library
) -> None:
    """A wrong passphrase stays on the setup page with a plain message and an empty field."""
    view = JointView(vaults, sam, library_for_two, "pair")
    qtbot.addWidget(view)
    _sign_in(qtbot, view, "not it")
    assert view.partner is None and view.stack.currentWidget() is view.setup_page
    assert "does not open" in view.error_label.text()
    assert view.passphrase.text() == ""


def test_the_check_is_never_taken_beside_the_other_person(
    qtbot: Any, vaults: Vaults, sam: OpenVault, library_for_two: Library
) -> None:
    """A partner who has not done the check is named and asked to take it alone, signed in
    to their own profile: the joint screens offer no way to take it there and then."""
    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), PASSPHRASE)
    alex.close()
    view = JointView(vaults, sam, library_for_two, "pair")
    qtbot.addWidget(view)
    view.show()
    _sign_in(qtbot, view)
    assert view.stack.currentWidget() is view.gate_page
    message = view.gate_message.text()
    assert "Alex has not taken it yet" in message and "alone" in message
    assert not view.findChildren(PlayerView)
    captions = [b.text() for b in view.gate_page.findChildren(QPushButton) if b.isVisible()]
    assert captions == ["← Back to your &path", "Open &help and safety"]


def test_concern_shows_the_neutral_message(
    qtbot: Any, vaults: Vaults, sam: OpenVault, library_for_two: Library
) -> None:
    """When a check raised a concern the page never says whose, and offers help."""
    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), PASSPHRASE)
    _passed(alex, concern=True)
    alex.close()
    view = JointView(vaults, sam, library_for_two, "pair")
    qtbot.addWidget(view)
    _sign_in(qtbot, view)
    message = view.gate_message.text()
    assert message.startswith("Exercises for two are closed for now.")
    assert "Alex" not in message and "Sam" not in message
    assert not view.gate_help.isHidden()


def test_quick_hide_locks_both_profiles(
    qtbot: Any, vaults: Vaults, alex_ref: str, library_for_two: Library
) -> None:
    """Quick-hide in the middle of joint work saves what was typed and locks both vaults."""
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    _passed(sam)
    window = MainWindow(vaults, library_for_two, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.show()
    window.open_vault(sam)
    assert (
        window.screens.get("home") is not None
        and window.screens.get("home").together_button is not None
    )
    assert window.screens.get("home").together_button.isEnabled()
    window.screens.get("home").together_button.click()
    joint = window.screens.get("joint")
    assert joint is not None
    _sign_in(qtbot, joint)
    session_view = joint.session_view
    assert session_view is not None
    session_view.AUTOSAVE_DELAY_MS = 60_000  # still pending when hiding
    session_view.next_button.click()
    session_view.handover_button.click()  # type: ignore[union-attr]
    session_view.next_button.click()
    _type(session_view, "typed, not yet saved")
    partner = joint.partner
    assert partner is not None and session_view.session.dirty
    window.menu_actions["hide"].trigger()
    assert window.hidden and window.screens.get("joint") is None and window.vault is None
    assert not partner.is_open and not sam.is_open
    reopened = vaults.open("Sam", None)
    try:
        assert reopened.store.answers_for("pair")["needs"].value == "typed, not yet saved"
    finally:
        reopened.close()
    alex = vaults.open("Alex", PASSPHRASE)
    alex.close()  # the lock was released


def test_home_button_explains_why_it_is_closed(
    qtbot: Any, vaults: Vaults, library_for_two: Library
) -> None:
    """Without a passed check the Work together button is disabled and its tooltip says why."""
    from trustrepair.ui.views.home_view import HomeView

    kim = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC), None)
    try:
        home = HomeView(*home_parts(kim.store, library_for_two))
        qtbot.addWidget(home)
        button = home.together_button
        assert button is not None and not button.isEnabled()
        assert "safety check" in button.toolTip()
    finally:
        kim.close()


def _texts(widget: Any) -> str:
    return "\n".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def _wait_for_text(qtbot: Any, widget: Any, text: str) -> None:
    """Wait until a visible label of ``widget`` holds ``text`` (new pages show on the next tick)."""
    qtbot.waitUntil(lambda: text in _texts(widget))


def test_opening_a_joint_exercise_from_home_opens_the_setup(
    qtbot: Any, vaults: Vaults, sam: OpenVault, alex_ref: str, library_for_two: Library
) -> None:
    """An exercise for two opened from the path starts the joint setup with it chosen."""
    window = MainWindow(vaults, library_for_two, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.open_vault(sam)
    window.open_exercise("pair")
    assert window.screens.get("player") is None and window.screens.get("joint") is not None
    assert window.stack.currentWidget() is window.screens.get("joint")
    assert window.screens.get("joint").exercise_box.currentData() == "pair"
    window.screens.get("joint").cancel_button.click()
    assert window.screens.get(
        "joint"
    ) is None and window.stack.currentWidget() is window.screens.get("home")


def test_same_track_pair_chooses_roles_first(
    qtbot: Any, vaults: Vaults, sam: OpenVault, library_for_two: Library
) -> None:
    """Two profiles on the same track are asked who is who before they begin."""
    kim = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC), PASSPHRASE)
    _passed(kim)
    kim.close()
    view = JointView(vaults, sam, library_for_two, "pair")
    qtbot.addWidget(view)
    view.partner_box.setCurrentText("Kim")
    view.passphrase.setText(PASSPHRASE)
    view.continue_button.click()
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    assert view.stack.currentWidget() is view.roles_page
    assert view.role_second_hurt.text() == "Kim was hurt; Sam is repairing"
    view.role_second_hurt.setChecked(True)
    view.roles_continue.click()
    assert view.session_view is not None
    session = view.session_view.session
    assert session.by_role(Track.HURT).name == "Kim"
    view.close_screen()


def test_partner_sign_in_runs_in_the_background(
    qtbot: Any, vaults: Vaults, sam: OpenVault, alex_ref: str, library_for_two: Library
) -> None:
    """While Alex's key is derived the setup is disabled with a calm line and keeps focus."""
    view = JointView(vaults, sam, library_for_two, "pair")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    view.partner_box.setCurrentText("Alex")
    view.passphrase.setText("not it")
    view.continue_button.click()
    assert view.busy and not view.passphrase.isEnabled() and not view.continue_button.isEnabled()
    assert view.busy_label.text() == "Opening Alex's profile…"
    assert view.focusWidget() is view.busy_label
    assert view.passphrase.text() == ""  # never kept in the field while waiting
    with qtbot.waitSignal(view.task.finished, timeout=10_000):  # type: ignore[union-attr]
        pass
    assert not view.busy and view.passphrase.isEnabled()
    assert "does not open" in view.error_label.text() and view.partner is None
    assert view.focusWidget() is view.passphrase
    view.passphrase.setText(PASSPHRASE)
    view.continue_button.click()
    qtbot.waitUntil(lambda: view.partner is not None, timeout=10_000)
    assert view.stack.currentWidget() is not view.setup_page
    view.close_screen()


def test_leaving_while_the_partner_signs_in_locks_their_profile(
    qtbot: Any, vaults: Vaults, sam: OpenVault, alex_ref: str, library_for_two: Library
) -> None:
    """A profile that finishes opening after the pair left is locked again at once."""
    view = JointView(vaults, sam, library_for_two, "pair")
    qtbot.addWidget(view)
    view.partner_box.setCurrentText("Alex")
    view.passphrase.setText(PASSPHRASE)
    view.continue_button.click()
    task = view.task
    assert task is not None
    with qtbot.waitSignal(view.back_to_path):
        view.cancel_button.click()
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert view.partner is None
    vaults.open("Alex", PASSPHRASE).close()  # not left open or locked by anyone
