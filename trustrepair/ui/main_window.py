"""The main window: a thin shell of menus, a stack of screens, a status bar and the locks.

What it shows lives elsewhere: the screens are registered in :mod:`trustrepair.ui.screens`,
the menus are a table in :mod:`trustrepair.ui.menus` whose items run functions of the
``*_actions`` modules, and messages reach the person through
:mod:`trustrepair.services.notifier`, which this window alone shows.

Start-up: this module imports only Qt and light modules, so the first screen shows before
pydantic, the exercise library, SQLCipher, cryptography, sqlite-utils and Jinja2 are imported.
Screens are built the first time they are shown; everything else is imported where it is used,
and warmed up off the GUI thread after the first paint (:meth:`MainWindow.warm_up`).
``tests/test_startup_imports.py`` keeps it so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trustrepair.i18n import tr
from trustrepair.services import notifier
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.startup import LazyVaults, Once
from trustrepair.ui import clipboard, menus
from trustrepair.ui.first_paint import FirstPaint
from trustrepair.ui.idle import IdleWatch
from trustrepair.ui.refocus import RefocusAfterDialogs
from trustrepair.ui.screen_fit import restore_geometry, save_geometry
from trustrepair.ui.screens import Scope, Screens
from trustrepair.ui.widgets.banner import SkippedFilesBanner
from trustrepair.ui.worker import cancel_all, wait_for_all

if TYPE_CHECKING:
    from PySide6.QtGui import (
        QCloseEvent,  # QCloseEvent builds QEvent.Type: not at start
        QPaintEvent,
    )

    from trustrepair.content.library import Library
    from trustrepair.services.profile_services import ProfileServices
    from trustrepair.services.vaults import OpenVault, Vaults
    from trustrepair.ui.dialogs.help_dialog import HelpDialog
    from trustrepair.ui.warm_up import WarmUp
    from trustrepair.ui.widgets.notice import NoticeBar

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Shows one screen at a time; holds the open vault; locks and hides."""

    warmed_up = Signal()
    """:meth:`warm_up` finished (emitted on the GUI thread)."""
    locked = Signal()
    """Every lock and quick-hide ends with this, once nothing of the profile is on screen
    (also when nothing was open). Teardown that is not a screen's connects here."""

    def __init__(
        self,
        vaults: Vaults | LazyVaults,
        library: Library | Callable[[], Library],
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        """Make the shell and the first screen only. ``vaults`` may be (from ``app.py``) a
        :class:`LazyVaults`, which lists the profiles before the heavy modules are imported;
        ``library`` may be a function that loads it, called by :meth:`warm_up` or when the
        library is first needed, whichever comes first."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.profiles = LazyVaults.over(vaults)
        """The profiles as the first screens need them (their names at once)."""
        self.settings = settings
        self.vault: OpenVault | None = None
        self._library: Once[Library] = Once(library) if callable(library) else Once.of(library)
        self._profile_library: Library | None = None
        self._warm_up: WarmUp | None = None  # made after the first paint
        self._first_paint = FirstPaint(self)
        self.help_dialog: HelpDialog | None = None
        self.recovery_notice: NoticeBar | None = None  # made when first needed
        self.program_title = tr("trustrepair")
        self.display_name = ""
        """The program's name Qt adds to titles, kept here while quick-hide took it off."""
        self.app_name = ""
        """The application's name (screen readers list it), kept likewise."""
        self.setWindowTitle(self.program_title)
        # Small enough for a 1366×768 screen at twice the scale: every screen scrolls inside.
        self.setMinimumSize(480, 260)

        central = QWidget(self)
        self._central_layout = layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = SkippedFilesBanner([], central)
        layout.addWidget(self.banner)
        self.stack = QStackedWidget(central)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.screens = Screens(self.stack, self, lambda _entry: self.update_notices())
        self._refocus = RefocusAfterDialogs(self)
        self.idle = IdleWatch(self._idle_locked, self)
        self.locked.connect(clipboard.clear_ours)  # what was copied goes, if still ours

        self.menus = menus.build_menus(self)
        self.menu_actions = self.menus.actions
        self.status_message, self.help_button, self.hide_button = menus.build_status_bar(self)
        self._unsubscribe = notifier.subscribe(self._on_message)
        restore_geometry(self, self.settings)
        self._update_actions()
        if self.profiles.list():
            self.show_unlock()
        else:
            self.show_onboarding()
        if self._library.ready:
            self._show_skipped(self._library.get())

    def after_first_paint(self, then: Callable[[], None]) -> None:
        """Call ``then`` once the window's first frame is on the screen (what must not delay
        that frame waits for this: :class:`~trustrepair.ui.first_paint.FirstPaint`)."""
        self._first_paint.schedule(then)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint as usual; the first time, :meth:`after_first_paint`'s function follows."""
        super().paintEvent(event)
        self._first_paint.painted()

    @property
    def vaults(self) -> Vaults:
        """The profiles' vaults (imported the first time they are asked for)."""
        return self.profiles.real

    # ------------------------------------------------------------------ the library
    @property
    def base_library(self) -> Library:
        """The shipped and user library (loaded now if :meth:`warm_up` has not done it yet)."""
        library = self._library.get()
        self._show_skipped(library)
        return library

    @property
    def library(self) -> Library:
        """What the open profile can use: :attr:`base_library` plus its own exercises."""
        if self._profile_library is not None:
            return self._profile_library
        return self.base_library

    @library.setter
    def library(self, library: Library | None) -> None:
        self._profile_library = library

    def _show_skipped(self, library: Library) -> None:
        """Tell the banner about skipped files once the library is there."""
        if self.banner.skipped != library.skipped:
            self.banner.set_skipped(library.skipped)
            if self.hidden:
                self.banner.hide()

    def warm_up(self) -> None:
        """Load the library and import the heavy modules in a background thread
        (:mod:`trustrepair.ui.warm_up`); ``app.py`` calls this once the first screen is idle."""
        if self._warm_up is None:
            from trustrepair.ui.warm_up import WarmUp

            self._warm_up = WarmUp(self)
            self._warm_up.done.connect(self._on_warmed_up)
        self._warm_up.start(self._library)

    def _on_warmed_up(self, error: BaseException | None) -> None:
        if error is None:  # else not fatal: what failed is loaded (and reported) where needed
            self._show_skipped(self._library.get())
        self.warmed_up.emit()

    # ------------------------------------------------------------------ chrome
    def _update_actions(self) -> None:
        open_ = self.vault is not None
        self.menus.enable(open_=open_, client=open_ and not self.is_counsellor())

    def _on_message(self, message: notifier.Message) -> None:
        """The one place messages reach the screen: status lines here, the rest in a box."""
        if message.level is notifier.Level.STATUS:
            self.status_message.setText(message.text)
            return
        from trustrepair.ui.dialogs.messages import MessageBox  # not needed at start-up

        MessageBox.ask(self, message)

    def add_notice(self, notice: QWidget) -> None:
        """A notice bar under the skipped-files banner, above the screens."""
        self._central_layout.insertWidget(1, notice)

    def update_notices(self) -> None:
        """The recovery-key notice shows on a profile's home only (never over an exercise)."""
        notice, current = self.recovery_notice, self.screens.current
        if notice is not None:
            on_home = current is not None and current.scope is Scope.PROFILE
            wanted = self.vault is not None and notice.wanted and not notice.dismissed
            notice.setVisible(wanted and on_home)

    # ------------------------------------------------------------------ screens
    def show_unlock(self, select: str | None = None) -> None:
        """The profile list, with ``select`` (or the last profile used) chosen."""
        self.screens.show("unlock", select or self.settings.get("last_profile"))

    def show_onboarding(self) -> None:
        """The new-profile flow (locks an open profile first)."""
        if self.vault is not None:
            self.lock(go_to_unlock=False)
        self.screens.show("onboarding")

    def open_vault(self, vault: OpenVault, *, recovery_key: str | None = None) -> None:
        """Show the home screen of a freshly unlocked or created profile.

        With ``recovery_key`` (it was opened with the recovery key: the passphrase is
        forgotten), the person is offered a new passphrase at once.
        """
        from trustrepair.services.counsel import client_library
        from trustrepair.ui.vault_actions import welcome

        self.status_message.clear()  # "Locked after a while without use." is over now
        self.vault = vault
        self.library = client_library(vault.store, self.base_library)
        self.settings.set("last_profile", vault.ref.name)
        self._update_actions()
        self.idle.start(vault)
        welcome(self, vault, recovery_key)

    def services(self) -> ProfileServices:
        """The open profile's services, over :attr:`library` (what screens are built from)."""
        from trustrepair.services.profile_services import ProfileServices

        assert self.vault is not None
        return ProfileServices(self.vault.store, self.library)

    def is_counsellor(self) -> bool:
        """Whether the open profile is a counsellor's (their home is the clients list)."""
        from trustrepair.domain.profile import Role

        profile = self.vault.store.get_profile() if self.vault is not None else None
        return profile is not None and profile.role is Role.COUNSELLOR

    def show_home(self) -> None:
        """The open profile's home: the path, or a counsellor's clients."""
        if self.vault is not None:
            self.screens.show("clients" if self.is_counsellor() else "home")

    def open_exercise(self, exercise_id: str) -> None:
        """Open an exercise: the player, or working together for an exercise for two."""
        exercise = self.library.get(exercise_id)
        if self.vault is not None and exercise is not None:
            self.screens.show("joint" if exercise.mode.is_joint else "player", exercise_id)

    def open_safety_check(self) -> None:
        """The private safety check: a new, blank time if the last one was finished."""
        check = self.library.safety_check() if self.vault is not None else None
        if check is not None and not self.is_counsellor():
            self.open_exercise(check.id)

    def open_joint(self, exercise_id: str | None = None) -> None:
        """Work together: the partner signs in to their own profile beside this one."""
        if self.vault is not None:
            self.screens.show("joint", exercise_id)

    def show_help(self) -> None:
        """Help and safety, from any screen (F1)."""
        from trustrepair.ui.help_actions import show_help

        show_help(self)

    # ------------------------------------------------------------------ locking
    def flush_all(self) -> bool:
        """Write every pending answer; False if that failed (used by the crash handler)."""
        try:
            self.screens.flush()
        except Exception:
            log.exception("pending answers could not be written")
            return False
        return True

    def lock(self, *, go_to_unlock: bool = True) -> None:
        """Save, close the vault and forget every screen and dialog that showed its content."""
        if self.help_dialog is not None:
            from trustrepair.ui.help_actions import close_help

            close_help(self)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        # Background work on the vault (an import, say) stops at its next step and rolls back,
        # and nothing is closed under it.
        cancel_all()
        wait_for_all()
        name = self.vault.ref.name if self.vault is not None else None
        try:
            self.screens.close(Scope.PROFILE)  # each saves as it closes
        finally:
            self.library = None
            if self.vault is not None:
                vault, self.vault = self.vault, None
                vault.close()
            self.idle.stop()
            self.update_notices()
            self.status_message.clear()  # nothing about the profile stays on screen
            self._update_actions()
            self.locked.emit()
        if go_to_unlock:
            self.show_unlock(name)

    def quick_hide(self) -> None:
        """Cover everything at once with a neutral page, then save and lock
        (:func:`~trustrepair.ui.views.hidden_view.hide_window`)."""
        from trustrepair.ui.views.hidden_view import hide_window

        hide_window(self)

    def leave_hidden(self) -> None:
        """Back from the neutral page to the profile list."""
        from trustrepair.ui.views.hidden_view import unhide_window

        unhide_window(self)

    @property
    def hidden(self) -> bool:
        """Whether the neutral page is covering the window."""
        return self.screens.is_current("hidden")

    def _idle_locked(self) -> None:
        """The idle policy decided to lock (also called, harmlessly, by every lock)."""
        if self.vault is not None:
            log.info("locking after inactivity")
            self.lock()
            notifier.status(tr("Locked after a while without use."))

    # ------------------------------------------------------------------ window state
    def closeEvent(self, event: QCloseEvent) -> None:
        """Save everything, lock, and stop timers before the window goes."""
        save_geometry(self, self.settings)
        self.lock(go_to_unlock=False)
        if self._warm_up is not None:
            self._warm_up.join()
        self._unsubscribe()
        super().closeEvent(event)
