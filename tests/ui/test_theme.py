"""Themes: Settings → Appearance chooses System, Light or Dark; System follows the desktop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from trustrepair import resources
from trustrepair.services.app_settings import AppSettings
from trustrepair.ui import menus, theme
from trustrepair.ui.main_window import MainWindow


@pytest.fixture
def restore_look(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Whatever a test applies, the next test starts with the look it had."""
    monkeypatch.delenv(theme.THEME_ENV, raising=False)
    palette, sheet = qapp.palette(), qapp.styleSheet()
    saved = (theme.current().choice, theme.current().system_dark)
    yield
    theme.current().choice, theme.current().system_dark = saved
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def window_colour(qapp: Any) -> str:
    return str(qapp.palette().color(QPalette.ColorRole.Window).name())


def test_appearance_menu_switches_and_remembers(
    qapp: Any, window: MainWindow, restore_look: None, data_dir: Any
) -> None:
    """Choosing Dark gives the dark palette and stylesheet at once, and is kept for next time."""
    menus.choose_theme(window, "dark")
    assert window_colour(qapp) == theme.PALETTES["dark"]["Window"]
    assert qapp.styleSheet() == resources.read_text("styles", "dark.qss")
    assert AppSettings(window.settings.path).get("theme") == "dark"
    menus.choose_theme(window, "light")
    assert window_colour(qapp) == theme.PALETTES["light"]["Window"]


def test_appearance_is_in_settings_even_before_a_profile_exists(
    qtbot: Any, vaults: Any, path_library: Any, restore_look: None, data_dir: Any
) -> None:
    """With no profile yet, Settings is not an empty menu: Appearance is there and usable."""
    win = MainWindow(vaults, path_library, AppSettings(data_dir / "settings.json"))
    qtbot.addWidget(win)
    usable = [a.text() for a in win.menus.settings.actions() if a.isEnabled() and a.text()]
    assert any("Appearance" in text.replace("&", "") for text in usable)
    assert not win.menus.lock_menu.isEnabled()


def test_system_follows_the_desktop_scheme(qapp: Any, restore_look: None) -> None:
    """Like the system: a desktop switching to dark (and back) switches the window too."""
    theme.current().choose("system")
    theme.scheme_changed(Qt.ColorScheme.Dark)
    assert window_colour(qapp) == theme.PALETTES["dark"]["Window"]
    theme.scheme_changed(Qt.ColorScheme.Light)
    assert window_colour(qapp) == theme.PALETTES["light"]["Window"]
    theme.current().choose("dark")
    theme.scheme_changed(Qt.ColorScheme.Light)  # a fixed choice ignores the desktop
    assert window_colour(qapp) == theme.PALETTES["dark"]["Window"]


def test_the_variable_overrides_choice_and_system(monkeypatch: pytest.MonkeyPatch) -> None:
    """$TRUSTREPAIR_THEME wins (screenshots and tests); else the choice; else the system."""
    monkeypatch.delenv(theme.THEME_ENV, raising=False)
    assert theme.theme_name("system", True) == "dark"
    assert theme.theme_name("system", False) == "light"
    assert theme.theme_name("light", True) == "light"
    monkeypatch.setenv(theme.THEME_ENV, "Dark")
    assert theme.theme_name("light", False) == "dark"


def test_a_stored_theme_outside_the_choices_is_not_used(data_dir: Any) -> None:
    """The settings file may only hold system, light or dark."""
    settings = AppSettings(data_dir / "settings.json")
    settings.set("theme", "purple")
    assert settings.get("theme") is None
    settings.set("theme", "dark")
    assert settings.get("theme") == "dark"
