"""The message boxes: how the window shows a :mod:`~trustrepair.services.notifier` message.

Each behind a ``@classmethod ask(...)`` tests replace (``tests/ui/conftest.py`` records them).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from trustrepair import __version__
from trustrepair.i18n import N_, tr, translated
from trustrepair.services.notifier import Level, Message
from trustrepair.ui.plain import message_box


class MessageBox:
    """A modal box for an ``info`` or ``warning`` message."""

    @classmethod
    def ask(cls, parent: QWidget | None, message: Message) -> None:
        """Show ``message`` until the person closes it."""
        title = message.title or tr("trustrepair")
        icon = (
            QMessageBox.Icon.Warning
            if message.level is Level.WARNING
            else QMessageBox.Icon.Information
        )
        message_box(parent, icon, title, message.text).exec()


class AboutBox:
    """Help → About trustrepair."""

    TEXT = N_(
        "trustrepair {version}\n\nStructured exercises for rebuilding trust after it was "
        "broken. Private: everything stays on this computer. This is not therapy."
    )

    @classmethod
    def ask(cls, parent: QWidget | None) -> None:
        """A short note about the program."""
        text = translated(cls.TEXT).format(version=__version__)
        message_box(parent, QMessageBox.Icon.Information, tr("About trustrepair"), text).exec()
