"""The neutral page quick-hide shows, and how the window hides behind it and comes back.

Nothing on the page says what the program is, or is for.

It looks like an empty, untitled note: a blank page to type on (kept nowhere, emptied when
the person leaves) and one plain "Open…" that goes back to the profile list, where a
passphrase is needed again. The window's title says "Untitled", and its icon is a blank page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair import resources
from trustrepair.i18n import N_, tr, translated
from trustrepair.ui.lean import set_by_name

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

NEUTRAL_TITLE = N_("Untitled")
"""The window's title while hidden (the program's name is taken off the title bar too)."""


class HiddenScreen(QWidget):
    """A plain, neutral page that covers everything after quick-hide."""

    def __init__(self, on_continue: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hidden")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        row = QHBoxLayout()
        self.button = QPushButton(tr("Open…"), self)
        self.button.setProperty("role", "flat")
        self.button.setAccessibleName(tr("Open"))
        self.button.setAccessibleDescription(tr("Open a file"))
        self.button.clicked.connect(self._continue)
        self.button.setAutoDefault(True)  # Enter continues, as Space does
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        self.page = QPlainTextEdit(self)
        self.page.setAccessibleName(tr("Untitled"))
        self.page.setAccessibleDescription(tr("An empty page"))
        # By name: quick-hide may come on the first screen, and the cover must be painted
        # within a frame, before PySide builds its Qt namespace (see trustrepair.ui.lean).
        set_by_name(self.page, "frameShape", "NoFrame")
        layout.addWidget(self.page, 1)
        self.on_continue = on_continue

    def _continue(self) -> None:
        self.page.clear()  # nothing typed here is kept anywhere
        self.on_continue()

    # ------------------------------------------------------------------ the Screen protocol
    def refresh(self, *_: Any) -> None:
        """An empty page again."""
        self.page.clear()

    def focus_content(self) -> None:
        """The Open button (Enter goes back to the profile list)."""
        self.button.setFocus()

    def flush(self) -> None:
        """Nothing to write."""

    def close_screen(self) -> None:
        """Nothing to let go of."""
        self.page.clear()


def build(window: MainWindow) -> HiddenScreen:
    """The neutral page; Open goes back to the profile list."""
    return HiddenScreen(window.leave_hidden)


def hide_window(window: MainWindow) -> None:
    """Cover everything at once with the neutral page, then save and lock.

    Every other window of ours (help, a preview, a message) is hidden first, and the
    neutral page is painted before anything waits (background work stopping, answers
    being written): whoever looks sees a plain, untitled page within one frame. Nothing
    on it, in the title bar or in the task bar names the program or what it is for.
    """
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible():
            widget.hide()
    name_taken = window.hidden and QApplication.applicationDisplayName() == ""
    window.screens.cover("hidden")
    window.banner.hide()
    window.menuBar().hide()
    window.statusBar().hide()
    if window.recovery_notice is not None:
        window.recovery_notice.hide()
    # Qt adds " — <display name>" to every title, and a screen reader's list of programs
    # reads the application's name: neither while hidden.
    if not name_taken:  # hidden twice: the names were kept the first time
        window.display_name = QApplication.applicationDisplayName()
        window.app_name = QApplication.applicationName()
    QApplication.setApplicationDisplayName("")
    QApplication.setApplicationName(translated(NEUTRAL_TITLE))
    window.setWindowTitle(translated(NEUTRAL_TITLE))
    window.setWindowIcon(QIcon(str(resources.path_of("icons", "blank.svg"))))
    window.repaint()  # paint the cover now, before the lock waits for anything
    window.lock(go_to_unlock=False)
    window.screens.focus("hidden")


def unhide_window(window: MainWindow) -> None:
    """Back from the neutral page: the program's name, icon, menus and the profile list (the
    new-profile flow while there is no profile yet)."""
    QApplication.setApplicationDisplayName(window.display_name)
    QApplication.setApplicationName(window.app_name)
    window.setWindowIcon(QIcon())  # the program's own again
    window.menuBar().show()
    window.statusBar().show()
    window.banner.show_if_needed()
    window.setWindowTitle(window.program_title)
    if window.profiles.list():
        window.show_unlock()
    else:
        window.show_onboarding()
