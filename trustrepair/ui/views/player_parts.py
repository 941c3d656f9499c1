"""Parts of the exercise player: the counsellor's note, and what the safety check opened."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from trustrepair.i18n import tr, translated
from trustrepair.services.safety import JOINT_EXPLANATIONS, JointAccess
from trustrepair.ui.widgets.text import reading_label


def note_card(counsellor: str, note: str) -> QFrame:
    """The counsellor's note for this exercise, as they wrote it (plain text)."""
    card = QFrame()
    card.setObjectName("counsellorNote")
    card.setProperty("role", "card")
    card_layout = QVBoxLayout(card)
    card_layout.addWidget(
        reading_label(tr("A note from {name}").format(name=counsellor), role="subtitle")
    )
    card_layout.addWidget(reading_label(note))
    return card


def note_toggle(counsellor: str, note: str) -> tuple[QWidget, QPushButton]:
    """On a step: the counsellor's note, one click (or Alt+C) away; and its button."""
    box = QWidget()
    box_layout = QVBoxLayout(box)
    box_layout.setContentsMargins(0, 8, 0, 0)
    button = QPushButton(tr("Your &counsellor's note"))
    button.setProperty("role", "flat")
    button.setCheckable(True)
    button.setAccessibleDescription(tr("Shows or hides the note your counsellor wrote."))
    card = note_card(counsellor, note)
    card.hide()
    button.toggled.connect(card.setVisible)
    box_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    box_layout.addWidget(card)
    return box, button


def safety_outcome(access: JointAccess, closed: bool, show_help: Callable[[], None]) -> QWidget:
    """After the safety check: what is open now (``closed``: work for two was closed before),
    or, with a concern, why work for two stays closed and where to turn."""
    if access is JointAccess.ALLOWED:
        text = tr(
            "Thank you. Exercises for two people are now open to you. You can still choose "
            "to work alone, and you can take this check again at any time."
        )
        if closed:
            text = tr(
                "Thank you. You closed exercises for two earlier: they stay closed until "
                "you open them again from your home screen. You can take this check again "
                "at any time."
            )
        return reading_label(text, role="note")
    box = QFrame()
    box.setProperty("role", "concern")
    box_layout = QVBoxLayout(box)
    box_layout.addWidget(reading_label(translated(JOINT_EXPLANATIONS[access])))
    help_button = QPushButton(tr("Open help and &safety"))  # Alt+H is the Help menu
    help_button.setAccessibleDescription(tr("Places to turn to, and how this program works (F1)"))
    help_button.clicked.connect(lambda: show_help())
    box_layout.addWidget(help_button, 0, Qt.AlignmentFlag.AlignLeft)
    return box
