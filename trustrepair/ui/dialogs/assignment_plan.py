"""The assignment being made, in parts: its entries, the rows its two lists show, and the
card that edits the chosen entry's note, date to aim for and what opens it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from trustrepair.domain.exercise import Exercise
from trustrepair.i18n import tr
from trustrepair.ui.plain import PlainLabel, tooltip
from trustrepair.ui.widgets.exercise_delegate import (
    FACTS_ROLE,
    SUMMARY_ROLE,
    TITLE_ROLE,
    ExerciseDelegate,
)

ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class PlanEntry:
    """One exercise of the assignment being made."""

    exercise_id: str
    title: str
    note: str = ""
    due: str | None = None
    after_previous: bool = False


def exercise_list(parent: QWidget, name: str) -> QListWidget:
    """A list that wraps its rows to its width: nothing cut off, no sideways scrolling."""
    widget = QListWidget(parent)
    widget.setAccessibleName(name)
    widget.setItemDelegate(ExerciseDelegate(widget))
    widget.setWordWrap(True)
    widget.setUniformItemSizes(False)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    widget.setResizeMode(QListWidget.ResizeMode.Adjust)
    return widget


def library_item(exercise: Exercise, facts: str) -> QListWidgetItem:
    """A library row: the exercise's title, summary and facts (stage, who for, how shown)."""
    item = QListWidgetItem(exercise.title)
    item.setData(ID_ROLE, exercise.id)
    item.setData(TITLE_ROLE, exercise.title)
    item.setData(SUMMARY_ROLE, exercise.summary)
    item.setData(FACTS_ROLE, facts)
    item.setData(
        Qt.ItemDataRole.AccessibleTextRole,
        f"{exercise.title}. {exercise.summary}. {facts}.",
    )
    item.setToolTip(tooltip(exercise.summary))
    return item


def entry_facts(plan: list[PlanEntry], position: int) -> str:
    """What a row of the plan says under its title: its date and what opens it."""
    entry = plan[position]
    facts = []
    if entry.due:
        facts.append(tr("aim for {day}").format(day=entry.due))
    if entry.after_previous and position > 0:
        facts.append(tr("opens after {title}").format(title=plan[position - 1].title))
    return " · ".join(facts) or tr("no date")


def plan_item(plan: list[PlanEntry], position: int) -> QListWidgetItem:
    """A row of the plan: its place in the order, the title, the note and the facts."""
    entry = plan[position]
    facts = entry_facts(plan, position)
    item = QListWidgetItem(f"{position + 1}. {entry.title}")
    item.setData(ID_ROLE, entry.exercise_id)
    item.setData(TITLE_ROLE, f"{position + 1}. {entry.title}")
    item.setData(SUMMARY_ROLE, entry.note)
    item.setData(FACTS_ROLE, facts)
    item.setData(
        Qt.ItemDataRole.AccessibleTextRole,
        f"{position + 1}. {entry.title}. {facts}. {entry.note}",
    )
    return item


def retell(item: QListWidgetItem, plan: list[PlanEntry], position: int) -> None:
    """Bring a row of the plan up to date with its edited note, date and opening."""
    item.setData(SUMMARY_ROLE, plan[position].note)
    item.setData(FACTS_ROLE, entry_facts(plan, position))


def show_matching(widget: QListWidget, text: str) -> None:
    """Hide the rows whose title and facts do not hold ``text`` (any case and spacing)."""
    needle = " ".join(text.split()).casefold()
    for row in range(widget.count()):
        item = widget.item(row)
        haystack = f"{item.data(TITLE_ROLE)} {item.data(FACTS_ROLE)}".casefold()
        item.setHidden(bool(needle) and needle not in haystack)


class EntryCard(QFrame):
    """The chosen entry's note, the date to aim for (none before ``today``) and whether it
    opens only once the one before it is done."""

    edited = Signal()
    """The person changed the note, the date or the opening."""

    def __init__(self, today: date, parent: QWidget) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        grid = QGridLayout(self)
        note_label = PlainLabel(tr("&Note for this exercise:"), self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setAccessibleName(tr("Note for this exercise"))
        self.note_edit.setAccessibleDescription(
            tr("Optional: shown to the client with this exercise.")
        )
        self.note_edit.setPlaceholderText(tr("Optional: what to keep in mind, shown with it"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(parent.fontMetrics().lineSpacing() * 5)
        self.note_edit.textChanged.connect(self.edited)
        note_label.setBuddy(self.note_edit)
        self.due_box = QCheckBox(tr("Aim for a &date:"), self)
        self.due_box.setAccessibleDescription(
            tr("Ticked, the client sees the date you aim for; nothing is enforced.")
        )
        self.due_edit = QDateEdit(self)
        self.due_edit.setAccessibleDescription(
            tr("Year, month and day: the arrow keys change them; Alt+Down opens a calendar.")
        )
        self.due_edit.setAccessibleName(tr("Date to aim for"))
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        self.due_edit.setMinimumDate(QDate(today.year, today.month, today.day))
        self.due_edit.setDate(QDate(today.year, today.month, today.day).addDays(7))
        self.due_box.toggled.connect(lambda _on: self.edited.emit())
        self.due_edit.dateChanged.connect(lambda _d: self.edited.emit())
        self.after_box = QCheckBox(tr("Opens once the one &before it is done"), self)
        self.after_box.setAccessibleDescription(
            tr("Ticked, the client can open it only after finishing the one before.")
        )
        self.after_box.toggled.connect(lambda _on: self.edited.emit())
        grid.addWidget(note_label, 0, 0, 1, 2)
        grid.addWidget(self.note_edit, 1, 0, 1, 2)
        grid.addWidget(self.due_box, 2, 0)
        grid.addWidget(self.due_edit, 2, 1)
        grid.addWidget(self.after_box, 3, 0, 1, 2)
        grid.setColumnStretch(1, 1)

    def show_entry(self, entry: PlanEntry, position: int) -> None:
        """Fill the editors with ``entry`` (at ``position`` in the order), quietly."""
        editors = (self.note_edit, self.due_box, self.due_edit, self.after_box)
        for widget in editors:
            widget.blockSignals(True)
        self.note_edit.setPlainText(entry.note)
        self.due_box.setChecked(entry.due is not None)
        if entry.due is not None:
            day = date.fromisoformat(entry.due)
            self.due_edit.setDate(QDate(day.year, day.month, day.day))
        self.due_edit.setEnabled(entry.due is not None)
        self.after_box.setChecked(entry.after_previous and position > 0)
        self.after_box.setEnabled(position > 0)
        for widget in editors:
            widget.blockSignals(False)

    def edited_entry(self, entry: PlanEntry, position: int) -> PlanEntry:
        """``entry`` as the editors now say it is."""
        self.due_edit.setEnabled(self.due_box.isChecked())
        due = self.due_edit.date().toString("yyyy-MM-dd") if self.due_box.isChecked() else None
        return replace(
            entry,
            note=self.note_edit.toPlainText(),
            due=due,
            after_previous=self.after_box.isChecked() and position > 0,
        )
