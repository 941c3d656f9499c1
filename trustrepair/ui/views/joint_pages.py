"""The pages of working together before the session: who joins, the safety gate, the roles.

Each page only builds its widgets; :class:`~trustrepair.ui.views.joint_view.JointView` connects
them and decides which page shows. The safety check is never taken here, beside the other
person: each takes it alone, signed in to their own profile.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.enums import Mode
from trustrepair.domain.exercise import Exercise
from trustrepair.i18n import N_, Marked, tr, translated
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.widgets.text import reading_label, scroll_page

MODE_HINTS: dict[Mode, Marked] = {
    Mode.PARALLEL: N_("each answers privately, then you reveal"),
    Mode.TOGETHER: N_("taking turns at one screen"),
}


def _column(title: str = "", intro: str = "", role: str = "body") -> tuple[QWidget, QVBoxLayout]:
    """A scrolling page; with ``title`` and ``intro`` (styled ``role``) at its top."""
    page, column = scroll_page(760)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(40, 28, 40, 28)
    layout.setSpacing(12)
    if title:
        layout.addWidget(reading_label(title, role="title"))
        layout.addWidget(reading_label(intro, role=role))
    return page, layout


def _back_and(layout: QVBoxLayout, *right: QPushButton) -> QPushButton:
    """A row with "← Back to your path" on the left and ``right`` on the right; the back button."""
    buttons = QHBoxLayout()
    back = QPushButton(tr("← Back to your &path"))
    back.setProperty("role", "flat")
    back.setAccessibleName(tr("Back to your path"))
    back.setAccessibleDescription(tr("Leaves work for two for your home screen."))
    buttons.addWidget(back)
    buttons.addStretch(1)
    for button in right:
        buttons.addWidget(button)
    layout.addLayout(buttons)
    return back


class SetupPage:
    """Who is joining, which exercise for two, and the partner's passphrase."""

    def __init__(
        self, partners: list[str], exercises: list[Exercise], exercise_id: str | None
    ) -> None:
        intro = tr(
            "For two of you, side by side at this computer. Each of you uses your own "
            "profile, and each stays locked with its own passphrase. You can stop at "
            "any time, and nobody has to take part."
        )
        self.page, layout = _column(tr("Work together"), intro, role="muted")
        self.partner_box = QComboBox()
        self.partner_box.addItems(partners)
        self.partner_box.setAccessibleName(tr("Who is joining you"))
        self.partner_box.setAccessibleDescription(
            tr("The other person's profile on this computer; they sign in with their own.")
        )
        partner_label = PlainLabel(tr("&Who is joining you?"))
        partner_label.setBuddy(self.partner_box)
        self.exercise_box = QComboBox()
        for exercise in exercises:
            hint = translated(MODE_HINTS[exercise.mode])
            self.exercise_box.addItem(f"{exercise.title} — {hint}", exercise.id)
        self.exercise_box.setAccessibleName(tr("Which exercise for two"))
        self.exercise_box.setAccessibleDescription(
            tr("Each says how you go through it: taking turns, or each alone first.")
        )
        if exercise_id is not None:
            found = self.exercise_box.findData(exercise_id)
            if found >= 0:
                self.exercise_box.setCurrentIndex(found)
        exercise_label = PlainLabel(tr("Which &exercise?"))
        exercise_label.setBuddy(self.exercise_box)
        self.passphrase_label = PlainLabel()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleDescription(
            tr("Only the person joining types it. It is not shown and not kept.")
        )
        self.passphrase_label.setBuddy(self.passphrase)
        self.error_label = reading_label("", role="error")
        self.error_label.setAccessibleDescription(tr("Problem"))
        self.error_label.hide()
        self.busy_label = PlainLabel()
        self.busy_label.setProperty("role", "muted")
        self.busy_label.setAccessibleName(tr("Progress"))
        # Focus rests here while the fields are disabled (not on the status bar's Help).
        self.busy_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.busy_label.hide()
        self.no_partner_label = reading_label(
            tr(
                "There is no other profile on this computer yet. The other person can make one "
                "with File → New profile… (you will be signed out first, and can sign in again "
                "afterwards)."
            ),
            role="note",
        )
        for widget in (
            partner_label,
            self.partner_box,
            exercise_label,
            self.exercise_box,
            self.passphrase_label,
            self.passphrase,
            self.error_label,
            self.busy_label,
            self.no_partner_label,
        ):
            layout.addWidget(widget)
        self.continue_button = QPushButton(tr("&Continue"))
        self.continue_button.setProperty("role", "primary")
        self.continue_button.setAccessibleDescription(
            tr("Opens the other person's profile beside yours and starts the exercise.")
        )
        layout.addSpacing(8)
        self.cancel_button = _back_and(layout, self.continue_button)
        layout.addStretch(1)
        has_partner = bool(partners)
        self.no_partner_label.setVisible(not has_partner)
        for widget in (self.partner_box, partner_label, self.passphrase_label, self.passphrase):
            widget.setVisible(has_partner)
        self.continue_button.setEnabled(has_partner and bool(exercises))


class GatePage:
    """Why the pair cannot start yet: someone's private check still to take, or not right now.

    When work for two is closed the page is the same, word for word, whatever closed it and
    whoever did: nothing on it depends on the reason.
    """

    def __init__(self) -> None:
        self.page, layout = _column()
        self.title = reading_label("", role="title")
        self.message = reading_label("")
        self.message.setAccessibleDescription(tr("Before you start"))
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        self.help = QPushButton(tr("Open &help and safety"))
        self.help.setAccessibleDescription(tr("Places to turn to, and how this program works (F1)"))
        self.back = _back_and(layout, self.help)
        layout.addStretch(1)


class RolesPage:
    """Who was hurt and who is repairing, when both profiles describe the same side."""

    def __init__(self, owner: QObject) -> None:
        intro = tr(
            "Your two profiles describe the same side of what happened, so please "
            "choose together. Some steps are for the person who was hurt, some for the "
            "person repairing the trust."
        )
        self.page, layout = _column(tr("Who is who in this exercise?"), intro)
        self.group = QButtonGroup(owner)
        self.first_hurt = QRadioButton()
        self.second_hurt = QRadioButton()
        self.first_hurt.setText(tr("The first of you was hurt"))  # named once both are known
        self.second_hurt.setText(tr("The second of you was hurt"))
        for button in (self.first_hurt, self.second_hurt):
            button.setAccessibleDescription(
                tr("Some steps are for the person who was hurt, some for the one repairing.")
            )
            self.group.addButton(button)
            layout.addWidget(button)
        self.first_hurt.setChecked(True)
        self.proceed = QPushButton(tr("&Continue"))
        self.proceed.setProperty("role", "primary")
        self.proceed.setAccessibleDescription(tr("Keeps who is who and goes on."))
        self.back = _back_and(layout, self.proceed)
        layout.addStretch(1)
