"""The one way text from a file or another person reaches the screen: as plain text.

Exercise titles, prompts, option and scale labels, help texts, assignment notes, what a client
or a partner wrote, profile and counsellor names, settings and the details of an error may all
come from a file someone else made. Qt would render much of it as rich text on its own: a
``QLabel``'s default ``AutoText`` (and a message box's text) shows anything that looks like HTML
as HTML, images included, and so does a tooltip; ``&`` on a button or a label with a buddy
makes a keyboard shortcut. A title of ``<img src="/dev/zero">`` once froze the window while it
read that file. So such text goes through this module only:

- :class:`PlainLabel` (every label of the window is one) and :func:`make_plain`: a label that
  shows its text literally and opens no link;
- :func:`tooltip`: tooltip text that Qt shows literally;
- :func:`mnemonic_safe`: for button, check box and radio button captions, so ``&`` shows as
  ``&`` and makes no shortcut (a hostile option label ``&Next`` would take Alt+N);
  :func:`attach_buddy` for a label of such text with a buddy; :func:`without_mnemonic` for the
  accessible name of a caption;
- :func:`html_text`: for the program's own HTML pages, the text escaped;
- :class:`PlainPage`: a read-only page for the program's own HTML that loads no resource
  (no image, no style sheet) and follows no link;
- :func:`message_box` (every message box of the window is one): a message box whose texts
  are plain.

Rich text is kept for the program's own strings only. The first screen uses this module too,
so it imports nothing heavy and builds no ``Qt.*`` enum at import time (see
:mod:`trustrepair.ui.lean`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox, QTextBrowser, QWidget

from trustrepair.i18n import tr
from trustrepair.ui.lean import set_by_name

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

TOOLTIP_CHARS = 1_000
"""The longest tooltip shown; longer text is cut with an ellipsis (the full text is elsewhere)."""

_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def html_text(text: str) -> str:
    """``text`` escaped for the program's own HTML, its line breaks kept as ``<br>``.

    (Written out rather than ``html.escape``: ``html`` imports its entity table, and the first
    screen does not need it.)
    """
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def tooltip(text: str) -> str:
    """Tooltip text that shows ``text`` literally (Qt renders a tooltip that looks like HTML).

    The result is the program's own paragraph around the escaped text, so it also wraps.
    """
    if not text:
        return ""
    if len(text) > TOOLTIP_CHARS:
        text = text[: TOOLTIP_CHARS - 1] + "…"
    return f"<p>{html_text(text)}</p>"


def mnemonic_safe(text: str) -> str:
    """``text`` for a caption that reads ``&`` as a shortcut marker: every ``&`` doubled."""
    return text.replace("&", "&&")


def without_mnemonic(caption: str) -> str:
    """A caption as read aloud: its shortcut marker gone, a doubled ``&`` one ``&`` again."""
    return "&".join(part.replace("&", "") for part in caption.split("&&"))


def make_plain(label: QLabel) -> QLabel:
    """Make ``label`` show its text literally and follow no link; returns it."""
    set_by_name(label, "textFormat", "PlainText")  # by name: no Qt.* enum on the first screen
    label.setOpenExternalLinks(False)
    return label


class PlainLabel(QLabel):
    """A ``QLabel`` that shows its text as plain text (never ``AutoText``).

    Made like a ``QLabel``: ``PlainLabel(text, parent)`` or ``PlainLabel(parent)``.
    """

    def __init__(self, text: str | QWidget | None = None, parent: QWidget | None = None) -> None:
        if isinstance(text, QWidget):
            text, parent = None, text
        super().__init__(parent)
        make_plain(self)
        if text:
            self.setText(text)


def attach_buddy(label: QLabel, buddy: QWidget) -> None:
    """Give a label whose text came from a file a buddy, keeping any ``&`` in it literal.

    (A label with a buddy reads ``&`` as its shortcut marker, even in plain text.)
    """
    label.setText(mnemonic_safe(label.text()))
    label.setBuddy(buddy)


class NoResourceDocument(QTextDocument):
    """A text document that loads no resource: no image, no style sheet, no file.

    Qt's own document reads any local file an ``<img src>`` names (``/dev/zero`` never ends),
    even when its view declines to load it. Pages and printed summaries are laid out in this
    one instead.
    """

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Nothing, for every resource."""
        return None


class PlainPage(QTextBrowser):
    """A read-only page of the program's own HTML (with :func:`html_text` inside).

    It loads no resource (see :class:`NoResourceDocument`) and follows no link.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(NoResourceDocument(self))
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)


def make_box_plain(box: QMessageBox) -> QMessageBox:
    """Make every text of a message box (text and informative text) plain; returns it."""
    set_by_name(box, "textFormat", "PlainText")
    for label in box.findChildren(QLabel):
        make_plain(label)
    return box


class PlainMessageBox(QMessageBox):
    """Every message box of ours: made by :func:`message_box` (tests replace its ``exec``)."""


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
) -> QMessageBox:
    """A message box showing ``text`` (and ``informative``) literally; call ``exec()`` on it."""
    box = PlainMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    return make_box_plain(box)


def go_ahead_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str,
    *,
    go: str,
    stay: str,
) -> tuple[QMessageBox, QAbstractButton]:
    """A message box that asks before a step, and its ``go`` button. ``stay`` (the safe
    choice) is the default button and what Escape and closing mean."""
    box = message_box(parent, icon, title, text, informative)
    go_button = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    go_button.setAccessibleDescription(text)
    stay_button = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
    stay_button.setAccessibleDescription(tr("Nothing is changed."))
    box.setDefaultButton(stay_button)
    return box, go_button


def ask_go_ahead(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str,
    *,
    go: str,
    stay: str,
) -> bool:
    """Ask before a step (:func:`go_ahead_box`): True only when the person chose ``go``."""
    box, go_button = go_ahead_box(parent, icon, title, text, informative, go=go, stay=stay)
    box.exec()
    return box.clickedButton() is go_button
