"""Change passphrase: the new one opens the profile, a new recovery key is shown once."""

from __future__ import annotations

import pytest

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import WrongPassphrase
from trustrepair.services.vaults import Vaults
from trustrepair.ui.dialogs.passphrase_dialog import (
    ChangePassphraseDialog,
    RemovePassphraseConfirm,
)
from trustrepair.ui.dialogs.simple import WeakPassphraseConfirm
from trustrepair.ui.views.unlock_view import UnlockView
from trustrepair.ui.widgets.recovery_key import RecoveryKeyDialog


@pytest.fixture
def robin(vaults: Vaults) -> str:
    """A closed profile with the passphrase "old words"."""
    vaults.create(ProfileInfo("Robin", Track.HURT, Relationship.ROMANTIC), "old words").close()
    return "Robin"


def _dialog(qtbot, vaults: Vaults, name: str, has_passphrase: bool = True):
    dialog = ChangePassphraseDialog(vaults, name, has_passphrase)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_change_then_unlock_with_the_new_passphrase(qtbot, vaults: Vaults, robin: str):
    """After a change the new passphrase unlocks the profile and the old one no longer does."""
    dialog = _dialog(qtbot, vaults, robin)
    dialog.current.setText("old words")
    dialog.new.setText("new kettle words")
    dialog.again.setText("new kettle words")
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()
    assert dialog.result_ is not None and dialog.result_.recovery_key is not None
    with pytest.raises(WrongPassphrase):
        vaults.open(robin, "old words")
    view = UnlockView(vaults)
    qtbot.addWidget(view)
    view.secret.setText("new kettle words")
    with qtbot.waitSignal(view.unlocked) as signal:
        view.unlock_button.click()
    signal.args[0].close()


def test_wrong_current_passphrase_is_said_plainly(qtbot, vaults: Vaults, robin: str):
    """A wrong current passphrase changes nothing and says so."""
    dialog = _dialog(qtbot, vaults, robin)
    dialog.current.setText("not it")
    dialog.new.setText("new words")
    dialog.again.setText("new words")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.task is None and dialog.problem.isVisibleTo(dialog))
    assert "does not open" in dialog.problem.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    vaults.open(robin, "old words").close()


def test_recovery_key_and_a_new_one_shown_once(
    qtbot, vaults: Vaults, monkeypatch: pytest.MonkeyPatch
):
    """With the recovery key instead of the passphrase, a new key is made and shown once."""
    vault = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.FRIENDSHIP), "old words")
    old_key = vault.recovery_key
    vault.close()
    shown: list[str] = []
    monkeypatch.setattr(
        RecoveryKeyDialog, "ask", classmethod(lambda cls, parent, name, key: shown.append(key))
    )
    monkeypatch.setattr(ChangePassphraseDialog, "exec", lambda self: self._exec_for_test())

    def exec_for_test(self: ChangePassphraseDialog) -> int:
        self.show()
        self.toggle_recovery()
        self.current.setText(old_key.lower())
        self.new.setText("fresh words")
        self.again.setText("fresh words")
        self.ok_button.click()
        qtbot.waitUntil(lambda: self.task is None)
        return int(self.result())

    monkeypatch.setattr(ChangePassphraseDialog, "_exec_for_test", exec_for_test, raising=False)
    changed = ChangePassphraseDialog.ask(None, vaults, "Kim", True)
    assert changed is not None and changed.has_passphrase
    assert shown == [changed.recovery_key] and changed.recovery_key != old_key
    vaults.open_with_recovery_key("Kim", changed.recovery_key).close()
    # Not confirmed as kept (the dialog was closed by a lock): the home will offer another.
    assert vaults.has_unconfirmed_recovery_key("Kim")
    with pytest.raises(WrongPassphrase):
        vaults.open_with_recovery_key("Kim", old_key)


def test_a_kept_new_recovery_key_retires_the_old_one(
    qtbot, vaults: Vaults, monkeypatch: pytest.MonkeyPatch
):
    """Once the person ticks "I have kept it", only the new recovery key opens the profile."""
    vault = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.FRIENDSHIP), "old words")
    old_key = vault.recovery_key
    vault.close()
    monkeypatch.setattr(RecoveryKeyDialog, "ask", classmethod(lambda cls, *args: True))

    def exec_for_test(self: ChangePassphraseDialog) -> int:
        self.show()
        self.current.setText("old words")
        self.new.setText("fresh words")
        self.again.setText("fresh words")
        self.ok_button.click()
        qtbot.waitUntil(lambda: self.task is None)
        return int(self.result())

    monkeypatch.setattr(ChangePassphraseDialog, "exec", exec_for_test)
    changed = ChangePassphraseDialog.ask(None, vaults, "Kim", True)
    assert changed is not None and changed.recovery_key
    vaults.open_with_recovery_key("Kim", changed.recovery_key).close()
    with pytest.raises(WrongPassphrase):
        vaults.open_with_recovery_key("Kim", old_key)
    assert not vaults.has_unconfirmed_recovery_key("Kim")


def test_recovery_key_dialog_waits_for_the_kept_box(qtbot):
    """The new recovery key's Continue stays off until the person says they kept it."""
    dialog = RecoveryKeyDialog("Kim", "ABCD-EFGH")
    qtbot.addWidget(dialog)
    assert dialog.panel.key_field.text() == "ABCD-EFGH"
    assert not dialog.continue_button.isEnabled()
    dialog.kept_box.click()
    assert dialog.continue_button.isEnabled()


def test_new_key_only_keeps_the_passphrase_and_retires_the_old_key(
    qtbot, vaults: Vaults, monkeypatch: pytest.MonkeyPatch
):
    """Only the passphrase is asked; it keeps working and the kept new key replaces the old."""
    vault = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.FRIENDSHIP), "old words")
    old_key = vault.recovery_key
    vault.close()
    vaults.change_passphrase("Kim", "old words", "old words", new_recovery_key=True)
    assert vaults.has_unconfirmed_recovery_key("Kim")
    monkeypatch.setattr(RecoveryKeyDialog, "ask", classmethod(lambda cls, *args: True))

    def exec_for_test(self: ChangePassphraseDialog) -> int:
        self.show()
        assert not self.new.isVisibleTo(self) and not self.recovery_toggle.isVisibleTo(self)
        self.current.setText("old words")
        self.ok_button.click()
        qtbot.waitUntil(lambda: self.task is None)
        return int(self.result())

    monkeypatch.setattr(ChangePassphraseDialog, "exec", exec_for_test)
    changed = ChangePassphraseDialog.ask(None, vaults, "Kim", True, new_key_only=True)
    assert changed is not None and changed.has_passphrase and changed.recovery_key
    assert not vaults.has_unconfirmed_recovery_key("Kim")
    vaults.open("Kim", "old words").close()
    vaults.open_with_recovery_key("Kim", changed.recovery_key).close()
    with pytest.raises(WrongPassphrase):
        vaults.open_with_recovery_key("Kim", old_key)


def test_new_key_only_with_a_wrong_passphrase_changes_nothing(qtbot, vaults: Vaults, robin: str):
    """A wrong passphrase in the new-key-only dialog is said plainly; nothing is changed."""
    dialog = ChangePassphraseDialog(vaults, robin, True, new_key_only=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Make a new recovery key"
    dialog.current.setText("not it")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.task is None and dialog.problem.isVisibleTo(dialog))
    assert "does not open" in dialog.problem.text()
    assert dialog.new.text() == dialog.again.text() == ""
    vaults.open(robin, "old words").close()


def test_removing_the_passphrase_is_its_own_warned_action(
    qtbot, vaults: Vaults, robin: str, monkeypatch: pytest.MonkeyPatch
):
    """Remove the passphrase asks for it, warns plainly, and only then removes it."""
    answers = iter([False, True])
    monkeypatch.setattr(RemovePassphraseConfirm, "ask", classmethod(lambda cls, p: next(answers)))
    dialog = ChangePassphraseDialog(vaults, robin, True, remove=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.new.isVisible() and dialog.ok_button.property("role") == "danger"
    dialog.current.setText("old words")
    dialog.ok_button.click()  # "Keep the passphrase"
    assert dialog.task is None and dialog.result() == 0
    vaults.open(robin, "old words").close()
    dialog = ChangePassphraseDialog(vaults, robin, True, remove=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.current.setText("old words")
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()
    assert dialog.result_ is not None and not dialog.result_.has_passphrase
    vaults.open(robin, None).close()


def test_changing_never_offers_to_empty_the_passphrase(qtbot, vaults: Vaults, robin: str):
    """Change passphrase with both new fields empty asks for a new one; nothing is removed."""
    dialog = _dialog(qtbot, vaults, robin)
    dialog.current.setText("old words")
    dialog.ok_button.click()
    assert dialog.task is None and dialog.isVisible()
    assert "twice" in dialog.problem.text()
    vaults.open(robin, "old words").close()


def test_a_weak_passphrase_needs_a_second_confirmation(
    qtbot, vaults: Vaults, robin: str, monkeypatch: pytest.MonkeyPatch
):
    """ "abc" is called weak as it is typed, with advice; using it needs a second yes."""
    answers = iter([False, True])
    asked = []
    monkeypatch.setattr(
        WeakPassphraseConfirm,
        "ask",
        classmethod(lambda cls, parent, label, advice: asked.append(label) or next(answers)),
    )
    dialog = _dialog(qtbot, vaults, robin)
    dialog.current.setText("old words")
    dialog.new.setText("abc")
    assert dialog.strength.property("level") == "weak"
    assert "Weak" in dialog.strength.text() and "words" in dialog.strength.text()
    dialog.again.setText("abc")
    dialog.ok_button.click()
    assert dialog.task is None and len(asked) == 1  # "Choose another"
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.ok_button.click()
    assert len(asked) == 2
    vaults.open(robin, "abc").close()


def test_a_strong_passphrase_needs_no_second_confirmation(qtbot, vaults: Vaults, robin: str):
    """Four ordinary words that do not belong together are called strong."""
    dialog = _dialog(qtbot, vaults, robin)
    dialog.new.setText("kettle river purple morning")
    assert dialog.strength.property("level") == "good"
    assert dialog.strength.strength is not None and not dialog.strength.strength.weak


def test_after_the_recovery_key_only_a_new_passphrase_is_asked(qtbot, vaults: Vaults, robin: str):
    """Opened with the recovery key: the key is not asked again, only the new passphrase."""
    key = vaults.change_passphrase(robin, "old words", "old words", new_recovery_key=True)
    assert key
    dialog = ChangePassphraseDialog(vaults, robin, True, recovery_key=key)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.current.isVisible() and dialog.focusWidget() is dialog.new
    dialog.new.setText("kettle river purple morning")
    dialog.again.setText("kettle river purple morning")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.ok_button.click()
    vaults.open(robin, "kettle river purple morning").close()
