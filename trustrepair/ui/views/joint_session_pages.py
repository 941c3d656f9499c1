"""The texts and parts of a session for two: whose turn it is, the page where each person
chooses what to reveal, and the thanks at the end."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QPushButton, QVBoxLayout

from trustrepair.domain.exercise import Text
from trustrepair.i18n import N_, tr
from trustrepair.services.joint import JointSession, Phase, answer_text
from trustrepair.ui.plain import mnemonic_safe
from trustrepair.ui.widgets.text import reading_label

HOW_PARALLEL = N_(
    "First {first} answers alone while {second} looks away; then {second} does the same. "
    "Each of you then chooses what to reveal: everything is ticked, and you can untick anything "
    "you'd rather keep to yourself. Then you look at the answers together, side by side"
    "{after}."
)
HOW_PARALLEL_AFTER = N_(", and write down together what you agree")
HOW_TOGETHER = N_(
    "You sit together at this screen and take turns. Each step says whose turn it is. "
    "What one of you writes, both of you see."
)
HOW_EACH = N_(
    "Where each of you answers for yourself, {first} goes first; then {second} sees that "
    "answer while writing their own."
)
STOP_NOTE = N_("Either of you can stop at any time with “Stop for now”. Nothing is lost.")
NOT_THERAPY = N_("This is a structured exercise, not therapy.")


def reveal_choices(
    layout: QVBoxLayout,
    session: JointSession,
    text_of: Callable[[Text | None], str],
    on_reveal: Callable[[str, bool], None],
) -> dict[str, QCheckBox]:
    """The current person's choice of what to reveal: one ticked box per answered step, with
    the answer under it. Returns the boxes by step."""
    s = session
    name, other = s.current_person.name, s.other_person.name
    boxes: dict[str, QCheckBox] = {}
    layout.addWidget(
        reading_label(tr("{name}, choose what to reveal").format(name=name), role="title")
    )
    layout.addWidget(
        reading_label(
            tr(
                "Everything is ticked to reveal to {other}. Untick anything you'd rather "
                "keep to yourself: it stays in your own profile, and {other} will only see "
                "that you kept something private. Revealing is for {other} alone: it never "
                "shares an answer with a counsellor or in summaries."
            ).format(other=other)
        )
    )
    steps = s.answered_steps()
    if not steps:
        layout.addWidget(reading_label(tr("You left every question unanswered."), role="muted"))
    for step in steps:
        prompt = text_of(getattr(step, "prompt", None)) or text_of(step.title)
        box = QCheckBox(mnemonic_safe(prompt))
        box.setChecked(s.will_reveal(step.id))
        box.setAccessibleName(tr("Reveal your answer to: {prompt}").format(prompt=prompt))
        box.setAccessibleDescription(
            tr("Ticked, {other} sees this answer; unticked, it stays private.").format(other=other)
        )
        box.toggled.connect(lambda checked, i=step.id: on_reveal(i, checked))
        preview = reading_label(
            answer_text(s.exercise, step, s.value(step.id), s.relationship), role="muted"
        )
        preview.setContentsMargins(28, 0, 0, 6)
        boxes[step.id] = box
        layout.addWidget(box)
        layout.addWidget(preview)
    return boxes


def finish_thanks(layout: QVBoxLayout, partner: str, again: Callable[[], None]) -> QPushButton:
    """The end of an exercise for two: thanks, what each keeps, and "Go through it again"."""
    layout.addWidget(
        reading_label(
            tr(
                "Thank you both for the time and care. Each of you keeps your own answers, "
                "and what you revealed, in your own profile. You can come back to this "
                "exercise whenever you like. When you leave, {partner}'s profile is locked "
                "again."
            ).format(partner=partner),
            role="muted",
        )
    )
    button = QPushButton(tr("Go through it &again"))
    button.setAccessibleName(tr("Go through this exercise again"))
    button.setAccessibleDescription(
        tr("Starts a new time through, together; this time's answers are kept.")
    )
    button.clicked.connect(lambda: again())
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
    return button


def turn_text(session: JointSession) -> str:
    """Whose turn it is, for the line above the page (empty when it is nobody's alone)."""
    s = session
    if s.phase in (Phase.PRIVATE, Phase.CHOOSE) and not s.awaiting_handover:
        return tr("{name} is answering privately · {other}, please look away").format(
            name=s.current_person.name, other=s.other_person.name
        )
    if s.phase is Phase.TURNS:
        turn = s.current_turn
        return s.turn_text(turn) if turn is not None else ""
    if s.phase is Phase.REVEAL and not s.awaiting_handover:
        return tr("Together: {a} and {b} side by side").format(a=s.first.name, b=s.second.name)
    return ""
