"""Prepare an assignment: choose exercises (stage, who for and how shown), put them in order,
give each a note, a date and what opens it, and attach exercises you wrote.

Everything is checked by :class:`~trustrepair.services.counsel_desk.CounsellorDesk` as it is
added: a custom exercise file with a problem is refused at once with ``file:line`` messages,
and a date that has passed cannot be chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.counsel import AssignedExercise
from trustrepair.domain.exercise import Exercise
from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr
from trustrepair.services import assignments, counsel
from trustrepair.services.counsel_desk import CounsellorDesk
from trustrepair.ui.dialogs.assignment_plan import (
    ID_ROLE,
    EntryCard,
    PlanEntry,
    exercise_list,
    library_item,
    plan_item,
    retell,
    show_matching,
)
from trustrepair.ui.dialogs.counsel_files import CounselFiles
from trustrepair.ui.plain import PlainLabel, tooltip
from trustrepair.ui.screen_fit import FittingDialog
from trustrepair.ui.widgets.text import reading_label


@dataclass(frozen=True)
class AssignmentRequest:
    """What the dialog was asked to write."""

    client: str
    exercises: list[AssignedExercise]
    custom_sources: list[tuple[str, str]]


SaveAssignment = Callable[[QWidget, AssignmentRequest], str | None]
"""Writes the file a request describes, asking over the given dialog: None once it is
written; otherwise what to say (empty when the person cancelled), and the dialog stays open
with everything in it."""


class AssignmentDialog(FittingDialog):
    """Choose a client label and exercises, in order, each with a note, a date and what
    opens it."""

    def __init__(
        self,
        desk: CounsellorDesk,
        client: str | None = None,
        parent: QWidget | None = None,
        save: SaveAssignment | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self._save = save
        self.plan: list[PlanEntry] = []
        self._attached: dict[str, Exercise] = {}
        self._sources: dict[str, tuple[str, str]] = {}
        """Attached exercise files by exercise id: ``(name, YAML text)``."""
        self.setWindowTitle(tr("Prepare an assignment"))
        self.resize(1000, 660)
        layout = QVBoxLayout(self)
        layout.addWidget(
            reading_label(
                tr(
                    "Add exercises from the library, or ones you wrote, and put them in the "
                    "order you suggest. Each can have a note, a date to aim for, and open only "
                    "once the one before it is done. The file holds nothing anyone wrote; it "
                    "is not encrypted."
                ),
                role="muted",
            )
        )
        row = QHBoxLayout()
        label = PlainLabel(tr("&Client label:"), self)
        self.client_edit = QLineEdit(self)
        self.client_edit.setPlaceholderText(tr("How you name this client, e.g. Sam R."))
        self.client_edit.setAccessibleName(tr("Client label"))
        self.client_edit.setAccessibleDescription(
            tr("How you name this client; it goes in the file, which is not encrypted.")
        )
        completer = QCompleter(desk.labels(), self.client_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.client_edit.setCompleter(completer)
        label.setBuddy(self.client_edit)
        row.addWidget(label)
        row.addWidget(self.client_edit, 1)
        layout.addLayout(row)
        if client:
            self.client_edit.setText(client)

        body = QHBoxLayout()
        body.addLayout(self._library_column(), 1)
        body.addLayout(self._plan_column(), 1)
        layout.addLayout(body, 1)

        self.error_label = reading_label("", role="note")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("&Save the file…"))
        ok.setAccessibleDescription(tr("Asks where to save the assignment file, then saves it."))
        buttons.accepted.connect(self.save_file)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill_library()
        self._show_entry()

    # ------------------------------------------------------------------ building
    def _library_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        heading = PlainLabel(tr("&Library"), self)
        heading.setProperty("role", "subtitle")
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText(tr("Find an exercise by title or stage"))
        self.find_edit.setAccessibleName(tr("Find an exercise"))
        self.find_edit.setAccessibleDescription(tr("Only exercises that match stay in the list."))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(self._filter_library)
        heading.setBuddy(self.find_edit)
        column.addWidget(heading)
        column.addWidget(self.find_edit)
        self.library_list = exercise_list(self, tr("Exercises to choose from"))
        self.library_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.library_list.setAccessibleDescription(
            tr("Choose one or more; Enter or Add puts them in the assignment.")
        )
        self.library_list.itemActivated.connect(lambda _item: self.add_selected())
        column.addWidget(self.library_list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("&Add to the assignment →"), self)
        self.add_button.setAccessibleDescription(
            tr("Puts the chosen exercises at the end of the assignment.")
        )
        self.add_button.clicked.connect(self.add_selected)
        self.attach_button = QPushButton(tr("Attach an &exercise you wrote…"), self)
        self.attach_button.setToolTip(tooltip(tr("An exercise you wrote, in the exercise format")))
        self.attach_button.clicked.connect(self.attach_from_file)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.attach_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        return column

    def _plan_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        heading = PlainLabel(tr("This assignment, &in order"), self)
        heading.setProperty("role", "subtitle")
        self.plan_list = exercise_list(self, tr("Exercises in this assignment, in order"))
        self.plan_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.plan_list.setAccessibleDescription(
            tr("Choose one to move it, remove it, or give it a note and a date below.")
        )
        self.plan_list.currentRowChanged.connect(lambda _row: self._show_entry())
        heading.setBuddy(self.plan_list)
        column.addWidget(heading)
        self.empty_label = reading_label(
            tr("Nothing added yet: choose exercises on the left and press Add."), role="muted"
        )
        column.addWidget(self.empty_label)
        column.addWidget(self.plan_list, 1)
        moves = QHBoxLayout()
        self.up_button = QPushButton(tr("Move &up"), self)
        self.up_button.setAccessibleDescription(tr("Moves the chosen exercise one place earlier."))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QPushButton(tr("Move do&wn"), self)
        self.down_button.setAccessibleDescription(tr("Moves the chosen exercise one place later."))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button = QPushButton(tr("&Remove"), self)
        self.remove_button.setAccessibleDescription(
            tr("Takes the chosen exercise out of the assignment.")
        )
        self.remove_button.clicked.connect(self.remove_current)
        for button in (self.up_button, self.down_button, self.remove_button):
            moves.addWidget(button)
        moves.addStretch(1)
        column.addLayout(moves)

        self.entry_box = EntryCard(self.desk.day(), self)
        self.entry_box.edited.connect(self._entry_edited)
        self.note_edit, self.due_box = self.entry_box.note_edit, self.entry_box.due_box
        self.due_edit, self.after_box = self.entry_box.due_edit, self.entry_box.after_box
        column.addWidget(self.entry_box)
        return column

    def _fill_library(self) -> None:
        self.library_list.clear()
        exercises = [e for e in self.desk.library.ordered() if not e.safety_check]
        exercises += [e for e in self._attached.values() if e not in exercises]
        for exercise in exercises:
            facts = assignments.exercise_facts(exercise)
            if exercise.id in self._attached:
                facts += " · " + tr("attached now")
            elif counsel.is_custom(self.desk.library, exercise.id):
                facts += " · " + tr("written by you")
            self.library_list.addItem(library_item(exercise, facts))
        self._filter_library(self.find_edit.text())

    def _filter_library(self, text: str) -> None:
        show_matching(self.library_list, text)

    # ------------------------------------------------------------------ the plan
    def _exercise(self, exercise_id: str) -> Exercise | None:
        return self._attached.get(exercise_id) or self.desk.library.get(exercise_id)

    def choose(
        self,
        exercise_id: str,
        note: str = "",
        due: str | None = None,
        *,
        after_previous: bool = False,
    ) -> None:
        """Add one exercise to the end of the assignment (or change it if it is there)."""
        exercise = self._exercise(exercise_id)
        if exercise is None:
            raise KeyError(exercise_id)
        entry = PlanEntry(exercise_id, exercise.title, note, due, after_previous)
        index = next((i for i, e in enumerate(self.plan) if e.exercise_id == exercise_id), None)
        if index is None:
            self.plan.append(entry)
            index = len(self.plan) - 1
        else:
            self.plan[index] = entry
        self._show_plan(index)

    def add_selected(self) -> None:
        """Add the exercises selected in the library (Enter or double-click does it too)."""
        chosen = [str(item.data(ID_ROLE)) for item in self.library_list.selectedItems()]
        current = self.library_list.currentItem()
        if not chosen and current is not None:
            chosen = [str(current.data(ID_ROLE))]
        for exercise_id in chosen:
            if all(e.exercise_id != exercise_id for e in self.plan):
                self.choose(exercise_id)

    def attach(self, path: Path) -> bool:
        """Attach a custom exercise file, checked now; True when it was added."""
        try:
            exercise, name, text = self.desk.check_custom(path)
        except UserFacingError as error:
            self._say(tr("This exercise file cannot be attached:") + "\n" + str(error))
            return False
        self._sources[exercise.id] = (name, text)
        self._attached[exercise.id] = exercise
        self._fill_library()
        self.choose(exercise.id)
        self.error_label.hide()
        return True

    def attach_from_file(self) -> None:
        """Ask for an exercise file and attach it."""
        path = CounselFiles.ask_exercise_path(self)
        if path is not None:
            self.attach(path)

    def move_current(self, step: int) -> None:
        """Move the chosen exercise up (-1) or down (+1) in the order."""
        row = self.plan_list.currentRow()
        target = row + step
        if not (0 <= row < len(self.plan) and 0 <= target < len(self.plan)):
            return
        self.plan[row], self.plan[target] = self.plan[target], self.plan[row]
        self._show_plan(target)

    def remove_current(self) -> None:
        """Take the chosen exercise out of the assignment."""
        row = self.plan_list.currentRow()
        if 0 <= row < len(self.plan):
            del self.plan[row]
            self._show_plan(min(row, len(self.plan) - 1))

    def _show_plan(self, current: int) -> None:
        self.plan_list.blockSignals(True)
        self.plan_list.clear()
        for position in range(len(self.plan)):
            self.plan_list.addItem(plan_item(self.plan, position))
        self.plan_list.setCurrentRow(current)
        self.plan_list.blockSignals(False)
        self._show_entry()

    def _show_entry(self) -> None:
        """Fill the editor with the chosen exercise's note, date and opening."""
        row = self.plan_list.currentRow()
        has = 0 <= row < len(self.plan)
        self.empty_label.setVisible(not self.plan)
        self.entry_box.setEnabled(has)
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(has)
        if not has:
            return
        self.entry_box.show_entry(self.plan[row], row)

    def _entry_edited(self, *_args: object) -> None:
        row = self.plan_list.currentRow()
        if not 0 <= row < len(self.plan):
            return
        self.plan[row] = self.entry_box.edited_entry(self.plan[row], row)
        item = self.plan_list.item(row)
        if item is not None:
            retell(item, self.plan, row)

    # ------------------------------------------------------------------ the result
    def chosen(self) -> list[AssignedExercise]:
        """The exercises in order, with their notes, dates and what opens each."""
        return [
            AssignedExercise(
                entry.exercise_id,
                entry.note.strip(),
                entry.due,
                self.plan[i - 1].exercise_id if entry.after_previous and i > 0 else None,
            )
            for i, entry in enumerate(self.plan)
        ]

    def request(self) -> AssignmentRequest:
        """What to write: the label, the exercises, the attached files."""
        used = [e.exercise_id for e in self.plan if e.exercise_id in self._sources]
        label = counsel.tidy_label(self.client_edit.text())
        return AssignmentRequest(label, self.chosen(), [self._sources[i] for i in used])

    def problem(self) -> str | None:
        """What still stops saving, in plain words, or None."""
        if not counsel.tidy_label(self.client_edit.text()):
            return tr("Please give the client a label.")
        items = self.chosen()
        if not items:
            return tr("Please add at least one exercise.")
        for item in items:
            try:
                self.desk.check_due(item.due)
            except UserFacingError as error:
                return str(error)
        return None

    def _say(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def save_file(self) -> None:
        """Save the file…: say what stops it, or write it (with ``save``) and close."""
        problem = self.problem()
        if problem is not None:
            self._say(problem)
            return
        if self._save is not None:
            outcome = self._save(self, self.request())
            if outcome is not None:
                if outcome:
                    self._say(outcome)
                return
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        desk: CounsellorDesk,
        client: str | None = None,
        save: SaveAssignment | None = None,
    ) -> AssignmentRequest | None:
        """What was written (with ``save``: only once it says so), or None when cancelled."""
        dialog = cls(desk, client, parent, save)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.request()
        finally:
            dialog.deleteLater()
