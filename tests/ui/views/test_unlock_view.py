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


def test_unlock_runs_off_the_gui_thread_and_the_window_stays_responsive(
    qtbot, vaults, locked_profile, monkeypatch
):
    """Key derivation runs in a worker: a GUI timer keeps ticking and inputs wait meanwhile."""
    import threading

    from PySide6.QtCore import QTimer

    opened_in: list[threading.Thread] = []
    release = threading.Event()
    real_open = Vaults.open

    def slow_open(self, name, passphrase=None):
        opened_in.append(threading.current_thread())
        release.wait(5)  # held until the GUI thread has shown it is still alive
        return real_open(self, name, passphrase)

    monkeypatch.setattr(Vaults, "open", slow_open)
    view = UnlockView(vaults)
    qtbot.addWidget(view)
    ticks: list[int] = []
    timer = QTimer(view)
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    view.secret.setText("right words")
    view.unlock_button.click()
    assert view.busy and not view.secret.isEnabled() and not view.unlock_button.isEnabled()
    assert view.busy_label.text() == "Opening your profile…"
    qtbot.waitUntil(lambda: len(ticks) >= 3)
    with qtbot.waitSignal(view.unlocked) as signal:
        release.set()
    timer.stop()
    signal.args[0].close()
    assert opened_in and opened_in[0] is not threading.main_thread()
    assert not view.busy and view.unlock_button.isEnabled()


def test_profile_in_use_is_said_plainly(qtbot, vaults, locked_profile):
    """A profile open elsewhere is named as such, and nothing else is offered."""
    other = vaults.open(locked_profile, "right words")
    try:
        view = UnlockView(vaults)
        qtbot.addWidget(view)
        view.secret.setText("right words")
        view.unlock_button.click()
        qtbot.waitUntil(lambda: not view.busy)
        assert "already open" in view.message.text()
        assert not view.restore_button.isVisibleTo(view)
    finally:
        other.close()


def test_a_full_disk_is_said_plainly_and_offers_no_restore(
    qtbot, vaults, locked_profile, monkeypatch: pytest.MonkeyPatch
):
    """A disk fault while opening is one sentence; only damage offers a backup to restore."""
    import errno

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Vaults, "_open_database", full)
    view = UnlockView(vaults)
    qtbot.addWidget(view)
    view.secret.setText("right words")
    view.unlock_button.click()
    qtbot.waitUntil(lambda: not view.busy)
    assert view.message.text() == (
        "Could not open the profile 'Robin': there is no room left on the disk."
    )
    assert not view.restore_button.isVisibleTo(view)


def test_enter_presses_every_button_of_the_unlock_screen(qtbot, vaults, locked_profile):
    """Every button on the unlock screen is auto-default, so Enter presses the focused one."""
    from PySide6.QtWidgets import QPushButton

    view = UnlockView(vaults)
    qtbot.addWidget(view)
    buttons = view.findChildren(QPushButton)
    assert buttons
    assert all(button.autoDefault() for button in buttons)
