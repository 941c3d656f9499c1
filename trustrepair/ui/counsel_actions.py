"""Working with a counsellor from the File menu, and the client's "From your counsellor" card.

A client's profile: "Open an assignment from your counsellor…" (what the file holds and what
keeping it changes is shown first), "Share with your counsellor…", and the card on the home
screen. A counsellor's profile: "Prepare an assignment…" and "Open a file a client shared…",
which act on the clients screen. Thin widgets over :mod:`trustrepair.services.counsel_desk`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.content.library import Library
from trustrepair.domain.answers import Status
from trustrepair.errors import UserFacingError
from trustrepair.i18n import N_, Marked, ngettext, tr, translated
from trustrepair.services import assignments, counsel, notifier
from trustrepair.services.counsel_desk import ClientDesk
from trustrepair.ui.dialogs.counsel_files import CounselFiles, KeepAssignmentQuestion
from trustrepair.ui.dialogs.sender_dialog import accepting_first_sender
from trustrepair.ui.file_names import neutral_file_name
from trustrepair.ui.plain import PlainPage
from trustrepair.ui.screen_fit import FittingDialog
from trustrepair.ui.screens import Scope
from trustrepair.ui.widgets.text import reading_label

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow
    from trustrepair.ui.views.counsellor_view import CounsellorView

ID_ROLE = Qt.ItemDataRole.UserRole


def open_assignment(parent: QWidget, desk: ClientDesk, base_library: Library) -> bool:
    """For a first file from this counsellor, compare the fingerprint; then show what the
    file holds and changes, and keep it if the person says so. True when something was kept.

    ``base_library`` is the shipped and user library (custom ids are checked against it).
    """
    path = CounselFiles.ask_open_path(parent, tr("Open an assignment from your counsellor"))
    if path is None:
        return False
    try:
        preview = accepting_first_sender(
            parent, lambda accept: desk.preview_assignment(path, base_library, accept)
        )
        if preview is None:
            return False  # the person did not accept the sender: nothing was kept
        if not KeepAssignmentQuestion.ask(parent, assignments.describe_preview(preview)):
            return False
        desk.keep_assignment(preview)
    except UserFacingError as error:
        notifier.warning(str(error), tr("Assignment"))
        return False
    packet = preview.packet
    notifier.info(
        ngettext(
            "{n} exercise from {counsellor} is now on your home screen, under "
            '"From your counsellor". Take it at your own pace.',
            "{n} exercises from {counsellor} are now on your home screen, under "
            '"From your counsellor". Take them at your own pace.',
            len(packet.exercises),
        ).format(n=len(packet.exercises), counsellor=packet.counsellor),
        tr("Assignment"),
    )
    return True


class ShareDialog(FittingDialog):
    """Choose exercises; see exactly what the file will hold; optionally encrypt it."""

    def __init__(self, desk: ClientDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.library = library = desk.library
        self.setWindowTitle(tr("Share with your counsellor"))
        self.resize(760, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(
            reading_label(
                tr(
                    "Only answers you marked as shared are included, for the exercises you tick, "
                    "with how far you got. You can look at exactly what goes below."
                ),
                role="muted",
            )
        )
        self.exercise_list = QListWidget(self)
        self.exercise_list.setAccessibleName(tr("Exercises to share"))
        self.exercise_list.setAccessibleDescription(
            tr("Ticked exercises go in the file, with only the answers you marked as shared.")
        )
        assigned, worked = desk.offered_for_sharing()
        safety = library.safety_check()
        for exercise in library.ordered():
            if exercise.safety_check or (safety is not None and exercise.id == safety.id):
                continue
            if exercise.id not in assigned and exercise.id not in worked:
                continue
            item = QListWidgetItem(exercise.title)
            item.setData(ID_ROLE, exercise.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = exercise.id in assigned
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.exercise_list.addItem(item)
        self.exercise_list.itemChanged.connect(lambda _item: self.update_preview())
        layout.addWidget(self.exercise_list, 1)
        self.preview = PlainPage(self)
        self.preview.setAccessibleName(tr("What the file will hold"))
        layout.addWidget(self.preview, 2)
        row = QHBoxLayout()
        self.encrypt_box = QCheckBox(tr("&Encrypt with a passphrase we agreed on"), self)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(tr("Passphrase for the file"))
        self.passphrase_edit.setAccessibleDescription(
            tr("One you agreed on with your counsellor; tell it to them another way.")
        )
        self.encrypt_box.setAccessibleDescription(
            tr("Ticked, the file can be read only with the passphrase beside it.")
        )
        self.passphrase_edit.setEnabled(False)
        self.encrypt_box.toggled.connect(self._on_encrypt_toggled)
        row.addWidget(self.encrypt_box)
        row.addWidget(self.passphrase_edit, 1)
        layout.addLayout(row)
        self.warning_label = reading_label(translated(counsel.PLAIN_SHARE_WARNING), role="note")
        layout.addWidget(self.warning_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(tr("&Save the file…"))
        self.save_button.setAccessibleDescription(tr("Asks where to save the file, then saves it."))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.plan: counsel.SharePlan | None = None
        self.result_note = ""
        self.update_preview()

    def chosen_ids(self) -> list[str]:
        """The ticked exercises."""
        items = (self.exercise_list.item(i) for i in range(self.exercise_list.count()))
        return [
            str(item.data(ID_ROLE))
            for item in items
            if item is not None and item.checkState() is Qt.CheckState.Checked
        ]

    def update_preview(self) -> None:
        """Show exactly what the file would hold now."""
        ids = self.chosen_ids()
        self.plan = None
        if not ids:
            self.preview.setPlainText(tr("Tick at least one exercise to share."))
        else:
            try:
                self.plan = self.desk.plan_share(ids)
            except UserFacingError as error:
                self.preview.setPlainText(str(error))
            else:
                self.preview.setHtml(
                    "<br>".join(
                        html.escape(line).replace("  ", "&nbsp;&nbsp;")
                        for line in counsel.describe_plan(self.plan)
                    )
                )
        self.save_button.setEnabled(self.plan is not None)

    def _on_encrypt_toggled(self, on: bool) -> None:
        self.passphrase_edit.setEnabled(on)
        self.warning_label.setText(
            translated(counsel.ENCRYPTED_SHARE_NOTE)
            if on
            else translated(counsel.PLAIN_SHARE_WARNING)
        )

    def save(self) -> None:
        """Ask where, write the file, and say what it is."""
        if self.plan is None:
            return
        passphrase = None
        if self.encrypt_box.isChecked():
            passphrase = self.passphrase_edit.text()
            if not passphrase:
                self.warning_label.setText(tr("Please type the passphrase you agreed on."))
                return
        path = CounselFiles.ask_share_path(self, neutral_file_name("share", ".json"))
        if path is None:
            return
        try:
            note = self.desk.write_share(self.plan, path, passphrase)
        except UserFacingError as error:
            self.warning_label.setText(str(error))
            return
        self.result_note = tr("Saved to {path}.").format(path=path) + " " + note
        self.accept()


def share_with_counsellor(parent: QWidget, desk: ClientDesk) -> bool:
    """The share dialog for the open profile; True when a file was written."""
    dialog = ShareDialog(desk, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        notifier.info(dialog.result_note, tr("Share with your counsellor"))
        return True
    finally:
        dialog.deleteLater()


STATUS_WORDS: dict[Status, Marked] = {
    Status.NOT_STARTED: N_("Not started"),
    Status.IN_PROGRESS: N_("In progress"),
    Status.COMPLETED: N_("Done"),
}


def assigned_words(item: assignments.ClientAssignment) -> str:
    """One assigned exercise's facts: how far the person got, its date, what opens it."""
    words = [translated(STATUS_WORDS[item.status])]
    if item.due and item.overdue:
        words.append(tr("aimed for {day}: that date has passed").format(day=item.due))
    elif item.due:
        words.append(tr("aim for {day}").format(day=item.due))
    if item.after_title:
        words.append(tr("opens once you finish {title}").format(title=item.after_title))
    words.append(tr("from {name}").format(name=item.counsellor))
    return " · ".join(words)


def assignments_card(desk: ClientDesk, open_exercise: Callable[[str], None]) -> QWidget | None:
    """ "From your counsellor": each assigned exercise with how far the person got, its date
    (passed dates said gently), what opens it and the note, or None."""
    given = desk.assigned()
    if not given:
        return None
    card = QFrame()
    card.setObjectName("fromCounsellor")
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.addWidget(reading_label(tr("From your counsellor"), role="subtitle", selectable=False))
    layout.addWidget(
        reading_label(
            tr("Suggestions, not obligations: take them at your own pace, or not at all."),
            role="muted",
            selectable=False,
        )
    )
    for item in given:
        row = QHBoxLayout()
        text = QVBoxLayout()
        text.addWidget(reading_label(item.title, selectable=False))
        text.addWidget(reading_label(assigned_words(item), role="muted", selectable=False))
        if item.note:
            text.addWidget(reading_label(item.note, role="muted"))
        row.addLayout(text, 1)
        row.addStretch(0)  # the text keeps to the left when no button follows
        if item.available and item.after_title is None:
            button = QPushButton(tr("Open"), card)
            button.setAccessibleName(tr("Open {title}").format(title=item.title))
            button.setAccessibleDescription(tr("Opens this exercise where you left it."))
            button.clicked.connect(lambda _=False, i=item.exercise_id: open_exercise(i))
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
    return card


# ---------------------------------------------------------------------- the menu items
def open_assignment_file(window: MainWindow) -> None:
    """File → Open an assignment…: shown, kept, its exercises join this profile's home."""
    if window.vault is None:
        return
    window.flush_all()
    if open_assignment(window, window.services().client_desk(), window.base_library):
        window.library = counsel.client_library(window.vault.store, window.base_library)
        window.screens.drop("home")  # made again with the new library
        current = window.screens.current
        if current is None or current.scope is not Scope.TASK:
            window.show_home()


def share_open_profile(window: MainWindow) -> None:
    """File → Share with your counsellor…: choose, see exactly what goes, save the file."""
    if window.vault is None:
        return
    window.flush_all()
    share_with_counsellor(window, window.services().client_desk())


def prepare_assignment(window: MainWindow) -> None:
    """File → Prepare an assignment… (a counsellor's): on the clients screen."""
    view = _clients_screen(window)
    if view is not None:
        view.prepare_assignment()


def open_shared_file(window: MainWindow) -> None:
    """File → Open a file a client shared… (a counsellor's): on the clients screen."""
    view = _clients_screen(window)
    if view is not None:
        view.open_shared()


def _clients_screen(window: MainWindow) -> CounsellorView | None:
    if window.vault is None or not window.is_counsellor():
        return None
    view = window.screens.show("clients")
    return view if isinstance(view, CounsellorView) else None
