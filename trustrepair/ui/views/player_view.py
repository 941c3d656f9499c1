"""The exercise player: the introduction, one step at a time, and the finish screen."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trustrepair.content.library import Library
from trustrepair.domain.answers import JSONValue, is_answered
from trustrepair.domain.enums import MODEL_TITLES
from trustrepair.domain.exercise import Exercise, Text, resolve_text
from trustrepair.domain.profile import ProfileInfo
from trustrepair.domain.step_kinds import takes_answer
from trustrepair.i18n import tr
from trustrepair.services.safety import JOINT_EXPLANATIONS, JointAccess, SafetyService
from trustrepair.services.walk import ExerciseWalk
from trustrepair.storage.store import VaultStore
from trustrepair.ui.widgets.step_nav import StepNav, empty_layout, scrolling_page
from trustrepair.ui.widgets.steps import StepWidget, make_step_widget
from trustrepair.ui.widgets.text import centered_column, enter_activates_buttons, reading_label

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class PlayerView(QWidget):
    """Walks one exercise with one person; every edit is saved within a moment."""

    AUTOSAVE_DELAY_MS = 300
    """How long typing may pause before pending answers are written (tests set 0)."""

    back_to_path = Signal()
    """The person wants to return to the home screen."""
    help_requested = Signal()
    """The person asked for help and safety information."""
    saved = Signal()
    """Pending answers were written."""

    def __init__(
        self,
        store: VaultStore,
        library: Library,
        exercise: Exercise,
        profile: ProfileInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self.store = store
        self.library = library
        self.exercise = exercise
        self.profile = profile
        self.walk = ExerciseWalk(store, exercise)
        self.step_widget: StepWidget | None = None
        self.safety_outcome: JointAccess | None = None
        self.help_toggle: QPushButton | None = None
        self.share_box: QCheckBox | None = None

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(self.AUTOSAVE_DELAY_MS)
        self.autosave.timeout.connect(self.flush)

        self._build()
        self.show_position()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        frame = QVBoxLayout(self)
        frame.setContentsMargins(0, 0, 0, 0)
        body_outer, body = centered_column(920)
        frame.addWidget(body_outer)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(32, 20, 32, 16)
        outer.setSpacing(12)

        header = QHBoxLayout()
        self.path_button = QPushButton(tr("← Your &path"), self)
        self.path_button.setAccessibleName(tr("Back to your path"))
        self.path_button.setProperty("role", "flat")
        self.path_button.clicked.connect(self.leave)
        self.title_label = QLabel(self.exercise.title, self)
        self.title_label.setProperty("role", "header-title")
        self.step_label = QLabel(self)
        self.step_label.setProperty("role", "muted")
        self.saved_label = QLabel(self)
        self.saved_label.setProperty("role", "saved")
        self.saved_label.setAccessibleName(tr("Save status"))
        header.addWidget(self.path_button)
        header.addSpacing(12)
        header.addWidget(self.title_label, 1)
        header.addStretch(0)  # keeps the step count on the right while the title is hidden
        header.addWidget(self.saved_label)
        header.addSpacing(12)
        header.addWidget(self.step_label)
        outer.addLayout(header)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.setAccessibleName(tr("Progress through this exercise"))
        outer.addWidget(self.progress)

        self.pages = QStackedWidget(self)
        self.intro_page = QWidget()
        self.step_page = QWidget()
        self.finish_page = QWidget()
        for page in (self.intro_page, self.step_page, self.finish_page):
            self.pages.addWidget(scrolling_page(page))
        outer.addWidget(self.pages, 1)

        nav = StepNav(self, self.go_back, self.go_next)
        self.back_button = nav.back_button
        self.hint_label = nav.hint_label
        self.next_button = nav.next_button
        outer.addLayout(nav)

    def _text(self, text: Text | None) -> str:
        return resolve_text(text, self.profile.relationship)

    @staticmethod
    def _clear(page: QWidget) -> QVBoxLayout:
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        empty_layout(layout)
        return layout

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
        exercise = self.exercise
        layout.addWidget(reading_label(exercise.title, role="title"))
        models = ", ".join(tr(MODEL_TITLES[m]) for m in exercise.models)
        facts = tr("About {minutes} minutes · Follows: {models}").format(
            minutes=exercise.minutes, models=models
        )
        layout.addWidget(reading_label(facts, role="muted"))
        for paragraph in self._text(exercise.intro).split("\n\n"):
            layout.addWidget(reading_label(paragraph.strip()))
        if exercise.safety is not None:
            note = reading_label(self._text(exercise.safety), role="note")
            note.setAccessibleName(tr("Safety note"))
            layout.addWidget(note)
        layout.addStretch(1)

    def _render_step(self) -> None:
        layout = self._clear(self.step_page)
        step = self.walk.current
        assert step is not None
        if step.title is not None:
            layout.addWidget(reading_label(self._text(step.title), role="title"))
        widget = make_step_widget(step, self.profile.relationship)
        widget.set_value(self.walk.value(step.id))
        widget.changed.connect(self._on_changed)
        self.step_widget = widget
        layout.addWidget(widget)

        if step.help is not None:
            help_label = reading_label(self._text(step.help), role="help")
            help_label.setVisible(False)
            toggle = QPushButton(tr("More about this step (&?)"))
            toggle.setProperty("role", "link")
            toggle.setCheckable(True)
            toggle.setAccessibleName(tr("More about this step"))
            toggle.toggled.connect(help_label.setVisible)
            self.help_toggle = toggle
            layout.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(help_label)
        else:
            self.help_toggle = None

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
            for paragraph in self._text(self.exercise.finish).split("\n\n"):
                layout.addWidget(reading_label(paragraph.strip()))
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
        access = self.safety_outcome or SafetyService(self.store, self.library).access()
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
            self.next_button.setText(tr("&Begin"))
        elif position.at_finish:
            self.step_label.setText(tr("Finished"))
            # Not Alt+P: the header's "← Your path" has it.
            self.next_button.setText(tr("&Done — back to your path"))
        else:
            self.step_label.setText(
                tr("Step {n} of {total}").format(n=position.index + 1, total=position.total)
            )
            last = position.index + 1 >= position.total
            self.next_button.setText(tr("Fi&nish") if last else tr("&Next"))
        self.next_button.setAccessibleName(self.next_button.text().replace("&", ""))
        self.progress.setValue(round(position.fraction * 1000))
        self.title_label.setVisible(not position.at_intro)
        self.back_button.setEnabled(not position.at_intro)
        can = self.walk.can_advance()
        self.next_button.setEnabled(can)
        self.next_button.setDefault(True)
        self.next_button.setAutoDefault(True)
        hint = tr("Answer this one when you are ready, then go on.")
        self.hint_label.setText("" if can else hint)
        enter_activates_buttons(self)

    # ------------------------------------------------------------------ slots
    def _on_changed(self, value: JSONValue) -> None:
        if self.step_widget is None:
            return
        step_id = self.step_widget.step.id
        self.walk.stage_answer(step_id, value)
        self.saved_label.setText(tr("Saving…"))
        self.autosave.start(self.AUTOSAVE_DELAY_MS)
        if self.share_box is not None:
            self.share_box.setEnabled(is_answered(value))
        self._update_chrome()

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
        self.saved_label.setText(tr("Saved"))
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
            result = SafetyService(self.store, self.library).record()
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
        if self.step_widget is not None and self.step_widget.takes_answer:
            self.step_widget.focus_first()
        else:
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
    assert window.vault is not None
    exercise = window.library.get(exercise_id)
    profile = window.vault.store.get_profile()
    assert exercise is not None and profile is not None
    view = PlayerView(window.vault.store, window.library, exercise, profile)
    view.back_to_path.connect(window.show_home)
    view.help_requested.connect(window.show_help)
    return view
