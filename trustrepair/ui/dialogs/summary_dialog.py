"""The Summary dialog: choose what goes on paper, then preview, print or save it.

The dialog only reads its controls and calls :class:`SummaryService` and
:mod:`trustrepair.ui.printing`; file and print dialogs go through small classmethods
(:meth:`SummaryDialog.ask_save_path`, :meth:`SummaryDialog.ask_print`,
:meth:`SummaryDialog.show_preview`) that tests replace.

A long history must not make the dialog slow to open: the tree holds one row per exercise,
and an exercise's answer rows are made when it is opened (an answer left out is always one
the person saw and unticked). Saving runs behind a progress window with Cancel: the summary
is built and rendered in a worker thread, and a PDF is laid out and painted in a process of
its own (:mod:`trustrepair.ui.pdf_job`), because Qt's layout holds the interpreter lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.enums import Stage
from trustrepair.errors import UserFacingError
from trustrepair.i18n import N_, tr, translated
from trustrepair.reports.context import Item, Paper, StageSection, SummaryContext
from trustrepair.reports.environment import render_html, render_html_pieces
from trustrepair.reports.kinds import SUMMARY_KINDS, SummaryKind
from trustrepair.services.summary import SummaryRequest, SummaryService
from trustrepair.ui import printing
from trustrepair.ui.file_names import neutral_file_name
from trustrepair.ui.pdf_job import write_pdf_apart
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.screen_fit import FittingDialog, fit_on_screen
from trustrepair.ui.worker import Task

log = logging.getLogger(__name__)

PAPER_TITLES: dict[Paper, str] = {Paper.A4: "A4", Paper.LETTER: "Letter"}

NOT_ENCRYPTED_WARNING = (
    "Please note: a printed or saved summary is not encrypted. Anyone who finds the paper or "
    "the file can read it. Keep it somewhere safe, and shred or delete it when you are done."
)

KEY_ROLE = Qt.ItemDataRole.UserRole
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1
PRIVATE_ROLE = Qt.ItemDataRole.UserRole + 2
"""True on the private safety check: unticked until the person ticks it."""
SNIPPET_CHARS = 70


class SummaryDialog(FittingDialog):
    """Choose a kind of summary, what it includes and the paper; preview, print or save."""

    def __init__(self, service: SummaryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(tr("Summary"))
        self.setAccessibleName(tr("Summary"))
        self.resize(640, 620)

        self.kind_combo = QComboBox()
        for kind in SUMMARY_KINDS.values():
            self.kind_combo.addItem(tr(kind.label), kind.name)
        self.kind_combo.setAccessibleName(tr("Kind of summary"))
        self.kind_combo.setAccessibleDescription(
            tr("Who the summary is for; the line below says what it includes.")
        )
        self.kind_help = PlainLabel()
        self.kind_help.setWordWrap(True)
        self.kind_help.setAccessibleName(tr("What this kind of summary includes"))

        self.paper_combo = QComboBox()
        for paper in Paper:
            self.paper_combo.addItem(tr(PAPER_TITLES[paper]), paper.value)
        self.paper_combo.setAccessibleName(tr("Paper size"))
        self.paper_combo.setAccessibleDescription(tr("The paper the summary is printed on."))

        form = QFormLayout()
        kind_label = PlainLabel(tr("&Kind:"))
        kind_label.setBuddy(self.kind_combo)
        paper_label = PlainLabel(tr("Pape&r:"))
        paper_label.setBuddy(self.paper_combo)
        form.addRow(kind_label, self.kind_combo)
        form.addRow("", self.kind_help)
        form.addRow(paper_label, self.paper_combo)

        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(tr("Stages, exercises and answers to include"))
        self.tree.setAccessibleDescription(
            tr("Press Space to include or leave out the selected stage, exercise or answer.")
        )
        tree_label = PlainLabel(tr("&Include (untick anything you want to leave out):"))
        tree_label.setBuddy(self.tree)
        self.description_box = QCheckBox(tr("Also print my private d&escription of what happened"))
        self.description_box.setAccessibleName(tr("Also print my private description"))
        self.description_box.setAccessibleDescription(
            tr("Off unless you tick it: what you wrote about what happened stays off paper.")
        )

        self.warning = PlainLabel(tr(NOT_ENCRYPTED_WARNING))
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName(tr("Not encrypted"))
        self.warning.setProperty("role", "warning")

        self.status = PlainLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(tr("Result"))

        self.preview_button = QPushButton(tr("Pre&view…"))
        self.print_button = QPushButton(tr("&Print…"))
        self.pdf_button = QPushButton(tr("Save as P&DF…"))
        self.html_button = QPushButton(tr("Save as HT&ML…"))
        self.close_button = QPushButton(tr("Close"))
        for button, name, description in (
            (self.preview_button, N_("Preview the summary"), N_("Shows the pages first.")),
            (self.print_button, N_("Print the summary"), N_("Opens the printer's window.")),
            (
                self.pdf_button,
                N_("Save the summary as a PDF file"),
                N_("Asks where to save it; the file is not encrypted."),
            ),
            (
                self.html_button,
                N_("Save the summary as an HTML file"),
                N_("Asks where to save it; the file is not encrypted."),
            ),
            (self.close_button, N_("Close"), N_("Closes this window.")),
        ):
            button.setAccessibleName(translated(name))
            button.setAccessibleDescription(translated(description))
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.pdf_button, self.html_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(tree_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.description_box)
        layout.addWidget(self.warning)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self._unopened: dict[str, tuple[Item, ...] | None] = {}  # exercise id -> its items
        self.tree.itemExpanded.connect(self._open_row)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_summary)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.html_button.clicked.connect(self.save_html)
        self.close_button.clicked.connect(self.reject)
        self._kind_changed()

    # ------------------------------------------------------------------ seams for tests
    @classmethod
    def ask_save_path(
        cls, parent: QWidget, caption: str, suggested: str, file_filter: str
    ) -> Path | None:
        """Ask where to save (None when the person cancels)."""
        name, _ = QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)
        return Path(name) if name else None

    @classmethod
    def ask_print(cls, printer: QPrinter, parent: QWidget) -> bool:
        """Show the system print dialog; True when the person chose to print."""
        return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted

    @classmethod
    def show_preview(cls, printer: QPrinter, paint: object, parent: QWidget) -> None:
        """Show the print preview; ``paint(printer)`` draws the pages."""
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(tr("Preview"))
        fit_on_screen(dialog)
        dialog.paintRequested.connect(paint)
        dialog.exec()

    # ------------------------------------------------------------------ state
    @property
    def kind(self) -> SummaryKind:
        """The kind of summary chosen."""
        return SUMMARY_KINDS[self.kind_combo.currentData()]

    @property
    def paper(self) -> Paper:
        """The paper size chosen."""
        return Paper(self.paper_combo.currentData())

    def set_kind(self, kind: SummaryKind) -> None:
        """Choose a kind (as the person would with the combo box)."""
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.name))

    def set_paper(self, paper: Paper) -> None:
        """Choose a paper size."""
        self.paper_combo.setCurrentIndex(self.paper_combo.findData(paper.value))

    def request(self) -> SummaryRequest:
        """The summary as chosen: kind, paper, ticked stages and exercises, answers left out."""
        stages: set[Stage] = set()
        exercises: set[str] = set()
        leave_out: set[str] = set()
        orphans_chosen = False
        with_check = False
        for stage_item in _children(self.tree.invisibleRootItem()):
            stage_value = stage_item.data(0, KEY_ROLE)
            for exercise_item in _children(stage_item):
                for answer_item in _children(exercise_item):
                    if answer_item.checkState(0) == Qt.CheckState.Unchecked:
                        leave_out.add(answer_item.data(0, KEY_ROLE))
                if exercise_item.checkState(0) != Qt.CheckState.Unchecked:
                    exercises.add(exercise_item.data(0, KEY_ROLE))
                    with_check = with_check or bool(exercise_item.data(0, PRIVATE_ROLE))
                    if stage_value:
                        stages.add(Stage(stage_value))
                    else:
                        orphans_chosen = True  # answers to exercises no longer in the library
        return SummaryRequest(
            kind=self.kind,
            paper=self.paper,
            stages=None if orphans_chosen else frozenset(stages),
            exercise_ids=frozenset(exercises),
            leave_out=frozenset(leave_out),
            with_safety_check=with_check,
            with_description=self.description_box.isVisible() and self.description_box.isChecked(),
        )

    def tree_items(self) -> dict[str, QTreeWidgetItem]:
        """Every exercise and answer row by key (``exercise_id`` or ``exercise_id/step_id``).

        Answer rows not made yet (their exercise was never opened) are made now.
        """
        for row in self._exercise_rows():
            self._make_answer_rows(row)
        found: dict[str, QTreeWidgetItem] = {}
        stack = _children(self.tree.invisibleRootItem())
        while stack:
            item = stack.pop()
            if item.data(0, LEVEL_ROLE) in ("exercise", "answer"):
                found[item.data(0, KEY_ROLE)] = item
            stack.extend(_children(item))
        return found

    # ------------------------------------------------------------------ slots
    def _kind_changed(self) -> None:
        self.kind_help.setText(tr(self.kind.includes))
        self.description_box.setChecked(False)
        self.description_box.setVisible(self.kind.draws_on.description)
        self._fill_tree(self.service.outline(self.kind, former_counted=True))
        self.status.clear()

    def _exercise_rows(self) -> list[QTreeWidgetItem]:
        return [
            row for stage in _children(self.tree.invisibleRootItem()) for row in _children(stage)
        ]

    def _open_row(self, row: QTreeWidgetItem) -> None:
        if row.data(0, LEVEL_ROLE) == "exercise":
            self._make_answer_rows(row)

    def _make_answer_rows(self, row: QTreeWidgetItem) -> None:
        """The answer rows of one exercise, ticked as the exercise is (once)."""
        key = row.data(0, KEY_ROLE)
        if key not in self._unopened:
            return
        items = self._unopened.pop(key)
        if items is None:  # an exercise no longer in the library: read when opened
            items = self.service.former_items(key)
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

    def _fill_tree(self, outline: tuple[StageSection, ...]) -> None:
        self.tree.clear()
        self._unopened.clear()
        tristate = Qt.ItemFlag.ItemIsAutoTristate | Qt.ItemFlag.ItemIsUserCheckable
        with_status = self.kind.draws_on.progress
        for section in outline:
            stage_item = QTreeWidgetItem([section.title])
            stage_item.setData(0, KEY_ROLE, section.stage.value if section.stage else "")
            stage_item.setData(0, LEVEL_ROLE, "stage")
            stage_item.setFlags(stage_item.flags() | tristate)
            self.tree.addTopLevelItem(stage_item)
            for ex in section.exercises:
                label = ex.title
                if with_status:
                    label = f"{ex.title} ({ex.status})"
                ex_item = QTreeWidgetItem(stage_item, [label])
                ex_item.setData(0, KEY_ROLE, ex.id)
                ex_item.setData(0, LEVEL_ROLE, "exercise")
                ex_item.setFlags(ex_item.flags() | tristate)
                ex_item.setData(0, PRIVATE_ROLE, ex.private_check)
                # The private safety check goes on paper only once the person ticks it.
                ticked = Qt.CheckState.Unchecked if ex.private_check else Qt.CheckState.Checked
                ex_item.setCheckState(0, ticked)
                # Answer rows are made when the row is first opened.
                self._unopened[ex.id] = ex.items if section.stage is not None else None
                ex_item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            stage_item.setExpanded(True)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        has_any = self.tree.topLevelItemCount() > 0 or self.kind.printable_when_empty
        for button in (self.preview_button, self.print_button, self.pdf_button, self.html_button):
            button.setEnabled(has_any)
        if not has_any:
            self.status.setText(tr("There is nothing for this kind of summary yet."))

    def _render_for_qt(self) -> tuple[str, SummaryContext]:
        context = replace(self.service.build(self.request()), for_qt=True)
        return render_html(context), context

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(printing.page_layout(self.paper))
        return printer

    def _paint(self, printer: QPrinter) -> None:
        html, context = self._render_for_qt()
        printing.paint_on(html, printer, _footer(context))

    def preview(self) -> None:
        """Show the summary as it will print."""
        try:
            self.show_preview(self._printer(), self._paint, self)
        except UserFacingError as exc:
            self.status.setText(exc.message)

    def print_summary(self) -> None:
        """Print through the system print dialog."""
        printer = self._printer()
        if not self.ask_print(printer, self):
            return
        try:
            self._paint(printer)
        except UserFacingError as exc:
            self.status.setText(exc.message)
            return
        self.status.setText(tr("Sent to the printer."))

    def save_pdf(self) -> None:
        """Save as a PDF file where the person chooses (in the background, with Cancel)."""
        path = self.ask_save_path(
            self, tr("Save summary as PDF"), self._suggested(".pdf"), tr("PDF files (*.pdf)")
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        request = self.request()
        service = self.service

        def work(task: Task) -> int:
            context = replace(service.build(request), for_qt=True)
            task.report(0, 0)

            def pieces() -> Iterator[str]:
                for piece in render_html_pieces(context):
                    task.report(0, 0)  # Cancel is heard while the summary renders, too
                    yield piece

            return write_pdf_apart(
                pieces(),
                path,
                request.paper,
                title=context.title,
                footer_text=_footer(context),
                progress=task.report,
            )

        self._in_background(work, path)

    def save_html(self) -> None:
        """Save as a standalone HTML file where the person chooses (in the background)."""
        path = self.ask_save_path(
            self, tr("Save summary as HTML"), self._suggested(".html"), tr("Web pages (*.html)")
        )
        if path is None:
            return
        if path.suffix.lower() not in (".html", ".htm"):
            path = path.with_name(path.name + ".html")
        request = self.request()
        service = self.service

        def work(task: Task) -> None:
            task.report(0, 0)
            service.save_html(request, path)

        self._in_background(work, path)

    def _in_background(self, work: Callable[[Task], object], path: Path) -> None:
        """Run ``work`` behind a progress window; say how it ended in the status line."""
        from trustrepair.ui.transfer_actions import ProgressWork

        outcome = ProgressWork.run(self, tr("Summary"), tr("Making the summary…"), work)
        if outcome.error is not None:
            self.status.setText(outcome.error.message)
        elif outcome.cancelled:
            self.status.setText(tr("Cancelled: nothing was saved."))
        elif outcome.done:
            self._saved(path)

    def _saved(self, path: Path) -> None:
        self.status.setText(
            tr("Saved to {path}. This file is not encrypted.").format(path=str(path))
        )

    def _suggested(self, suffix: str) -> str:
        return neutral_file_name("summary", suffix)


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for c in (item.child(i) for i in range(item.childCount())) if c is not None]


def _footer(context: SummaryContext) -> str:
    return f"{context.title} · {context.profile_name}"


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
