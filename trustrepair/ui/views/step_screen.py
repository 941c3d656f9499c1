"""What the one-person player and the two-person session share: a step-by-step screen.

:class:`StepScreen` builds the chrome both show (a centred column, the title, the save status
and step count, the progress bar, the page area and Back/Next), saves typing after a pause,
and draws the parts of a page both draw: an exercise's introduction, a step's answer widget,
its "More about this step" toggle. Each subclass keeps only what differs: its header buttons,
its pages, and where an answer goes (:meth:`stage` and :meth:`flush`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.answers import JSONValue
from trustrepair.domain.dates import format_date
from trustrepair.domain.enums import MODEL_TITLES, Relationship
from trustrepair.domain.exercise import AnyStep, Exercise, Text, resolve_text
from trustrepair.errors import disk_reason
from trustrepair.i18n import N_, ngettext, tr, translated
from trustrepair.services import notifier
from trustrepair.services.walk import QuotedAnswer
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.widgets.step_nav import StepNav, empty_layout, scrolling_page
from trustrepair.ui.widgets.steps import StepWidget, make_step_widget
from trustrepair.ui.widgets.text import centered_column, reading_label

ANSWER_HINT = N_("Answer this one when you are ready, then go on.")


NOT_SAVED = N_(
    "What you wrote could not be saved yet: {why}. It is kept here in the window, and saved "
    "as soon as it can be: please make some room on the disk (or check it), and stay on this "
    "page until it says Saved."
)


class StepScreen(QWidget):
    """The shared frame of a screen that walks an exercise one page at a time."""

    AUTOSAVE_DELAY_MS = 300
    """How long typing may pause before pending answers are written (tests set 0)."""

    def __init__(self, relationship: Relationship, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.relationship = relationship
        self.step_widget: StepWidget | None = None
        self.help_toggle: QPushButton | None = None
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(self.AUTOSAVE_DELAY_MS)
        self.autosave.timeout.connect(self.flush)
        self._told_not_saved = False

    # ------------------------------------------------------------------ for subclasses
    def stage(self, step_id: str, value: JSONValue) -> None:
        """Keep ``value`` as the pending answer to ``step_id`` (written by :meth:`flush`)."""
        raise NotImplementedError

    def flush(self) -> None:
        """Write pending answers now (autosave timer, step change, close, lock, quick-hide)."""
        raise NotImplementedError

    def _update_chrome(self) -> None:
        """Bring the header, progress and Back/Next up to date with the page shown."""
        raise NotImplementedError

    # ------------------------------------------------------------------ building
    def _build_frame(self, width: int, spacing: int) -> tuple[QVBoxLayout, QHBoxLayout]:
        """The column, its header row (with the title) and the progress bar.

        Returns the column's layout, for the subclass to add to, and the header row.
        """
        frame = QVBoxLayout(self)
        frame.setContentsMargins(0, 0, 0, 0)
        body_outer, body = centered_column(width)
        frame.addWidget(body_outer)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(32, 20, 32, 16)
        outer.setSpacing(spacing)
        header = QHBoxLayout()
        self.title_label = PlainLabel(self._exercise().title, self)
        self.title_label.setProperty("role", "header-title")
        self.saved_label = PlainLabel(self)
        self.saved_label.setProperty("role", "saved")
        self.saved_label.setAccessibleName(tr("Save status"))
        self.step_label = PlainLabel(self)
        self.step_label.setProperty("role", "muted")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.setAccessibleName(tr("Progress through this exercise"))
        self.progress.valueChanged.connect(self._describe_progress)
        self._describe_progress(0)
        return outer, header

    def _describe_progress(self, value: int) -> None:
        self.progress.setAccessibleDescription(
            tr("{percent}% of the way through").format(percent=round(value / 10))
        )

    def _build_pages(self, outer: QVBoxLayout, pages: list[QWidget]) -> list[QScrollArea]:
        """The page area (each page scrolls) and Back/Next below it; returns the scroll areas."""
        self.pages = QStackedWidget(self)
        areas = [scrolling_page(page) for page in pages]
        for area in areas:
            self.pages.addWidget(area)
        outer.addWidget(self.pages, 1)
        nav = StepNav(self, self.go_back, self.go_next)
        self.back_button = nav.back_button
        self.hint_label = nav.hint_label
        self.next_button = nav.next_button
        outer.addLayout(nav)
        return areas

    def go_back(self) -> None:
        """The previous page."""
        raise NotImplementedError

    def go_next(self) -> None:
        """The next page."""
        raise NotImplementedError

    def _exercise(self) -> Exercise:
        raise NotImplementedError

    # ------------------------------------------------------------------ drawing
    def _text(self, text: Text | None) -> str:
        return resolve_text(text, self.relationship)

    @staticmethod
    def _clear(page: QWidget) -> QVBoxLayout:
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        empty_layout(layout)
        return layout

    def _add_intro_heading(self, layout: QVBoxLayout, *, joint: bool) -> None:
        """The exercise's title, then how long it takes (for two people, if ``joint``) and
        the models it follows."""
        exercise = self._exercise()
        layout.addWidget(reading_label(exercise.title, role="title"))
        models = ", ".join(translated(MODEL_TITLES[m]) for m in exercise.models)
        minutes = exercise.minutes
        facts = (
            ngettext(
                "For two people · about {minutes} minute · Grounded in: {models}",
                "For two people · about {minutes} minutes · Grounded in: {models}",
                minutes,
            )
            if joint
            else ngettext(
                "About {minutes} minute · Grounded in: {models}",
                "About {minutes} minutes · Grounded in: {models}",
                minutes,
            )
        )
        layout.addWidget(reading_label(facts.format(minutes=minutes, models=models), role="muted"))

    def _add_paragraphs(self, layout: QVBoxLayout, text: Text | None) -> None:
        """``text`` for this relationship, one label per paragraph."""
        for paragraph in self._text(text).split("\n\n"):
            layout.addWidget(reading_label(paragraph.strip()))

    def _add_safety_note(self, layout: QVBoxLayout) -> None:
        """The exercise's own safety note, if it has one."""
        safety = self._exercise().safety
        if safety is not None:
            note = reading_label(self._text(safety), role="note")
            note.setAccessibleName(tr("Safety note"))
            layout.addWidget(note)

    def _add_step(self, layout: QVBoxLayout, step: AnyStep, value: JSONValue) -> StepWidget:
        """The step's answer widget (from the step kinds' factory), showing ``value``."""
        widget = make_step_widget(step, self.relationship)
        widget.set_value(value)
        widget.changed.connect(self._on_changed)
        self.step_widget = widget
        layout.addWidget(widget)
        return widget

    def _add_quote(self, layout: QVBoxLayout, quoted: QuotedAnswer) -> None:
        """An earlier answer, read-only, above the field that refers to it."""
        box = QFrame()
        box.setProperty("role", "card")
        box.setObjectName("quote")
        box_layout = QVBoxLayout(box)
        prompt = self._text(getattr(quoted.step, "prompt", None) or quoted.step.title)
        if quoted.from_previous:
            heading = tr("Last time ({date}), you wrote:").format(
                date=format_date(quoted.started_at)
            )
        else:
            heading = tr("Earlier in this exercise ({prompt}), you wrote:").format(prompt=prompt)
        box_layout.addWidget(reading_label(heading, role="muted"))
        text = self._quote_text(quoted)
        label = reading_label(text)
        label.setAccessibleName(heading + " " + text)
        box_layout.addWidget(label)
        layout.addWidget(box)

    def _quote_text(self, quoted: QuotedAnswer) -> str:
        from trustrepair.domain.answers import Answer
        from trustrepair.domain.step_kinds import answer_as_text
        from trustrepair.services.summary import describe_answer

        answer = Answer(self._exercise().id, quoted.step.id, quoted.value)
        item = describe_answer(self._exercise(), quoted.step, answer, self.relationship)
        return answer_as_text(item, with_status=False)

    def _add_step_help(self, layout: QVBoxLayout, step: AnyStep) -> None:
        """ "More about this step", opening the step's help text, if it has one."""
        self.help_toggle = None
        if step.help is None:
            return
        help_label = reading_label(self._text(step.help), role="help")
        help_label.setVisible(False)
        toggle = QPushButton(tr("More about this step (&?)"))
        toggle.setProperty("role", "link")
        toggle.setCheckable(True)
        toggle.setAccessibleName(tr("More about this step"))
        toggle.setAccessibleDescription(tr("Shows or hides a few more words about this step."))
        toggle.toggled.connect(help_label.setVisible)
        self.help_toggle = toggle
        layout.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(help_label)

    def _set_next(self, caption: str, enabled: bool) -> None:
        """Next's caption, whether it can be pressed now, and the hint when it cannot."""
        self.next_button.setText(caption)
        self.next_button.setAccessibleName(caption.replace("&", ""))
        self.next_button.setEnabled(enabled)
        self.next_button.setDefault(True)
        self.hint_label.setText("" if enabled else translated(ANSWER_HINT))

    # ------------------------------------------------------------------ saving
    def _on_changed(self, value: JSONValue) -> None:
        if self.step_widget is None:
            return
        self.stage(self.step_widget.step.id, value)
        self.saved_label.setText(tr("Saving…"))
        self.autosave.start(self.AUTOSAVE_DELAY_MS)
        self._update_chrome()

    def _show_saved(self) -> None:
        self.saved_label.setText(tr("Saved"))

    def _written(self, write: Callable[[], object]) -> bool:
        """Run ``write``; a disk that refuses it (full, read-only, failing) is said plainly
        once, not taken for a bug. What was typed stays in the window and pending, and the
        next save tries again. False when it was not written."""
        try:
            write()
        except Exception as exc:
            why = disk_reason(exc, with_path=False)
            if why is None:
                raise
            self.saved_label.setText(tr("Not saved yet"))
            if not self._told_not_saved:
                self._told_not_saved = True
                notifier.warning(translated(NOT_SAVED).format(why=why), tr("Not saved yet"))
            return False
        self._told_not_saved = False
        return True

    def _focus_step(self) -> bool:
        """Focus the step's first input; False when the page has none (a reading, no step)."""
        if self.step_widget is not None and self.step_widget.takes_answer:
            self.step_widget.focus_first()
            return True
        return False
