"""The one message bridge from core code to the person (qutebrowser's ``message`` idea).

Services call :func:`info`, :func:`warning` or :func:`error`; the main window subscribes once
and shows them; tests subscribe and record. Messages never contain answer text.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple


class Level(StrEnum):
    """How prominent a message is."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class Message(NamedTuple):
    """One message for the person.

    A named tuple rather than a dataclass: this module is imported before the first screen,
    and a frozen dataclass costs about 1 ms to define (see docs/performance.md).
    """

    level: Level
    text: str


Listener = Callable[[Message], None]
_listeners: list[Listener] = []


def subscribe(listener: Listener) -> Callable[[], None]:
    """Receive every message; returns a function that unsubscribes."""
    _listeners.append(listener)

    def unsubscribe() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return unsubscribe


def _send(level: Level, text: str) -> None:
    message = Message(level, text)
    for listener in list(_listeners):
        listener(message)


def info(text: str) -> None:
    """A calm note (saved, exported ...)."""
    _send(Level.INFO, text)


def warning(text: str) -> None:
    """Something the person should know."""
    _send(Level.WARNING, text)


def error(text: str) -> None:
    """Something failed; the text says what to do."""
    _send(Level.ERROR, text)
