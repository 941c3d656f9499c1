"""Help → Help and safety (F1, from every screen) and Help → About trustrepair.

Light on purpose: F1 works on the first screen, and the help dialog is imported only when asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow


def show_help(window: MainWindow) -> None:
    """Help and safety, from any screen (one dialog, raised if it is already open)."""
    if window.hidden:
        return
    if window.help_dialog is None:
        from trustrepair.services.helplines import HelplineGuide
        from trustrepair.ui.dialogs.help_dialog import HelpDialog

        support = window.services().support_lines() if window.vault is not None else None
        offer_check = window.vault is not None and not window.is_counsellor()
        dialog = HelpDialog(
            support, HelplineGuide(window.settings), window, offer_check=offer_check
        )
        dialog.finished.connect(lambda _result: forget_help(window, dialog))
        dialog.safety_check_requested.connect(window.open_safety_check)
        window.help_dialog = dialog
    window.help_dialog.show()
    window.help_dialog.raise_()
    window.help_dialog.activateWindow()


def forget_help(window: MainWindow, dialog: object) -> None:
    """The help dialog closed: let it go (it is made afresh, for the profile then open)."""
    if window.help_dialog is dialog and window.help_dialog is not None:
        window.help_dialog.deleteLater()
        window.help_dialog = None


def close_help(window: MainWindow) -> None:
    """Close the help dialog now (lock, quick-hide): it may show the profile's support lines."""
    if window.help_dialog is not None:
        dialog, window.help_dialog = window.help_dialog, None
        dialog.close()
        dialog.deleteLater()


def show_about(window: MainWindow) -> None:
    """A short note about the program."""
    from trustrepair.ui.dialogs.messages import AboutBox

    AboutBox.ask(window)
