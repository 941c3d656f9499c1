"""A calm notice above the home screen, with one thing to do about it and "Not now"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from trustrepair.i18n import N_, tr
from trustrepair.ui.plain import PlainLabel

NEW_RECOVERY_KEY_NOTICE = N_(
    "A new recovery key was made, but you did not confirm keeping it, and your previous "
    "recovery key no longer works. Make a new one now?"
)


class NoticeBar(QFrame):
    """A line of text with an action button; "Not now" hides it for the rest of the session.

    Styled like the skipped-files banner (``QFrame#banner`` in the stylesheets).
    """

    acted = Signal()
    """The person pressed the action button."""

    def __init__(self, text: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.dismissed = False
        self.wanted = False
        """Whether there is something to say now (it still shows only where the window puts it)."""
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        self.label = PlainLabel(text, self)
        self.label.setWordWrap(True)
        self.action_button = QPushButton(action, self)
        self.action_button.setAccessibleName(action.replace("&", ""))
        self.action_button.setAccessibleDescription(text)
        self.action_button.setAutoDefault(True)
        self.dismiss_button = QPushButton(tr("N&ot now"), self)
        self.dismiss_button.setAccessibleName(tr("Not now"))
        self.dismiss_button.setAccessibleDescription(tr("Hides this message for now."))
        self.dismiss_button.setAutoDefault(True)
        row.addWidget(self.label, 1)
        row.addWidget(self.action_button)
        row.addWidget(self.dismiss_button)
        self.action_button.clicked.connect(self.acted)
        self.dismiss_button.clicked.connect(self.dismiss)

    def dismiss(self) -> None:
        """Hide until :meth:`reset` (the next unlock)."""
        self.dismissed = True
        self.hide()

    def reset(self) -> None:
        """Forget "Not now" (a new session)."""
        self.dismissed = False
