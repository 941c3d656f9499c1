"""The one message bridge from the program to the person.

Code that has something to tell the person calls :func:`status`, :func:`info` or
:func:`warning`; the main window subscribes once and shows each message (a quiet line in the
status bar, or a message box to read and close); tests subscribe and record. Nothing else
shows a message: no module but the window's listener opens a message box. Messages never
contain answer text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How a message is shown."""

    STATUS = "status"
    """A quiet line in the status bar (saved, backed up, locked)."""
    INFO = "info"
    """Something to read and close (exported to…, imported…)."""
    WARNING = "warning"
    """It did not work; the text says why and what to do."""


@dataclass(frozen=True)
class Message:
    """One message for the person."""

    level: Level
    text: str
    title: str = ""
    """The message box's title (what the person was doing); empty for status lines."""


Listener = Callable[[Message], None]
_listeners: list[Listener] = []


def subscribe(listener: Listener) -> Callable[[], None]:
    """Receive every message; returns a function that unsubscribes."""
    _listeners.append(listener)

    def unsubscribe() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return unsubscribe


def _send(level: Level, text: str, title: str) -> None:
    message = Message(level, text, title)
    for listener in list(_listeners):
        listener(message)


def status(text: str) -> None:
    """A quiet line: something went as expected."""
    _send(Level.STATUS, text, "")


def info(text: str, title: str) -> None:
    """Something to read: the outcome of what the person did (``title``)."""
    _send(Level.INFO, text, title)


def warning(text: str, title: str) -> None:
    """What the person did (``title``) did not work; ``text`` says why and what to do."""
    _send(Level.WARNING, text, title)
