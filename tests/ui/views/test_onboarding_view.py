"""First run: the form's checks, the empty-passphrase confirmation, the recovery key."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from trustrepair.domain.enums import Relationship, Track
from trustrepair.services.vaults import Vaults
from trustrepair.ui.dialogs.simple import EmptyPassphraseDialog, RecoveryKeyFile
from trustrepair.ui.views.onboarding_view import OnboardingView


def _fill(view: OnboardingView, name: str = "Alex") -> None:
    view.welcome_next.click()
    view.name_edit.setText(name)
    view.track_buttons[Track.REPAIRING].click()
    view.relationship_buttons[Relationship.FRIENDSHIP].click()
    view.description_edit.setPlainText("I told a secret.")
    view.about_next.click()


def test_missing_choices_are_named_plainly(qtbot, vaults: Vaults):
    """Without a name or choices the form stays and says what is missing."""
    view = OnboardingView(vaults)
    qtbot.addWidget(view)
    view.welcome_next.click()
    view.about_next.click()
    assert view.pages.currentIndex() == 1
    assert "name" in view.about_problems.text()
    assert "describes you" in view.about_problems.text()


def test_empty_passphrase_needs_confirmation(
    qtbot, vaults: Vaults, monkeypatch: pytest.MonkeyPatch
):
    """An empty passphrase creates nothing until the person confirms the warning."""
    answers = iter([False, True])
    asked = []

    def ask(parent):
        asked.append(parent)
        return next(answers)

    monkeypatch.setattr(EmptyPassphraseDialog, "ask", classmethod(lambda cls, parent: ask(parent)))
    view = OnboardingView(vaults)
    qtbot.addWidget(view)
    _fill(view)
    view.create_button.click()
    assert vaults.list() == []
    view.create_button.click()
    qtbot.waitUntil(lambda: view.pages.currentIndex() == 4, timeout=10_000)
    with qtbot.waitSignal(view.created) as signal:
        view.later_button.click()
    assert len(asked) == 2
    vault = signal.args[0]
    profile = vault.store.get_profile()
    assert (profile.name, profile.track, profile.relationship, profile.description) == (
        "Alex",
        Track.REPAIRING,
        Relationship.FRIENDSHIP,
        "I told a secret.",
    )
    vault.close()


def test_passphrases_must_match(qtbot, vaults: Vaults):
    """Two different passphrases are refused with a plain message."""
    view = OnboardingView(vaults)
    qtbot.addWidget(view)
    _fill(view)
    view.passphrase_edit.setText("kettle river purple")
    view.repeat_edit.setText("kettle river")
    view.create_button.click()
    assert "not the same" in view.passphrase_problem.text()
    assert vaults.list() == []


def test_recovery_key_is_shown_once_and_must_be_kept(
    qtbot, vaults: Vaults, monkeypatch: pytest.MonkeyPatch, tmp_path
):
    """With a passphrase the recovery key is shown; Continue waits for the kept box."""
    view = OnboardingView(vaults)
    qtbot.addWidget(view)
    _fill(view)
    view.passphrase_edit.setText("kettle river purple morning")
    view.repeat_edit.setText("kettle river purple morning")
    created = []
    view.created.connect(created.append)
    view.create_button.click()
    qtbot.waitUntil(lambda: not view.busy)
    if not created:  # a vault service that makes recovery keys
        assert view.pages.currentIndex() == 3
        assert view.key_field.text()
        target = tmp_path / "key.txt"
        monkeypatch.setattr(RecoveryKeyFile, "ask", classmethod(lambda cls, parent, name: target))
        view.save_key_button.click()
        assert view.key_field.text() in target.read_text(encoding="utf-8")
        assert not view.finish_button.isEnabled()
        view.kept_box.click()
        view.finish_button.click()
    assert view.pages.currentIndex() == 4 and not created  # the safety check is offered
    view.later_button.click()
    assert len(created) == 1
    created[0].close()


def test_a_new_person_is_offered_the_safety_check_privately(
    qtbot, vaults: Vaults, monkeypatch: pytest.MonkeyPatch
):
    """Once the profile exists, a person is offered the private check (never required):
    "Take it now" hands the profile over and then asks for the check."""
    monkeypatch.setattr(EmptyPassphraseDialog, "ask", classmethod(lambda cls, parent: True))
    view = OnboardingView(vaults)
    qtbot.addWidget(view)
    view.show()
    _fill(view)
    view.create_button.click()
    qtbot.waitUntil(lambda: view.pages.currentIndex() == 4, timeout=10_000)
    texts = " ".join(label.text() for label in view.pages.currentWidget().findChildren(QLabel))
    assert "answered alone" in texts and "never shown" in texts
    order: list[str] = []
    view.created.connect(lambda vault: (order.append("created"), vault.close()))
    view.check_wanted.connect(lambda: order.append("check"))
    view.check_now_button.click()
    assert order == ["created", "check"]


def test_a_counsellor_profile_can_be_created(qtbot, vaults: Vaults):
    """The third choice creates a counsellor profile without the person-only questions."""
    from trustrepair.domain.profile import Role

    view = OnboardingView(vaults)
    qtbot.addWidget(view)
    view.show()
    view.welcome_next.click()
    view.name_edit.setText("Dr Lee")
    view.counsellor_button.click()
    assert not view.description_edit.isVisible()
    assert not any(b.isVisible() for b in view.relationship_buttons.values())
    view.about_next.click()
    assert view.pages.currentIndex() == 2, view.about_problems.text()
    view.passphrase_edit.setText("kettle river purple")
    view.repeat_edit.setText("kettle river purple")
    with qtbot.waitSignal(view.created, timeout=10_000) as created:
        view.create_button.click()
        qtbot.waitUntil(lambda: view.pages.currentIndex() == 3, timeout=10_000)
        view.kept_box.click()
        view.finish_button.click()
    vault = created.args[0]
    try:
        assert vault.store.get_profile().role is Role.COUNSELLOR
    finally:
        vault.close()
    view.reset()
    assert not view.counsellor_button.isChecked() and not view.description_edit.isHidden()


def test_a_fixed_field_takes_its_message_with_it(qtbot, vaults: Vaults):
    """Messages about the form go as the fields are fixed, and the form opens at its top."""
    view = OnboardingView(vaults)
    qtbot.addWidget(view)
    view.resize(700, 360)
    view.show()
    view.welcome_next.click()
    view.about_next.click()
    assert view.about_problems.isVisible() and "name" in view.about_problems.text()
    view.name_edit.setText("Alex")
    assert "name" not in view.about_problems.text()
    view.track_buttons[Track.REPAIRING].click()
    view.relationship_buttons[Relationship.FRIENDSHIP].click()
    assert not view.about_problems.isVisible()
    view.show_page(0)
    view.pages.currentWidget().verticalScrollBar().setValue(500)
    view.show_page(1)
    assert view.pages.currentWidget().verticalScrollBar().value() == 0


def test_a_weak_first_passphrase_is_said_and_needs_a_second_yes(
    qtbot, vaults: Vaults, monkeypatch: pytest.MonkeyPatch
):
    """Typing "abc" shows as weak with advice while typed; creating the profile asks once more."""
    from trustrepair.ui.dialogs.simple import WeakPassphraseConfirm

    answers = iter([False, True])
    monkeypatch.setattr(
        WeakPassphraseConfirm, "ask", classmethod(lambda cls, p, label, advice: next(answers))
    )
    view = OnboardingView(vaults)
    qtbot.addWidget(view)
    _fill(view)
    view.passphrase_edit.setText("abc")
    assert view.strength.property("level") == "weak" and "Weak" in view.strength.text()
    view.repeat_edit.setText("abc")
    view.create_button.click()
    assert vaults.list() == [] and not view.busy
    view.repeat_edit.setText("abc")
    view.create_button.click()
    qtbot.waitUntil(lambda: view.pages.currentIndex() == 3, timeout=20_000)
    assert [ref.name for ref in vaults.list()] == ["Alex"]
    assert view.vault is not None
    view.vault.close()
