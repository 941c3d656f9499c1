"""The look: a light and a dark theme, each a palette and a stylesheet, chosen in Settings.

A stylesheet alone styles only the widgets it names; everything else (drop-downs, trees,
tables, the calendar, the print preview, message boxes) is drawn from the application
palette. So each theme is both: :data:`PALETTES` gives every palette role a colour, and
``resources/styles/<theme>.qss`` styles the rest with the same colours. Both are checked for
contrast (WCAG AA) by ``tests/ui/test_contrast.py``.

The person chooses System, Light or Dark (Settings → Appearance; the program setting
``theme``). System follows the desktop's colour scheme, also when it changes while the program
runs. ``$TRUSTREPAIR_THEME`` (``light`` or ``dark``) overrides both, for screenshots and tests.

Start-up: nothing here touches a ``Qt.*`` enum (see :mod:`trustrepair.ui.lean`).
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from trustrepair import resources
from trustrepair.i18n import N_, Marked, translated

if TYPE_CHECKING:
    from collections.abc import Mapping

log = logging.getLogger(__name__)

THEME_ENV = "TRUSTREPAIR_THEME"
"""Set to ``dark`` or ``light`` to override the setting and the system colour scheme."""

CHOICES: tuple[str, ...] = ("system", "light", "dark")
"""What Settings → Appearance offers (the ``theme`` program setting)."""
CHOICE_LABELS: dict[str, Marked] = {
    "system": N_("Like the &system"),
    "light": N_("&Light"),
    "dark": N_("&Dark"),
}

PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "Window": "#f7f4ef",
        "WindowText": "#2c2b29",
        "Base": "#ffffff",
        "AlternateBase": "#faf8f4",
        "Text": "#2c2b29",
        "PlaceholderText": "#6b665e",
        "Button": "#ffffff",
        "ButtonText": "#2c2b29",
        "BrightText": "#ffffff",
        "Highlight": "#b9d3ca",
        "HighlightedText": "#1b2b27",
        "ToolTipBase": "#ffffff",
        "ToolTipText": "#2c2b29",
        "Link": "#3d6a5f",
        "LinkVisited": "#5e4a7a",
        "Light": "#ffffff",
        "Midlight": "#efebe4",
        "Mid": "#857d71",
        "Dark": "#6b665e",
        "Shadow": "#3b3935",
    },
    "dark": {
        "Window": "#1e2022",
        "WindowText": "#e7e4de",
        "Base": "#2a2d30",
        "AlternateBase": "#26292c",
        "Text": "#e7e4de",
        "PlaceholderText": "#aaa59c",
        "Button": "#2a2d30",
        "ButtonText": "#e7e4de",
        "BrightText": "#ffffff",
        "Highlight": "#3f6a5f",
        "HighlightedText": "#f0f7f4",
        "ToolTipBase": "#2a2d30",
        "ToolTipText": "#e7e4de",
        "Link": "#9cd0c1",
        "LinkVisited": "#c4b2e0",
        "Light": "#4a4f54",
        "Midlight": "#3a3e42",
        "Mid": "#8b9299",
        "Dark": "#151617",
        "Shadow": "#000000",
    },
}
"""Every palette role of each theme (Active and Inactive; Disabled below)."""

DISABLED: dict[str, dict[str, str]] = {
    "light": {"WindowText": "#8a847a", "Text": "#8a847a", "ButtonText": "#8a847a"},
    "dark": {"WindowText": "#8a857d", "Text": "#8a857d", "ButtonText": "#8a857d"},
}
"""Greyed-out text (inactive controls are exempt from contrast rules, but stay legible)."""


def theme_name(choice: str, system_dark: bool) -> str:
    """``light`` or ``dark``: the override, else the choice, else the system's scheme."""
    forced = os.environ.get(THEME_ENV, "").strip().lower()
    if forced in ("light", "dark"):
        return forced
    if choice in ("light", "dark"):
        return choice
    return "dark" if system_dark else "light"


def make_palette(name: str) -> QPalette:
    """The application palette of theme ``name``."""
    palette = QPalette()
    groups = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
    for role_name, colour in PALETTES[name].items():
        role = getattr(QPalette.ColorRole, role_name)
        for group in groups:
            palette.setColor(group, role, QColor.fromString(colour))
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor.fromString(colour))
    for role_name, colour in DISABLED[name].items():
        role = getattr(QPalette.ColorRole, role_name)
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor.fromString(colour))
    return palette


def stylesheet(name: str) -> str:
    """The stylesheet text of theme ``name`` (through :mod:`trustrepair.resources`)."""
    return resources.read_text("styles", f"{name}.qss")


class Theme:
    """The theme in use: the person's choice and the system's scheme, applied to the app."""

    def __init__(self, choice: str = "system", system_dark: bool | None = None) -> None:
        self.choice = choice if choice in CHOICES else "system"
        self.system_dark = system_dark
        self.applied: str | None = None
        """The theme last applied (``light`` or ``dark``), None before the first."""

    @property
    def name(self) -> str:
        """The theme to show now."""
        return theme_name(self.choice, bool(self.system_dark))

    def apply(self, app: QApplication | None = None) -> None:
        """Give the application this theme's style, palette and stylesheet."""
        app = app or _app()
        if app is None:
            return
        if self.system_dark is None:
            # Before our palette replaces it, the system's says how the desktop looks. (Not
            # styleHints().colorScheme(): its Qt.ColorScheme answer builds PySide's whole
            # Qt namespace, ≈ 20 ms before the first paint; see trustrepair.ui.lean.)
            self.system_dark = app.palette().window().color().lightness() < 128
        name = self.name
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")  # draws everything from the palette, on every platform
        QDir.addSearchPath("theme", str(resources.path_of("styles", f"{name}-icons")))
        app.setPalette(make_palette(name))
        try:
            app.setStyleSheet(stylesheet(name))
        except OSError:
            log.warning("the stylesheet could not be loaded; using the plain look")
        self.applied = name

    def choose(self, choice: str) -> None:
        """The person chose System, Light or Dark."""
        if choice in CHOICES:
            self.choice = choice
            self.apply()

    def system_changed(self, dark: bool | None) -> None:
        """The desktop switched between light and dark (None: it no longer says)."""
        if dark is not None:
            self.system_dark = dark
        if self.choice == "system":
            self.apply()


_current = Theme()


def current() -> Theme:
    """The theme of this run."""
    return _current


def start(app: QApplication, choice: str | None) -> Theme:
    """Apply the chosen theme at start-up, and follow the system's scheme from now on."""
    _current.choice = choice if choice in CHOICES else "system"
    _current.apply(app)
    app.styleHints().colorSchemeChanged.connect(scheme_changed)
    return _current


def scheme_changed(scheme: object) -> None:
    """The system's colour scheme changed while we run."""
    from PySide6.QtCore import Qt  # not at start-up: see trustrepair.ui.lean

    dark = {Qt.ColorScheme.Dark: True, Qt.ColorScheme.Light: False}.get(scheme)  # type: ignore[call-overload]
    _current.system_changed(dark)


def choice_labels() -> Mapping[str, str]:
    """Settings → Appearance's items, translated."""
    return {choice: translated(label) for choice, label in CHOICE_LABELS.items()}


def _app() -> QApplication | None:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None
