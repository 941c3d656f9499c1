"""The window's menus, as a table (each item names the function it runs), and its status bar.

An item's ``target`` is ``"module:function"`` in ``trustrepair.ui`` (imported the first time the
item is used, so building the menus imports nothing heavy) or the name of a window method.
Either is called with no arguments but the window. Actions live in the ``*_actions`` modules:
:mod:`~trustrepair.ui.transfer_actions`, :mod:`~trustrepair.ui.counsel_actions`,
:mod:`~trustrepair.ui.vault_actions`, :mod:`~trustrepair.ui.help_actions`,
:mod:`~trustrepair.ui.time_actions`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QLabel, QMenu, QPushButton

from trustrepair.i18n import N_, Marked, tr, translated
from trustrepair.ui import screens, theme
from trustrepair.ui.lean import add_action, set_by_name, set_shortcut
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.screens import Scope
from trustrepair.ui.shortcuts import HELP_KEYS, LOCK_KEYS, QUICK_HIDE_KEYS, QUIT_KEYS

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from trustrepair.ui.main_window import MainWindow


class When(Enum):
    """When a menu item can be used."""

    ALWAYS = "always"
    OPEN = "open"
    """A profile is open."""
    CLIENT = "client"
    """A person's profile is open (hidden while a counsellor's is)."""
    COUNSELLOR = "counsellor"
    """A counsellor's profile is open (hidden otherwise)."""


class Item(NamedTuple):
    """One menu item. ``keys`` with ``everywhere`` also work while another of our windows
    (help, a preview) is in front; every keyed item also works while quick-hide has hidden the
    menu bar."""

    name: str
    label: Marked
    target: str
    when: When = When.OPEN
    keys: str | None = None
    everywhere: bool = False


SEPARATOR = None
TRANSFER = "trustrepair.ui.transfer_actions"
COUNSEL = "trustrepair.ui.counsel_actions"
VAULT = "trustrepair.ui.vault_actions"
HELP = "trustrepair.ui.help_actions"
TIME = "trustrepair.ui.time_actions"

FILE_MENU: tuple[Item | None, ...] = (
    Item("new_profile", N_("&New profile…"), "show_onboarding", When.ALWAYS),
    Item("summary", N_("&Summary…"), f"{TRANSFER}:open_summary", When.CLIENT),
    SEPARATOR,
    Item("export", N_("&Export…"), f"{TRANSFER}:export_open_profile"),
    Item("import", N_("&Import…"), f"{TRANSFER}:import_into_open_profile"),
    Item("calendar", N_("Add to my &calendar…"), f"{TIME}:add_to_calendar", When.CLIENT),
    SEPARATOR,
    Item(
        "open_assignment",
        N_("Open an &assignment from your counsellor…"),
        f"{COUNSEL}:open_assignment_file",
        When.CLIENT,
    ),
    Item("share", N_("Share &with your counsellor…"), f"{COUNSEL}:share_open_profile", When.CLIENT),
    Item(
        "prepare_assignment",
        N_("Prepare an &assignment…"),
        f"{COUNSEL}:prepare_assignment",
        When.COUNSELLOR,
    ),
    Item(
        "open_shared",
        N_("&Open a file a client shared…"),
        f"{COUNSEL}:open_shared_file",
        When.COUNSELLOR,
    ),
    SEPARATOR,
    Item("backup", N_("&Back up now"), f"{VAULT}:back_up_now"),
    Item("restore", N_("&Restore from a backup…"), f"{VAULT}:restore_backup"),
    SEPARATOR,
    Item("lock", N_("&Lock now"), "lock", When.OPEN, LOCK_KEYS),
    Item(
        "hide", N_("&Hide the screen"), "quick_hide", When.ALWAYS, QUICK_HIDE_KEYS, everywhere=True
    ),
    SEPARATOR,
    Item("quit", N_("&Quit"), "close", When.ALWAYS, QUIT_KEYS),
)
SETTINGS_MENU: tuple[Item | None, ...] = (
    Item("profile", N_("&About you…"), f"{VAULT}:edit_profile"),
    Item("passphrase", N_("Change &passphrase…"), f"{VAULT}:change_passphrase"),
    Item("remove_passphrase", N_("Re&move the passphrase…"), f"{VAULT}:remove_passphrase"),
    Item("reminders", N_("&Reminders…"), f"{TIME}:edit_reminders", When.CLIENT),
)
HELP_MENU: tuple[Item | None, ...] = (
    Item(
        "help", N_("&Help and safety"), f"{HELP}:show_help", When.ALWAYS, HELP_KEYS, everywhere=True
    ),
    Item("about", N_("&About trustrepair"), f"{HELP}:show_about", When.ALWAYS),
)


def run(window: MainWindow, target: str) -> None:
    """Call ``target`` (``"module:function"`` or a window method's name) for ``window``."""
    module, _, function = target.rpartition(":")
    if module:
        getattr(importlib.import_module(module), function)(window)
    else:
        getattr(window, function)()


@dataclass
class Menus:
    """What :func:`build_menus` made."""

    actions: dict[str, QAction]
    """Every item's action, by the item's name (a screen's item: ``screen:NAME``)."""
    when: dict[str, When]
    """When each action can be used, by the same names."""
    settings: QMenu
    """The Settings menu (Appearance always; the rest while a profile is open)."""
    lock_menu: QMenu
    """Settings → Lock automatically after (a profile's own setting)."""

    def enable(self, *, open_: bool, client: bool) -> None:
        """Enable what can be used: ``open_`` a profile is open, ``client`` not a counsellor's.

        Each role sees its own actions only: a counsellor's profile hides the client's, and
        the counsellor's are shown only while a counsellor's profile is open.
        """
        counsellor = open_ and not client
        usable = {
            When.ALWAYS: True,
            When.OPEN: open_,
            When.CLIENT: client,
            When.COUNSELLOR: counsellor,
        }
        shown = {When.CLIENT: not counsellor, When.COUNSELLOR: counsellor}
        for name, action in self.actions.items():
            when = self.when[name]
            action.setEnabled(usable[when])
            action.setVisible(shown.get(when, True))
        self.lock_menu.setEnabled(open_)


def build_menus(window: MainWindow) -> Menus:
    """Fill the window's menu bar from the tables above and the screens' own items."""
    settings = QMenu(tr("Se&ttings"), window)
    made = Menus({}, {}, settings, QMenu(tr("&Lock automatically after"), settings))
    bar = window.menuBar()
    file_menu = bar.addMenu(tr("&File"))
    _add_items(window, file_menu, FILE_MENU[:2], made)
    for entry in screens.SCREENS:  # screens that registered a menu item
        if entry.menu is not None:
            name, screen = f"screen:{entry.name}", entry.name
            made.actions[name] = add_action(
                file_menu, translated(entry.menu), _caller(window.screens.show, screen)
            )
            # A profile's own screens are the person's work: a counsellor does not see them.
            made.when[name] = When.ALWAYS if entry.scope is Scope.APP else When.CLIENT
    _add_items(window, file_menu, FILE_MENU[2:], made)
    bar.addMenu(made.settings)
    _add_appearance(window, made.settings.addMenu(tr("Appearan&ce")))
    made.settings.addMenu(made.lock_menu)
    window.idle.add_menu(made.lock_menu)
    _add_items(window, made.settings, SETTINGS_MENU, made)
    _add_items(window, bar.addMenu(tr("&Help")), HELP_MENU, made)
    return made


def _add_appearance(window: MainWindow, menu: QMenu) -> None:
    """Settings → Appearance: like the system, light or dark (a program setting)."""
    group = QActionGroup(menu)
    chosen = window.settings.get("theme", "system")
    for choice, label in theme.choice_labels().items():
        action = add_action(menu, label, _caller(choose_theme, window, choice))
        action.setCheckable(True)
        action.setChecked(choice == chosen)
        group.addAction(action)


def choose_theme(window: MainWindow, choice: str) -> None:
    """Show the window in ``choice`` (system, light or dark) from now on."""
    window.settings.set("theme", choice)
    theme.current().choose(choice)


def _caller(function: Callable[..., object], *args: Any) -> Callable[[], object]:
    return lambda: function(*args)


def _add_items(
    window: MainWindow, menu: QMenu, items: tuple[Item | None, ...], made: Menus
) -> None:
    for item in items:
        if item is None:
            menu.addSeparator()
            continue
        action = add_action(menu, translated(item.label), _caller(run, window, item.target))
        if item.keys is not None:
            set_shortcut(action, item.keys)
            # Also on the window, so the key works while quick-hide hides the menu bar.
            window.addAction(action)
        if item.everywhere:
            # By name, not Qt.ShortcutContext: the menus are built for the first screen, and
            # the first Qt.* value makes PySide build all of them (see trustrepair.ui.lean).
            set_by_name(action, "shortcutContext", "ApplicationShortcut")
        made.actions[item.name] = action
        made.when[item.name] = item.when


def build_status_bar(window: MainWindow) -> tuple[QLabel, QPushButton, QPushButton]:
    """The status line, and Help and Hide on the right of it, always in reach."""
    bar = window.statusBar()
    bar.setSizeGripEnabled(False)
    message = PlainLabel(bar)
    message.setProperty("role", "muted")
    bar.addWidget(message, 1)
    help_button = QPushButton(tr("Help and safety ({keys})").format(keys=HELP_KEYS), bar)
    help_button.setAccessibleName(tr("Help and safety"))
    help_button.setAccessibleDescription(tr("Places to turn to, and how this program works (F1)"))
    help_button.clicked.connect(window.show_help)
    hide_button = QPushButton(tr("Hide ({keys})").format(keys=QUICK_HIDE_KEYS), bar)
    hide_button.setAccessibleName(tr("Hide the screen and lock"))
    hide_button.setToolTip(tr("Covers the screen at once and locks your profile"))
    hide_button.clicked.connect(window.quick_hide)
    for button in (help_button, hide_button):
        button.setProperty("role", "flat")
        # A click leaves the focus where it is. By name, as above: the status bar is built
        # for the first screen.
        set_by_name(button, "focusPolicy", "TabFocus")
        bar.addPermanentWidget(button)
    return message, help_button, hide_button
