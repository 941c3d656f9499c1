"""The Summary dialog: choose what goes on paper, then preview, print or save it.

The dialog only reads its controls and calls :class:`SummaryService` and
:mod:`trustrepair.ui.printing`; file and print dialogs go through small classmethods
(:meth:`SummaryDialog.ask_save_path`, :meth:`SummaryDialog.ask_print`,
:meth:`SummaryDialog.show_preview`) that tests replace.

A long history must not make the dialog slow to open: its tree
(:class:`~trustrepair.ui.widgets.summary_tree.SummaryTree`) makes an exercise's answer rows
when it is opened. Saving runs behind a progress window with Cancel: the summary
is built and rendered in a worker thread, and a PDF is laid out and painted in a process of
its own (:mod:`trustrepair.ui.pdf_job`), because Qt's layout holds the interpreter lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.enums import Stage
from trustrepair.errors import UserFacingError
from trustrepair.i18n import N_, Marked, tr, translated
from trustrepair.reports.context import Paper, StageSection, SummaryContext
from trustrepair.reports.environment import render_html, render_html_pieces
from trustrepair.reports.kinds import SUMMARY_KINDS, SummaryKind
from trustrepair.services.summary import SummaryRequest, SummaryService
from trustrepair.ui import printing
from trustrepair.ui.file_names import neutral_file_name
from trustrepair.ui.pdf_job import write_pdf_apart
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.screen_fit import FittingDialog
from trustrepair.ui.widgets.summary_tree import KEY_ROLE, PRIVATE_ROLE, SummaryTree, children
from trustrepair.ui.worker import Task

log = logging.getLogger(__name__)

PAPER_TITLES: dict[Paper, Marked] = {Paper.A4: N_("A4"), Paper.LETTER: N_("Letter")}

NOT_ENCRYPTED_WARNING = N_(
    "Please note: a printed or saved summary is not encrypted. Anyone who finds the paper or "
    "the file can read it. Keep it somewhere safe, and shred or delete it when you are done."
)


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
            self.kind_combo.addItem(translated(kind.label), kind.name)
        self.kind_combo.setAccessibleName(tr("Kind of summary"))
        self.kind_combo.setAccessibleDescription(
            tr("Who the summary is for; the line below says what it includes.")
        )
        self.kind_help = PlainLabel()
        self.kind_help.setWordWrap(True)
        self.kind_help.setAccessibleName(tr("What this kind of summary includes"))

        self.paper_combo = QComboBox()
        for paper in Paper:
            self.paper_combo.addItem(translated(PAPER_TITLES[paper]), paper.value)
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

        self.tree = SummaryTree(service.former_items)
        tree_label = PlainLabel(tr("&Include (untick anything you want to leave out):"))
        tree_label.setBuddy(self.tree)
        self.description_box = QCheckBox(tr("Also print my private d&escription of what happened"))
        self.description_box.setAccessibleName(tr("Also print my private description"))
        self.description_box.setAccessibleDescription(
            tr("Off unless you tick it: what you wrote about what happened stays off paper.")
        )

        self.warning = PlainLabel(translated(NOT_ENCRYPTED_WARNING))
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
        from trustrepair.ui.preview import make_preview

        dialog = make_preview(printer, parent)
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
        for stage_item in children(self.tree.invisibleRootItem()):
            stage_value = stage_item.data(0, KEY_ROLE)
            for exercise_item in children(stage_item):
                for answer_item in children(exercise_item):
                    if answer_item.checkState(0) == Qt.CheckState.Unchecked:
                        leave_out.add(answer_item.data(0, KEY_ROLE))
                if exercise_item.checkState(0) != Qt.CheckState.Unchecked:
                    exercises.add(exercise_item.data(0, KEY_ROLE))
                    with_check = with_check or bool(exercise_item.data(0, PRIVATE_ROLE))
                    if stage_value:
                        stages.add(Stage(stage_value))
                    else:
                        orphans_chosen = True  # answers to exercises no longer in the library
        former = self.tree.former_chosen()
        if former:  # the unopened section of exercises no longer in the library, ticked
            exercises.update(former)
            orphans_chosen = True
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
        """Every exercise and answer row by key (:meth:`SummaryTree.rows_by_key`)."""
        return self.tree.rows_by_key()

    def _exercise_rows(self) -> list[QTreeWidgetItem]:
        return self.tree.exercise_rows()

    # ------------------------------------------------------------------ slots
    def _kind_changed(self) -> None:
        self.kind_help.setText(translated(self.kind.includes))
        self.description_box.setChecked(False)
        self.description_box.setVisible(self.kind.draws_on.description)
        self._fill_tree(self.service.outline(self.kind, former_counted=True))
        self.status.clear()

    def _fill_tree(self, outline: tuple[StageSection, ...]) -> None:
        self.tree.fill(outline, with_status=self.kind.draws_on.progress)
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


def _footer(context: SummaryContext) -> str:
    return f"{context.title} · {context.profile_name}"
