"""Qt calls for the first screen that do not make PySide build its ``Qt`` namespace.

Start-up: the first time any ``Qt.*`` enum is touched, PySide builds the whole ``Qt``
namespace as Python enums (94 enums, ≈ 1,200 members: 18–29 ms on the benchmark machine, about
a tenth of the whole start-up). Passing a ``Qt.*`` value does it, and so does a call whose
overloads include one (``QAction.setShortcut`` accepts a ``Qt.Key``, so even a key sequence
argument builds it while PySide chooses the overload). The first screen needs only a handful
of those values, so it sets them through Qt's meta-object, by name, as Qt Designer's ``.ui``
files do:

- :func:`set_by_name`: ``set_by_name(label, "textFormat", "PlainText")`` is
  ``label.setTextFormat(Qt.PlainText)``; flags combine with ``|``;
- :func:`set_shortcut`: ``set_shortcut(action, "Ctrl+L")`` is
  ``action.setShortcut(QKeySequence("Ctrl+L"))`` without building ``QKeySequence`` either
  (its 71 standard keys cost ≈ 1.5 ms more);
- :func:`add_action`: ``menu.addAction(text, slot)``, whose overloads name ``QKeySequence``.

Code that runs after the first screen uses ``Qt.*`` as usual;
``tests/test_startup_imports.py`` checks that the unlock screen never builds the namespace.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu


def set_by_name(target: QObject, prop: str, key: str) -> None:
    """Set the enum or flags property ``prop`` of ``target`` to the value named ``key``.

    Raises:
        ValueError: ``prop`` is not an enum property of ``target``'s class, or ``key`` is not
            one of its values (a typo must fail loudly, not leave a silent dynamic property).
    """
    meta = target.metaObject()
    index = meta.indexOfProperty(prop)
    if index < 0:
        raise ValueError(f"{meta.className()} has no property {prop!r}")
    if not meta.property(index).isEnumType() or not target.setProperty(prop, key):
        raise ValueError(f"{key!r} is not a value of {meta.className()}.{prop}")


def set_shortcut(action: QObject, keys: str) -> None:
    """Give a ``QAction`` the shortcut written ``keys`` in portable text (``"Ctrl+Shift+H"``).

    Raises:
        ValueError: ``action`` has no ``shortcut`` property.
    """
    if action.metaObject().indexOfProperty("shortcut") < 0 or not action.setProperty(
        "shortcut", keys
    ):
        raise ValueError(f"{action.metaObject().className()} takes no shortcut")


def add_action(menu: QMenu, text: str, slot: Callable[[], object]) -> QAction:
    """A new action in ``menu`` that calls ``slot()`` (with no arguments) when triggered."""
    action = QAction(text, menu)
    action.triggered.connect(lambda: slot())  # not slot itself: it would get ``checked``
    menu.addAction(action)
    return action
