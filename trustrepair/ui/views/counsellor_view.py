"""A counsellor's home, "Your clients": the desk of every client, and for the chosen one what
was assigned and what they chose to share (read-only).

The desk is a model and a proxy (:mod:`~trustrepair.ui.views.desk_model`): sort (overdue
first, by name, by last activity), which clients (current, overdue, archived, everyone) and
a search, with no widget per client. Files travel by hand (see
:mod:`trustrepair.services.counsel`).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.counsel import DeskClient, SharedExercise
from trustrepair.errors import UserFacingError
from trustrepair.i18n import ngettext, tr, translated
from trustrepair.services import assignments, counsel, desk
from trustrepair.services.counsel_desk import CounsellorDesk
from trustrepair.services.desk import DeskShow, DeskSort
from trustrepair.ui.dialogs.assignment_dialog import AssignmentDialog, AssignmentRequest
from trustrepair.ui.dialogs.counsel_files import CounselFiles, SameClientQuestion
from trustrepair.ui.dialogs.sender_dialog import accepting_first_sender
from trustrepair.ui.plain import PlainLabel, PlainPage
from trustrepair.ui.tab_order import follow_layout_order
from trustrepair.ui.views.desk_model import LABEL_ROLE, DeskModel, DeskProxy
from trustrepair.ui.widgets.exercise_delegate import ExerciseDelegate
from trustrepair.ui.widgets.text import enter_activates_buttons, reading_label

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

__all__ = ["AssignmentDialog", "CounselFiles", "CounsellorView", "build"]


class CounsellorView(QWidget):
    """The desk of clients and, for the chosen client, what was assigned and shared."""

    def __init__(self, desk_service: CounsellorDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clients")
        self.desk = desk_service
        self._clients: dict[str, DeskClient] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 20)
        layout.setSpacing(10)
        layout.addWidget(reading_label(tr("Your clients"), role="title"))
        layout.addWidget(
            reading_label(
                tr(
                    "What you assigned, and what each client chose to share with you. Clients "
                    "bring you their files themselves; nothing is sent anywhere. This program "
                    "is not therapy: it supports your work, it does not replace it."
                ),
                role="muted",
            )
        )
        actions = QHBoxLayout()
        self.prepare_button = QPushButton(tr("&Prepare an assignment…"), self)
        self.prepare_button.setProperty("role", "primary")
        self.prepare_button.setAccessibleDescription(
            tr("Chooses exercises for a client and saves them in a file to give them.")
        )
        self.prepare_button.clicked.connect(lambda: self.prepare_assignment())
        self.open_button = QPushButton(tr("&Open a file a client shared…"), self)
        self.open_button.setAccessibleDescription(
            tr("Keeps what a client chose to share with you, from the file they gave you.")
        )
        self.open_button.clicked.connect(self.open_shared)
        actions.addWidget(self.prepare_button)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        layout.addLayout(self._arranging_row())
        self.message_label = reading_label("", role="note")
        self.message_label.hide()
        layout.addWidget(self.message_label)

        self.model = DeskModel(self)
        self.proxy = DeskProxy(self.model, self)
        self.client_list = QListView(self)
        self.client_list.setObjectName("clientList")  # styled as the other lists
        self.client_list.setAccessibleName(tr("Clients"))
        self.client_list.setAccessibleDescription(
            tr("Choose a client to see what was assigned and what came back.")
        )
        self.client_list.setSpacing(2)
        self.client_list.setModel(self.proxy)
        self.client_list.setItemDelegate(ExerciseDelegate(self.client_list))
        self.client_list.setWordWrap(True)
        self.client_list.setUniformItemSizes(False)
        self.client_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.client_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.client_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.client_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.client_list.setMinimumWidth(260)
        self.client_list.selectionModel().currentChanged.connect(self._on_current_changed)

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(12, 0, 0, 0)
        client_actions = QHBoxLayout()
        self.assign_button = QPushButton(tr("Assign &more to this client…"), detail)
        self.assign_button.setAccessibleDescription(
            tr("Prepares another assignment for the chosen client.")
        )
        self.assign_button.clicked.connect(self._assign_to_current)
        self.archive_button = QPushButton(tr("&Archive this client"), detail)
        self.archive_button.setAccessibleDescription(
            tr("Puts the chosen client aside, or back on the desk; nothing is lost.")
        )
        self.archive_button.clicked.connect(self.toggle_archived)
        client_actions.addWidget(self.assign_button)
        client_actions.addWidget(self.archive_button)
        client_actions.addStretch(1)
        detail_layout.addLayout(client_actions)
        self.detail = PlainPage(detail)
        self.detail.setAccessibleName(tr("What was assigned and what the client shared"))
        self.detail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        detail_layout.addWidget(self.detail, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.client_list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([360, 540])
        layout.addWidget(splitter, 1)
        enter_activates_buttons(self)
        follow_layout_order(self)
        self.refresh()

    def _arranging_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        find = PlainLabel(tr("Fin&d:"), self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(tr("A client or an exercise"))
        self.search_edit.setAccessibleName(tr("Find a client or an exercise"))
        self.search_edit.setAccessibleDescription(tr("Only clients that match stay in the list."))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda text: self.arrange(search=text))
        find.setBuddy(self.search_edit)
        sort = PlainLabel(tr("&Sort:"), self)
        self.sort_box = QComboBox(self)
        self.sort_box.setAccessibleName(tr("Sort clients"))
        self.sort_box.setAccessibleDescription(tr("The order of the client list."))
        for sort_by, words in desk.SORT_WORDS.items():
            self.sort_box.addItem(translated(words), sort_by.value)
        self.sort_box.currentIndexChanged.connect(
            lambda _i: self.arrange(sort=DeskSort(self.sort_box.currentData()))
        )
        sort.setBuddy(self.sort_box)
        show = PlainLabel(tr("Sho&w:"), self)
        self.show_box = QComboBox(self)
        self.show_box.setAccessibleName(tr("Which clients to show"))
        self.show_box.setAccessibleDescription(tr("Current, overdue, archived or every client."))
        for which, words in desk.SHOW_WORDS.items():
            self.show_box.addItem(translated(words), which.value)
        self.show_box.currentIndexChanged.connect(
            lambda _i: self.arrange(show=DeskShow(self.show_box.currentData()))
        )
        show.setBuddy(self.show_box)
        for widget in (find, self.search_edit, sort, self.sort_box, show, self.show_box):
            row.addWidget(widget, 1 if widget is self.search_edit else 0)
        return row

    # ------------------------------------------------------------------ the desk
    def refresh(self, select: str | None = None) -> None:
        """Reload the desk, keeping (or moving to) a selection."""
        current = select or self.current_client()
        clients = self.desk.clients()
        self._clients = {c.label: c for c in clients}
        self.model.set_clients(clients)
        self.proxy.arrange()
        if select is not None and select in self._clients:
            client = self._clients[select]
            if not desk.shows(client, self.proxy.show_which, self.proxy.search):
                self._show_everyone()
        self._select(current)

    def _show_everyone(self) -> None:
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.show_box.setCurrentIndex(self.show_box.findData(DeskShow.ALL.value))
        self.proxy.arrange(show=DeskShow.ALL, search="")

    def arrange(
        self, sort: DeskSort | None = None, show: DeskShow | None = None, search: str | None = None
    ) -> None:
        """Sort, filter or search the desk; the chosen client stays chosen if still shown."""
        current = self.current_client()
        self.proxy.arrange(sort, show, search)
        self._select(current)

    def _select(self, label: str | None) -> None:
        index = QModelIndex()
        if label is not None:
            row = self.model.row_of(label)
            if row is not None:
                index = self.proxy.mapFromSource(self.model.index(row))
        if not index.isValid() and self.proxy.rowCount():
            index = self.proxy.index(0, 0)
        selection = self.client_list.selectionModel()
        if index.isValid():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            selection.clearCurrentIndex()
        self.show_client(self.current_client())

    def current_client(self) -> str | None:
        """The label of the client shown, if any."""
        index = self.client_list.currentIndex()
        if not index.isValid():
            return None
        return str(index.data(LABEL_ROLE))

    def shown_labels(self) -> list[str]:
        """The labels on the desk now, in the order shown."""
        return [
            str(self.proxy.index(row, 0).data(LABEL_ROLE)) for row in range(self.proxy.rowCount())
        ]

    def _on_current_changed(
        self, current: QModelIndex | QPersistentModelIndex, _previous: object
    ) -> None:
        self.show_client(str(current.data(LABEL_ROLE)) if current.isValid() else None)

    def show_client(self, label: str | None) -> None:
        """Show one client: each assigned exercise and its status, then what they shared."""
        client = self._clients.get(label) if label is not None else None
        self.assign_button.setEnabled(client is not None)
        self.archive_button.setEnabled(client is not None)
        if client is None:
            empty = (
                tr(
                    "No clients yet. Prepare an assignment for a client, or open a file a client "
                    "shared with you."
                )
                if not self._clients
                else tr("No client fits what you chose. Show everyone, or clear the search.")
            )
            self.detail.setHtml(f"<p>{html.escape(empty)}</p>")
            return
        self.archive_button.setText(
            tr("Bring back from the &archive") if client.archived else tr("&Archive this client")
        )
        shared = self.desk.client_exercises(client.label)
        self.detail.setHtml(client_html(client, shared))

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()

    # ------------------------------------------------------------------ actions
    def toggle_archived(self) -> None:
        """Archive the chosen client, or bring them back."""
        label = self.current_client()
        if label is None:
            return
        archived = not self._clients[label].archived
        self.desk.set_archived(label, archived)
        words = (
            tr("{label} is archived: choose Show: Archived to see them again.")
            if archived
            else tr("{label} is back among your current clients.")
        )
        self._say(words.format(label=label))
        self.refresh()

    def _assign_to_current(self) -> None:
        self.prepare_assignment(self.current_client())

    def prepare_assignment(self, client: str | None = None) -> bool:
        """Choose exercises, save the assignment file; True when a file was written.

        The dialog stays open, with everything chosen, until the file is written: a
        cancelled file name, a label question answered no or a problem leaves it to go on.
        """
        written: list[tuple[assignments.AssignmentPacket, Path]] = []

        def save(parent: QWidget, request: AssignmentRequest) -> str | None:
            outcome = self._write(parent, request)
            if isinstance(outcome, str):
                return outcome
            written.append(outcome)
            return None

        AssignmentDialog.ask(self, self.desk, client, save)
        if not written:
            return False
        packet, path = written[0]
        self._say(
            ngettext(
                "Saved an assignment of {n} exercise for {client} to {path}. ",
                "Saved an assignment of {n} exercises for {client} to {path}. ",
                len(packet.exercises),
            ).format(n=len(packet.exercises), client=packet.client, path=path)
            + translated(assignments.ASSIGNMENT_NOTE)
        )
        self.refresh(select=packet.client)
        return True

    def _write(
        self, parent: QWidget, request: AssignmentRequest
    ) -> tuple[assignments.AssignmentPacket, Path] | str:
        """Ask where, and write the assignment; what to say instead when it was not."""
        label, merge = request.client, False
        existing = self.desk.similar_label(label)
        if existing is not None:
            if not SameClientQuestion.ask(parent, label, existing):
                return tr(
                    "Nothing was saved. Choose a label that differs from {existing!r} in "
                    "more than capitals or spaces."
                ).format(existing=existing)
            label, merge = existing, True
        path = CounselFiles.ask_save_path(parent, self.desk.file_name(label))
        if path is None:
            return ""
        try:
            packet = self.desk.write_assignment(
                label, request.exercises, path, request.custom_sources, merge=merge
            )
        except UserFacingError as error:
            return str(error)
        return packet, path

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
            packet = self.desk.read_shared(path, passphrase)
            merge = False
            existing = self.desk.similar_label(packet.client)
            if existing is not None:
                if not SameClientQuestion.ask(self, packet.client, existing):
                    self._say(
                        tr(
                            "Nothing was changed: this file is for {given!r}, and you already "
                            "have {existing!r}."
                        ).format(given=packet.client, existing=existing)
                    )
                    return False
                merge = True
            result = accepting_first_sender(
                self,
                lambda accept: self.desk.keep_shared(packet, merge=merge, accept_sender=accept),
            )
        except UserFacingError as error:
            self._say(str(error))
            return False
        if result is None:
            return False  # the counsellor did not accept the client's key: nothing was kept
        self._say(
            ngettext(
                "Kept what {client} shared: {n} answer new or updated.",
                "Kept what {client} shared: {n} answers new or updated.",
                result.answers_stored,
            ).format(client=result.client, n=result.answers_stored)
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
        if self.proxy.rowCount():
            self.client_list.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.prepare_button.setFocus(Qt.FocusReason.OtherFocusReason)


def client_html(client: DeskClient, shared: list[SharedExercise]) -> str:
    """One client as escaped HTML: every text is the counsellor's, a file's or content's."""
    esc = html.escape
    parts = [f"<h2>{esc(client.label)}</h2>"]
    parts.append(f"<p>{esc(desk.counts_words(client))} · {esc(desk.received_words(client))}</p>")
    parts.append(f"<h3>{esc(tr('Assigned'))}</h3>")
    if not client.exercises:
        parts.append(f"<p>{esc(tr('Nothing assigned yet.'))}</p>")
    else:
        parts.append("<ul>")
        for exercise in client.exercises:
            words = esc(desk.exercise_words(exercise))
            if exercise.overdue:
                words = f"<b>{words}</b>"
            parts.append(f"<li><b>{esc(exercise.title)}</b> — {words}")
            if exercise.note:
                note = esc(exercise.note).replace("\n", "<br>")
                parts.append(f"<br><i>{esc(tr('Your note:'))}</i> {note}")
            parts.append("</li>")
        parts.append("</ul>")
    if client.also_shared:
        also = ", ".join(client.also_shared)
        parts.append(f"<p><i>{esc(tr('Also shared, not assigned:'))}</i> {esc(also)}</p>")
    parts.append(f"<h3>{esc(tr('What they shared'))}</h3>")
    if not shared:
        parts.append(f"<p>{esc(tr('Nothing shared yet.'))}</p>")
    for sent_back in shared:
        parts.append(
            f"<h4>{esc(sent_back.title)}</h4><p><i>{esc(counsel.status_words(sent_back))}</i></p>"
        )
        if not sent_back.answers:
            parts.append(f"<p>{esc(tr('No answers shared for this exercise.'))}</p>")
        for answer in sent_back.answers:
            text = esc(answer.text).replace("\n", "<br>")
            parts.append(f"<p><b>{esc(answer.prompt or answer.step_id)}</b><br>{text}</p>")
    return "".join(parts)


def build(window: MainWindow) -> CounsellorView:
    """A counsellor's home: their clients."""
    assert window.vault is not None
    return CounsellorView(window.services().counsellor_desk())
