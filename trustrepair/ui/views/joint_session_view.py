"""Two people walking one exercise for two: hand-overs, private turns, the reveal, the end.

Every decision lives in :class:`trustrepair.services.joint.JointSession`; this view shows the
page for the session's phase and passes each click on to it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.answers import JSONValue, is_answered
from trustrepair.domain.enums import Mode, Track
from trustrepair.domain.exercise import AnyStep, Exercise, Who
from trustrepair.domain.step_kinds import takes_answer
from trustrepair.i18n import tr, translated
from trustrepair.services.joint import JointSession, Phase
from trustrepair.ui.plain import PlainLabel, mnemonic_safe, without_mnemonic
from trustrepair.ui.tab_order import follow_layout_order
from trustrepair.ui.views.joint_cards import add_reveal_row, answer_card
from trustrepair.ui.views.joint_session_pages import (
    HOW_EACH,
    HOW_PARALLEL,
    HOW_PARALLEL_AFTER,
    HOW_TOGETHER,
    NOT_THERAPY,
    STOP_NOTE,
    finish_thanks,
    reveal_choices,
    turn_text,
)
from trustrepair.ui.views.step_screen import StepScreen
from trustrepair.ui.widgets.text import enter_activates_buttons, reading_label

log = logging.getLogger(__name__)


class JointSessionView(StepScreen):
    """One screen for two people; every edit is saved within a moment, into the right vault."""

    stopped = Signal()
    """The pair stopped for now, or finished and went back."""
    help_requested = Signal()
    """Someone asked for help and safety information."""
    close_requested = Signal()
    """Someone pressed "Close work for two" (no reason is asked)."""

    def __init__(self, session: JointSession, parent: QWidget | None = None) -> None:
        super().__init__(session.relationship, parent)
        self.setObjectName("jointSession")
        self.session = session
        self.reveal_boxes: dict[str, QCheckBox] = {}
        self.handover_button: QPushButton | None = None
        self.choose_button: QPushButton | None = None
        self.finish_button: QPushButton | None = None
        self.begin_button: QPushButton | None = None
        self.earlier_answer: QLabel | None = None
        """The first person's answer shown above the second's turn at an ``each`` step."""
        self.share_box: QCheckBox | None = None
        """Sharing the answer shown with a counsellor (private turns only)."""
        self._build()
        self.show_phase()

    # ------------------------------------------------------------------ building
    def _exercise(self) -> Exercise:
        return self.session.exercise

    def _build(self) -> None:
        outer, header = self._build_frame(1000, 10)
        self.help_button = QPushButton(tr("Help and safety"), self)
        self.help_button.setProperty("role", "flat")
        self.help_button.setAccessibleName(tr("Help and safety"))
        self.help_button.setToolTip(tr("Places to turn to, and how this program works (F1)"))
        self.help_button.clicked.connect(self.help_requested)
        self.stop_button = QPushButton(tr("&Stop for now"), self)
        self.stop_button.setAccessibleName(tr("Stop for now; everything is saved"))
        self.stop_button.setToolTip(tr("Everything is saved. You can come back to it together."))
        self.stop_button.clicked.connect(self.stop)
        self.close_button = QPushButton(tr("C&lose work for two"), self)
        self.close_button.setProperty("role", "flat")
        self.close_button.setAccessibleName(tr("Close work for two, for now"))
        self.close_button.setToolTip(
            tr(
                "Stops here and closes exercises for two for now, for both of you. No reason "
                "is asked. Each of you can open them again, signed in on your own."
            )
        )
        self.close_button.clicked.connect(self.close_requested)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.saved_label)
        header.addSpacing(8)
        header.addWidget(self.step_label)
        header.addSpacing(8)
        header.addWidget(self.help_button)
        header.addWidget(self.stop_button)
        header.addWidget(self.close_button)
        outer.addLayout(header)

        self.turn_label = PlainLabel(self)
        self.turn_label.setProperty("role", "subtitle")
        self.turn_label.setWordWrap(True)
        self.turn_label.setAccessibleDescription(tr("Whose turn it is"))
        outer.addWidget(self.turn_label)
        outer.addWidget(self.progress)
        self.page = QWidget()
        (self.scroll_area,) = self._build_pages(outer, [self.page])

    def _layout(self) -> QVBoxLayout:
        return self._clear(self.page)

    # ------------------------------------------------------------------ rendering
    def show_phase(self) -> None:
        """Show the page for the session's phase."""
        s = self.session
        self.step_widget = None
        self.share_box = None
        self.reveal_boxes = {}
        self.handover_button = self.choose_button = self.finish_button = None
        self.begin_button = None
        self.earlier_answer = None
        layout = self._layout()
        if s.awaiting_handover:
            self._render_handover(layout)
        elif s.phase is Phase.INTRO:
            self._render_intro(layout)
        elif s.phase in (Phase.PRIVATE, Phase.TURNS):
            self._render_step(layout)
        elif s.phase is Phase.CHOOSE:
            self._render_choose(layout)
        elif s.phase is Phase.REVEAL:
            add_reveal_row(layout, self.session)
        else:
            self._render_finish(layout)
        layout.addStretch(1)
        self._update_chrome()
        enter_activates_buttons(self)
        follow_layout_order(self)  # the page was built after Back and Next
        self.scroll_area.verticalScrollBar().setValue(0)

    def _render_intro(self, layout: QVBoxLayout) -> None:
        s = self.session
        ex = s.exercise
        self._add_intro_heading(layout, joint=True)
        roles = tr(
            "In this exercise {hurt} is the one who was hurt, and {repairing} is the one "
            "repairing the trust."
        ).format(hurt=s.by_role(Track.HURT).name, repairing=s.by_role(Track.REPAIRING).name)
        layout.addWidget(reading_label(roles))
        self._add_paragraphs(layout, ex.intro)
        how = HOW_PARALLEL if s.mode is Mode.PARALLEL else HOW_TOGETHER
        after = (
            translated(HOW_PARALLEL_AFTER) if s.mode is Mode.PARALLEL and s.shared_steps() else ""
        )
        how_text = translated(how).format(first=s.first.name, second=s.second.name, after=after)
        if s.mode is Mode.TOGETHER and any(step.who is Who.EACH for step in ex.steps):
            how_text += " " + translated(HOW_EACH).format(
                first=s.by_role(Track.HURT).name, second=s.by_role(Track.REPAIRING).name
            )
        layout.addWidget(reading_label(how_text, role="note"))
        self._add_safety_note(layout)
        layout.addWidget(
            reading_label(translated(STOP_NOTE) + " " + translated(NOT_THERAPY), role="muted")
        )

    def _render_handover(self, layout: QVBoxLayout) -> None:
        s = self.session
        if s.phase is Phase.REVEAL:
            heading = tr("Time to sit together")
            text = tr(
                "You have both answered and chosen what to reveal. When you are both here and "
                "ready, show the answers side by side. Take your time with each one."
            )
            caption = tr("We're both here — &reveal")
        else:
            person, other = s.current_person.name, s.other_person.name
            heading = tr("Pass the keyboard to {name}.").format(name=person)
            text = tr(
                "{other}, please look away. {name} answers privately; nothing is shown to "
                "{other} until {name} chooses to reveal it."
            ).format(name=person, other=other)
            caption = tr("I'm {name} — &continue").format(name=mnemonic_safe(person))
        layout.addWidget(reading_label(heading, role="title"))
        layout.addWidget(reading_label(text))
        button = QPushButton(caption)
        button.setProperty("role", "primary")
        button.setAccessibleName(without_mnemonic(caption))
        button.setAccessibleDescription(text)
        button.clicked.connect(self.confirm_handover)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.handover_button = button

    def _render_step(self, layout: QVBoxLayout) -> None:
        s = self.session
        step = s.current
        assert step is not None
        if step.title is not None:
            layout.addWidget(reading_label(self._text(step.title), role="title"))
        before = s.answer_before()
        if before is not None:
            card, self.earlier_answer = answer_card(s, step, *before)
            layout.addWidget(card)
        quoted = s.quoted(step)
        if quoted is not None:
            self._add_quote(layout, quoted)
        self._add_step(layout, step, s.value(step.id))
        self._add_step_help(layout, step)
        if s.phase is Phase.PRIVATE and takes_answer(step):
            self._add_share_box(layout, step)

    def _add_share_box(self, layout: QVBoxLayout, step: AnyStep) -> None:
        """Sharing with a counsellor: its own choice, apart from what is revealed later."""
        s = self.session
        share = QCheckBox(tr("&Share this answer with a counsellor and in summaries for others"))
        share.setAccessibleName(tr("Share this answer with a counsellor and in summaries"))
        share.setAccessibleDescription(
            tr(
                "Off unless you tick it. This is not about {other}: what {other} sees is "
                "chosen later, answer by answer."
            ).format(other=s.other_person.name)
        )
        share.setChecked(s.is_shared(step.id))
        share.setEnabled(is_answered(s.value(step.id)))
        share.toggled.connect(lambda checked, i=step.id: self._on_share(i, checked))
        explain = reading_label(
            tr(
                "Off unless you tick it. This is not about {other}: what {other} sees is "
                "chosen later, answer by answer."
            ).format(other=s.other_person.name),
            role="muted",
        )
        self.share_box = share
        layout.addSpacing(8)
        layout.addWidget(share)
        layout.addWidget(explain)

    def _render_choose(self, layout: QVBoxLayout) -> None:
        s = self.session
        other = s.other_person.name
        self.reveal_boxes = reveal_choices(layout, s, self._text, self._on_reveal)
        if s.turn == 0:
            caption = tr("&Done — hand over to {other}").format(other=mnemonic_safe(other))
        else:
            caption = tr("&Done — we're ready to reveal")
        button = QPushButton(caption)
        button.setProperty("role", "primary")
        button.setAccessibleName(without_mnemonic(caption))
        button.setAccessibleDescription(tr("Keeps these choices and goes on."))
        button.clicked.connect(self.confirm_choices)
        layout.addSpacing(8)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.choose_button = button

    def _render_finish(self, layout: QVBoxLayout) -> None:
        s = self.session
        layout.addWidget(
            reading_label(tr("You have finished this exercise together"), role="title")
        )
        if s.exercise.finish is not None:
            self._add_paragraphs(layout, s.exercise.finish)
        self.finish_button = finish_thanks(layout, s.guest.name, self.restart)

    def _update_chrome(self) -> None:
        s = self.session
        on_steps = not s.awaiting_handover and s.phase in (Phase.PRIVATE, Phase.TURNS, Phase.REVEAL)
        total = s.total
        if on_steps and total:
            self.step_label.setText(
                tr("Step {step} of {total}").format(step=min(s.index + 1, total), total=total)
            )
            self.progress.setValue(round(s.progress * 1000))
        else:
            self.step_label.setText("")
            self.progress.setValue(1000 if s.phase is Phase.FINISHED else 0)
        self.turn_label.setText(turn_text(self.session))
        self.turn_label.setVisible(bool(self.turn_label.text()))
        show_nav = s.phase is Phase.INTRO or on_steps or s.phase is Phase.FINISHED
        show_nav = show_nav and not s.awaiting_handover
        choosing = s.phase is Phase.CHOOSE and not s.awaiting_handover
        self.back_button.setVisible(
            (show_nav and s.phase not in (Phase.INTRO, Phase.FINISHED)) or choosing
        )
        self.title_label.setVisible(s.phase is not Phase.INTRO or s.awaiting_handover)
        self.next_button.setVisible(show_nav)
        back_to_reveal = s.phase is Phase.TURNS and s.mode is Mode.PARALLEL
        self.back_button.setEnabled((on_steps and s.index > 0) or back_to_reveal or choosing)
        if s.phase is Phase.INTRO:
            caption = tr("&Begin")
        elif s.phase is Phase.FINISHED:
            caption = tr("Back to your &path")
        elif s.phase is Phase.PRIVATE and s.index + 1 >= total:
            caption = tr("&Done answering")
        elif s.phase is Phase.REVEAL and s.index + 1 >= total and s.shared_steps():
            caption = tr("&Next: agree together")
        elif s.index + 1 >= total:
            caption = tr("Fi&nish")  # Alt+F is the File menu
        else:
            caption = tr("&Next")
        self._set_next(caption, s.can_advance() if on_steps else True)
        self.stop_button.setVisible(s.phase is not Phase.FINISHED)

    # ------------------------------------------------------------------ slots
    def stage(self, step_id: str, value: JSONValue) -> None:
        """Keep the answer in the session (it knows whose vault it goes to)."""
        self.session.stage_answer(step_id, value)
        if self.share_box is not None:
            self.share_box.setEnabled(is_answered(value))

    def _on_share(self, step_id: str, checked: bool) -> None:
        self.session.set_shared(step_id, checked)
        self._show_saved()

    def _on_reveal(self, step_id: str, checked: bool) -> None:
        self.session.set_reveal(step_id, checked)

    def flush(self) -> None:
        """Write pending answers now (autosave timer, step change, stop, lock, quick-hide)."""
        self.autosave.stop()
        wrote: list[bool] = []
        if self._written(lambda: wrote.append(self.session.flush())) and any(wrote):
            self._show_saved()

    def go_next(self) -> None:
        """Begin, the next step, the next reveal, or back to the path from the finish screen."""
        s = self.session
        if not self.next_button.isVisibleTo(self) or not self.next_button.isEnabled():
            return
        self.autosave.stop()
        if s.phase is Phase.FINISHED:
            self.stopped.emit()
            return
        if not self._written(s.begin if s.phase is Phase.INTRO else s.next):
            self.show_phase()
            return
        self._show_saved()
        self.show_phase()
        self.focus_content()

    def go_back(self) -> None:
        """The previous step (never back across a hand-over)."""
        if not self.back_button.isVisibleTo(self) or not self.back_button.isEnabled():
            return
        self.autosave.stop()
        self._written(self.session.back)
        self.show_phase()
        self.focus_content()

    def confirm_handover(self) -> None:
        """The right person has the keyboard, or both are here to reveal."""
        self.session.confirm_handover()
        self.show_phase()
        self.focus_content()

    def confirm_choices(self) -> None:
        """Done choosing what to reveal."""
        self.session.confirm_choices()
        self.show_phase()
        self.focus_content()

    def restart(self) -> None:
        """Go through the exercise again from the introduction."""
        self.session.restart()
        self.show_phase()
        self.focus_content()

    def save(self) -> None:
        """Write everything and remember the place in both profiles (lock, quick-hide)."""
        self.autosave.stop()
        self.session.stop()

    def stop(self) -> None:
        """Stop for now: everything is saved in both profiles."""
        self.save()
        self.stopped.emit()

    def focus_content(self) -> None:
        """Focus the first input, or the main button of the page."""
        if self._focus_step():
            return
        for button in (self.handover_button, self.choose_button):
            if button is not None:
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        if self.next_button.isVisibleTo(self):
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
