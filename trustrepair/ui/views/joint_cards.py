"""The joint session's read-only answer cards: the earlier answer at an ``each`` step, and the
reveal, where both people's answers to one step stand side by side."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout

from trustrepair.domain.answers import JSONValue
from trustrepair.domain.exercise import AnyStep, resolve_text
from trustrepair.i18n import tr
from trustrepair.services.joint import CellState, JointSession, RevealCell, answer_text
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.widgets.text import limit_width, reading_label


def answer_card(
    session: JointSession, step: AnyStep, name: str, value: JSONValue
) -> tuple[QFrame, QLabel]:
    """The first person's answer, read-only, above the second person's turn at the step.

    Returns the card and the label holding the answer.
    """
    card = QFrame()
    card.setProperty("role", "card")
    card.setAccessibleName(tr("{name}'s answer").format(name=name))
    card_layout = QVBoxLayout(card)
    heading = PlainLabel(tr("{name}'s answer").format(name=name), card)
    heading.setObjectName("stageTitle")
    card_layout.addWidget(heading)
    answer = reading_label(answer_text(session.exercise, step, value, session.relationship))
    answer.setAccessibleDescription(tr("{name}'s answer").format(name=name))
    card_layout.addWidget(answer)
    limit_width(card, 76)  # about as wide as the answer field below it
    return card, answer


def add_reveal_row(layout: QVBoxLayout, session: JointSession) -> None:
    """The reveal of the session's current step: a card per person, side by side."""
    row = session.current_row
    if row is None:
        layout.addWidget(
            reading_label(tr("There are no answers to reveal this time."), role="muted")
        )
        return
    step = row.step
    if step.title is not None:
        layout.addWidget(
            reading_label(resolve_text(step.title, session.relationship), role="title")
        )
    prompt = resolve_text(getattr(step, "prompt", None), session.relationship)
    if prompt:
        layout.addWidget(reading_label(prompt, role="prompt"))
    grid = QGridLayout()
    grid.setHorizontalSpacing(24)
    grid.setVerticalSpacing(6)
    for column, cell in enumerate(row.cells):
        card = QFrame()
        card.setProperty("role", "card")
        card.setAccessibleName(tr("{name}'s answer").format(name=cell.name))
        card_layout = QVBoxLayout(card)
        name = PlainLabel(cell.name, card)
        name.setObjectName("stageTitle")
        card_layout.addWidget(name)
        card_layout.addWidget(_cell_label(session, cell, row.step))
        card_layout.addStretch(1)
        grid.addWidget(card, 0, column)
        grid.setColumnStretch(column, 1)
    layout.addLayout(grid)
    layout.addWidget(
        reading_label(
            tr(
                "Take turns saying what you notice. There is no need to agree; "
                "it is enough to understand each other a little better."
            ),
            role="muted",
        )
    )


def _cell_label(session: JointSession, cell: RevealCell, step: AnyStep) -> QLabel:
    s = session
    if cell.state is CellState.SHOWN:
        text = answer_text(s.exercise, step, cell.value, s.relationship)
        role = "body"
    elif cell.state is CellState.KEPT_PRIVATE:
        text, role = tr("Kept private"), "muted"
    elif cell.state is CellState.NOT_ANSWERED:
        text, role = tr("No answer"), "muted"
    else:
        other = s.first.name if cell.name == s.second.name else s.second.name
        text, role = tr("This question was for {other}.").format(other=other), "muted"
    label = reading_label(text, role=role)
    label.setAccessibleDescription(cell.name)
    return label
