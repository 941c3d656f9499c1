"""The main window's screens: one small protocol, one registry, and the stack that runs them.

Every page of the window is a *screen*: a ``QWidget`` that also implements :class:`Screen`.
Each is registered once, in :data:`SCREENS`, by name, with the module that builds it and its
:class:`Scope` (how long it may live). The window never names a view class: it asks
:class:`Screens` for a screen by name; the module is imported the first time (so the first
screen stays light), its ``build(window, *args)`` makes the screen, and at lock and quick-hide
:meth:`Screens.close` closes and forgets every screen that showed a profile's content. No screen
can be forgotten at lock time, because the stack, not the window, knows which ones exist.

A new screen is a new module with a ``build`` function, plus one line in :data:`SCREENS`
(see ``docs/architecture.md``).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast, runtime_checkable

from trustrepair.i18n import N_, Marked

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStackedWidget, QWidget

log = logging.getLogger(__name__)


class Scope(Enum):
    """How long a screen lives once built."""

    APP = "app"
    """For the whole run (profile list, new profile, neutral page): never a profile's content."""
    PROFILE = "profile"
    """A profile's home: closed and forgotten at lock and quick-hide."""
    TASK = "task"
    """One piece of work (an exercise): at most one; closed when any other screen is shown."""


@runtime_checkable
class Screen(Protocol):
    """What the window asks of every screen, besides being a ``QWidget``."""

    def refresh(self, *args: Any) -> None:
        """Shown again (built earlier): bring what it shows up to date, with ``show``'s args."""

    def focus_content(self) -> None:
        """Put the keyboard focus where the person starts on this screen."""

    def flush(self) -> None:
        """Write whatever is pending now (before a backup, an export, a crash report)."""

    def close_screen(self) -> None:
        """Save and let go of what it holds; the screen is about to be deleted."""


class NothingPending:
    """The :class:`Screen` methods of a screen that holds nothing unwritten (it only reads, or
    writes each change as it is made): mixed in before ``QWidget``."""

    def flush(self) -> None:
        """Nothing to write."""

    def close_screen(self) -> None:
        """Nothing to let go of."""


class ScreenEntry(NamedTuple):
    """One registered screen.

    ``module`` defines ``build(window, *args) -> QWidget`` returning a :class:`Screen`; it is
    imported the first time the screen is shown. With ``menu`` set, the File menu gets an item
    of that label that shows the screen (enabled while a profile is open, for PROFILE and TASK
    screens).
    """

    name: str
    module: str
    scope: Scope
    menu: Marked | None = None


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("unlock", "trustrepair.ui.views.unlock_view", Scope.APP),
    ScreenEntry("onboarding", "trustrepair.ui.views.onboarding_view", Scope.APP),
    ScreenEntry("hidden", "trustrepair.ui.views.hidden_view", Scope.APP),
    ScreenEntry("home", "trustrepair.ui.views.home_view", Scope.PROFILE),
    ScreenEntry("clients", "trustrepair.ui.views.counsellor_view", Scope.PROFILE),
    ScreenEntry(
        "promises", "trustrepair.ui.views.promises_view", Scope.PROFILE, menu=N_("&Promises…")
    ),
    ScreenEntry(
        "over_time", "trustrepair.ui.views.over_time_view", Scope.PROFILE, menu=N_("O&ver time…")
    ),
    ScreenEntry("player", "trustrepair.ui.views.player_view", Scope.TASK),
    ScreenEntry("joint", "trustrepair.ui.views.joint_view", Scope.TASK),
    ScreenEntry(
        "distance",
        "trustrepair.ui.views.distance_view",
        Scope.TASK,
        menu=N_("Work at a &distance…"),
    ),
)
"""Every screen of the window. The only place a screen is registered."""

_CLOSES = {
    Scope.TASK: (Scope.TASK,),
    Scope.PROFILE: (Scope.TASK, Scope.PROFILE),
    Scope.APP: (Scope.TASK, Scope.PROFILE, Scope.APP),
}


class Screens:
    """Builds registered screens on first use, shows them, flushes them, closes them by scope."""

    def __init__(
        self,
        stack: QStackedWidget,
        window: object,
        on_shown: Callable[[ScreenEntry], None],
        entries: tuple[ScreenEntry, ...] | None = None,
    ) -> None:
        self.stack = stack
        self.window = window
        self.on_shown = on_shown
        self.entries = {entry.name: entry for entry in (entries or SCREENS)}
        self._built: dict[str, QWidget] = {}

    def get(self, name: str) -> QWidget | None:
        """The screen ``name`` if it is built, else None."""
        return self._built.get(name)

    @property
    def current(self) -> ScreenEntry | None:
        """The entry of the screen on top, if it is a registered one."""
        widget = self.stack.currentWidget()
        for name, built in self._built.items():
            if built is widget:
                return self.entries[name]
        return None

    def is_current(self, name: str) -> bool:
        """Whether screen ``name`` is on top."""
        current = self.current
        return current is not None and current.name == name

    def show(self, name: str, *args: Any) -> QWidget:
        """Close an open task, then show ``name`` (built now, or refreshed with ``args``)."""
        entry = self.entries[name]
        self.close(Scope.TASK)
        widget = self._built.get(name)
        if widget is None:
            widget = self._build(entry, args)
        else:
            _screen(widget).refresh(*args)
        self.stack.setCurrentWidget(widget)
        self.on_shown(entry)
        _screen(widget).focus_content()
        return widget

    def refresh(self, name: str, *args: Any) -> None:
        """Bring screen ``name`` up to date if it is built (an import changed what it shows)."""
        widget = self._built.get(name)
        if widget is not None:
            _screen(widget).refresh(*args)

    def cover(self, name: str) -> None:
        """Put ``name`` on top at once, closing nothing (quick-hide closes the rest next)."""
        widget = self._built.get(name) or self._build(self.entries[name], ())
        self.stack.setCurrentWidget(widget)

    def focus(self, name: str) -> None:
        """Give the keyboard to screen ``name``, if it is built."""
        widget = self._built.get(name)
        if widget is not None:
            _screen(widget).focus_content()

    def _build(self, entry: ScreenEntry, args: tuple[Any, ...]) -> QWidget:
        build = importlib.import_module(entry.module).build
        widget = cast("QWidget", build(self.window, *args))
        if not isinstance(widget, Screen):
            raise TypeError(f"{entry.module}.build made no Screen")
        self.stack.addWidget(widget)
        self._built[entry.name] = widget
        return widget

    def flush(self) -> None:
        """Write what every built screen has pending (exceptions propagate to the caller)."""
        for widget in list(self._built.values()):
            _screen(widget).flush()

    def close(self, scope: Scope) -> None:
        """Close and forget every screen of ``scope`` and of every shorter scope.

        Each screen saves as it closes; one that fails to close is still removed (and the
        first error raised once all are gone), so nothing of a profile stays on screen.
        """
        error: BaseException | None = None
        for closing in _CLOSES[scope]:
            for name in [n for n in self._built if self.entries[n].scope is closing]:
                try:
                    self.drop(name)
                except Exception as exc:
                    error = error or exc
        if error is not None:
            raise error

    def drop(self, name: str) -> None:
        """Close and forget screen ``name`` (it is built again when next shown)."""
        widget = self._built.pop(name, None)
        if widget is None:
            return
        try:
            _screen(widget).close_screen()
        finally:
            self.stack.removeWidget(widget)
            widget.deleteLater()


def _screen(widget: QWidget) -> Screen:
    return cast(Screen, widget)
