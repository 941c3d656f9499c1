"""Unlocking: names only, a wrong passphrase said plainly with a growing pause."""

from __future__ import annotations

import pytest

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.vaults import Vaults
from trustrepair.ui.views.unlock_view import UnlockView


@pytest.fixture
def locked_profile(vaults: Vaults) -> str:
    """A profile with a passphrase, closed again."""
    vault = vaults.create(ProfileInfo("Robin", Track.HURT, Relationship.ROMANTIC), "right words")
    vault.close()
    return "Robin"


def test_wrong_passphrase_is_said_plainly_and_pauses(qtbot, vaults, locked_profile):
    """A wrong passphrase shows a plain message; repeated tries pause the Unlock button."""
    view = UnlockView(vaults)
    qtbot.addWidget(view)
    assert view.selected().name == locked_profile
    opened = []
    view.unlocked.connect(opened.append)
    for _ in range(3):
        view.secret.setText("wrong words")
        view.unlock_button.click()
        qtbot.waitUntil(lambda: not view.busy)
    assert opened == []
    assert "does not open this profile" in view.message.text()
    assert "try again in" in view.message.text()
    assert not view.unlock_button.isEnabled()
    view.wait_timer.stop()
    view.wait_timer.timeout.emit()
    assert view.unlock_button.isEnabled()


def test_right_passphrase_unlocks(qtbot, vaults, locked_profile):
    """The right passphrase opens the vault and clears the field."""
    view = UnlockView(vaults)
    qtbot.addWidget(view)
    view.secret.setText("right words")
    with qtbot.waitSignal(view.unlocked) as signal:
        view.unlock_button.click()
    assert view.secret.text() == ""
    signal.args[0].close()
