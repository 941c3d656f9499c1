"""Work for two on the home screen: the private safety check, working together, closing it.

Two cards, built for :class:`~trustrepair.ui.views.home_view.HomeView`:

* :class:`SafetyCheckCard` is always there for a person (it never vanishes once taken): when
  the check was last taken, and a button to take it — always blank, each time a new dated
  entry only this person sees.
* :class:`TogetherCard` starts working together, or closes it with one button. When work for
  two is closed, what anyone looking over a shoulder can read is the same whatever closed it;
  why, and how to open it again, is behind "Why, and what you can do", for the person alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from trustrepair.domain.dates import format_date
from trustrepair.i18n import N_, tr, translated
from trustrepair.services import notifier
from trustrepair.services.safety import (
    CLOSED_FOR_NOW,
    JOINT_EXPLANATIONS,
    JointAccess,
    SafetyService,
)
from trustrepair.ui.widgets.text import reading_label

TOGETHER_TEXT = N_(
    "Sitting together? The other person signs in to their own profile beside yours, and you "
    "work through an exercise for two."
)
CLOSED_HINT = N_(
    "Only you can read why, here, by choosing “Why, and what you can do”. Do that when you "
    "are on your own."
)


class SafetyCheckCard(QFrame):
    """The private safety check: when it was last taken, and taking it (again), blank."""

    open_check = Signal()
    """Open the check (a new, blank time if the last one was finished)."""

    def __init__(self, safety: SafetyService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setObjectName("safetyCheckCard")
        layout = QHBoxLayout(self)
        last = safety.result()
        if safety.in_progress():
            status = tr("The private safety check: begun, not finished yet.")
            caption = tr("Continue the safety chec&k")
        elif last is None:
            # The card for two above already says why the check comes first.
            status = tr(
                "The private safety check: a few questions about fear, harm and control, "
                "about five minutes, answered on your own."
            )
            caption = tr("Ta&ke the private safety check")
        else:
            status = tr(
                "The private safety check: last taken on {date}. You can take it again at any "
                "time; it starts blank, and each time is kept, with its date, only for you."
            ).format(date=format_date(last.completed_at))
            # Alt+K: Alt+C and Alt+S are "Continue" and "Start" above.
            caption = tr("Ta&ke the safety check again")
        self.status = reading_label(status, role="muted", selectable=False)
        layout.addWidget(self.status, 1)
        self.button = QPushButton(caption, self)
        self.button.setAccessibleName(caption.replace("&", ""))
        self.button.setAccessibleDescription(
            tr("Private: taken alone, never beside the other person. It starts blank.")
        )
        self.button.setEnabled(safety.exercise() is not None)
        self.button.clicked.connect(self.open_check)
        layout.addWidget(self.button)


class TogetherCard(QFrame):
    """Working together: start it, close it (one button), or, when closed, why — privately."""

    work_together = Signal()
    """Two people want to work through an exercise for two."""
    work_at_distance = Signal()
    """Two people want to do an exercise for two, each on their own computer."""
    help_requested = Signal()
    """Show help and safety."""
    changed = Signal()
    """Work for two was closed or opened again: the home screen draws itself anew."""

    def __init__(self, safety: SafetyService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.safety = safety
        self.setProperty("role", "card")
        self.setObjectName("togetherCard")
        access = safety.access()
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        closed = access in (JointAccess.CONCERN, JointAccess.CLOSED)
        if access is JointAccess.ALLOWED:
            text = translated(TOGETHER_TEXT)
        elif closed:
            text = translated(CLOSED_FOR_NOW) + " " + translated(CLOSED_HINT)
        else:
            text = translated(JOINT_EXPLANATIONS[access])
        self.label = reading_label(text, role="muted", selectable=False)
        row.addWidget(self.label, 1)
        self.together_button = QPushButton(tr("&Work together…"), self)
        self.together_button.setAccessibleName(tr("Work together"))
        self.together_button.setEnabled(access is JointAccess.ALLOWED)
        self.together_button.setToolTip(text)
        self.together_button.clicked.connect(self.work_together)
        row.addWidget(self.together_button)
        self.distance_button = QPushButton(tr("Work at a &distance…"), self)
        self.distance_button.setAccessibleName(tr("Work at a distance"))
        self.distance_button.setEnabled(access is JointAccess.ALLOWED)
        self.distance_button.setToolTip(
            tr(
                "Each of you on your own computer: answer alone, then exchange sealed files. "
                "For exercises where each answers alone; those taken in turns need you side "
                "by side."
            )
            if access is JointAccess.ALLOWED
            else text
        )
        self.distance_button.clicked.connect(self.work_at_distance)
        row.addWidget(self.distance_button)
        layout.addLayout(row)
        self.close_button: QPushButton | None = None
        self.why_button: QPushButton | None = None
        self.reopen_button: QPushButton | None = None
        self.why: QWidget | None = None
        if access is JointAccess.ALLOWED:
            self.close_button = QPushButton(tr("Close work for two"), self)
            self.close_button.setProperty("role", "link")
            self.close_button.setToolTip(
                tr(
                    "Closes exercises for two, for now. No reason is asked, and nobody is told "
                    "one. Only you can open them again, here."
                )
            )
            self.close_button.clicked.connect(self.close_joint)
            layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignLeft)
        elif closed:
            self._add_why(layout)

    def _add_why(self, layout: QVBoxLayout) -> None:
        """The private part: every reason it is closed for this person, and what to do."""
        toggle = QPushButton(tr("Why, and what you can do"), self)
        toggle.setProperty("role", "link")
        toggle.setCheckable(True)
        toggle.setAccessibleDescription(tr("Shows or hides why, privately, for you alone."))
        why = QWidget(self)
        why_layout = QVBoxLayout(why)
        why_layout.setContentsMargins(0, 4, 0, 0)
        for reason in self.safety.reasons():
            why_layout.addWidget(reading_label(translated(JOINT_EXPLANATIONS[reason])))
            if reason is JointAccess.CLOSED:
                reopen = QPushButton(tr("Open exercises for two a&gain"), why)
                reopen.setAccessibleDescription(tr("Opens your side of exercises for two again."))
                reopen.clicked.connect(self.reopen_joint)
                why_layout.addWidget(reopen, 0, Qt.AlignmentFlag.AlignLeft)
                self.reopen_button = reopen
        help_button = QPushButton(tr("Help and safety"), why)
        help_button.setAccessibleDescription(
            tr("Places to turn to, and how this program works (F1)")
        )
        help_button.clicked.connect(self.help_requested)
        why_layout.addWidget(help_button, 0, Qt.AlignmentFlag.AlignLeft)
        why.setVisible(False)
        toggle.toggled.connect(why.setVisible)
        layout.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(why)
        self.why_button, self.why = toggle, why

    def close_joint(self) -> None:
        """One button, no reason asked: closed until this person opens it again."""
        self.safety.close_joint()
        notifier.status(translated(CLOSED_FOR_NOW))
        self.changed.emit()

    def reopen_joint(self) -> None:
        """This person opens their side of work for two again (signed in alone, here)."""
        self.safety.reopen_joint()
        if self.safety.access() is JointAccess.ALLOWED:
            notifier.status(tr("Exercises for two are open again."))
        self.changed.emit()
