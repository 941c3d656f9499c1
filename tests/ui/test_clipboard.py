"""Locking takes back what the program put on the clipboard, and never another program's."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QPlainTextEdit
from shiboken6 import Shiboken

from trustrepair import paths
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.vaults import Vaults
from trustrepair.ui import clipboard
from trustrepair.ui.clipboard import ClipboardGuard
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.widgets.recovery_key import RecoveryKeyPanel
from trustrepair.ui.widgets.steps import TextWidget

ANSWER = "What I never told anyone: it was me who left first."


class Platform:
    """Stands in for the platform's answer to "does this program own the clipboard?".

    The offscreen clipboard lives inside this process, so "another program" is simulated:
    :meth:`ours` and :meth:`theirs` say who makes the next change.
    """

    def __init__(self) -> None:
        self.owner = "nobody"

    def owns(self, board: QClipboard, mode: QClipboard.Mode) -> bool:
        return self.owner == "us"

    def ours(self, action: Callable[[], None]) -> None:
        self.owner = "us"
        action()

    def theirs(self, text: str) -> None:
        self.owner = "them"
        QGuiApplication.clipboard().setText(text)


@pytest.fixture
def platform(qapp: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[Platform]:
    """The application's guard, made anew over a simulated platform, on an empty clipboard."""
    board = QGuiApplication.clipboard()
    board.clear()
    fake = Platform()
    guard = ClipboardGuard(board, fake.owns)
    monkeypatch.setattr(clipboard, "_guard", guard)
    yield fake
    Shiboken.delete(guard)
    board.clear()


def test_a_copied_recovery_key_is_taken_back(platform: Platform, qtbot) -> None:
    """The recovery key panel's Copy puts the key on the clipboard; locking clears it."""
    panel = RecoveryKeyPanel()
    qtbot.addWidget(panel)
    panel.show_key("Sam", "ABCD-EFGH-IJKL-MNOP")
    platform.ours(panel.copy)
    assert QGuiApplication.clipboard().text() == "ABCD-EFGH-IJKL-MNOP"
    assert clipboard.clear_ours() == 1
    assert QGuiApplication.clipboard().text() == ""


def test_text_copied_out_of_an_answer_field_is_taken_back(platform: Platform, qtbot) -> None:
    """Ctrl+C in a text field is Qt's own copy; the guard sees it and clears it on lock."""
    field = QPlainTextEdit(ANSWER)
    qtbot.addWidget(field)
    field.selectAll()
    platform.ours(field.copy)
    assert QGuiApplication.clipboard().text() == ANSWER
    clipboard.clear_ours()
    assert QGuiApplication.clipboard().text() == ""


def test_what_another_program_copied_since_is_left_alone(platform: Platform) -> None:
    """Our copy, then another program's: locking leaves the other program's text."""
    platform.ours(lambda: clipboard.copy_text(ANSWER))
    platform.theirs("milk, eggs, bread")
    assert clipboard.clear_ours() == 0
    assert QGuiApplication.clipboard().text() == "milk, eggs, bread"


def test_what_another_program_copied_before_is_left_alone(platform: Platform) -> None:
    """Nothing of ours was ever there: locking touches nothing."""
    platform.theirs("a link from the browser")
    clipboard.clear_ours()
    assert QGuiApplication.clipboard().text() == "a link from the browser"


def test_our_text_kept_by_a_clipboard_manager_is_still_taken_back(platform: Platform) -> None:
    """A clipboard manager owning the same text we copied: it is ours, and cleared."""
    platform.ours(lambda: clipboard.copy_text(ANSWER))
    platform.theirs(ANSWER)
    assert clipboard.clear_ours() == 1
    assert QGuiApplication.clipboard().text() == ""


def test_the_guard_keeps_no_copy_of_the_text(platform: Platform) -> None:
    """Only a keyed digest of what was copied is kept, never the words themselves."""
    platform.ours(lambda: clipboard.copy_text(ANSWER))
    kept = vars(clipboard.watch())["_ours"]
    assert kept and all(ANSWER.encode() not in digest for digest in kept.values())
    assert all(len(digest) == 64 for digest in kept.values())


@pytest.fixture
def window(qtbot, vaults: Vaults, library: Library) -> MainWindow:
    """The window on a profile's home screen (the shipped library)."""
    vault = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    win = MainWindow(vaults, lambda: library, AppSettings(paths.settings_file()))
    qtbot.addWidget(win)
    win.show()
    win.open_vault(vault)
    return win


def copy_from_an_answer(window: MainWindow, platform: Platform) -> None:
    window.open_exercise("naming-what-happened")
    player = window.screens.get("player")
    while not isinstance(player.step_widget, TextWidget):
        player.go_next()
    editor = player.step_widget.editor
    editor.setPlainText(ANSWER)
    editor.selectAll()
    platform.ours(editor.copy)
    assert QGuiApplication.clipboard().text() == ANSWER


@pytest.mark.parametrize("action", ["lock", "hide"])
def test_locking_and_quick_hide_clear_what_an_answer_put_there(
    window: MainWindow, platform: Platform, action: str
) -> None:
    """Lock now and quick-hide take an answer's text off the clipboard."""
    copy_from_an_answer(window, platform)
    window.menu_actions[action].trigger()
    assert window.vault is None
    assert QGuiApplication.clipboard().text() == ""


def test_locking_leaves_another_programs_text(window: MainWindow, platform: Platform) -> None:
    """Copied from an answer, then in another program: locking leaves the other text."""
    copy_from_an_answer(window, platform)
    platform.theirs("the address of the café")
    window.menu_actions["lock"].trigger()
    assert QGuiApplication.clipboard().text() == "the address of the café"
