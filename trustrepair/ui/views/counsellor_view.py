"""A counsellor's home: "Your clients", what each chose to share (read-only), and the files
that travel between them (see :mod:`trustrepair.services.counsel`)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trustrepair.content.library import Library
from trustrepair.domain.counsel import AssignedExercise, SharedExercise
from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr
from trustrepair.services import counsel
from trustrepair.services.counsel_desk import CounsellorDesk
from trustrepair.ui.dialogs.sender_dialog import accepting_first_sender
from trustrepair.ui.plain import PlainLabel, PlainPage, tooltip
from trustrepair.ui.screen_fit import FittingDialog
from trustrepair.ui.widgets.text import enter_activates_buttons, reading_label

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

JSON_FILTER = "trustrepair file (*.json)"
LABEL_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole


class AssignmentDialog(FittingDialog):
    """Choose a client label and exercises, each with an optional note and date."""

    NOTE_COLUMN = 1
    DUE_COLUMN = 2

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Prepare an assignment"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            reading_label(
                tr(
                    "Tick the exercises to suggest. A note and a date (like 2026-12-31) are "
                    "optional. The file holds nothing anyone wrote; it is not encrypted."
                ),
                role="muted",
            )
        )
        row = QHBoxLayout()
        label = PlainLabel(tr("&Client label:"), self)
        self.client_edit = QLineEdit(self)
        self.client_edit.setPlaceholderText(tr("How you name this client, e.g. Sam R."))
        label.setBuddy(self.client_edit)
        row.addWidget(label)
        row.addWidget(self.client_edit, 1)
        layout.addLayout(row)
        exercises = [e for e in library.ordered() if not e.safety_check]
        self.table = QTableWidget(len(exercises), 3, self)
        self.table.setHorizontalHeaderLabels([tr("Exercise"), tr("Note"), tr("Date")])
        self.table.setAccessibleName(tr("Exercises to assign"))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.NOTE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row_index, exercise in enumerate(exercises):
            item = QTableWidgetItem(exercise.title)
            item.setData(ID_ROLE, exercise.id)
            item.setToolTip(tooltip(exercise.summary))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row_index, 0, item)
            self.table.setItem(row_index, self.NOTE_COLUMN, QTableWidgetItem(""))
            self.table.setItem(row_index, self.DUE_COLUMN, QTableWidgetItem(""))
        layout.addWidget(self.table, 1)
        self.error_label = reading_label("", role="note")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("&Save the file…"))
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell is filled in __init__
        return item

    def choose(self, exercise_id: str, note: str = "", due: str = "") -> None:
        """Tick one exercise and set its note and date (used by people and tests alike)."""
        for row in range(self.table.rowCount()):
            item = self._cell(row, 0)
            if item.data(ID_ROLE) == exercise_id:
                item.setCheckState(Qt.CheckState.Checked)
                self._cell(row, self.NOTE_COLUMN).setText(note)
                self._cell(row, self.DUE_COLUMN).setText(due)
                return
        raise KeyError(exercise_id)

    def chosen(self) -> list[AssignedExercise]:
        """The ticked exercises with their notes and dates."""
        items: list[AssignedExercise] = []
        for row in range(self.table.rowCount()):
            item = self._cell(row, 0)
            if item.checkState() is Qt.CheckState.Checked:
                note = self._cell(row, self.NOTE_COLUMN).text().strip()
                due = self._cell(row, self.DUE_COLUMN).text().strip() or None
                items.append(AssignedExercise(item.data(ID_ROLE), note, due))
        return items

    def problem(self) -> str | None:
        """What still stops saving, in plain words, or None."""
        if not self.client_edit.text().strip():
            return tr("Please give the client a label.")
        items = self.chosen()
        if not items:
            return tr("Please tick at least one exercise.")
        for item in items:
            if item.due is not None and not counsel.is_day(item.due):
                return tr("Please write dates like 2026-12-31, or leave them empty.")
        return None

    def _check_and_accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, library: Library
    ) -> tuple[str, list[AssignedExercise]] | None:
        """``(client label, exercises)``, or None when cancelled."""
        dialog = cls(library, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.client_edit.text().strip(), dialog.chosen()
        finally:
            dialog.deleteLater()


class CounselFiles:
    """Where files are saved and opened, and an encrypted file's passphrase (tests patch these)."""

    @classmethod
    def ask_save_path(cls, parent: QWidget | None, suggested: str) -> Path | None:
        """Where to save an assignment file, or None."""
        path, _filter = QFileDialog.getSaveFileName(
            parent, tr("Save the assignment"), str(Path.home() / suggested), tr(JSON_FILTER)
        )
        return Path(path) if path else None

    @classmethod
    def ask_share_path(cls, parent: QWidget | None, suggested: str) -> Path | None:
        """Where to save a file for the counsellor, or None."""
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            tr("Save the file for your counsellor"),
            str(Path.home() / suggested),
            tr(JSON_FILTER),
        )
        return Path(path) if path else None

    @classmethod
    def ask_open_path(cls, parent: QWidget | None, title: str) -> Path | None:
        """A file to open, or None."""
        path, _filter = QFileDialog.getOpenFileName(
            parent, title, str(Path.home()), tr(JSON_FILTER)
        )
        return Path(path) if path else None

    @classmethod
    def ask_passphrase(cls, parent: QWidget | None, prompt: str) -> str | None:
        """The passphrase agreed for a file, or None."""
        text, ok = QInputDialog.getText(
            parent, tr("Passphrase"), prompt, QLineEdit.EchoMode.Password
        )
        return text if ok and text else None


class CounsellorView(QWidget):
    """The clients list and, for the chosen client, what they shared, read-only."""

    def __init__(self, desk: CounsellorDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clients")
        self.desk = desk
        self.library = desk.library
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(12)
        layout.addWidget(reading_label(tr("Your clients"), role="title"))
        layout.addWidget(
            reading_label(
                tr(
                    "What each client chose to share with you, as they shared it. Clients "
                    "bring you their files themselves; nothing is sent anywhere. This program "
                    "is not therapy: it supports your work, it does not replace it."
                ),
                role="muted",
            )
        )
        buttons = QHBoxLayout()
        self.prepare_button = QPushButton(tr("&Prepare an assignment…"), self)
        self.prepare_button.setProperty("role", "primary")
        self.prepare_button.clicked.connect(self.prepare_assignment)
        self.open_button = QPushButton(tr("&Open a file a client shared…"), self)
        self.open_button.clicked.connect(self.open_shared)
        buttons.addWidget(self.prepare_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message_label = reading_label("", role="note")
        self.message_label.hide()
        layout.addWidget(self.message_label)
        body = QHBoxLayout()
        self.client_list = QListWidget(self)
        self.client_list.setAccessibleName(tr("Clients"))
        self.client_list.setMaximumWidth(280)
        self.client_list.currentItemChanged.connect(self._on_client_changed)
        body.addWidget(self.client_list)
        self.detail = PlainPage(self)
        self.detail.setAccessibleName(tr("What the client shared"))
        body.addWidget(self.detail, 1)
        layout.addLayout(body, 1)
        enter_activates_buttons(self)
        self.refresh()

    # ------------------------------------------------------------------ rendering
    def refresh(self, select: str | None = None) -> None:
        """Reload the clients list, keeping (or moving to) a selection."""
        current = select or self.current_client()
        self.client_list.blockSignals(True)
        self.client_list.clear()
        for client in self.desk.clients():
            last = (client.last_shared_at or "")[:10]
            facts = tr("{assigned} assigned · {done} done").format(
                assigned=client.assigned, done=client.completed
            )
            if last:
                facts += " · " + tr("shared {day}").format(day=last)
            item = QListWidgetItem(f"{client.label}\n{facts}")
            item.setData(LABEL_ROLE, client.label)
            self.client_list.addItem(item)
            if client.label == current:
                self.client_list.setCurrentItem(item)
        self.client_list.blockSignals(False)
        if self.client_list.currentItem() is None and self.client_list.count():
            self.client_list.setCurrentRow(0)
        else:
            self.show_client(self.current_client())

    def current_client(self) -> str | None:
        """The label of the client shown, if any."""
        item = self.client_list.currentItem()
        return str(item.data(LABEL_ROLE)) if item is not None else None

    def _on_client_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.show_client(str(current.data(LABEL_ROLE)) if current is not None else None)

    def show_client(self, label: str | None) -> None:
        """Show one client's shared answers by exercise, with status (read-only)."""
        if label is None:
            self.detail.setHtml(
                "<p>"
                + html.escape(
                    tr(
                        "No clients yet. Prepare an assignment for a client, or open a file a "
                        "client shared with you."
                    )
                )
                + "</p>"
            )
            return
        exercises = self.desk.client_exercises(label)
        assigned = self.desk.sent_assignments(label)
        self.detail.setHtml(_client_html(label, exercises, [a.exercise_id for a in assigned]))

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()

    # ------------------------------------------------------------------ actions
    def prepare_assignment(self) -> bool:
        """Choose exercises, save the assignment file; True when a file was written."""
        answer = AssignmentDialog.ask(self, self.library)
        if answer is None:
            return False
        client, items = answer
        suggested = f"assignment-{'-'.join(client.lower().split())}.json"
        path = CounselFiles.ask_save_path(self, suggested)
        if path is None:
            return False
        try:
            packet = self.desk.write_assignment(client, items, path)
        except UserFacingError as error:
            self._say(str(error))
            return False
        self._say(
            tr("Saved an assignment of {n} exercise(s) for {client} to {path}. ").format(
                n=len(packet.exercises), client=packet.client, path=path
            )
            + tr(counsel.ASSIGNMENT_NOTE)
        )
        self.refresh(select=packet.client)
        return True

    def open_shared(self) -> bool:
        """Keep a file a client shared; True when something was imported."""
        path = CounselFiles.ask_open_path(self, tr("Open a file a client shared"))
        if path is None:
            return False
        passphrase = None
        if counsel.is_encrypted_share(path):
            passphrase = CounselFiles.ask_passphrase(
                self, tr("This file is encrypted. The passphrase you agreed with your client:")
            )
            if passphrase is None:
                return False
        try:
            result = accepting_first_sender(
                self, lambda accept: self.desk.import_shared(path, passphrase, accept)
            )
        except UserFacingError as error:
            self._say(str(error))
            return False
        if result is None:
            return False  # the counsellor did not accept the client's key: nothing was kept
        self._say(
            tr("Kept what {client} shared: {n} answer(s) new or updated.").format(
                client=result.client, n=result.answers_stored
            )
        )
        self.refresh(select=result.client)
        return True

    # ------------------------------------------------------------------ the Screen protocol
    def flush(self) -> None:
        """Nothing to write: every change is written as it is made."""

    def close_screen(self) -> None:
        """Nothing to let go of: the profile stays open."""

    def focus_content(self) -> None:
        """Focus the clients list, or the first action when there are none."""
        if self.client_list.count():
            self.client_list.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.prepare_button.setFocus(Qt.FocusReason.OtherFocusReason)


def _client_html(label: str, exercises: list[SharedExercise], assigned: list[str]) -> str:
    """A client's shared answers as escaped HTML (every text is the client's or content's)."""
    esc = html.escape
    parts = [f"<h2>{esc(label)}</h2>"]
    shared_ids = {e.exercise_id for e in exercises}
    waiting = [i for i in dict.fromkeys(assigned) if i not in shared_ids]
    if not exercises:
        parts.append(f"<p>{esc(tr('Nothing shared yet.'))}</p>")
    for exercise in exercises:
        parts.append(
            f"<h3>{esc(exercise.title)}</h3><p><i>{esc(counsel.status_words(exercise))}</i></p>"
        )
        if not exercise.answers:
            parts.append(f"<p>{esc(tr('No answers shared for this exercise.'))}</p>")
        for answer in exercise.answers:
            text = esc(answer.text).replace("\n", "<br>")
            parts.append(f"<p><b>{esc(answer.prompt or answer.step_id)}</b><br>{text}</p>")
    if waiting:
        parts.append(f"<p><i>{esc(tr('Assigned, nothing shared yet:'))}</i> ")
        parts.append(esc(", ".join(waiting)) + "</p>")
    return "".join(parts)


def build(window: MainWindow) -> CounsellorView:
    """A counsellor's home: their clients."""
    assert window.vault is not None
    return CounsellorView(window.services().counsellor_desk())
