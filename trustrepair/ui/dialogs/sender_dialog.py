"""The first file from someone: compare their fingerprint before it is opened.

Assignment and share files are signed (:mod:`trustrepair.services.signing`). The first one
from a sender shows the sender's fingerprint, to compare with them by phone or in person;
only when the person says it matches is the file opened and the sender's key kept, so that
every later file under that name must carry the same key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from trustrepair.i18n import N_, tr, translated
from trustrepair.services.signing import UnknownSender
from trustrepair.ui.plain import ask_go_ahead

T = TypeVar("T")

WHERE_THEIRS_IS = N_(
    "Compare it with {name} by phone or in person, not in a message sent the same way as the "
    "file: they find theirs under Settings → About you. If it is not the same, the file may "
    "not be from them, so do not open it."
)


class SenderConfirm:
    """Asks whether the fingerprint of a first file's sender matches what they read out."""

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, fingerprint: str) -> bool:
        """True when the person compared the fingerprint and it matches."""
        return ask_go_ahead(
            parent,
            QMessageBox.Icon.Question,
            tr("A first file from {name}").format(name=name),
            tr(
                "{name} has not sent you a file before. The fingerprint of this one is:"
                "\n\n{fingerprint}"
            ).format(name=name, fingerprint=fingerprint),
            translated(WHERE_THEIRS_IS).format(name=name),
            go=tr("They &match — open it"),
            stay=tr("&Do not open it"),
        )


def accepting_first_sender(parent: QWidget | None, attempt: Callable[[str | None], T]) -> T | None:
    """``attempt(None)``; for a first file from a sender, ask first, then
    ``attempt(fingerprint)``. None when the person did not accept the sender (nothing was
    changed)."""
    try:
        return attempt(None)
    except UnknownSender as first:
        if not SenderConfirm.ask(parent, first.name, first.fingerprint):
            return None
        return attempt(first.fingerprint)
