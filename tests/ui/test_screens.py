"""The screen registry: every screen keeps the protocol; a new one is one module and one line."""

from __future__ import annotations

import importlib

import pytest

from tests.ui import notes_screen
from trustrepair import paths
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.vaults import Vaults
from trustrepair.ui import screens
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.screens import SCREENS, Scope, Screen, ScreenEntry

ARGS = {"player": ("solo",), "joint": ("joint",), "unlock": (None,)}
"""What ``show`` passes to the screens that take arguments."""


def test_every_registered_screen_has_a_builder_and_keeps_the_protocol(
    qtbot, window: MainWindow, vaults: Vaults, path_library
):
    """Each entry's module has ``build``; what it builds is a Screen; names are unique."""
    assert len({entry.name for entry in SCREENS}) == len(SCREENS)
    counsellor = vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR), None
    )
    their_window = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(their_window)
    their_window.open_vault(counsellor)
    for entry in SCREENS:
        assert callable(importlib.import_module(entry.module).build), entry.module
        if entry.name in ("unlock", "onboarding"):
            continue  # they need a locked window: the test below shows them
        shown_in = their_window if entry.name == "clients" else window
        widget = shown_in.screens.show(entry.name, *ARGS.get(entry.name, ()))
        assert isinstance(widget, Screen), entry.name
        assert shown_in.stack.currentWidget() is widget


def test_lock_forgets_every_profile_screen_and_keeps_the_others(window: MainWindow):
    """After a lock only APP screens remain built; the unlock and new-profile ones keep the
    protocol too."""
    window.open_exercise("solo")
    window.lock()
    built = {entry.name for entry in SCREENS if window.screens.get(entry.name) is not None}
    assert built == {"unlock"}
    for name in ("onboarding", "unlock"):
        assert isinstance(window.screens.show(name, *ARGS.get(name, ())), Screen)


def test_a_new_screen_needs_its_module_and_one_registration_line(
    qtbot, vaults: Vaults, path_library, monkeypatch: pytest.MonkeyPatch
):
    """Registered with a menu item, a new screen is offered, built, flushed and closed at
    lock like the others, with no change to the window."""
    entry = ScreenEntry("notes", "tests.ui.notes_screen", Scope.PROFILE, menu="&Notes…")
    monkeypatch.setattr(screens, "SCREENS", (*SCREENS, entry))
    vault = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    window = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    item = window.menu_actions["screen:notes"]
    assert not item.isEnabled()  # a profile's screen: only while one is open
    window.open_vault(vault)
    assert item.isEnabled()
    item.trigger()
    view = window.screens.get("notes")
    assert isinstance(view, notes_screen.NotesView) and window.stack.currentWidget() is view
    view.field.setPlainText("something of the profile's")
    window.flush_all()
    window.lock()
    assert view.calls == ["focus", "flush", "close"]
    assert view.field.toPlainText() == ""
    assert window.screens.get("notes") is None
    assert not item.isEnabled()


def test_showing_any_other_screen_closes_the_open_task(window: MainWindow):
    """An exercise closes (saving) when home is shown; a second exercise replaces the first."""
    window.open_exercise("solo")
    first = window.screens.get("player")
    first.walk.stage_answer("feel", "kept")
    window.open_exercise("other")
    assert window.screens.get("player") is not first
    window.show_home()
    assert window.screens.get("player") is None
    assert window.vault.store.answers_for("solo")["feel"].value == "kept"


def test_a_screen_that_fails_to_close_is_still_removed(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
):
    """Even if closing an exercise fails, lock takes it and the vault off the screen."""
    window.open_exercise("solo")
    player = window.screens.get("player")

    def broken() -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(player, "close_screen", broken)
    with pytest.raises(RuntimeError):
        window.lock()
    assert window.screens.get("player") is None and window.screens.get("home") is None
    assert window.vault is None
