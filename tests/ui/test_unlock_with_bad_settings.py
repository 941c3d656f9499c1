"""A profile whose stored settings do not fit their schema still unlocks in the window."""

from __future__ import annotations

import json

from trustrepair import paths
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services import notifier
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.vaults import Vaults
from trustrepair.ui.main_window import MainWindow


def test_bad_stored_settings_never_block_unlock(qtbot, vaults: Vaults, path_library, messages):
    """A 4,000-digit auto-lock (it once crashed every unlock), a broken safety-check outcome
    and a program settings file full of nonsense: the window unlocks, uses the defaults, and
    says once that a setting was reset."""
    with vaults.create(
        ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), "a long passphrase"
    ) as opened:
        opened.store.set_setting("auto_lock_minutes", 10**3999)
        opened.store.set_setting("safety_check", {"completed_at": [], "concern": "?"})
    settings_file = paths.settings_file()
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text(
        json.dumps({"last_profile": ["Sam"], "window_geometry": "<b>not base64</b>"}),
        encoding="utf-8",
    )
    settings = AppSettings(settings_file)
    assert settings.notices
    win = MainWindow(vaults, path_library, settings)
    qtbot.addWidget(win)
    win.show()
    unlock = win.screens.get("unlock")
    unlock.secret.setText("a long passphrase")
    unlock.unlock_button.click()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.screens.get("home"))
    assert win.vault is not None
    assert win.idle.policy.minutes == 10
    reset = [m for m in messages if "could not be read" in m.text]
    assert len(reset) == 1 and reset[0].level is notifier.Level.INFO
