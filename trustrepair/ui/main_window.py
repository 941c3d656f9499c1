"""The main window: a thin shell of menus, a stack of views, a status bar and the locks."""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QGuiApplication,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr
from trustrepair.services import notifier
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.lock import IdleLock, auto_lock_minutes, set_auto_lock_minutes
from trustrepair.services.startup import Once, import_lock
from trustrepair.ui.lean import add_action, set_by_name, set_shortcut
from trustrepair.ui.shortcuts import HELP_KEYS, LOCK_KEYS, QUICK_HIDE_KEYS, QUIT_KEYS
from trustrepair.ui.widgets.banner import SkippedFilesBanner
from trustrepair.ui.worker import cancel_all, wait_for_all

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QCloseEvent  # its type builds QEvent.Type (≈ 3 ms): not at start

    from trustrepair.content.library import Library
    from trustrepair.services.vaults import OpenVault, Vaults
    from trustrepair.ui.dialogs.help_dialog import HelpDialog
    from trustrepair.ui.views.counsellor_view import CounsellorView
    from trustrepair.ui.views.home_view import HomeView
    from trustrepair.ui.views.joint_view import JointView
    from trustrepair.ui.views.onboarding_view import OnboardingView
    from trustrepair.ui.views.player_view import PlayerView
    from trustrepair.ui.views.unlock_view import UnlockView
    from trustrepair.ui.widgets.notice import NoticeBar

# Start-up (issue 6): this module imports only Qt and light modules, so the first screen
# shows before pydantic, the exercise library, SQLCipher, cryptography, sqlite-utils and
# Jinja2 are imported. Views are made the first time they are shown; everything else is
# imported where it is used, and warmed up off the GUI thread after the first paint
# (:meth:`MainWindow.warm_up`). ``tests/test_startup_imports.py`` keeps it so.

WARM_UP_MODULES = (
    "trustrepair.services.vaults",
    "trustrepair.services.counsel",
    "trustrepair.ui.views.home_view",
    "trustrepair.ui.views.player_view",
    "trustrepair.ui.views.joint_view",
    "trustrepair.ui.views.counsellor_view",
    "trustrepair.ui.views.onboarding_view",
    "trustrepair.ui.views.unlock_view",
    "trustrepair.ui.counsel_actions",
    "trustrepair.ui.dialogs.passphrase_dialog",
    "trustrepair.ui.dialogs.restore_dialog",
)
"""Imported by :meth:`MainWindow.warm_up`, after the exercise library, in this order."""

log = logging.getLogger(__name__)

IDLE_CHOICES = (5, 10, 20, 30, 60, 0)


class ActivityFilter(QObject):
    """Notices keyboard and mouse use anywhere in the program, to restart the idle timer.

    Installed only while a profile is open: nothing needs to lock when nothing is open.
    """

    def __init__(self, on_activity: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_activity = on_activity
        # Made here rather than at import: PySide builds QEvent.Type (~180 members) on first use.
        from PySide6.QtCore import QEvent

        self.events = {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
        }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Report activity; never swallow the event."""
        if event.type() in self.events:
            self.on_activity()
        return False


class HiddenScreen(QWidget):
    """A plain, neutral page that covers everything after quick-hide."""

    def __init__(self, on_continue: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hidden")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.button = QPushButton(tr("Continue"), self)
        self.button.setProperty("role", "flat")
        self.button.setAccessibleName(tr("Continue"))
        self.button.clicked.connect(on_continue)
        self.button.setAutoDefault(True)  # Enter continues, as Space does
        from PySide6.QtCore import Qt  # not at import: see trustrepair.ui.lean

        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)


class _RefocusAfterDialogs(QObject):
    """When one of our dialogs closes and no window has the keyboard, give it back to ours.

    A window manager does this itself; on a bare X server (Xvfb, kiosks) the main window would
    otherwise stay inactive after a dialog, and no shortcut would work. It listens to focus
    changes only (an application-wide event filter would cost every event a Python call),
    and acts only when no window of ours is active, so it never pulls focus from another
    program.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is not None or old is None:
            return
        dialog = old.window()
        if isinstance(dialog, QDialog) and self._window.isVisible():
            # Decide once the hide has finished: the focus leaves before the dialog is hidden.
            QTimer.singleShot(0, self, lambda: self._take_back(dialog))

    def _take_back(self, dialog: QDialog) -> None:
        try:
            closed = not dialog.isVisible()
        except RuntimeError:  # already deleted: it closed
            closed = True
        if closed and QApplication.activeWindow() is None and self._window.isVisible():
            self._window.activateWindow()


class MainWindow(QMainWindow):
    """Switches between views; holds the open vault; locks and hides."""

    IDLE_CHECK_MS = 15_000
    """How often the idle policy is asked whether to lock (tests make it short)."""

    warmed_up = Signal()
    """:meth:`warm_up` finished (emitted on the GUI thread)."""
    _warm_up_done = Signal(object)  # from the warm-up thread: None, or the exception it met

    def __init__(
        self,
        vaults: Vaults,
        library: Library | Callable[[], Library],
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        """Make the shell and the first screen only.

        Args:
            vaults: The profiles (``app.py`` passes a light stand-in, see
                :mod:`trustrepair.services.startup`).
            library: The exercise library, or a function that loads it: then it is loaded by
                :meth:`warm_up` or the first time it is needed, whichever comes first.
            settings: The program's own settings.
            parent: Usually none.
        """
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.vaults = vaults
        self._library: Once[Library] = Once(library) if callable(library) else Once.of(library)
        self._profile_library: Library | None = None
        self._warm_thread: threading.Thread | None = None
        self._warm_up_done.connect(self._on_warmed_up)
        self.clients_view: CounsellorView | None = None
        self.settings = settings
        self.vault: OpenVault | None = None
        self.home: HomeView | None = None
        self.player: PlayerView | None = None
        self.joint: JointView | None = None
        self.help_dialog: HelpDialog | None = None
        self._title = tr("trustrepair")
        self.setWindowTitle(self._title)
        self.setMinimumSize(760, 560)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = SkippedFilesBanner([], central)
        layout.addWidget(self.banner)
        self._central_layout = layout
        self.recovery_notice: NoticeBar | None = None  # made when first needed
        self._recovery_key_pending = False
        self.stack = QStackedWidget(central)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._unlock_view: UnlockView | None = None
        self._onboarding_view: OnboardingView | None = None
        self._hidden_screen: HiddenScreen | None = None

        self._refocus = _RefocusAfterDialogs(self)

        self.idle = IdleLock(None, self._idle_locked)
        self.idle.locked = True
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(self.IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.idle.check)
        self.activity: ActivityFilter | None = None

        self._build_actions()
        self._build_status_bar()
        self._unsubscribe = notifier.subscribe(self._on_message)
        self._restore_geometry()
        if vaults.list():
            self.show_unlock()
        else:
            self.show_onboarding()
        if self._library.ready:
            self._show_skipped(self._library.get())

    # ------------------------------------------------------------------ lazy parts
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

    @property
    def hidden_screen(self) -> HiddenScreen:
        """The neutral page quick-hide shows (made the first time it is needed)."""
        if self._hidden_screen is None:
            self._hidden_screen = HiddenScreen(self.leave_hidden)
            self.stack.addWidget(self._hidden_screen)
        return self._hidden_screen

    @property
    def unlock_view(self) -> UnlockView:
        """The profile picker (made the first time it is needed)."""
        if self._unlock_view is None:
            self._make_unlock_view(None)
        assert self._unlock_view is not None
        return self._unlock_view

    def _make_unlock_view(self, select: str | None) -> None:
        from trustrepair.ui.views.unlock_view import UnlockView

        view = UnlockView(self.vaults, self.stack, select=select)
        view.unlocked.connect(self.open_vault)
        view.new_profile.connect(self.show_onboarding)
        self.stack.addWidget(view)
        self._unlock_view = view

    @property
    def onboarding_view(self) -> OnboardingView:
        """The new-profile flow (made the first time it is needed)."""
        if self._onboarding_view is None:
            from trustrepair.ui.views.onboarding_view import OnboardingView

            view = OnboardingView(self.vaults)
            view.created.connect(self.open_vault)
            view.cancelled.connect(self.show_unlock)
            self.stack.addWidget(view)
            self._onboarding_view = view
        return self._onboarding_view

    def warm_up(self) -> None:
        """Load the library and import the heavy modules in a background thread.

        ``app.py`` calls this once the first screen is shown and idle, so the person can
        type meanwhile: the thread gives the GUI thread the interpreter every few
        milliseconds. Whatever is needed before it is done is loaded where it is needed.
        """
        if self._warm_thread is not None:
            return
        library, done = self._library, self._warm_up_done

        def work() -> None:
            error: BaseException | None = None
            try:
                with import_lock:
                    library.get()
                for name in WARM_UP_MODULES:
                    with import_lock:
                        importlib.import_module(name)
            except BaseException as exc:  # reported on the GUI thread
                error = exc
            with contextlib.suppress(RuntimeError):  # the window is gone already
                done.emit(error)

        self._warm_thread = threading.Thread(target=work, name="trustrepair-warm-up", daemon=True)
        self._warm_thread.start()

    def _on_warmed_up(self, error: BaseException | None) -> None:
        if error is None:
            self._show_skipped(self._library.get())
        else:
            # Not fatal: what failed is loaded again where it is needed (and reported there).
            log.warning("warming up failed", exc_info=error)
        self.warmed_up.emit()

    def _join_warm_up(self) -> None:
        if self._warm_thread is not None:
            self._warm_thread.join()

    # ------------------------------------------------------------------ chrome
    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(tr("&File"))
        self.new_profile_action = add_action(file_menu, tr("&New profile…"), self.show_onboarding)
        self.summary_action = add_action(file_menu, tr("&Summary…"), self.open_summary)
        self.transfer_actions: list[QAction] = []
        self._add_transfer_actions(file_menu)
        self.counsel_actions = self._add_counsel_actions(file_menu)
        file_menu.addSeparator()
        self.backup_action = add_action(file_menu, tr("&Back up now"), self.back_up_now)
        self.restore_action = add_action(
            file_menu, tr("&Restore from a backup…"), self.restore_backup
        )
        file_menu.addSeparator()
        self.lock_action = add_action(file_menu, tr("&Lock now"), self.lock)
        set_shortcut(self.lock_action, LOCK_KEYS)
        self.hide_action = add_action(file_menu, tr("&Hide the screen"), self.quick_hide)
        set_shortcut(self.hide_action, QUICK_HIDE_KEYS)
        # Also while another of our windows (help, a preview) is in front. By name: the first
        # screen builds no Qt.* enums (see trustrepair.ui.lean).
        set_by_name(self.hide_action, "shortcutContext", "ApplicationShortcut")
        file_menu.addSeparator()
        self.quit_action = add_action(file_menu, tr("&Quit"), self.close)
        set_shortcut(self.quit_action, QUIT_KEYS)

        settings_menu = menu.addMenu(tr("Se&ttings"))
        idle_menu = settings_menu.addMenu(tr("&Lock automatically after"))
        self.idle_group = QActionGroup(self)
        self.idle_actions: dict[int, QAction] = {}
        for minutes in IDLE_CHOICES:
            label = tr("Never") if minutes == 0 else tr("{n} minutes").format(n=minutes)
            action = idle_menu.addAction(label)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, m=minutes: self.set_idle_minutes(m))
            self.idle_group.addAction(action)
            self.idle_actions[minutes] = action
        self.profile_action = add_action(settings_menu, tr("&About you…"), self.edit_profile)
        self.passphrase_action = add_action(
            settings_menu, tr("Change &passphrase…"), self.change_passphrase
        )
        self.settings_menu = settings_menu

        help_menu = menu.addMenu(tr("&Help"))
        self.help_action = add_action(help_menu, tr("&Help and safety"), self.show_help)
        set_shortcut(self.help_action, HELP_KEYS)
        set_by_name(self.help_action, "shortcutContext", "ApplicationShortcut")
        add_action(help_menu, tr("&About trustrepair"), self.show_about)
        # The window holds the keyed actions too, so their keys work while quick-hide has
        # hidden the menu bar (Ctrl+Q still quits from the neutral page).
        self.addActions([self.lock_action, self.hide_action, self.quit_action, self.help_action])
        self._update_actions()

    def _add_transfer_actions(self, file_menu: QMenu) -> None:
        file_menu.addSeparator()
        export = add_action(file_menu, tr("&Export…"), self.export_profile)
        import_ = add_action(file_menu, tr("&Import…"), self.import_profile)
        self.transfer_actions = [export, import_]

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.status_message = QLabel(bar)
        self.status_message.setProperty("role", "muted")
        bar.addWidget(self.status_message, 1)
        self.help_button = QPushButton(tr("Help and safety ({keys})").format(keys=HELP_KEYS), bar)
        self.help_button.setAccessibleName(tr("Help and safety"))
        self.help_button.clicked.connect(self.show_help)
        self.hide_button = QPushButton(tr("Hide ({keys})").format(keys=QUICK_HIDE_KEYS), bar)
        self.hide_button.setAccessibleName(tr("Hide the screen and lock"))
        self.hide_button.setToolTip(tr("Covers the screen at once and locks your profile"))
        self.hide_button.clicked.connect(self.quick_hide)
        for button in (self.help_button, self.hide_button):
            button.setProperty("role", "flat")
            set_by_name(button, "focusPolicy", "TabFocus")  # a click leaves the focus where it is
            bar.addPermanentWidget(button)

    def _update_actions(self) -> None:
        open_ = self.vault is not None
        vault_actions = (self.summary_action, self.lock_action, self.backup_action)
        for action in (*vault_actions, self.restore_action, *self.transfer_actions):
            action.setEnabled(open_)
        self.settings_menu.setEnabled(open_)
        for action in self.counsel_actions:
            action.setEnabled(open_ and not self._is_counsellor())
        if self.vault is not None:
            minutes = auto_lock_minutes(self.vault.store)
            choice = self.idle_actions.get(int(minutes or 0))
            if choice is not None:
                choice.setChecked(True)

    def _on_message(self, message: notifier.Message) -> None:
        self.status_message.setText(message.text)
        if message.level is notifier.Level.ERROR:
            from PySide6.QtWidgets import QMessageBox  # not needed at start-up

            QMessageBox.warning(self, tr("trustrepair"), message.text)

    # ------------------------------------------------------------------ views
    def _show(self, view: QWidget) -> None:
        self.stack.setCurrentWidget(view)
        self._update_recovery_notice()
        focus = getattr(view, "focus_content", None)
        if focus is not None:
            focus()

    def show_unlock(self, select: str | None = None) -> None:
        """The profile list, with ``select`` (or the last profile used) chosen."""
        select = select or self.settings.get("last_profile")
        if self._unlock_view is None:
            self._make_unlock_view(select)  # lists the profiles once, not twice
        else:
            self.unlock_view.refresh(select)
        self._show(self.unlock_view)

    def show_onboarding(self) -> None:
        """The new-profile flow (locks an open profile first)."""
        if self.vault is not None:
            self.lock(go_to_unlock=False)
        self.onboarding_view.reset()
        self._show(self.onboarding_view)

    def open_vault(self, vault: OpenVault) -> None:
        """Show the home screen of a freshly unlocked or created profile."""
        from trustrepair.services.counsel import client_library

        self.vault = vault
        self.library = client_library(vault.store, self.base_library)
        self.settings.set("last_profile", vault.ref.name)
        self._update_actions()
        self._restart_idle()
        self._check_recovery_key(new_session=True)
        self.show_home()

    def show_home(self) -> None:
        """The path of the open profile."""
        if self.vault is None:
            return
        self._drop_player()
        if self._is_counsellor():
            self._show_clients()
            return
        if self.home is None:
            from trustrepair.ui.views.home_view import HomeView

            self.home = HomeView(self.vault.store, self.library)
            self.home.open_exercise.connect(self.open_exercise)
            self.home.help_requested.connect(self.show_help)
            self.home.work_together.connect(self.open_joint)
            self.stack.addWidget(self.home)
        else:
            self.home.refresh()
        self._show(self.home)

    def open_exercise(self, exercise_id: str) -> None:
        """Open the player on one exercise."""
        exercise = self.library.get(exercise_id)
        if self.vault is None or exercise is None:
            return
        if exercise.mode.is_joint:
            self.open_joint(exercise_id)
            return
        profile = self.vault.store.get_profile()
        if profile is None:
            return
        from trustrepair.ui.views.player_view import PlayerView

        self._drop_player()
        self.player = PlayerView(self.vault.store, self.library, exercise, profile)
        self.player.back_to_path.connect(self.show_home)
        self.player.help_requested.connect(self.show_help)
        self.stack.addWidget(self.player)
        self._show(self.player)

    def open_joint(self, exercise_id: str | None = None) -> None:
        """Work together: the partner signs in to their own profile beside this one."""
        if self.vault is None:
            return
        from trustrepair.ui.views.joint_view import JointView

        self._drop_player()
        self.joint = JointView(self.vaults, self.vault, self.library, exercise_id)
        self.joint.back_to_path.connect(self.show_home)
        self.joint.help_requested.connect(self.show_help)
        self.stack.addWidget(self.joint)
        self._show(self.joint)

    def _drop_joint(self) -> None:
        """Save both people's answers and lock the partner's profile."""
        if self.joint is None:
            return
        joint, self.joint = self.joint, None
        try:
            joint.close_joint()
        finally:
            self.stack.removeWidget(joint)
            joint.deleteLater()

    def _drop_player(self) -> None:
        self._drop_joint()
        if self.player is None:
            return
        player, self.player = self.player, None
        player.close_walk()
        self.stack.removeWidget(player)
        player.deleteLater()

    # ------------------------------------------------------------------ locking
    def flush_all(self) -> bool:
        """Write every pending answer; False if that failed (used by the crash handler)."""
        if self.player is None and self.joint is None:
            return True
        try:
            if self.player is not None:
                self.player.flush()
            if self.joint is not None:
                self.joint.flush()
        except Exception:
            log.exception("pending answers could not be written")
            return False
        return True

    def lock(self, *, go_to_unlock: bool = True) -> None:
        """Save, close the vault and forget every view that showed its content."""
        self._close_dialogs()
        # Background work on the vault (an import, say) stops at its next step and rolls back,
        # and nothing is closed under it.
        cancel_all()
        wait_for_all()
        name = self.vault.ref.name if self.vault is not None else None
        self._drop_player()
        if self.home is not None:
            home, self.home = self.home, None
            self.stack.removeWidget(home)
            home.deleteLater()
        self._drop_clients()
        self.library = None
        if self.vault is not None:
            vault, self.vault = self.vault, None
            vault.close()
        self.idle.lock_now()
        self.idle_timer.stop()
        self._watch_activity(False)
        self._recovery_key_pending = False
        self._update_recovery_notice()
        self.status_message.clear()  # nothing about the profile stays on screen
        self._update_actions()
        if go_to_unlock:
            self.show_unlock(name)

    def quick_hide(self) -> None:
        """Cover everything at once with a neutral page, and lock."""
        self.stack.setCurrentWidget(self.hidden_screen)
        self.banner.hide()
        self.menuBar().hide()
        self.statusBar().hide()
        self.setWindowTitle(tr("Untitled"))
        self.lock(go_to_unlock=False)
        self.hidden_screen.button.setFocus()

    def leave_hidden(self) -> None:
        """Back from the neutral page to the profile list."""
        self.menuBar().show()
        self.statusBar().show()
        self.banner.show_if_needed()
        self.setWindowTitle(self._title)
        self.show_unlock()

    @property
    def hidden(self) -> bool:
        """Whether the neutral page is covering the window."""
        current = self.stack.currentWidget()
        return current is not None and current is self._hidden_screen

    def _idle_locked(self) -> None:
        """The idle policy decided to lock (also called, harmlessly, by every lock)."""
        if self.vault is not None:
            log.info("locking after inactivity")
            self.lock()
            self.status_message.setText(tr("Locked after a while without use."))

    def set_idle_minutes(self, minutes: int) -> None:
        """Change how long the profile may stay idle before it locks (0 = never)."""
        if self.vault is not None:
            set_auto_lock_minutes(self.vault.store, minutes)
            self._restart_idle()

    def _restart_idle(self) -> None:
        if self.vault is None:
            return
        self.idle.minutes = auto_lock_minutes(self.vault.store)
        self.idle.unlocked()
        self.idle_timer.start(self.IDLE_CHECK_MS)
        self._watch_activity(True)

    def _watch_activity(self, watch: bool) -> None:
        """Install (or remove) the application-wide activity filter."""
        app = QApplication.instance()
        if app is None:
            return
        if watch and self.activity is None:
            self.activity = ActivityFilter(self._on_activity, self)
            app.installEventFilter(self.activity)
        elif not watch and self.activity is not None:
            app.removeEventFilter(self.activity)
            self.activity.deleteLater()
            self.activity = None

    def _on_activity(self) -> None:
        self.idle.touch()

    def _close_dialogs(self) -> None:
        if self.help_dialog is not None:
            dialog, self.help_dialog = self.help_dialog, None
            dialog.close()
            dialog.deleteLater()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    # ------------------------------------------------------------------ actions
    def show_help(self) -> None:
        """Help and safety, from any screen."""
        if self.hidden:
            return
        if self.help_dialog is None:
            store = self.vault.store if self.vault is not None else None
            from trustrepair.ui.dialogs.help_dialog import HelpDialog

            self.help_dialog = HelpDialog(store, self)
            self.help_dialog.finished.connect(self._forget_help)
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()

    def _forget_help(self) -> None:
        if self.help_dialog is not None:
            self.help_dialog.deleteLater()
            self.help_dialog = None

    def show_about(self) -> None:
        """A short note about the program."""
        from PySide6.QtWidgets import QMessageBox  # not needed at start-up

        from trustrepair import __version__

        QMessageBox.about(
            self,
            tr("About trustrepair"),
            tr(
                "trustrepair {version}\n\nStructured exercises for rebuilding trust after it was "
                "broken. Private: everything stays on this computer. This is not therapy."
            ).format(version=__version__),
        )

    def open_summary(self) -> None:
        """The summary dialog (written by the reports work; imported only when asked for)."""
        if self.vault is None:
            return
        self.flush_all()
        try:
            from trustrepair.ui.dialogs.summary_dialog import SummaryDialog
        except ImportError:
            log.warning("the summary dialog is not available")
            from PySide6.QtWidgets import QMessageBox  # not needed at start-up

            QMessageBox.information(
                self, tr("Summary"), tr("Summaries are not available in this version yet.")
            )
            return
        SummaryDialog(self.vault.store, self.library, self).exec()

    def export_profile(self) -> None:
        """Export the open profile (see :mod:`trustrepair.ui.transfer_actions`)."""
        if self.vault is None:
            return
        self.flush_all()
        from trustrepair.ui.transfer_actions import export_profile

        export_profile(self, self.vault)

    def import_profile(self) -> None:
        """Import answers into the open profile."""
        if self.vault is None:
            return
        self.flush_all()
        from trustrepair.ui.transfer_actions import import_into

        if (
            import_into(self, self.vault, self.library)
            and self.home is not None
            and self.player is None
        ):
            self.home.refresh()

    # ------------------------------------------------------------------ backups & passphrase
    def back_up_now(self) -> None:
        """Make an encrypted backup of the open profile now."""
        if self.vault is None:
            return
        self.flush_all()
        try:
            self.vault.backup_now("manual")
        except UserFacingError as error:
            from PySide6.QtWidgets import QMessageBox  # not needed at start-up

            QMessageBox.warning(self, tr("Back up now"), str(error))
            return
        self.status_message.setText(
            tr("Backed up just now. The newest {n} backups are kept.").format(
                n=self.vaults.backups_to_keep
            )
        )

    def restore_backup(self) -> None:
        """Choose one of the open profile's backups and bring it back (current data kept)."""
        if self.vault is None:
            return
        from trustrepair.ui.dialogs.restore_dialog import RestoreDialog, describe_when_in_sentence

        self.flush_all()
        vault = self.vault
        backup = RestoreDialog.ask(self, vault.ref.name, vault.backups())
        if backup is None or self.vault is not vault:
            return
        self._drop_player()
        from PySide6.QtCore import Qt  # not at import: see trustrepair.ui.lean

        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            vault.restore(backup)
        except UserFacingError as error:
            QGuiApplication.restoreOverrideCursor()
            from PySide6.QtWidgets import QMessageBox  # not needed at start-up

            QMessageBox.warning(self, tr("Restore from a backup"), str(error))
            self.show_home()
            return
        QGuiApplication.restoreOverrideCursor()
        self._restart_idle()
        self.show_home()
        self.status_message.setText(
            tr(
                "Restored the backup made {when}. What was there before is kept as a backup."
            ).format(when=describe_when_in_sentence(backup.created_at))
        )

    def change_passphrase(self) -> None:
        """Change (add, or remove after a warning) the open profile's passphrase."""
        if self.vault is None:
            return
        from trustrepair.services.vaults import ProfileRef
        from trustrepair.ui.dialogs.passphrase_dialog import ChangePassphraseDialog

        ref = self.vault.ref
        changed = ChangePassphraseDialog.ask(self, self.vaults, ref.name, ref.has_passphrase)
        if changed is None:
            return
        if self.vault is not None and self.vault.ref.folder == ref.folder:
            self.vault.ref = ProfileRef(ref.name, ref.folder, changed.has_passphrase)
        self._check_recovery_key()
        self.status_message.setText(
            tr("Your passphrase was changed.")
            if changed.has_passphrase
            else tr("This profile no longer has a passphrase.")
        )

    # ------------------------------------------------------------------ recovery key notice
    def _check_recovery_key(self, *, new_session: bool = False) -> None:
        """Ask whether a new recovery key is waiting to be confirmed as kept; show the notice."""
        pending = False
        if self.vault is not None and self.vault.ref.has_passphrase:
            try:
                pending = self.vaults.has_unconfirmed_recovery_key(self.vault.ref.name)
            except UserFacingError:
                log.warning("could not tell whether a new recovery key is waiting")
        self._recovery_key_pending = pending
        if pending and self.recovery_notice is None:
            from trustrepair.ui.widgets.notice import NEW_RECOVERY_KEY_NOTICE, NoticeBar

            notice = NoticeBar(tr(NEW_RECOVERY_KEY_NOTICE), tr("Make a new &recovery key…"))
            notice.acted.connect(self.make_recovery_key)
            self._central_layout.insertWidget(1, notice)
            self.recovery_notice = notice
        if new_session and self.recovery_notice is not None:
            self.recovery_notice.reset()
        self._update_recovery_notice()

    def _update_recovery_notice(self) -> None:
        """The notice shows on the profile's home only (never over an exercise)."""
        notice = self.recovery_notice
        if notice is None:
            return
        current = self.stack.currentWidget()
        on_home = current is not None and current in (self.home, self.clients_view)
        notice.setVisible(
            self.vault is not None
            and self._recovery_key_pending
            and not notice.dismissed
            and on_home
        )

    def make_recovery_key(self) -> None:
        """Make a new recovery key (the passphrase stays), show it once, retire the old one."""
        if self.vault is None or not self.vault.ref.has_passphrase:
            return
        from trustrepair.ui.dialogs.passphrase_dialog import ChangePassphraseDialog

        vault = self.vault
        changed = ChangePassphraseDialog.ask(
            self, self.vaults, vault.ref.name, True, new_key_only=True
        )
        if self.vault is not vault:  # locked meanwhile
            return
        self._check_recovery_key()
        if changed is None:
            return
        self.status_message.setText(
            tr("Your new recovery key is kept. The previous one no longer works.")
            if not self._recovery_key_pending
            else tr("The new recovery key was not confirmed, so your previous one still works.")
        )

    # ------------------------------------------------------------------ about you
    def edit_profile(self) -> None:
        """Settings → About you: the name, which describes you, who it is about, what happened."""
        if self.vault is None:
            return
        from trustrepair.services.onboarding import changes_path
        from trustrepair.ui.dialogs.profile_dialog import ProfileDialog

        self.flush_all()
        vault = self.vault
        before = vault.store.get_profile()
        saved = ProfileDialog.ask(self, vault, [ref.name for ref in self.vaults.list()])
        if saved is None or before is None or self.vault is not vault:
            return
        self.settings.set("last_profile", saved.name)
        path_changed = changes_path(before, saved)
        if path_changed or (self.player is None and self.joint is None):
            # A different path: an open exercise may no longer be on it, or be worded for
            # someone else. Its answers are saved as it closes.
            self.show_home()
        elif self.home is not None:
            self.home.refresh()
        self.status_message.setText(
            tr("Saved. Your path now fits what you chose; everything you wrote is kept.")
            if path_changed
            else tr("Saved.")
        )

    # ------------------------------------------------------------------ counsellor and clients
    def _add_counsel_actions(self, file_menu: QMenu) -> list[QAction]:
        file_menu.addSeparator()
        return [
            add_action(
                file_menu, tr("Open an &assignment from your counsellor…"), self.open_assignment
            ),
            add_action(file_menu, tr("S&hare with your counsellor…"), self.share_with_counsellor),
        ]

    def _is_counsellor(self) -> bool:
        from trustrepair.domain.profile import Role

        profile = self.vault.store.get_profile() if self.vault is not None else None
        return profile is not None and profile.role is Role.COUNSELLOR

    def _show_clients(self) -> None:
        """A counsellor's home: their clients (see :mod:`trustrepair.ui.views.counsellor_view`)."""
        if self.vault is None:
            return
        if self.clients_view is None:
            from trustrepair.ui.views.counsellor_view import CounsellorView

            self.clients_view = CounsellorView(self.vault.store, self.library)
            self.stack.addWidget(self.clients_view)
        else:
            self.clients_view.refresh()
        self._show(self.clients_view)

    def _drop_clients(self) -> None:
        if self.clients_view is not None:
            view, self.clients_view = self.clients_view, None
            self.stack.removeWidget(view)
            view.deleteLater()

    def open_assignment(self) -> None:
        """Keep an assignment from a counsellor; its exercises join this profile's home."""
        if self.vault is None:
            return
        from trustrepair.services.counsel import client_library
        from trustrepair.ui import counsel_actions

        self.flush_all()
        if counsel_actions.open_assignment(self, self.vault, self.base_library):
            self.library = client_library(self.vault.store, self.base_library)
            if self.home is not None:
                home, self.home = self.home, None
                self.stack.removeWidget(home)
                home.deleteLater()
            if self.player is None:
                self.show_home()

    def share_with_counsellor(self) -> None:
        """Choose what to share with a counsellor, see exactly what goes, save the file."""
        if self.vault is None:
            return
        from trustrepair.ui import counsel_actions

        self.flush_all()
        counsel_actions.share_with_counsellor(self, self.vault, self.library)

    # ------------------------------------------------------------------ window state
    def _restore_geometry(self) -> None:
        geometry = self.settings.get("window_geometry")
        if isinstance(geometry, str) and geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:
            self.resize(1100, 780)

    def _save_geometry(self) -> None:
        data = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.settings.set("window_geometry", data)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save everything, lock, and stop timers before the window goes."""
        self._save_geometry()
        self.lock(go_to_unlock=False)
        self._join_warm_up()
        self._watch_activity(False)
        self._unsubscribe()
        super().closeEvent(event)
