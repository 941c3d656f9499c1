"""The exercise player: the introduction, one step at a time, and the finish screen."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QPushButton, QVBoxLayout, QWidget

from trustrepair.domain.answers import JSONValue, is_answered
from trustrepair.domain.enums import Relationship
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.step_kinds import takes_answer
from trustrepair.i18n import tr
from trustrepair.services.safety import JOINT_EXPLANATIONS, JointAccess, SafetyService
from trustrepair.services.walk import ExerciseWalk
from trustrepair.ui.views.step_screen import StepScreen
from trustrepair.ui.widgets.text import enter_activates_buttons, reading_label

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class PlayerView(StepScreen):
    """Walks one exercise with one person; every edit is saved within a moment."""

    back_to_path = Signal()
    """The person wants to return to the home screen."""
    help_requested = Signal()
    """The person asked for help and safety information."""
    saved = Signal()
    """Pending answers were written."""

    def __init__(
        self,
        walk: ExerciseWalk,
        safety: SafetyService,
        relationship: Relationship,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(relationship, parent)
        self.setObjectName("player")
        self.walk = walk
        self.exercise = walk.exercise
        self.safety = safety
        self.safety_outcome: JointAccess | None = None
        self.share_box: QCheckBox | None = None
        self._build()
        self.show_position()

    # ------------------------------------------------------------------ building
    def _exercise(self) -> Exercise:
        return self.exercise

    def _build(self) -> None:
        outer, header = self._build_frame(920, 12)
        self.path_button = QPushButton(tr("← Your &path"), self)
        self.path_button.setAccessibleName(tr("Back to your path"))
        self.path_button.setProperty("role", "flat")
        self.path_button.clicked.connect(self.leave)
        header.addWidget(self.path_button)
        header.addSpacing(12)
        header.addWidget(self.title_label, 1)
        header.addStretch(0)  # keeps the step count on the right while the title is hidden
        header.addWidget(self.saved_label)
        header.addSpacing(12)
        header.addWidget(self.step_label)
        outer.addLayout(header)
        outer.addWidget(self.progress)
        self.intro_page = QWidget()
        self.step_page = QWidget()
        self.finish_page = QWidget()
        self._build_pages(outer, [self.intro_page, self.step_page, self.finish_page])

    # ------------------------------------------------------------------ rendering
    def show_position(self) -> None:
        """Show the page for the walk's current position."""
        position = self.walk.position
        if position.at_intro:
            self._render_intro()
            self.pages.setCurrentIndex(0)
        elif position.at_finish:
            self._render_finish()
            self.pages.setCurrentIndex(2)
        else:
            self._render_step()
            self.pages.setCurrentIndex(1)
        self._update_chrome()

    def _render_intro(self) -> None:
        self.step_widget = None
        layout = self._clear(self.intro_page)
        self._add_intro_heading(layout, tr("About {minutes} minutes · Follows: {models}"))
        self._add_paragraphs(layout, self.exercise.intro)
        self._add_safety_note(layout)
        layout.addStretch(1)

    def _render_step(self) -> None:
        layout = self._clear(self.step_page)
        step = self.walk.current
        assert step is not None
        if step.title is not None:
            layout.addWidget(reading_label(self._text(step.title), role="title"))
        self._add_step(layout, step, self.walk.value(step.id))
        self._add_step_help(layout, step)
        self.share_box = None
        if takes_answer(step) and not self.exercise.safety_check:
            share = QCheckBox(tr("&Share this answer in summaries for others"))
            share.setAccessibleName(tr("Share this answer in summaries for others"))
            share.setChecked(self.walk.is_shared(step.id))
            share.setEnabled(is_answered(self.walk.value(step.id)))
            share.toggled.connect(self._on_share)
            explain = reading_label(
                tr(
                    "Off unless you tick it. Only shared answers appear in a summary you make "
                    "for someone else; everything else stays private to you."
                ),
                role="muted",
            )
            self.share_box = share
            layout.addSpacing(8)
            layout.addWidget(share)
            layout.addWidget(explain)
        layout.addStretch(1)

    def _render_finish(self) -> None:
        self.step_widget = None
        layout = self._clear(self.finish_page)
        layout.addWidget(reading_label(tr("You have finished this exercise"), role="title"))
        if self.exercise.finish is not None:
            self._add_paragraphs(layout, self.exercise.finish)
        else:
            layout.addWidget(
                reading_label(
                    tr(
                        "Thank you for taking the time. "
                        "Your answers are saved in your private space."
                    )
                )
            )
        if self.exercise.safety_check:
            layout.addWidget(self._safety_outcome_widget())
        again = QPushButton(tr("Go through it &again"))
        again.setAccessibleName(tr("Go through this exercise again"))
        again.clicked.connect(self.restart)
        layout.addWidget(again, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def _safety_outcome_widget(self) -> QWidget:
        access = self.safety_outcome or self.safety.access()
        if access is JointAccess.ALLOWED:
            text = tr(
                "Thank you. Exercises for two people are now open to you. You can still choose "
                "to work alone, and you can take this check again at any time."
            )
            return reading_label(text, role="note")
        box = QFrame()
        box.setProperty("role", "concern")
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(reading_label(tr(JOINT_EXPLANATIONS[access])))
        help_button = QPushButton(tr("Open help and &safety"))  # Alt+H is the Help menu
        help_button.clicked.connect(self.help_requested)
        box_layout.addWidget(help_button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _update_chrome(self) -> None:
        position = self.walk.position
        if position.at_intro:
            self.step_label.setText(tr("{n} steps").format(n=position.total))
            caption = tr("&Begin")
        elif position.at_finish:
            self.step_label.setText(tr("Finished"))
            # Not Alt+P: the header's "← Your path" has it.
            caption = tr("&Done — back to your path")
        else:
            self.step_label.setText(
                tr("Step {n} of {total}").format(n=position.index + 1, total=position.total)
            )
            last = position.index + 1 >= position.total
            caption = tr("Fi&nish") if last else tr("&Next")
        self.progress.setValue(round(position.fraction * 1000))
        self.title_label.setVisible(not position.at_intro)
        self.back_button.setEnabled(not position.at_intro)
        self._set_next(caption, self.walk.can_advance())
        self.next_button.setAutoDefault(True)
        enter_activates_buttons(self)

    # ------------------------------------------------------------------ slots
    def stage(self, step_id: str, value: JSONValue) -> None:
        """Keep the answer in the walk; "share" can be ticked once there is an answer."""
        self.walk.stage_answer(step_id, value)
        if self.share_box is not None:
            self.share_box.setEnabled(is_answered(value))

    def _on_share(self, checked: bool) -> None:
        if self.step_widget is not None:
            self.walk.set_shared(self.step_widget.step.id, checked)
            self._show_saved()

    def flush(self) -> None:
        """Write pending answers now (autosave timer, step change, close, lock, quick-hide)."""
        self.autosave.stop()
        if self.walk.flush():
            self._show_saved()

    def _show_saved(self) -> None:
        super()._show_saved()
        self.saved.emit()

    def go_next(self) -> None:
        """Next step, the first step from the intro, or home from the finish screen."""
        if not self.next_button.isEnabled():
            return
        self.autosave.stop()
        if self.walk.position.at_finish:
            self.leave()
            return
        position = self.walk.next()
        self._show_saved()
        if position.at_finish and self.exercise.safety_check:
            result = self.safety.record()
            self.safety_outcome = JointAccess.CONCERN if result.concern else JointAccess.ALLOWED
        self.show_position()
        self.focus_content()

    def go_back(self) -> None:
        """Previous step (or the introduction)."""
        if self.walk.position.at_intro:
            return
        self.autosave.stop()
        self.walk.back()
        self.show_position()
        self.focus_content()

    def restart(self) -> None:
        """Start again from the first step; earlier answers stay filled in."""
        self.walk.go_to(0)
        self.show_position()
        self.focus_content()

    def leave(self) -> None:
        """Save and go back to the path."""
        self.flush()
        self.back_to_path.emit()

    def focus_content(self) -> None:
        """Focus the first input of the step, or Next when there is none."""
        if not self._focus_step():
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ the Screen protocol
    def refresh(self, *_: object) -> None:
        """Shown again: the page for where the walk is."""
        self.show_position()

    def close_screen(self) -> None:
        """Save everything; the view is about to go away."""
        self.flush()
        self.walk.close()


def build(window: MainWindow, exercise_id: str) -> PlayerView:
    """One exercise for one person; leaving goes back to the path."""
    services = window.services()
    exercise = services.library.get(exercise_id)
    assert exercise is not None
    view = PlayerView(services.walk(exercise), services.safety(), services.profile().relationship)
    view.back_to_path.connect(window.show_home)
    view.help_requested.connect(window.show_help)
    return view
