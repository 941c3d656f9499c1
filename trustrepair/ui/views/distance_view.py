"""Work at a distance: an exercise for two, each person on their own computer.

:class:`DistanceView` is one screen (File → Work at a distance…, or the home screen's card).
Its overview says where the person is — their part answered, their file written, their
partner's file opened — and offers the next thing to do. Answering opens the exercise player
over the person's own part (:class:`~trustrepair.ui.views.player_view.PlayerView`); choosing
what to reveal and the reveal itself are pages of this view. Every decision is made by
:class:`~trustrepair.services.distance.DistanceWork`; files are read only there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.exercise import AnyStep, resolve_text
from trustrepair.errors import UserFacingError
from trustrepair.i18n import N_, ngettext, tr, translated
from trustrepair.services import notifier
from trustrepair.services.distance import (
    DISTANCE_INTRO,
    DistanceDesk,
    DistanceStatus,
    DistanceWork,
    FileKind,
)
from trustrepair.services.joint import CellState, RevealCell, answer_text
from trustrepair.services.safety import SafetyService
from trustrepair.ui.dialogs.sender_dialog import accepting_first_sender
from trustrepair.ui.file_names import neutral_file_name
from trustrepair.ui.plain import PlainLabel, mnemonic_safe
from trustrepair.ui.views.player_view import PlayerView
from trustrepair.ui.widgets.text import reading_label, scroll_page

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

JSON_FILTER = N_("trustrepair file (*.json)")
TOGETHER_LIST = N_(
    "Exercises taken in turns at one screen stay side by side only, since they need you both "
    "at one screen: {titles}."
)


class DistanceFiles:
    """Where the file for the partner goes, and which file from them to open."""

    @classmethod
    def ask_save_path(cls, parent: QWidget | None, suggested: str) -> Path | None:
        """Where to save the file for the partner, or None."""
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            tr("Save the file for your partner"),
            str(Path.home() / suggested),
            translated(JSON_FILTER),
        )
        return Path(path) if path else None

    @classmethod
    def ask_open_path(cls, parent: QWidget | None) -> Path | None:
        """The partner's file to open, or None."""
        path, _filter = QFileDialog.getOpenFileName(
            parent, tr("Open your partner's file"), str(Path.home()), translated(JSON_FILTER)
        )
        return Path(path) if path else None


def status_lines(status: DistanceStatus, partner: str) -> list[str]:
    """Where the person is, as four plain steps, each done or not yet."""
    done, todo = "✓", "○"
    answered = status.chosen or status.sealed_at is not None
    return [
        f"{done if answered else todo} "
        + tr("1. Answer your part alone, and choose what to reveal."),
        f"{done if status.has_partner_key else todo} "
        + tr("2. Exchange first files, and compare fingerprints with {partner}.").format(
            partner=partner
        ),
        f"{done if status.sealed_at else todo} "
        + tr("3. Write your file with your answers, sealed for {partner}.").format(partner=partner),
        f"{done if status.can_reveal else todo} "
        + tr("4. Open {partner}'s file with their answers: then you see both sides.").format(
            partner=partner
        ),
    ]


class DistanceView(QWidget):
    """One person's side of an exercise for two done at a distance."""

    back_to_path = Signal()
    """Return to the home screen."""
    help_requested = Signal()
    """Show help and safety."""

    def __init__(
        self, desk: DistanceDesk, safety: SafetyService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("distance")
        self.desk = desk
        self.safety = safety
        self.player: PlayerView | None = None
        self.reveal_boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack)
        self._build_overview()
        self.choose_page, self.choose_column = self._page()
        self.reveal_page, self.reveal_column = self._page()
        self.answer_page = QWidget()
        QVBoxLayout(self.answer_page).setContentsMargins(0, 0, 0, 0)
        for page in (self.choose_page, self.reveal_page, self.answer_page):
            self.stack.addWidget(page)
        self.refresh()

    # ------------------------------------------------------------------ building
    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page, column = scroll_page(1000)
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(32, 20, 32, 16)
        return page, layout

    def _build_overview(self) -> None:
        page, layout = self._page()
        self.overview_page = page
        header = QHBoxLayout()
        self.path_button = QPushButton(tr("← Your &path"), self)
        self.path_button.setAccessibleName(tr("Back to your path"))
        self.path_button.setAccessibleDescription(tr("Goes back to your home screen."))
        self.path_button.setProperty("role", "flat")
        self.path_button.clicked.connect(self.back_to_path)
        header.addWidget(self.path_button)
        header.addSpacing(12)
        header.addWidget(reading_label(tr("Work at a distance"), role="title"), 1)
        layout.addLayout(header)
        layout.addWidget(reading_label(translated(DISTANCE_INTRO)))
        self.gate_label = reading_label("", role="note")
        layout.addWidget(self.gate_label)
        self.gate_help = QPushButton(tr("Help and safety"), self)
        self.gate_help.setAccessibleDescription(
            tr("Opens help, crisis and support lines, and the private safety check.")
        )
        self.gate_help.clicked.connect(self.help_requested)
        layout.addWidget(self.gate_help, 0, Qt.AlignmentFlag.AlignLeft)

        self.work_box = QWidget(self)
        work = QVBoxLayout(self.work_box)
        work.setContentsMargins(0, 8, 0, 0)
        row = QHBoxLayout()
        self.exercise_label = PlainLabel(tr("&Exercise:"), self.work_box)
        self.exercise_box = QComboBox(self.work_box)
        self.exercise_box.setAccessibleName(tr("Exercise"))
        self.exercise_box.setAccessibleDescription(
            tr("The exercise for two you are doing at a distance.")
        )
        self.exercise_label.setBuddy(self.exercise_box)
        for exercise in self.desk.exercises():
            self.exercise_box.addItem(mnemonic_safe(resolve_text(exercise.title)), exercise.id)
        begun = self.desk.started()
        if begun:
            self.exercise_box.setCurrentIndex(max(0, self.exercise_box.findData(begun[0])))
        self.exercise_box.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addWidget(self.exercise_label)
        row.addWidget(self.exercise_box, 1)
        work.addLayout(row)
        together = [resolve_text(e.title) for e in self.desk.together_only()]
        self.together_label = reading_label(
            translated(TOGETHER_LIST).format(titles=", ".join(together)) if together else "",
            role="muted",
        )
        self.together_label.setVisible(bool(together))
        work.addWidget(self.together_label)
        self.status_label = reading_label("", role="body")
        work.addWidget(self.status_label)
        self.next_label = reading_label("", role="note")
        work.addWidget(self.next_label)
        self.fingerprint_label = reading_label(
            tr("Your fingerprint, to read to your partner: {fingerprint}").format(
                fingerprint=self.desk.fingerprint()
            ),
            role="muted",
        )
        work.addWidget(self.fingerprint_label)
        buttons = QGridLayout()
        self.answer_button = QPushButton(tr("&Answer my part"), self.work_box)
        self.choose_button = QPushButton(tr("Choose what to &reveal"), self.work_box)
        self.write_button = QPushButton(tr("&Write my file…"), self.work_box)
        self.open_button = QPushButton(tr("&Open my partner's file…"), self.work_box)
        self.both_button = QPushButton(tr("See &both sides"), self.work_box)
        self.agreed_button = QPushButton(tr("Write what we a&greed"), self.work_box)
        for index, button in enumerate(
            (
                self.answer_button,
                self.choose_button,
                self.write_button,
                self.open_button,
                self.both_button,
                self.agreed_button,
            )
        ):
            buttons.addWidget(button, index // 2, index % 2)
        for button, description in (
            (self.answer_button, tr("Opens your own part of the exercise, to answer alone.")),
            (self.choose_button, tr("Choose which of your answers your partner may see.")),
            (
                self.write_button,
                tr("Saves the file for your partner, holding only what you chose to reveal."),
            ),
            (self.open_button, tr("Opens the file your partner sent you.")),
            (self.both_button, tr("Shows both people's revealed answers, step by step.")),
            (self.agreed_button, tr("Opens the last steps, to write down what you agreed.")),
        ):
            button.setAccessibleDescription(description)
        self.answer_button.clicked.connect(self.answer)
        self.choose_button.clicked.connect(self.choose)
        self.write_button.clicked.connect(self.write_file)
        self.open_button.clicked.connect(self.open_file)
        self.both_button.clicked.connect(self.show_both)
        self.agreed_button.clicked.connect(self.answer)
        work.addLayout(buttons)
        layout.addWidget(self.work_box)
        layout.addStretch(1)
        self.stack.addWidget(page)

    # ------------------------------------------------------------------ state
    def exercise_id(self) -> str | None:
        """The exercise chosen."""
        value = self.exercise_box.currentData()
        return str(value) if value else None

    def work(self) -> DistanceWork | None:
        """The person's side of the chosen exercise."""
        exercise_id = self.exercise_id()
        return self.desk.work(exercise_id) if exercise_id else None

    def select(self, exercise_id: str) -> None:
        """Show the exercise ``exercise_id``."""
        index = self.exercise_box.findData(exercise_id)
        if index >= 0:
            self.exercise_box.setCurrentIndex(index)

    def refresh(self, *_: object) -> None:
        """Draw the overview anew from the vault."""
        gate = self.desk.gate_message()
        self.gate_label.setText(gate or "")
        self.gate_label.setVisible(gate is not None)
        self.gate_help.setVisible(gate is not None)
        self.work_box.setVisible(gate is None and self.exercise_box.count() > 0)
        work = self.work()
        if gate is not None or work is None:
            return
        status = work.status()
        partner = status.partner or tr("your partner")
        self.status_label.setText("\n".join(status_lines(status, partner)))
        sealed = status.sealed_at is not None
        self.answer_button.setEnabled(not sealed)
        self.answer_button.setVisible(not sealed)
        self.choose_button.setEnabled(not sealed and status.answered > 0)
        self.choose_button.setVisible(not sealed)
        self.both_button.setEnabled(status.can_reveal)
        self.agreed_button.setVisible(status.can_reveal)
        self.next_label.setText(self._next_text(status, partner))

    def _next_text(self, status: DistanceStatus, partner: str) -> str:
        if status.can_reveal:
            return tr(
                "Both sides are here now. Talk them over — a call works — then each of "
                "you writes what you agreed; write your file again so {partner} has it too."
            ).format(partner=partner)
        if status.sealed_at is not None:
            return tr(
                "Your answers are sealed for {partner}. Once you open their file, you see both "
                "sides here."
            ).format(partner=partner)
        if not status.has_partner_key:
            return tr(
                "Your first file introduces you and holds none of your answers. Send it to "
                "your partner, and open theirs when it comes."
            )
        if not status.chosen:
            return tr("Answer your part alone, then choose what to reveal to {partner}.").format(
                partner=partner
            )
        if status.partner_waiting:
            return tr(
                "{partner}'s answers are here, still sealed. Write your file: then you see both "
                "sides."
            ).format(partner=partner)
        return tr("Write your file: it holds the answers you chose to reveal.")

    # ------------------------------------------------------------------ answering
    def answer(self) -> None:
        """Answer one's own part (or, once both sides show, what was agreed) in the player."""
        work = self.work()
        if work is None:
            return
        try:
            walk = work.walk()
        except UserFacingError as exc:
            notifier.warning(exc.message, tr("Answer my part"))
            return
        self._close_player()
        player = PlayerView(walk, self.safety, work.relationship, self.answer_page)
        player.back_to_path.connect(self._answered)
        player.help_requested.connect(self.help_requested)
        layout = self.answer_page.layout()
        assert layout is not None
        layout.addWidget(player)
        self.player = player
        self.stack.setCurrentWidget(self.answer_page)
        player.focus_content()

    def _answered(self) -> None:
        work = self.work()
        player = self.player
        if work is not None and player is not None:
            player.flush()
            if work.status().can_reveal and player.walk.position.at_finish:
                work.finish()
        self._close_player()
        self.stack.setCurrentWidget(self.overview_page)
        self.refresh()

    def _close_player(self) -> None:
        if self.player is not None:
            self.player.close_screen()
            self.player.setParent(None)
            self.player.deleteLater()
            self.player = None

    # ------------------------------------------------------------------ choosing
    def choose(self) -> None:
        """Choose what to reveal: every answer ticked, untick any to keep it private."""
        work = self.work()
        if work is None:
            return
        layout = self.choose_column
        _clear(layout)
        layout.addWidget(reading_label(tr("Choose what to reveal"), role="title"))
        partner = work.partner or tr("your partner")
        layout.addWidget(
            reading_label(
                tr(
                    "Everything is ticked to reveal to {partner}. Untick anything you'd rather "
                    "keep to yourself: {partner} will see only that you kept something private. "
                    "Revealing is for {partner} alone: it never shares anything with a "
                    "counsellor. Once your file with your answers is written, this stays as it "
                    "is."
                ).format(partner=partner)
            )
        )
        self.reveal_boxes = {}
        for step in work.answered_steps():
            prompt = _prompt(step, work)
            box = QCheckBox(mnemonic_safe(prompt), self.choose_page)
            box.setChecked(work.will_reveal(step.id))
            box.setAccessibleName(tr("Reveal your answer to: {prompt}").format(prompt=prompt))
            box.toggled.connect(lambda checked, i=step.id: self._on_reveal(i, checked))
            layout.addWidget(box)
            self.reveal_boxes[step.id] = box
        row = QHBoxLayout()
        back = QPushButton(tr("&Back"), self.choose_page)
        back.clicked.connect(self._to_overview)
        done = QPushButton(tr("&Done choosing"), self.choose_page)
        done.clicked.connect(self.done_choosing)
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(done)
        layout.addLayout(row)
        layout.addStretch(1)
        self.done_button = done
        self.stack.setCurrentWidget(self.choose_page)

    def _on_reveal(self, step_id: str, checked: bool) -> None:
        work = self.work()
        if work is not None:
            work.set_reveal(step_id, checked)

    def done_choosing(self) -> None:
        """Choices made: the file can hold the answers now."""
        work = self.work()
        if work is not None:
            work.confirm_choices()
        self._to_overview()

    def _to_overview(self) -> None:
        self.stack.setCurrentWidget(self.overview_page)
        self.refresh()

    # ------------------------------------------------------------------ files
    def write_file(self) -> None:
        """Write the file for the partner: an introduction first, then the answers."""
        work = self.work()
        if work is None:
            return
        title = tr("Write my file")
        path = DistanceFiles.ask_save_path(self, neutral_file_name("partner", ".json"))
        if path is None:
            return
        try:
            written = work.write_file(path)
        except UserFacingError as exc:
            notifier.warning(exc.message, title)
            return
        partner = written.partner or tr("your partner")
        if written.kind is FileKind.INTRODUCTION:
            text = tr(
                "Saved. This first file introduces you: it holds none of your answers. Send it "
                "to your partner, and read them your fingerprint by phone or in person: "
                "{fingerprint}. Once you have opened their first file, write yours again: it "
                "will hold your answers, sealed for them."
            ).format(fingerprint=self.desk.fingerprint())
        elif written.opened_waiting:
            text = ngettext(
                "Saved: {n} answer, sealed for {partner}. Their answers were here already, "
                "so both sides show now. Send them the file.",
                "Saved: {n} answers, sealed for {partner}. Their answers were here already, "
                "so both sides show now. Send them the file.",
                written.revealed,
            ).format(n=written.revealed, partner=partner)
        else:
            text = ngettext(
                "Saved: {n} answer, sealed for {partner}; only their profile can open it. "
                "Send them the file any way you like.",
                "Saved: {n} answers, sealed for {partner}; only their profile can open it. "
                "Send them the file any way you like.",
                written.revealed,
            ).format(n=written.revealed, partner=partner)
        notifier.info(text, title)
        self.refresh()

    def open_file(self) -> None:
        """Open a file from the partner (its exercise is the one it names)."""
        title = tr("Open my partner's file")
        path = DistanceFiles.ask_open_path(self)
        if path is None:
            return
        try:
            opened = accepting_first_sender(self, lambda accept: self.desk.open_file(path, accept))
        except UserFacingError as exc:
            notifier.warning(exc.message, title)
            return
        if opened is None:
            return
        self.select(opened.exercise_id)
        if opened.kind is FileKind.INTRODUCTION:
            text = tr("{partner}'s keys are kept: your file for them can hold your answers now.")
        elif opened.waiting:
            text = tr(
                "{partner}'s answers are here, still sealed: you see both sides once you have "
                "written your own file."
            )
        else:
            text = tr("{partner}'s answers are here: you can both see both sides now.")
        notifier.info(text.format(partner=opened.partner), title)
        self.refresh()

    # ------------------------------------------------------------------ the reveal
    def show_both(self) -> None:
        """Both sides, step by step, side by side."""
        work = self.work()
        if work is None:
            return
        layout = self.reveal_column
        _clear(layout)
        layout.addWidget(reading_label(tr("Both sides"), role="title"))
        for row in work.reveal_rows():
            prompt = _prompt(row.step, work)
            layout.addWidget(reading_label(prompt, role="prompt"))
            grid = QGridLayout()
            grid.setHorizontalSpacing(24)
            for column, cell in enumerate(row.cells):
                other = row.cells[1 - column].name
                grid.addWidget(_card(work, row.step, cell, other), 0, column)
                grid.setColumnStretch(column, 1)
            layout.addLayout(grid)
        layout.addWidget(
            reading_label(
                tr(
                    "Take turns, on a call, saying what you notice. There is no need to agree; "
                    "it is enough to understand each other a little better."
                ),
                role="muted",
            )
        )
        back = QPushButton(tr("&Back"), self.reveal_page)
        back.clicked.connect(self._to_overview)
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.stack.setCurrentWidget(self.reveal_page)

    # ------------------------------------------------------------------ Screen
    def focus_content(self) -> None:
        """Focus the exercise list (or the first thing to read)."""
        if self.work_box.isVisible():
            self.exercise_box.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.path_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def flush(self) -> None:
        """Write what the player holds."""
        if self.player is not None:
            self.player.flush()

    def close_screen(self) -> None:
        """Let the player go (its answers are written first)."""
        self._close_player()


def _prompt(step: AnyStep, work: DistanceWork) -> str:
    wording = getattr(step, "prompt", None) or step.title
    return resolve_text(wording, work.relationship) or step.id


def _card(work: DistanceWork, step: AnyStep, cell: RevealCell, other: str) -> QFrame:
    card = QFrame()
    card.setProperty("role", "card")
    card.setAccessibleName(tr("{name}'s answer").format(name=cell.name))
    layout = QVBoxLayout(card)
    name = PlainLabel(cell.name, card)
    name.setObjectName("stageTitle")
    layout.addWidget(name)
    if cell.state is CellState.SHOWN:
        text, role = answer_text(work.exercise, step, cell.value, work.relationship), "body"
    elif cell.state is CellState.KEPT_PRIVATE:
        text, role = tr("Kept private"), "muted"
    elif cell.state is CellState.NOT_ANSWERED:
        text, role = tr("No answer"), "muted"
    else:
        text, role = tr("This question was for {other}.").format(other=other), "muted"
    label = reading_label(text, role=role)
    label.setAccessibleDescription(cell.name)
    layout.addWidget(label)
    layout.addStretch(1)
    return card


def _clear(layout: QLayout) -> None:
    """Take every widget and inner layout out of ``layout`` (a page drawn anew)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
        elif inner is not None:
            _clear(inner)


def build(window: MainWindow, exercise_id: str | None = None) -> DistanceView:
    """The open profile's exercises for two at a distance."""
    services = window.services()
    view = DistanceView(services.distance(), services.safety())
    view.back_to_path.connect(window.show_home)
    view.help_requested.connect(window.show_help)
    if exercise_id:
        view.select(exercise_id)
    return view
