"""The Summary dialog's tree: stages, exercises and answers, each ticked to go on paper.

A long history must not make the dialog slow to open: the tree holds one row per exercise,
and an exercise's answer rows are made when it is opened (an answer left out is always one
the person saw and unticked). The exercises no longer in the library (most of a long
history) are one section row until it is opened: ticked, it stands for them all.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from trustrepair.i18n import tr
from trustrepair.reports.context import ExerciseSection, Item, StageSection

KEY_ROLE = Qt.ItemDataRole.UserRole
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1
PRIVATE_ROLE = Qt.ItemDataRole.UserRole + 2
"""True on the private safety check: unticked until the person ticks it."""
SNIPPET_CHARS = 70


class SummaryTree(QTreeWidget):
    """Stages, their exercises and (once opened) their answers, each with a tick."""

    def __init__(self, former_items: Callable[[str], tuple[Item, ...]]) -> None:
        """``former_items(exercise_id)``: the answers of an exercise no longer in the library,
        read when its row is first opened."""
        super().__init__()
        self.former_items = former_items
        self._unopened: dict[str, tuple[Item, ...] | None] = {}  # exercise id -> its items
        self._former_row: QTreeWidgetItem | None = None  # the section of former exercises
        self._former: tuple[ExerciseSection, ...] = ()  # its exercises, until it is opened
        self._with_status = False
        self.setHeaderHidden(True)
        self.setAccessibleName(tr("Stages, exercises and answers to include"))
        self.setAccessibleDescription(
            tr("Press Space to include or leave out the selected stage, exercise or answer.")
        )
        self.itemExpanded.connect(self._open_row)

    def fill(self, outline: tuple[StageSection, ...], *, with_status: bool) -> None:
        """One row per stage and exercise of ``outline``, ticked (the safety check not);
        an exercise's answer rows are made when it is first opened, and the exercises no
        longer in the library when their section is."""
        self.clear()
        self._unopened.clear()
        self._former_row = None
        self._former = ()
        self._with_status = with_status
        tristate = Qt.ItemFlag.ItemIsAutoTristate | Qt.ItemFlag.ItemIsUserCheckable
        for section in outline:
            stage_item = QTreeWidgetItem([section.title])
            stage_item.setData(0, KEY_ROLE, section.stage.value if section.stage else "")
            stage_item.setData(0, LEVEL_ROLE, "stage")
            stage_item.setFlags(stage_item.flags() | tristate)
            self.addTopLevelItem(stage_item)
            if section.stage is None:
                # Former exercises: their rows are made when the section is first opened.
                self._former_row, self._former = stage_item, section.exercises
                stage_item.setCheckState(0, Qt.CheckState.Checked)
                stage_item.setChildIndicatorPolicy(
                    QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator
                )
                continue
            for ex in section.exercises:
                self._exercise_row(stage_item, ex, items=ex.items)
            stage_item.setExpanded(True)
        first = self.topLevelItem(0)
        if first is not None:
            self.setCurrentItem(first)

    def former_chosen(self) -> tuple[str, ...]:
        """The former exercises their still unopened section row stands for, when ticked."""
        row = self._former_row
        if not self._former or row is None or row.checkState(0) == Qt.CheckState.Unchecked:
            return ()
        return tuple(ex.id for ex in self._former)

    def _exercise_row(
        self, parent: QTreeWidgetItem, ex: ExerciseSection, *, items: tuple[Item, ...] | None
    ) -> QTreeWidgetItem:
        """An exercise's row; its answer rows (``items``, or read when None) when opened."""
        label = f"{ex.title} ({ex.status})" if self._with_status else ex.title
        ex_item = QTreeWidgetItem(parent, [label])
        ex_item.setData(0, KEY_ROLE, ex.id)
        ex_item.setData(0, LEVEL_ROLE, "exercise")
        tristate = Qt.ItemFlag.ItemIsAutoTristate | Qt.ItemFlag.ItemIsUserCheckable
        ex_item.setFlags(ex_item.flags() | tristate)
        ex_item.setData(0, PRIVATE_ROLE, ex.private_check)
        # The private safety check goes on paper only once the person ticks it.
        ticked = Qt.CheckState.Unchecked if ex.private_check else Qt.CheckState.Checked
        ex_item.setCheckState(0, ticked)
        self._unopened[ex.id] = items
        ex_item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        return ex_item

    def make_former_rows(self) -> None:
        """The rows of the exercises no longer in the library, ticked as their section is
        (once); their answers are read when each is opened."""
        row, former = self._former_row, self._former
        if row is None or not former:
            return
        self._former = ()
        ticked = row.checkState(0)
        if ticked == Qt.CheckState.PartiallyChecked:
            ticked = Qt.CheckState.Checked
        for ex in former:
            self._exercise_row(row, ex, items=None).setCheckState(0, ticked)
        row.setChildIndicatorPolicy(
            QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless
        )

    def rows_by_key(self) -> dict[str, QTreeWidgetItem]:
        """Every exercise and answer row by key (``exercise_id`` or ``exercise_id/step_id``).

        Rows not made yet (their exercise or section was never opened) are made now.
        """
        self.make_former_rows()
        for row in self.exercise_rows():
            self.make_answer_rows(row)
        found: dict[str, QTreeWidgetItem] = {}
        stack = children(self.invisibleRootItem())
        while stack:
            item = stack.pop()
            if item.data(0, LEVEL_ROLE) in ("exercise", "answer"):
                found[item.data(0, KEY_ROLE)] = item
            stack.extend(children(item))
        return found

    def exercise_rows(self) -> list[QTreeWidgetItem]:
        """Every exercise row, in order."""
        return [row for stage in children(self.invisibleRootItem()) for row in children(stage)]

    def _open_row(self, row: QTreeWidgetItem) -> None:
        if row.data(0, LEVEL_ROLE) == "exercise":
            self.make_answer_rows(row)
        elif row.data(0, LEVEL_ROLE) == "stage" and not row.data(0, KEY_ROLE):
            self.make_former_rows()  # the section of exercises no longer in the library

    def make_answer_rows(self, row: QTreeWidgetItem) -> None:
        """The answer rows of one exercise, ticked as the exercise is (once)."""
        key = row.data(0, KEY_ROLE)
        if key not in self._unopened:
            return
        items = self._unopened.pop(key)
        if items is None:  # an exercise no longer in the library: read when opened
            items = self.former_items(key)
        ticked = row.checkState(0)
        if ticked == Qt.CheckState.PartiallyChecked:
            ticked = Qt.CheckState.Checked
        made = []
        for item in items:
            answer_item = QTreeWidgetItem([_answer_label(item)])
            answer_item.setData(0, KEY_ROLE, item.key)
            answer_item.setData(0, LEVEL_ROLE, "answer")
            answer_item.setFlags(answer_item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            answer_item.setCheckState(0, ticked)
            made.append(answer_item)
        row.addChildren(made)  # all at once, each already ticked as the exercise is
        row.setChildIndicatorPolicy(
            QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless
        )


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The children of ``item``, in order."""
    return [c for c in (item.child(i) for i in range(item.childCount())) if c is not None]


def _answer_label(item: Item) -> str:
    """A short label for an answer row: its heading or prompt, not the answer itself."""
    label = item.heading or item.prompt or item.key
    label = " ".join(label.split())
    if len(label) > SNIPPET_CHARS:
        label = label[: SNIPPET_CHARS - 1] + "…"
    if item.author:
        # As the printed agreement labels it: whose words they are, never read as one's own.
        return tr("{label} · Written by {name}").format(label=label, name=item.author)
    return label
