"""The window shell: help from anywhere, quick-hide, lock now, auto-lock, the skipped banner."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from trustrepair import paths
from trustrepair.content.library import SkippedFile
from trustrepair.content.problems import Problem
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.support import SupportLines
from trustrepair.services.vaults import Vaults
from trustrepair.ui.dialogs.help_dialog import HelpDialog
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.views.player_view import PlayerView


def test_help_opens_from_the_player_with_f1(qtbot, window: MainWindow):
    """F1 in the middle of an exercise opens help and safety."""
    window.open_exercise("solo")
    assert isinstance(window.stack.currentWidget(), PlayerView)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.screens.get("player"), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.help_dialog is not None and window.help_dialog.isVisible())
    assert window.help_dialog.windowTitle() == "Help and safety"


def test_support_numbers_are_kept_in_the_vault(qtbot, window: MainWindow, monkeypatch):
    """The person's own support lines are saved in their vault settings."""
    monkeypatch.setattr(HelpDialog, "SAVE_DELAY_MS", 0)
    window.show_help()
    window.help_dialog.numbers.setPlainText("Helpline 0800 000")
    qtbot.waitUntil(lambda: SupportLines(window.vault.store).read() == "Helpline 0800 000")


def test_quick_hide_covers_content_saves_and_locks(qtbot, window: MainWindow):
    """Quick-hide saves pending text, shows the neutral page and closes the vault; the
    application's name, which screen readers list, is neutral until the person comes back."""
    named = QApplication.applicationName()
    window.open_exercise("solo")
    player = window.screens.get("player")
    monkey_delay = 60_000  # make sure the text is still pending when hiding
    player.AUTOSAVE_DELAY_MS = monkey_delay
    player.next_button.click()
    player.next_button.click()
    player.step_widget.editor.setPlainText("not yet saved")
    assert player.walk.dirty
    window.show_help()
    window.menu_actions["hide"].trigger()
    assert window.hidden
    assert (
        window.vault is None
        and window.screens.get("player") is None
        and window.screens.get("home") is None
    )
    assert window.help_dialog is None
    assert window.windowTitle() == "Untitled"
    assert not window.menuBar().isVisible()
    app = QAccessible.queryAccessibleInterface(QApplication.instance())
    assert app is not None and app.text(QAccessible.Text.Name) == "Untitled"  # screen readers
    window.screens.get("hidden").button.click()  # "Open…"
    assert window.stack.currentWidget() is window.screens.get("unlock")
    assert QApplication.applicationName() == named
    reopened = window.vaults.open("Sam", None)
    assert reopened.store.answers_for("solo")["feel"].value == "not yet saved"
    reopened.close()


def test_every_lock_and_quick_hide_ends_with_the_locked_signal(qtbot, window: MainWindow):
    """Teardown outside the screens can hook onto ``locked``: it comes after the vault closed."""
    seen: list[bool] = []
    window.locked.connect(lambda: seen.append(window.vault is None))
    window.open_exercise("solo")
    window.lock()
    window.open_vault(window.vaults.open("Sam", None))
    window.quick_hide()
    window.quick_hide()  # nothing open: still emitted
    assert seen == [True, True, True]


def test_lock_now_returns_to_the_profile_list(qtbot, window: MainWindow):
    """Ctrl+L locks the vault and shows the profile list with the profile chosen."""
    window.menu_actions["lock"].trigger()
    assert window.vault is None
    assert window.stack.currentWidget() is window.screens.get("unlock")
    assert window.screens.get("unlock").selected().name == "Sam"


def test_idle_policy_locks_the_vault(qtbot, window: MainWindow):
    """When the idle policy says so, the window locks."""
    window.idle.policy.minutes = 0.0001
    window.idle.policy._last_activity -= 10
    window.idle.timer.timeout.emit()
    assert window.vault is None
    assert "without use" in window.status_message.text()


def test_skipped_files_banner_and_geometry(qtbot, vaults: Vaults, path_library):
    """Skipped files show a dismissable banner; the window size is remembered."""
    path_library.skipped.append(
        SkippedFile(Path("bad.yaml"), (Problem("bad.yaml", 3, 1, "unknown key 'x'"),))
    )
    try:
        settings = AppSettings(paths.settings_file())
        win = MainWindow(vaults, path_library, settings)
        qtbot.addWidget(win)
        win.show()
        assert win.banner.isVisible()
        assert "1 exercise file could not be read" in win.banner.label.text()
        win.banner.details_button.click()
        assert "unknown key" in win.banner.details.text()
        win.banner.dismiss_button.click()
        assert not win.banner.isVisible()
        assert win.stack.currentWidget() is win.screens.get("onboarding")  # no profiles yet
        win.resize(900, 640)
        win.close()
        assert AppSettings(paths.settings_file()).get("window_geometry")
    finally:
        path_library.skipped.clear()


def test_leaving_the_neutral_page_before_any_profile_goes_back_to_the_first_run(
    qtbot, vaults: Vaults, path_library
):
    """Quick-hide on the first run: Open leads back to making a profile, not an empty list."""
    win = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(win)
    win.quick_hide()
    assert win.hidden
    win.leave_hidden()
    assert win.stack.currentWidget() is win.screens.get("onboarding")
    assert win.windowTitle() == "trustrepair" and win.menuBar().isVisibleTo(win)


def test_library_and_views_wait_until_needed(qtbot, vaults: Vaults, path_library):
    """Given a loader, the window shows the picker first; warm-up loads the library and banner."""
    vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None).close()
    path_library.skipped.append(SkippedFile(Path("bad.yaml"), (Problem("bad.yaml", 1, 1, "x"),)))
    loads: list[int] = []

    def load():
        loads.append(1)
        return path_library

    try:
        win = MainWindow(vaults, load, AppSettings(paths.settings_file()))
        qtbot.addWidget(win)
        win.show()
        assert win.stack.currentWidget() is win.screens.get("unlock")
        assert win.screens.get("onboarding") is None and not loads and not win.banner.isVisible()
        with qtbot.waitSignal(win.warmed_up, timeout=10_000):
            win.warm_up()
        assert loads == [1] and win.banner.isVisible()
        win.open_vault(vaults.open("Sam", None))
        assert win.screens.get("home") is not None and win.library.get("solo") is not None
        assert loads == [1]
        win.close()
    finally:
        path_library.skipped.clear()


def test_unlock_through_the_light_stand_in(qtbot, vaults: Vaults, path_library):
    """As started by the app: names from vault.json, the real vaults imported by the unlock."""
    from trustrepair.services.startup import LazyVaults

    vaults.create(
        ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), "a long passphrase"
    ).close()
    win = MainWindow(
        LazyVaults(vaults.root), lambda: path_library, AppSettings(paths.settings_file())
    )
    qtbot.addWidget(win)
    win.show()
    assert win.screens.get("unlock").selected().name == "Sam"
    win.screens.get("unlock").secret.setText("a long passphrase")
    win.screens.get("unlock").unlock_button.click()
    qtbot.waitUntil(
        lambda: (
            win.screens.get("home") is not None
            and win.stack.currentWidget() is win.screens.get("home")
        )
    )
    win.menu_actions["lock"].trigger()
    assert win.vault is None and win.stack.currentWidget() is win.screens.get("unlock")


def test_about_you_changes_the_path_on_home(qtbot, window: MainWindow, monkeypatch):
    """Settings → About you: a new track and name show on home at once; answers are kept."""
    from trustrepair.ui.dialogs.profile_dialog import ProfileDialog
    from trustrepair.ui.views.home_view import ENTRY_ROLE

    window.open_exercise("solo")
    window.screens.get("player").walk.stage_answer("feel", "written before")

    def ask(cls, parent, vault, names):
        assert names == ["Sam"]
        dialog = ProfileDialog(vault, names, parent)
        dialog.name_edit.setText("Sam B")
        dialog.track_buttons[Track.REPAIRING].click()
        dialog.submit()
        return dialog.saved

    monkeypatch.setattr(ProfileDialog, "ask", classmethod(ask))
    assert window.menu_actions["profile"].isEnabled()
    window.menu_actions["profile"].trigger()
    assert (
        window.stack.currentWidget() is window.screens.get("home")
        and window.screens.get("player") is None
    )
    offered = {
        lst.item(i).data(ENTRY_ROLE)
        for lst in window.screens.get("home").stage_lists
        for i in range(lst.count())
    }
    assert offered == {"other"}
    assert "Hello, Sam B" in [
        label.text() for label in window.screens.get("home").findChildren(QLabel)
    ]
    assert window.vault.store.answers_for("solo")["feel"].value == "written before"
    window.menu_actions["lock"].trigger()
    assert window.screens.get("unlock").selected().name == "Sam B"


def test_an_unconfirmed_recovery_key_is_offered_again_on_home(
    qtbot, vaults: Vaults, path_library, monkeypatch
):
    """After unlock, a new key never confirmed as kept shows a notice; making one retires it."""
    from trustrepair.ui.dialogs.passphrase_dialog import ChangePassphraseDialog
    from trustrepair.ui.widgets.notice import NEW_RECOVERY_KEY_NOTICE
    from trustrepair.ui.widgets.recovery_key import RecoveryKeyDialog

    vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC), "kim words").close()
    vaults.change_passphrase("Kim", "kim words", "kim words", new_recovery_key=True)
    win = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(win)
    win.show()
    win.open_vault(vaults.open("Kim", "kim words"))
    notice = win.recovery_notice
    assert notice is not None and notice.isVisible()
    assert notice.label.text() == NEW_RECOVERY_KEY_NOTICE
    win.open_exercise("solo")
    assert not notice.isVisible()  # never over an exercise
    win.show_home()
    assert notice.isVisible()
    kept: list[str] = []
    monkeypatch.setattr(
        RecoveryKeyDialog, "ask", classmethod(lambda cls, p, n, key: kept.append(key) or True)
    )

    def exec_for_test(self: ChangePassphraseDialog) -> int:
        self.show()
        self.current.setText("kim words")
        self.ok_button.click()
        qtbot.waitUntil(lambda: self.task is None)
        return int(self.result())

    monkeypatch.setattr(ChangePassphraseDialog, "exec", exec_for_test)
    notice.action_button.click()
    assert not notice.isVisible() and not vaults.has_unconfirmed_recovery_key("Kim")
    assert "no longer works" in win.status_message.text()
    win.menu_actions["lock"].trigger()
    vaults.open_with_recovery_key("Kim", kept[0]).close()


def test_not_now_hides_the_recovery_key_notice_until_the_next_unlock(
    qtbot, vaults: Vaults, path_library
):
    """ "Not now" hides the notice for this session; it comes back after the next unlock."""
    vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC), "kim words").close()
    vaults.change_passphrase("Kim", "kim words", "kim words", new_recovery_key=True)
    win = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(win)
    win.show()
    win.open_vault(vaults.open("Kim", "kim words"))
    win.recovery_notice.dismiss_button.click()
    win.show_home()
    assert not win.recovery_notice.isVisible()
    win.menu_actions["lock"].trigger()
    assert not win.recovery_notice.isVisible()
    win.open_vault(vaults.open("Kim", "kim words"))
    assert win.recovery_notice.isVisible()


def test_closing_a_dialog_gives_the_keyboard_back_when_nothing_has_it(
    qtbot, window: MainWindow, monkeypatch
):
    """After a dialog closes with no window active (a bare X server), the window takes the
    keyboard back; when a window is active (a window manager did it) it leaves focus alone."""
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

    asked: list[bool] = []
    monkeypatch.setattr(window, "activateWindow", lambda: asked.append(True))
    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: None))
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    dialog.show()
    dialog.hide()
    window._refocus._focus_changed(field, None)  # what Qt emits as the dialog's focus goes
    qtbot.waitUntil(lambda: asked == [True])

    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: window))
    window._refocus._take_back(dialog)
    assert asked == [True]
    dialog.show()
    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: None))
    window._refocus._take_back(dialog)  # still open: leave it
    assert asked == [True]


def test_menu_shortcuts_and_where_they_work(window: MainWindow):
    """Help and quick-hide work from any of our windows; lock, quit and help have their keys."""
    from PySide6.QtGui import QKeySequence

    assert window.menu_actions["help"].shortcut() == QKeySequence("F1")
    assert window.menu_actions["hide"].shortcut() == QKeySequence("Ctrl+Shift+H")
    assert window.menu_actions["lock"].shortcut() == QKeySequence("Ctrl+L")
    assert window.menu_actions["quit"].shortcut() == QKeySequence("Ctrl+Q")
    for action in (window.menu_actions["help"], window.menu_actions["hide"]):
        assert action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut
    for button in (window.help_button, window.hide_button):
        assert button.focusPolicy() == Qt.FocusPolicy.TabFocus
    assert window.help_button.text() == "Help and safety (F1)"


def test_the_neutral_page_answers_enter_and_ctrl_q(qtbot, window: MainWindow):
    """After quick-hide the menu bar is hidden, but Enter continues and Ctrl+Q still quits."""
    window.quick_hide()
    assert window.hidden
    assert window.menuBar().isHidden()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.screens.get("hidden").button.hasFocus())
    qtbot.keyClick(window.screens.get("hidden").button, Qt.Key.Key_Return)
    assert not window.hidden
    window.quick_hide()
    qtbot.keyClick(
        window.screens.get("hidden").button, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_unlock_screen_starts_on_the_last_profile_used(qtbot, vaults: Vaults, path_library):
    """With several profiles, the window opens with the last one used chosen (names only)."""
    for name in ("Ann", "Sam", "Zoe"):
        vaults.create(ProfileInfo(name, Track.HURT, Relationship.ROMANTIC), None).close()
    settings = AppSettings(paths.settings_file())
    settings.set("last_profile", "Sam")
    win = MainWindow(vaults, path_library, settings)
    qtbot.addWidget(win)
    view = win.screens.get("unlock")
    assert [view.profiles.item(i).text() for i in range(view.profiles.count())] == [
        "Ann",
        "Sam",
        "Zoe",
    ]
    assert view.selected().name == "Sam"
    win.show_unlock("Zoe")
    assert view.selected().name == "Zoe"


def test_sharing_fixed_by_the_migration_is_told_once_in_the_window(
    qtbot, tmp_path: Path, path_library, messages
):
    """Opening a 0.1.0 profile whose reveals were marked shared says so once, plainly."""
    import shutil

    from trustrepair.services.notices import AUDIENCES_TITLE

    data = tmp_path / "released"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures/release_0_1_0/data", data)
    paths.set_data_dir(data)
    vaults = Vaults(paths.profiles_dir())
    win = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(win)
    win.show()
    win.open_vault(vaults.open("Sam", "sam fixture passphrase"))
    told = [m for m in messages if m.title == AUDIENCES_TITLE]
    assert len(told) == 1 and "revealed to your partner only" in told[0].text
    win.menu_actions["lock"].trigger()
    win.open_vault(vaults.open("Sam", "sam fixture passphrase"))
    assert len([m for m in messages if m.title == AUDIENCES_TITLE]) == 1


def test_quick_hide_paints_a_neutral_cover_before_waiting_on_work(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
):
    """The cover is on screen, painted and nameless before the lock waits for running work."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from trustrepair.ui import main_window

    paints = []

    class CountPaints(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                paints.append(watched)
            return False

    window.screens.cover("hidden")  # built, so its paints can be counted
    window.show_home()
    hidden = window.screens.get("hidden")
    counter = CountPaints(hidden)
    hidden.installEventFilter(counter)
    seen = {}

    def waiting(*_args):
        seen["painted"] = hidden in paints
        seen["on_top"] = window.stack.currentWidget() is hidden
        seen["title"] = window.windowTitle()
        seen["display name"] = QApplication.applicationDisplayName()
        return True

    monkeypatch.setattr(main_window, "wait_for_all", waiting)
    monkeypatch.setattr(QApplication, "applicationDisplayName", QApplication.applicationDisplayName)
    QApplication.setApplicationDisplayName("trustrepair")
    window.quick_hide()
    assert seen == {"painted": True, "on_top": True, "title": "Untitled", "display name": ""}
    texts = [w.text() for w in hidden.findChildren(QPushButton)] + [hidden.page.toPlainText()]
    for text in [*texts, window.windowTitle(), hidden.accessibleName()]:
        assert "trustrepair" not in text.lower() and "trust" not in text.lower()
    hidden.button.click()
    assert QApplication.applicationDisplayName() == "trustrepair"
    QApplication.setApplicationDisplayName("")
    assert window.windowTitle() == "trustrepair"


def test_quick_hide_hides_every_other_window_at_once(qtbot, window: MainWindow):
    """A preview or message in front is hidden with the rest (not left over the cover)."""
    from PySide6.QtWidgets import QDialog

    other = QDialog(window)
    other.setWindowTitle("Preview")
    other.show()
    window.quick_hide()
    assert not other.isVisible()


def test_unlocking_clears_the_idle_lock_message(qtbot, window: MainWindow):
    """ "Locked after a while without use." goes once the profile is open again."""
    window._idle_locked()
    assert "without use" in window.status_message.text()
    window.open_vault(window.vaults.open("Sam", None))
    assert window.status_message.text() == ""


def test_after_the_recovery_key_a_new_passphrase_is_offered(
    qtbot, vaults: Vaults, path_library, monkeypatch: pytest.MonkeyPatch
):
    """Unlocking with the recovery key offers a new passphrase at once (with that key)."""
    from trustrepair.ui.dialogs.passphrase_dialog import ChangePassphraseDialog

    opened = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC), "kim words")
    key = opened.recovery_key
    opened.close()
    offered = []
    monkeypatch.setattr(
        ChangePassphraseDialog,
        "ask",
        classmethod(lambda cls, parent, v, name, has, **kw: offered.append((name, kw)) or None),
    )
    win = MainWindow(vaults, path_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(win)
    win.show()
    unlock = win.screens.get("unlock")
    unlock.toggle_recovery()
    unlock.secret.setText(key)
    unlock.unlock()
    qtbot.waitUntil(lambda: bool(offered), timeout=20_000)
    assert offered == [("Kim", {"recovery_key": key})]
    win.lock()


def test_the_safety_check_can_be_taken_again_from_help(qtbot, window: MainWindow):
    """Help and safety offers the private check to a person; it opens blank, at its start."""
    store = window.vault.store
    store.save_answer("check", "afraid", "often")
    store.mark_completed("check")
    window.show_help()
    assert window.help_dialog.check_button is not None
    window.help_dialog.check_button.click()
    assert window.screens.is_current("player")
    player = window.screens.get("player")
    assert player.exercise.safety_check and player.walk.position.at_intro
    player.next_button.click()
    assert player.step_widget.value() is None
