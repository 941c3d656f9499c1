"""The clipboard: what this program puts there is taken back when the profile locks.

A recovery key copied with its Copy button, or a sentence copied (or, on X11, merely selected)
in an answer field, would otherwise stay readable by every other program after locking or
quick-hide. :class:`ClipboardGuard` notes each change the program itself makes (the platform
says whether it owns the clipboard), keeping only a keyed digest of the text, never the text;
:func:`clear_ours` then clears each clipboard (the clipboard, X11's selection, macOS's find
buffer) whose text is still what the program put there. Anything another program copied
since is left alone. A clipboard manager that takes over the same text is still recognised,
though what it keeps in its own history is beyond reach.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QClipboard, QGuiApplication
from shiboken6 import Shiboken

Mode = QClipboard.Mode

IN_PROCESS_PLATFORMS = ("offscreen", "minimal")
"""Platforms whose clipboard lives inside this process: every change on them is ours."""


def platform_owns(clipboard: QClipboard, mode: QClipboard.Mode) -> bool:
    """Whether this program put the current content of ``mode`` there (as the platform says)."""
    if QGuiApplication.platformName() in IN_PROCESS_PLATFORMS:
        return True
    if mode == Mode.Selection:
        return clipboard.ownsSelection()
    if mode == Mode.FindBuffer:
        return clipboard.ownsFindBuffer()
    return clipboard.ownsClipboard()


class ClipboardGuard(QObject):
    """Remembers what this program placed on each clipboard, to clear it if it is still there.

    Args:
        clipboard: the application's clipboard.
        owns: whether the program owns a clipboard's current content (tests stand in for
            another program with it); by default what the platform reports.
    """

    def __init__(
        self,
        clipboard: QClipboard,
        owns: Callable[[QClipboard, QClipboard.Mode], bool] = platform_owns,
    ) -> None:
        super().__init__(clipboard)
        self._clipboard = clipboard
        self._owns = owns
        self._key = os.urandom(16)  # digests mean nothing outside this session
        self._ours: dict[QClipboard.Mode, bytes] = {}
        clipboard.changed.connect(self._changed)

    def modes(self) -> list[QClipboard.Mode]:
        """The clipboards this platform has."""
        clipboard = self._clipboard
        return [
            mode
            for mode, present in (
                (Mode.Clipboard, True),
                (Mode.Selection, clipboard.supportsSelection()),
                (Mode.FindBuffer, clipboard.supportsFindBuffer()),
            )
            if present
        ]

    def copy_text(self, text: str) -> None:
        """Put ``text`` on the clipboard as the program's own."""
        self._clipboard.setText(text, Mode.Clipboard)
        self._remember(Mode.Clipboard, text)

    def clear_ours(self) -> int:
        """Clear every clipboard that still holds what the program put there.

        Returns:
            How many were cleared.
        """
        cleared = 0
        for mode in self.modes():
            ours = self._ours.pop(mode, None)
            if self._owns(self._clipboard, mode):
                pass  # still the program's own, whatever it holds
            elif ours is None or self._digest(self._clipboard.text(mode)) != ours:
                continue  # another program's (its text is read only if a manager may hold ours)
            self._clipboard.clear(mode)
            cleared += 1
        return cleared

    def _changed(self, mode: QClipboard.Mode) -> None:
        if self._owns(self._clipboard, mode):
            self._remember(mode, self._clipboard.text(mode))

    def _remember(self, mode: QClipboard.Mode, text: str) -> None:
        if text:
            self._ours[mode] = self._digest(text)
        else:
            self._ours.pop(mode, None)

    def _digest(self, text: str) -> bytes:
        import hashlib  # not before the first screen: it loads OpenSSL

        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), key=self._key).digest()


_guard: ClipboardGuard | None = None


def watch() -> ClipboardGuard:
    """The application's guard, watching the clipboard from now on (made on first use)."""
    global _guard
    if _guard is None or not Shiboken.isValid(_guard):  # (a new application, in tests)
        _guard = ClipboardGuard(QGuiApplication.clipboard())
    return _guard


def copy_text(text: str) -> None:
    """Put ``text`` on the clipboard; locking takes it back if it is still there."""
    watch().copy_text(text)


def clear_ours() -> int:
    """Clear what the program put on the clipboard, if nothing else replaced it since."""
    return watch().clear_ours()
