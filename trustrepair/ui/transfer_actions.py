"""File → Summary…, Export… and Import…: thin dialogs over :mod:`trustrepair.services.transfer`.

The work runs in the background behind a progress window (see :class:`ProgressWork`); outcomes
are reported through :mod:`~trustrepair.services.notifier`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from trustrepair.content.library import Library
from trustrepair.errors import UserFacingError
from trustrepair.i18n import N_, tr, translated
from trustrepair.services import notifier, transfer
from trustrepair.services.vaults import OpenVault
from trustrepair.ui.file_names import neutral_file_name
from trustrepair.ui.first_paint import FirstPaint
from trustrepair.ui.plain import message_box
from trustrepair.ui.screens import Scope
from trustrepair.ui.worker import Task, run_task_with_progress

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

T = TypeVar("T")

JSON_FILTER = N_("trustrepair export (*.json)")


class ExportTarget:
    """Where to export, and whether to encrypt the file."""

    @classmethod
    def ask(cls, parent: QWidget | None, suggested: str) -> tuple[Path, str | None] | None:
        """``(path, passphrase or None)``, or None when cancelled."""
        choice = message_box(
            parent,
            QMessageBox.Icon.NoIcon,
            tr("Export"),
            tr("Encrypt the exported file with a passphrase?"),
            tr(
                "An encrypted file can only be read with the passphrase you choose now. "
                "A plain file can be read by anyone who gets it."
            ),
        )
        encrypted = choice.addButton(tr("&Encrypted"), QMessageBox.ButtonRole.AcceptRole)
        plain = choice.addButton(tr("&Plain"), QMessageBox.ButtonRole.DestructiveRole)
        choice.addButton(QMessageBox.StandardButton.Cancel)
        choice.setDefaultButton(encrypted)
        choice.exec()
        if choice.clickedButton() not in (encrypted, plain):
            return None
        passphrase: str | None = None
        if choice.clickedButton() is encrypted:
            text, ok = QInputDialog.getText(
                parent,
                tr("Export"),
                tr("A passphrase for this file:"),
                QLineEdit.EchoMode.Password,
            )
            if not ok or not text:
                return None
            passphrase = text
        path, _filter = QFileDialog.getSaveFileName(
            parent, tr("Export"), str(Path.home() / suggested), translated(JSON_FILTER)
        )
        return (Path(path), passphrase) if path else None


class ImportSource:
    """Which file to import, and its passphrase if it is encrypted."""

    @classmethod
    def ask_path(cls, parent: QWidget | None) -> Path | None:
        """A file chosen by the person, or None."""
        path, _filter = QFileDialog.getOpenFileName(
            parent, tr("Import"), str(Path.home()), translated(JSON_FILTER)
        )
        return Path(path) if path else None

    @classmethod
    def ask_passphrase(cls, parent: QWidget | None) -> str | None:
        """The passphrase of an encrypted export, or None."""
        text, ok = QInputDialog.getText(
            parent,
            tr("Import"),
            tr("This file is encrypted. Its passphrase:"),
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None


class Outcome(Generic[T]):
    """How a piece of work with a progress window ended."""

    def __init__(self) -> None:
        self.value: T | None = None
        self.error: UserFacingError | None = None
        self.cancelled = False
        self.done = False


class ProgressWork:
    """Runs work in the background behind a modal progress window with a Cancel button.

    The window is shown and painted *before* the work starts: a window that first appears
    while the work already runs competes with it for the interpreter (its first polish,
    layout and paint ran 100–200 ms behind an export at 100,000 answers, and the window could
    not answer meanwhile).
    """

    START_LATEST_MS = 300
    """The work starts by then even if the window was not painted (nobody looks at the screen)."""

    @classmethod
    def run(
        cls, parent: QWidget | None, title: str, label: str, work: Callable[[Task], T]
    ) -> Outcome[T]:
        """Run ``work(task)`` (which reports progress through ``task.report``) and wait.

        The window stays responsive meanwhile. Cancel makes the next progress report raise,
        so the work stops before it writes anything (an import rolls back its transaction).
        """
        owner: QObject | None = parent or QApplication.instance()
        outcome: Outcome[T] = Outcome()
        dialog = QProgressDialog(label, tr("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        loop = QEventLoop()

        def progressed(done: int, total: int) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))

        def succeeded(value: T) -> None:
            outcome.value = value
            outcome.done = True

        def failed(error: UserFacingError) -> None:
            outcome.error = error

        def cancelled() -> None:
            outcome.cancelled = True

        def start() -> None:
            task = run_task_with_progress(owner if owner is not None else dialog, work)
            task.progressed.connect(progressed)
            task.succeeded.connect(succeeded)
            task.failed.connect(failed)
            task.cancelled.connect(cancelled)
            task.finished.connect(loop.quit)
            dialog.canceled.connect(task.cancel)
            if dialog.wasCanceled():
                task.cancel()

        first_frame = FirstPaint(dialog)
        first_frame.watch(dialog)
        first_frame.schedule(start, latest_ms=cls.START_LATEST_MS)
        dialog.show()
        loop.exec()
        dialog.close()
        dialog.deleteLater()
        return outcome


def export_profile(parent: QWidget | None, vault: OpenVault) -> bool:
    """Export the open profile where the person chooses; True when a file was written."""
    target = ExportTarget.ask(parent, neutral_file_name("export", ".json"))
    if target is None:
        return False
    path, passphrase = target
    store = vault.store
    outcome = ProgressWork.run(
        parent,
        tr("Export"),
        tr("Exporting your answers…"),
        lambda task: transfer.export_profile(
            store, path, passphrase=passphrase, progress=task.report
        ),
    )
    if outcome.error is not None:
        notifier.warning(str(outcome.error), tr("Export"))
        return False
    if not outcome.done:
        return False  # cancelled: the file was not written
    notifier.info(
        tr("Exported to {path}.").format(path=path) + "\n\n" + str(outcome.value), tr("Export")
    )
    return True


def import_into(parent: QWidget | None, vault: OpenVault, library: Library | None = None) -> bool:
    """Merge an export file into the open profile; True when something was imported.

    The whole file is read and checked before anything is written, and the merge is one
    transaction: cancelling at any point leaves the profile exactly as it was.
    """
    path = ImportSource.ask_path(parent)
    if path is None:
        return False
    passphrase = None
    if transfer.is_encrypted_export(path):
        passphrase = ImportSource.ask_passphrase(parent)
        if passphrase is None:
            return False
    store = vault.store

    def work(task: Task) -> tuple[int, int, int]:
        data = transfer.read_export(
            path, passphrase=passphrase, library=library, progress=task.report
        )
        task.report(0, 0)  # a last chance to cancel before writing
        return transfer.merge_into(store, data, task.report)

    outcome = ProgressWork.run(parent, tr("Import"), tr("Reading and checking the file…"), work)
    if outcome.error is not None:
        notifier.warning(str(outcome.error), tr("Import"))
        return False
    if not outcome.done or outcome.value is None:
        if outcome.cancelled:
            notifier.info(tr("The import was cancelled. Nothing was changed."), tr("Import"))
        return False
    added, updated, kept = outcome.value
    notifier.info(
        tr(
            "Imported: {added} new answers, {updated} updated. {kept} answers were kept as they "
            "were because yours were newer."
        ).format(added=added, updated=updated, kept=kept),
        tr("Import"),
    )
    return True


# ---------------------------------------------------------------------- the menu items
def open_summary(window: MainWindow) -> None:
    """File → Summary…: a printable summary of the open profile."""
    if window.vault is None:
        return
    window.flush_all()
    from trustrepair.ui.dialogs.summary_dialog import SummaryDialog

    SummaryDialog(window.services().summary(), window).exec()


def export_open_profile(window: MainWindow) -> None:
    """File → Export…: the open profile, saved first."""
    if window.vault is None:
        return
    window.flush_all()
    export_profile(window, window.vault)


def import_into_open_profile(window: MainWindow) -> None:
    """File → Import…: answers into the open profile; its home shows them at once."""
    if window.vault is None:
        return
    window.flush_all()
    current = window.screens.current
    imported = import_into(window, window.vault, window.library)
    if imported and (current is None or current.scope is not Scope.TASK):
        window.screens.refresh("home")
