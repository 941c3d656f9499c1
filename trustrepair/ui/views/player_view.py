"""The exercise player: the introduction, one step at a time, and the finish screen."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QPushButton, QVBoxLayout, QWidget

from trustrepair.domain.answers import JSONValue, is_answered
from trustrepair.domain.dates import format_date
from trustrepair.domain.enums import RHYTHM_TITLES, Relationship
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.promises import PastPromiseDate
from trustrepair.domain.step_kinds import takes_answer
from trustrepair.i18n import ngettext, tr, translated
from trustrepair.services import notifier
from trustrepair.services.history import HistoryService
from trustrepair.services.safety import JointAccess, SafetyService
from trustrepair.services.walk import ExerciseWalk, Position
from trustrepair.ui.tab_order import follow_layout_order
from trustrepair.ui.views import player_parts
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
        *,
        history: HistoryService | None = None,
        counsellor_note: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(relationship, parent)
        self.setObjectName("player")
        self.walk = walk
        self.history = history
        self.earlier_button: QPushButton | None = None
        self.exercise = walk.exercise
        self.safety = safety
        self.counsellor_note = counsellor_note
        """``(counsellor, note)`` when a counsellor assigned this exercise with a note."""
        self.safety_outcome: JointAccess | None = None
        self.share_box: QCheckBox | None = None
        self.note_button: QPushButton | None = None
        self._build()
        self.show_position()

    # ------------------------------------------------------------------ building
    def _exercise(self) -> Exercise:
        return self.exercise

    def _build(self) -> None:
        outer, header = self._build_frame(920, 12)
        self.path_button = QPushButton(tr("← Your &path"), self)
        self.path_button.setAccessibleName(tr("Back to your path"))
        self.path_button.setAccessibleDescription(
            tr("Leaves this exercise for your home screen; what you wrote is kept.")
        )
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
        follow_layout_order(self)  # the page was built after Back and Next

    def _render_intro(self) -> None:
        self.step_widget = None
        layout = self._clear(self.intro_page)
        self._add_intro_heading(layout, joint=False)
        self._add_earlier_times(layout)
        if self.counsellor_note is not None:
            layout.addWidget(self._note_card())
        self._add_paragraphs(layout, self.exercise.intro)
        self._add_safety_note(layout)
        layout.addStretch(1)

    def _add_earlier_times(self, layout: QVBoxLayout) -> None:
        """For a repeatable exercise: its rhythm, how often it was done, and a way to look."""
        self.earlier_button = None
        repeat = self.exercise.repeat
        earlier = self.walk.earlier_times()
        if repeat is None and not earlier:
            return
        parts = []
        if repeat is not None:
            parts.append(
                tr("Meant to be gone through again: {rhythm}.").format(
                    rhythm=translated(RHYTHM_TITLES[repeat.rhythm]).lower()
                )
            )
        if earlier:
            parts.append(
                ngettext(
                    "You have been through it {n} time before; the last was on {date}.",
                    "You have been through it {n} times before; the last was on {date}.",
                    len(earlier),
                ).format(n=len(earlier), date=format_date(earlier[0].started_at))
                if len(earlier) > 1
                else tr("You went through it once before, on {date}.").format(
                    date=format_date(earlier[0].started_at)
                )
            )
        if self.walk.is_new_time and earlier:
            parts.append(tr("This is a new time: what you wrote before stays as it was."))
        if repeat is not None and self.exercise.series_steps():
            parts.append(
                tr("Its ratings are kept with their dates: File → Over time shows how they move.")
            )
        layout.addWidget(reading_label(" ".join(parts), role="note"))
        if earlier and self.history is not None:
            button = QPushButton(tr("&Look back at earlier times…"))
            button.setAccessibleName(tr("Look back at earlier times"))
            button.setAccessibleDescription(tr("Opens what you wrote the times before, read-only."))
            button.clicked.connect(self.show_earlier_times)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.earlier_button = button

    def show_earlier_times(self) -> None:
        """Open the read-only list of earlier times through this exercise."""
        if self.history is None:
            return
        from trustrepair.ui.dialogs.history_dialog import EarlierTimesDialog

        entries = self.history.earlier_times(self.walk.earlier_times())
        EarlierTimesDialog.ask(self, self.exercise.title, entries)

    def _render_step(self) -> None:
        layout = self._clear(self.step_page)
        step = self.walk.current
        assert step is not None
        if step.title is not None:
            layout.addWidget(reading_label(self._text(step.title), role="title"))
        quoted = self.walk.quoted(step)
        if quoted is not None:
            self._add_quote(layout, quoted)
        self._add_step(layout, step, self.walk.value(step.id))
        self._add_step_help(layout, step)
        if self.counsellor_note is not None:
            layout.addWidget(self._note_toggle())
        self.share_box = None
        if takes_answer(step) and not self.exercise.safety_check:
            share = QCheckBox(tr("&Share this answer in summaries for others"))
            share.setAccessibleName(tr("Share this answer in summaries for others"))
            share.setAccessibleDescription(
                tr(
                    "Off unless you tick it. Only shared answers appear in a summary you make "
                    "for someone else."
                )
            )
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
        if self.exercise.repeatable:
            layout.addWidget(
                reading_label(
                    tr(
                        "This time is kept with its date. Going through it again starts a new "
                        "time; this one stays as it is, and you can look back at it."
                    ),
                    role="muted",
                )
            )
        again = QPushButton(tr("Go through it &again"))
        again.setAccessibleName(tr("Go through this exercise again"))
        again.setAccessibleDescription(
            tr("Starts a new time through; what you wrote this time is kept as it is.")
        )
        again.clicked.connect(self.restart)
        layout.addWidget(again, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def _note_card(self) -> QFrame:
        assert self.counsellor_note is not None
        return player_parts.note_card(*self.counsellor_note)

    def _note_toggle(self) -> QWidget:
        assert self.counsellor_note is not None
        box, self.note_button = player_parts.note_toggle(*self.counsellor_note)
        return box

    def _safety_outcome_widget(self) -> QWidget:
        access = self.safety_outcome or self.safety.check_access()
        closed = self.safety.closed_at() is not None
        return player_parts.safety_outcome(access, closed, self.help_requested.emit)

    def _update_chrome(self) -> None:
        position = self.walk.position
        if position.at_intro:
            self.step_label.setText(
                ngettext("{n} step", "{n} steps", position.total).format(n=position.total)
            )
            caption = tr("&Begin")
        elif position.at_finish:
            self.step_label.setText(tr("Finished"))
            # Not Alt+P: the header's "← Your path" has it.
            caption = tr("&Done — back to your path")
        else:
            self.step_label.setText(
                tr("Step {step} of {total}").format(step=position.index + 1, total=position.total)
            )
            last = position.index + 1 >= position.total
            caption = tr("Fi&nish") if last else tr("&Next")
        self.progress.setValue(round(self.walk.progress * 1000))
        self.title_label.setVisible(not position.at_intro)
        self.back_button.setEnabled(not position.at_intro)
        self._set_next(caption, self.walk.can_advance())
        self.next_button.setAutoDefault(True)
        enter_activates_buttons(self)

    # ------------------------------------------------------------------ slots
    def stage(self, step_id: str, value: JSONValue) -> None:
        """Keep the answer in the walk; "share" can be ticked once there is an answer."""
        try:
            self.walk.stage_answer(step_id, value)
        except PastPromiseDate:
            notifier.status(tr("A promise is for days to come: please choose today or later."))
            return
        if self.share_box is not None:
            self.share_box.setEnabled(is_answered(value))

    def _on_share(self, checked: bool) -> None:
        widget = self.step_widget
        if widget is not None and self._written(
            lambda: self.walk.set_shared(widget.step.id, checked)
        ):
            self._show_saved()

    def flush(self) -> None:
        """Write pending answers now (autosave timer, step change, close, lock, quick-hide)."""
        self.autosave.stop()
        wrote: list[bool] = []
        if self._written(lambda: wrote.append(self.walk.flush())) and any(wrote):
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
        moved: list[Position] = []
        if not self._written(lambda: moved.append(self.walk.next())):
            self.show_position()
            return
        [position] = moved
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
        self._written(self.walk.back)
        self.show_position()
        self.focus_content()

    def restart(self) -> None:
        """Go through it again: a new dated time for a repeatable exercise (from its
        introduction), else from the first step with the answers filled in."""
        self.walk.again()
        self.show_position()
        self.focus_content()

    def leave(self) -> None:
        """Save and go back to the path (not while what was typed cannot be saved)."""
        self.flush()
        if not self.walk.dirty:
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
    view = PlayerView(
        services.walk(exercise),
        services.safety(),
        services.profile().relationship,
        history=services.history(),
        counsellor_note=services.client_desk().counsellor_note(exercise_id),
    )
    view.back_to_path.connect(window.show_home)
    view.help_requested.connect(window.show_help)
    return view
