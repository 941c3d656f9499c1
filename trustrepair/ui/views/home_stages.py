"""Home's stages: each stage's card, and the list of its exercises that opens one with a
single click or Enter, keeping the page's scrolling to itself."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QFocusEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.answers import Status
from trustrepair.domain.enums import STAGE_BLURBS, STAGE_TITLES
from trustrepair.i18n import N_, Marked, ngettext, tr, translated
from trustrepair.services.overview import ExerciseEntry, StageOverview
from trustrepair.services.safety import JointAccess
from trustrepair.ui.plain import PlainLabel, tooltip
from trustrepair.ui.widgets.exercise_delegate import (
    DIMMED_ROLE,
    FACTS_ROLE,
    SUMMARY_ROLE,
    TITLE_ROLE,
    ExerciseDelegate,
)
from trustrepair.ui.widgets.text import reading_label

STATUS_TITLES: dict[Status, Marked] = {
    Status.NOT_STARTED: N_("Not started"),
    Status.IN_PROGRESS: N_("In progress"),
    Status.COMPLETED: N_("Done"),
}

LOCKED_FACTS: dict[JointAccess, Marked] = {
    JointAccess.CHECK_NEEDED: N_("opens after the safety check"),
    JointAccess.UNAVAILABLE: N_("not available"),
}
"""Why an exercise for two is locked, in its row; anything else reads "closed for now"."""

ENTRY_ROLE = Qt.ItemDataRole.UserRole
LOCKED_ROLE = Qt.ItemDataRole.UserRole + 1


class StageList(QListWidget):
    """The exercises of one stage: arrow keys move, Enter or a single click opens, no
    scrolling of its own (the page scrolls to follow the highlight).

    The highlight shows only while the list has the keyboard, so one exercise on the page at
    most looks chosen; Tab into a list highlights its first exercise.
    """

    highlight_moved = Signal(QRect)
    """The highlighted exercise's place, in this list's coordinates (for the page to follow)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setSpacing(2)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setItemDelegate(ExerciseDelegate(self))
        self._fitted_width = -1
        self.currentRowChanged.connect(self._follow)

    def _follow(self, row: int) -> None:
        item = self.item(row)
        if item is not None and self.hasFocus():
            rect = self.visualItemRect(item)
            self.highlight_moved.emit(rect.translated(self.viewport().pos()))

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Highlight the current exercise (the first, the first time), and show it."""
        super().focusInEvent(event)
        if self.count():
            if self.currentRow() < 0:
                self.setCurrentRow(0)
            current = self.currentItem()
            if current is not None:
                current.setSelected(True)
            self._follow(self.currentRow())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """The first click already opened the exercise: a double click opens nothing more."""
        event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """The highlight goes with the keyboard."""
        super().focusOutEvent(event)
        self.clearSelection()

    def fit_height(self) -> None:
        """Grow to show every row, so the page scrolls as a whole."""
        self._fitted_width = self.width()
        self.doItemsLayout()
        height = sum(self.sizeHintForRow(i) + 2 * self.spacing() for i in range(self.count()))
        self.setFixedHeight(height + 2 * self.frameWidth() + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Rows wrap differently at a new width: measure them again."""
        super().resizeEvent(event)
        if event.size().width() != self._fitted_width:
            self.fit_height()


def exercise_item(entry: ExerciseEntry, access: JointAccess) -> QListWidgetItem:
    """A row of a stage: mark, title, summary and facts; a locked one dimmed, saying why."""
    exercise = entry.exercise
    status = translated(STATUS_TITLES[entry.status])
    facts = ngettext(
        "{minutes} min · {status}", "{minutes} min · {status}", exercise.minutes
    ).format(minutes=exercise.minutes, status=status)
    if exercise.mode.is_joint:
        facts += " · " + tr("for two people")
    if entry.locked:
        facts += " · " + translated(LOCKED_FACTS.get(access, N_("closed for now")))
    mark = {"completed": "✓", "in_progress": "◐"}.get(entry.status.value, "○")
    if entry.locked:
        mark = "⊘"
    item = QListWidgetItem(f"{mark}  {exercise.title}\n{exercise.summary}\n{facts}")
    item.setData(ENTRY_ROLE, exercise.id)
    item.setData(LOCKED_ROLE, entry.locked)
    item.setData(TITLE_ROLE, f"{mark}  {exercise.title}")
    item.setData(SUMMARY_ROLE, exercise.summary)
    item.setData(FACTS_ROLE, facts)
    item.setData(DIMMED_ROLE, entry.locked)
    item.setToolTip(tooltip(exercise.summary))
    item.setData(
        Qt.ItemDataRole.AccessibleTextRole, f"{exercise.title}. {status}. {exercise.summary}"
    )
    item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, facts)
    if entry.locked:
        item.setForeground(Qt.GlobalColor.gray)
    return item


def stage_card(
    number: int, stage: StageOverview, access: JointAccess
) -> tuple[QFrame, StageList | None]:
    """One stage: its title, how much is done, its blurb and the list of its exercises
    (None when it has none yet), each row read as ``access`` allows."""
    card = QFrame()
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setSpacing(8)
    title = translated(STAGE_TITLES[stage.stage])
    heading = QHBoxLayout()
    stage_title = PlainLabel(f"{number}. {title}", card)
    stage_title.setObjectName("stageTitle")
    heading.addWidget(stage_title)
    heading.addStretch(1)
    count = PlainLabel(
        tr("{done} of {total} done").format(done=stage.completed, total=stage.total), card
    )
    count.setProperty("role", "muted")
    heading.addWidget(count)
    layout.addLayout(heading)
    layout.addWidget(
        reading_label(translated(STAGE_BLURBS[stage.stage]), role="muted", selectable=False)
    )
    if not stage.entries:
        layout.addWidget(
            reading_label(tr("No exercises here for you yet."), role="muted", selectable=False)
        )
        return card, None
    stage_list = StageList(card)
    stage_list.setAccessibleName(
        tr("{stage}: {done} of {total} done").format(
            stage=title, done=stage.completed, total=stage.total
        )
    )
    stage_list.setAccessibleDescription(
        tr("The exercises of this stage: the arrow keys choose one, Enter opens it.")
    )
    for entry in stage.entries:
        stage_list.addItem(exercise_item(entry, access))
    layout.addWidget(stage_list)
    return card, stage_list
