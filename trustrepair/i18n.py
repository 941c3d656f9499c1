"""The one translation function every user-visible string passes through.

Today it returns the text unchanged; a later translation plugs a catalogue in here
(gettext or Qt's translator) without touching the call sites.
"""

from __future__ import annotations

from collections.abc import Callable

_translate: Callable[[str], str] = lambda text: text  # noqa: E731


def tr(text: str) -> str:
    """Return ``text`` in the user's language."""
    return _translate(text)


def install(translate: Callable[[str], str]) -> None:
    """Install a translation function (used by the app bootstrap and tests)."""
    global _translate
    _translate = translate
