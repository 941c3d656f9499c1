"""One input widget per step kind, all speaking the same small protocol.

Every step widget shows its prompt, emits :attr:`StepWidget.changed` with the new answer value
(already in the stored shape: str, int, list[str] or a commitment dict) on every edit, accepts a
saved value through :meth:`StepWidget.set_value` without emitting, and can put the keyboard
focus on its first input. Widgets never save anything themselves: the player view passes values
on to :class:`trustrepair.services.walk.ExerciseWalk`.

:data:`STEP_WIDGETS` is the window's part of the step-kind registry: one widget per kind, beside
the domain's part in :mod:`trustrepair.domain.step_kinds`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.answers import JSONValue
from trustrepair.domain.enums import Relationship
from trustrepair.domain.exercise import (
    AnyStep,
    ChecklistStep,
    ChoiceStep,
    CommitmentStep,
    ListStep,
    MultiChoiceStep,
    ReadingStep,
    ScaleStep,
    Text,
    TextStep,
    kind_name,
    resolve_text,
)
from trustrepair.domain.step_kinds import step_options, takes_answer
from trustrepair.i18n import tr
from trustrepair.ui.plain import PlainLabel, attach_buddy, mnemonic_safe
from trustrepair.ui.tab_order import follow_layout_order
from trustrepair.ui.widgets.text import limit_width, reading_label


class AltKeysAreShortcuts(QObject):
    """Alt+letter in an answer field is always a shortcut, never typed.

    Next is greyed out until a required step has an answer; its Alt+N then reaches the field
    the person is typing in, and Qt would type an "n" there (which would then enable Next).
    AltGr, which types letters on many keyboards, does not carry the Alt modifier.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow Alt+key (without Ctrl) that would type text."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            modifiers = event.modifiers()
            alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
            ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
            if alt and not ctrl and event.text():
                event.accept()
                return True
        return False


def guard_alt_keys(editor: QWidget) -> None:
    """Let Alt+letter never type into ``editor`` (see :class:`AltKeysAreShortcuts`)."""
    editor.installEventFilter(AltKeysAreShortcuts(editor))


class ClickSlider(QSlider):
    """A slider whose value jumps to where it is clicked (then follows a drag).

    A plain QSlider moves one page toward the click, so a click near "a lot" on a 0–10 scale
    gave 7 instead of 10.
    """

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Jump to the clicked value first, unless the click is on the handle."""
        if event.button() == Qt.MouseButton.LeftButton:
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            style = self.style()
            control = QStyle.ComplexControl.CC_Slider
            handle = style.subControlRect(control, option, QStyle.SubControl.SC_SliderHandle, self)
            point = event.position().toPoint()
            if not handle.contains(point):
                groove = style.subControlRect(
                    control, option, QStyle.SubControl.SC_SliderGroove, self
                )
                span = max(1, groove.width() - handle.width())
                offset = point.x() - groove.x() - handle.width() // 2
                self.setValue(
                    QStyle.sliderValueFromPosition(
                        self.minimum(), self.maximum(), offset, span, option.upsideDown
                    )
                )
        super().mousePressEvent(event)


class StepWidget(QWidget):
    """Base of every step input: a prompt above, the input below."""

    changed = Signal(object)
    """Emitted with the new value after every edit by the person."""

    def __init__(
        self, step: AnyStep, relationship: Relationship | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.step = step
        self.relationship = relationship
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(12)
        prompt = getattr(step, "prompt", None)
        self.prompt_label: QLabel | None = None
        if prompt is not None:
            self.prompt_label = reading_label(self.text(prompt), self, role="prompt")
            self.layout_.addWidget(self.prompt_label)

    def text(self, text: Text | None) -> str:
        """Content wording for this person's relationship."""
        return resolve_text(text, self.relationship)

    @property
    def prompt(self) -> str:
        """The resolved prompt (used for accessible names)."""
        return self.text(getattr(self.step, "prompt", None)) or self.text(self.step.title)

    def needs(self, what: str) -> str:
        """``what`` the control is for, and whether an answer is needed before Next (for its
        accessible description)."""
        if not self.takes_answer:
            return what
        if getattr(self.step, "optional", False):
            return tr("{what} Optional.").format(what=what)
        return tr("{what} An answer is needed before Next.").format(what=what)

    @property
    def takes_answer(self) -> bool:
        """Whether the person answers this step (a reading is only read)."""
        return takes_answer(self.step)

    def value(self) -> JSONValue:
        """The current value, or None when nothing was given yet."""
        return None

    def set_value(self, value: JSONValue) -> None:
        """Show a saved value (does not emit :attr:`changed`)."""

    def focus_first(self) -> None:
        """Put the keyboard focus on the first input."""

    def _emit(self) -> None:
        value = self.value()
        if value is not None:
            self.changed.emit(value)


class ReadingWidget(StepWidget):
    """Text to read; no input."""

    def __init__(
        self, step: ReadingStep, relationship: Relationship | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(step, relationship, parent)
        self.body = reading_label(self.text(step.text), self)
        self.layout_.addWidget(self.body)


class TextWidget(StepWidget):
    """A written answer: a multi-line editor, or a single line when ``multiline`` is false."""

    def __init__(
        self, step: TextStep, relationship: Relationship | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(step, relationship, parent)
        placeholder = self.text(step.placeholder)
        self.editor: QPlainTextEdit | QLineEdit
        if step.multiline:
            editor = QPlainTextEdit(self)
            editor.setPlaceholderText(placeholder)
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(160)
            limit_width(editor, 80)
            editor.textChanged.connect(self._on_edit)
            self.editor = editor
        else:
            line = QLineEdit(self)
            line.setPlaceholderText(placeholder)
            limit_width(line, 80)
            if step.max_chars:
                line.setMaxLength(step.max_chars)
            line.textChanged.connect(self._emit)
            self.editor = line
        self.editor.setAccessibleName(self.prompt)
        self.editor.setAccessibleDescription(
            self.needs(tr("Your answer, in your own words; it is saved as you type."))
        )
        guard_alt_keys(self.editor)
        if self.prompt_label is not None:
            attach_buddy(self.prompt_label, self.editor)
        self.layout_.addWidget(self.editor)

    def _on_edit(self) -> None:
        step = self.step
        assert isinstance(step, TextStep)
        editor = self.editor
        assert isinstance(editor, QPlainTextEdit)
        if step.max_chars and len(editor.toPlainText()) > step.max_chars:
            cursor = editor.textCursor()
            editor.setPlainText(editor.toPlainText()[: step.max_chars])
            cursor.setPosition(step.max_chars)
            editor.setTextCursor(cursor)
            return  # setPlainText emitted textChanged again
        self._emit()

    def value(self) -> JSONValue:
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def set_value(self, value: JSONValue) -> None:
        if not isinstance(value, str):
            return
        self.editor.blockSignals(True)
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(value)
            self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        else:
            self.editor.setText(value)
        self.editor.blockSignals(False)

    def focus_first(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)


class ScaleWidget(StepWidget):
    """A number on a labelled range: a slider, operable with arrow keys, Home and End."""

    def __init__(
        self, step: ScaleStep, relationship: Relationship | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(step, relationship, parent)
        self._answered = False
        self.slider = ClickSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(step.min, step.max)
        self.slider.setValue((step.min + step.max) // 2)
        self.slider.setPageStep(max(1, (step.max - step.min) // 5))
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1 if step.max - step.min <= 20 else 5)
        self.slider.setAccessibleName(self.prompt)
        limit_width(self.slider, 60)
        if self.prompt_label is not None:
            attach_buddy(self.prompt_label, self.slider)
        ends = QHBoxLayout()
        self.min_label = PlainLabel(f"{step.min} · {self.text(step.min_label)}", self)
        self.max_label = PlainLabel(f"{self.text(step.max_label)} · {step.max}", self)
        self.min_label.setProperty("role", "muted")
        self.max_label.setProperty("role", "muted")
        ends.addWidget(self.min_label)
        ends.addStretch(1)
        ends.addWidget(self.max_label)
        self.value_label = PlainLabel(self)
        self.value_label.setProperty("role", "scale-value")
        self.layout_.addWidget(self.slider)
        ends_box = QWidget(self)
        ends_box.setLayout(ends)
        ends.setContentsMargins(0, 0, 0, 0)
        limit_width(ends_box, 60)
        self.layout_.addWidget(ends_box)
        self.layout_.addWidget(self.value_label)
        self.slider.valueChanged.connect(self._on_move)
        self._show_value()

    def _on_move(self) -> None:
        self._answered = True
        self._show_value()
        self._emit()

    def _show_value(self) -> None:
        if self._answered:
            text = tr("Your answer: {value}").format(value=self.slider.value())
        else:
            text = tr("Not answered yet. Move the slider, or use the arrow keys.")
        self.value_label.setText(text)
        ends = tr("From {low} to {high}.").format(
            low=self.min_label.text(), high=self.max_label.text()
        )
        self.slider.setAccessibleDescription(f"{text} {ends}")

    def value(self) -> JSONValue:
        return self.slider.value() if self._answered else None

    def set_value(self, value: JSONValue) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            return
        self.slider.blockSignals(True)
        self.slider.setValue(value)
        self.slider.blockSignals(False)
        self._answered = True
        self._show_value()

    def focus_first(self) -> None:
        self.slider.setFocus(Qt.FocusReason.OtherFocusReason)


class ChoiceWidget(StepWidget):
    """Pick one option (radio buttons; arrow keys move between them)."""

    def __init__(
        self, step: ChoiceStep, relationship: Relationship | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(step, relationship, parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for option in step.options:
            button = QRadioButton(mnemonic_safe(self.text(option.label)), self)
            button.setAccessibleName(self.text(option.label))
            button.setAccessibleDescription(
                self.needs(tr("One answer to: {prompt}").format(prompt=self.prompt))
            )
            self.group.addButton(button)
            self.buttons[option.id] = button
            self.layout_.addWidget(button)
        self.group.buttonToggled.connect(self._on_toggle)

    def _on_toggle(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._emit()

    def value(self) -> JSONValue:
        for option_id, button in self.buttons.items():
            if button.isChecked():
                return option_id
        return None

    def set_value(self, value: JSONValue) -> None:
        button = self.buttons.get(value) if isinstance(value, str) else None
        if button is None:
            return
        self.group.blockSignals(True)
        button.setChecked(True)
        self.group.blockSignals(False)

    def focus_first(self) -> None:
        checked = self.group.checkedButton()
        target = checked or next(iter(self.buttons.values()))
        target.setFocus(Qt.FocusReason.OtherFocusReason)


class CheckboxesWidget(StepWidget):
    """Pick any number: multi-choice options or checklist items, as check boxes."""

    def __init__(
        self,
        step: MultiChoiceStep | ChecklistStep,
        relationship: Relationship | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(step, relationship, parent)
        self.boxes: dict[str, QCheckBox] = {}
        self.exclusive = {option.id for option in step_options(step) if option.exclusive}
        for option in step_options(step):
            box = QCheckBox(mnemonic_safe(self.text(option.label)), self)
            box.setAccessibleName(self.text(option.label))
            box.setAccessibleDescription(
                tr("Tick any that fit: {prompt}").format(prompt=self.prompt)
                if option.id not in self.exclusive
                else tr("Ticking this clears the others: {prompt}").format(prompt=self.prompt)
            )
            box.toggled.connect(lambda checked, oid=option.id: self._on_toggle(oid, checked))
            self.boxes[option.id] = box
            self.layout_.addWidget(box)

    def _on_toggle(self, option_id: str, checked: bool) -> None:
        """A way out ("None of these") clears the other boxes; any other box clears it."""
        if checked:
            clear = (
                [i for i in self.boxes if i != option_id]
                if option_id in self.exclusive
                else list(self.exclusive)
            )
            for other in clear:
                box = self.boxes[other]
                box.blockSignals(True)
                box.setChecked(False)
                box.blockSignals(False)
        self._emit()

    def value(self) -> JSONValue:
        return [option_id for option_id, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: JSONValue) -> None:
        if not isinstance(value, list):
            return
        for option_id, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(option_id in value)
            box.blockSignals(False)

    def focus_first(self) -> None:
        next(iter(self.boxes.values())).setFocus(Qt.FocusReason.OtherFocusReason)


class ListItemsWidget(StepWidget):
    """A growing list of short items: Enter adds the next line, × removes one."""

    def __init__(
        self, step: ListStep, relationship: Relationship | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(step, relationship, parent)
        self.item_label = self.text(step.item_label)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(6)
        self.layout_.addLayout(self.rows_box)
        self.edits: list[QLineEdit] = []
        self.add_button = QPushButton(tr("&Add another"), self)
        self.add_button.setAccessibleName(tr("Add another item"))
        self.add_button.setAccessibleDescription(tr("Adds an empty line at the end of the list."))
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        if step.suggestions:
            hint = PlainLabel(tr("Ideas, if they help (click to add):"), self)
            hint.setProperty("role", "muted")
            self.layout_.addWidget(hint)
            for suggestion in step.suggestions:
                text = self.text(suggestion)
                button = QPushButton(mnemonic_safe(text), self)
                button.setProperty("role", "suggestion")
                button.setAccessibleName(tr("Add the idea: {text}").format(text=text))
                button.setAccessibleDescription(
                    tr("Puts this idea in the first empty line; you can change it there.")
                )
                button.clicked.connect(lambda _=False, t=text: self.add_suggestion(t))
                self.layout_.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_row()

    def add_row(
        self, text: str = "", *, focus: bool = False, after: int | None = None
    ) -> QLineEdit:
        """Add an input line (after row ``after``, or at the end)."""
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(text, row)
        edit.setAccessibleDescription(
            self.needs(tr("One item of the list. Enter adds the next line."))
        )
        guard_alt_keys(edit)
        limit_width(edit, 70)
        remove = QToolButton(row)
        remove.setText("×")
        remove.setToolTip(tr("Remove this item"))
        layout.addWidget(edit, 1)
        layout.addWidget(remove)
        layout.addStretch(0)  # rows stay at the left once the line is as wide as it gets
        index = len(self.edits) if after is None else after + 1
        self.edits.insert(index, edit)
        self.rows_box.insertWidget(index, row)
        self._renumber()
        edit.textChanged.connect(self._emit)
        edit.returnPressed.connect(lambda e=edit: self._on_return(e))
        remove.clicked.connect(lambda _=False, e=edit: self.remove_row(e))
        follow_layout_order(self)  # a new line comes before "Add another", not after it
        if focus:
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return edit

    def remove_row(self, edit: QLineEdit) -> None:
        """Remove one line (the last line is cleared instead, so there is always one)."""
        if len(self.edits) == 1:
            edit.clear()
            return
        index = self.edits.index(edit)
        self.edits.remove(edit)
        self._drop_row(edit)
        self._renumber()
        self.edits[min(index, len(self.edits) - 1)].setFocus(Qt.FocusReason.OtherFocusReason)
        self._emit()

    def add_suggestion(self, text: str) -> None:
        """Put a suggestion in the first empty line, or a new one."""
        empty = next((e for e in self.edits if not e.text().strip()), None)
        if empty is None:
            self.add_row(text)
        else:
            empty.setText(text)
        self._emit()

    def _on_return(self, edit: QLineEdit) -> None:
        if not edit.text().strip():
            return
        index = self.edits.index(edit)
        if index + 1 < len(self.edits) and not self.edits[index + 1].text().strip():
            self.edits[index + 1].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.add_row(focus=True, after=index)

    def _drop_row(self, edit: QLineEdit) -> None:
        row = edit.parentWidget()
        if row is not None:
            self.rows_box.removeWidget(row)
            row.hide()
            row.deleteLater()

    def _renumber(self) -> None:
        for number, edit in enumerate(self.edits, start=1):
            name = f"{self.item_label} {number}"
            edit.setAccessibleName(name)
            edit.setPlaceholderText(name)
            row = edit.parentWidget()
            remove = row.findChild(QToolButton) if row is not None else None
            if remove is not None:
                remove.setAccessibleName(tr("Remove {name}").format(name=name))

    def value(self) -> JSONValue:
        return [e.text().strip() for e in self.edits if e.text().strip()]

    def set_value(self, value: JSONValue) -> None:
        if not isinstance(value, list):
            return
        while len(self.edits) > 1:
            self._drop_row(self.edits.pop())
        items = [str(v) for v in value] or [""]
        self.edits[0].blockSignals(True)
        self.edits[0].setText(items[0])
        self.edits[0].blockSignals(False)
        for item in items[1:]:
            edit = self.add_row()
            edit.blockSignals(True)
            edit.setText(item)
            edit.blockSignals(False)

    def focus_first(self) -> None:
        empty = next((e for e in self.edits if not e.text().strip()), self.edits[-1])
        empty.setFocus(Qt.FocusReason.OtherFocusReason)


class CommitmentWidget(StepWidget):
    """A promise: its text, an optional date (or none), and whether it was kept."""

    def __init__(
        self,
        step: CommitmentStep,
        relationship: Relationship | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(step, relationship, parent)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(self.text(step.placeholder))
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(110)
        self.editor.setAccessibleName(self.prompt)
        self.editor.setAccessibleDescription(
            self.needs(tr("The promise, in your own words; it is saved as you type."))
        )
        guard_alt_keys(self.editor)
        limit_width(self.editor, 80)
        if self.prompt_label is not None:
            attach_buddy(self.prompt_label, self.editor)
        self.layout_.addWidget(self.editor)
        self.has_date = QCheckBox(tr("Keep it by a &date"), self)
        self.has_date.setAccessibleName(tr("Keep it by a date"))
        self.has_date.setAccessibleDescription(
            tr("Ticked, the promise has a date, and reminds you when it comes.")
        )
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setAccessibleName(tr("The date to keep it by"))
        self.date.setAccessibleDescription(
            tr("Year, month and day: the arrow keys change them; Alt+Down opens a calendar.")
        )
        # A promise that asks "by when?" starts with its date chosen, as far ahead as it says.
        dated = step.with_date and step.default_days is not None
        self.date.setDate(QDate.currentDate().addDays(step.default_days or 7))
        self.has_date.setChecked(dated)
        self.date.setEnabled(dated)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        if step.with_date:
            self.layout_.addLayout(date_row)
        else:
            self.has_date.hide()
            self.date.hide()
        self.date.setMinimumDate(QDate.currentDate())  # a promise is for days to come
        later = PlainLabel(
            tr(
                "When the date comes, mark it kept or missed, or talk it over: on your home "
                "screen, or in Promises (File menu). Each change is kept with its date."
            ),
            self,
        )
        later.setWordWrap(True)
        later.setProperty("role", "muted")
        limit_width(later, 80)
        self.layout_.addWidget(later)
        self._legacy_kept: bool | None = None
        self._default_date = dated
        self.editor.textChanged.connect(self._emit)
        self.has_date.toggled.connect(self._on_date_toggle)
        self.date.dateChanged.connect(self._emit)

    def _on_date_toggle(self, checked: bool) -> None:
        self.date.setEnabled(checked)
        self._emit()

    def value(self) -> JSONValue:
        date = (
            self.date.date().toString("yyyy-MM-dd")
            if self.step_with_date and self.has_date.isChecked()
            else None
        )
        # Whether it was kept is a dated change in the promise ledger, never part of the answer.
        return {"text": self.editor.toPlainText(), "date": date, "kept": self._legacy_kept}

    @property
    def step_with_date(self) -> bool:
        """Whether this commitment offers a date."""
        return bool(getattr(self.step, "with_date", True))

    def set_value(self, value: JSONValue) -> None:
        if not isinstance(value, dict):
            return
        widgets: list[Any] = [self.editor, self.has_date, self.date]
        for widget in widgets:
            widget.blockSignals(True)
        self.editor.setPlainText(str(value.get("text", "")))
        date = value.get("date")
        parsed = QDate.fromString(date, "yyyy-MM-dd") if isinstance(date, str) else QDate()
        # A saved promise with no date yet keeps the offered one (until the person clears it).
        keep_default = self._default_date and not date and not value.get("text")
        self.has_date.setChecked(parsed.isValid() or keep_default)
        self.date.setEnabled(parsed.isValid() or keep_default)
        if parsed.isValid():
            # A promise made earlier keeps its date, even once that day has gone by.
            self.date.setMinimumDate(min(parsed, QDate.currentDate()))
            self.date.setDate(parsed)
        kept = value.get("kept")
        self._legacy_kept = kept if isinstance(kept, bool) else None
        for widget in widgets:
            widget.blockSignals(False)

    def focus_first(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)


StepWidgetFactory = Callable[[Any, Relationship | None, QWidget | None], StepWidget]
"""Builds the widget of one step kind: ``factory(step, relationship, parent)``."""

S = TypeVar("S", bound=AnyStep)


def _widget(
    model: type[S], factory: Callable[[S, Relationship | None, QWidget | None], StepWidget]
) -> tuple[str, StepWidgetFactory]:
    """One registry entry; the type checker proves ``factory`` takes ``model``'s steps."""
    return kind_name(model), factory


STEP_WIDGETS: Mapping[str, StepWidgetFactory] = dict(
    [
        _widget(ReadingStep, ReadingWidget),
        _widget(TextStep, TextWidget),
        _widget(ScaleStep, ScaleWidget),
        _widget(ChoiceStep, ChoiceWidget),
        _widget(MultiChoiceStep, CheckboxesWidget),
        _widget(ChecklistStep, CheckboxesWidget),
        _widget(ListStep, ListItemsWidget),
        _widget(CommitmentStep, CommitmentWidget),
    ]
)
"""The input widget of every step kind, keyed like
:data:`trustrepair.domain.step_kinds.STEP_REGISTRY` (a test proves no kind lacks one)."""


def make_step_widget(
    step: AnyStep, relationship: Relationship | None, parent: QWidget | None = None
) -> StepWidget:
    """The widget for ``step``'s kind."""
    return STEP_WIDGETS[step.kind](step, relationship, parent)
