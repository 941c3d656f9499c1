"""Restore from a backup: the profile's automatic backups by date, then a plain confirmation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.dates import month_name, weekday_name
from trustrepair.i18n import N_, Marked, tr, translated
from trustrepair.ui.plain import PlainLabel, message_box
from trustrepair.ui.screen_fit import FittingDialog
from trustrepair.ui.widgets.text import reading_label

if TYPE_CHECKING:  # backups (sqlite-utils, SQLCipher) are imported when they are listed
    from trustrepair.services.profile_services import BackupInfo

REASON_TITLES: dict[str, Marked] = {
    "daily": N_("automatic daily backup"),
    "manual": N_("backed up by you"),
    "pre-migration": N_("made before an update"),
    "pre-restore": N_("made before a restore"),
}


def _local(moment: datetime, now: datetime | None) -> tuple[datetime, date, str, int]:
    """``moment`` in local time, today's date, the clock time, and how many days ago."""
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).astimezone().date()
    return local, today, local.strftime("%H:%M"), (today - local.date()).days


def describe_when(moment: datetime, now: datetime | None = None) -> str:
    """A backup's date in plain words, in local time: "Today 09:14", "Yesterday 18:02", dates."""
    local, today, clock, days = _local(moment, now)
    if days == 0:
        return tr("Today {time}").format(time=clock)
    if days == 1:
        return tr("Yesterday {time}").format(time=clock)
    if 1 < days < 7:
        return tr("{weekday} {time}").format(weekday=weekday_name(local), time=clock)
    day = f"{local.day} {month_name(local)}"
    if local.year != today.year:
        day += f" {local.year}"
    return tr("{day}, {time}").format(day=day, time=clock)


def describe_when_in_sentence(moment: datetime, now: datetime | None = None) -> str:
    """The same, to follow "from" in a sentence: "today at 09:14", "Monday at 18:02", dates."""
    _local_moment, _today, clock, days = _local(moment, now)
    if days == 0:
        return tr("today at {time}").format(time=clock)
    if days == 1:
        return tr("yesterday at {time}").format(time=clock)
    return describe_when(moment, now)


def describe_backup(info: BackupInfo, now: datetime | None = None) -> str:
    """One row of the list: when, and why it was made."""
    reason = REASON_TITLES.get(info.reason)
    when = describe_when(info.created_at, now)
    return f"{when} · {translated(reason)}" if reason else when


class RestoreDialog(FittingDialog):
    """Lists the backups of one profile, newest first; the chosen one is :meth:`chosen`."""

    def __init__(
        self,
        profile_name: str,
        backups: Sequence[BackupInfo],
        parent: QWidget | None = None,
        *,
        damaged: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(tr("Restore from a backup"))
        self.setMinimumWidth(520)
        self.backups = list(backups)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(
            reading_label(
                tr("Backups of {name}").format(name=profile_name), role="subtitle", selectable=False
            )
        )
        kept = (
            tr(
                "trustrepair keeps a few encrypted backups of your profile, made automatically "
                "once a day and before updates. Restoring one brings back your answers as they "
                "were then. Your current data is kept as a backup first, so nothing is lost."
            )
            if not damaged
            else tr(
                "Your profile's data file could not be read. Restoring a backup brings back your "
                "answers as they were then. The unreadable file is kept, never deleted."
            )
        )
        layout.addWidget(reading_label(kept, role="muted", selectable=False))
        self.list = QListWidget(self)
        self.list.setObjectName("backupList")
        self.list.setAccessibleName(tr("Backups, newest first"))
        self.list.setAccessibleDescription(tr("Each with the day and time it was made."))
        label = PlainLabel(tr("&Choose a backup (newest first)"), self)
        label.setBuddy(self.list)
        layout.addWidget(label)
        for info in self.backups:
            item = QListWidgetItem(describe_backup(info))
            item.setData(Qt.ItemDataRole.UserRole, info)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.empty_label = reading_label(
            tr("There are no backups of this profile yet."), role="note", selectable=False
        )
        self.empty_label.setVisible(not self.backups)
        self.list.setVisible(bool(self.backups))
        label.setVisible(bool(self.backups))
        layout.addWidget(self.empty_label)

        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton(tr("&Restore this backup…"), self)
        self.restore_button.setProperty("role", "primary")
        self.restore_button.setAccessibleDescription(
            tr("Asks once more, then brings back the chosen backup; today's state is kept.")
        )
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.restore_button.setEnabled(bool(self.backups))
        self.list.itemActivated.connect(lambda _item: self.accept())
        if self.backups:
            self.list.setCurrentRow(0)
            self.list.setFocus()
        else:
            cancel.setFocus()

    def chosen(self) -> BackupInfo | None:
        """The selected backup, or None."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        profile_name: str,
        backups: Sequence[BackupInfo],
        *,
        damaged: bool = False,
    ) -> BackupInfo | None:
        """The backup to restore, after the person confirmed; None when cancelled."""
        dialog = cls(profile_name, backups, parent, damaged=damaged)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            backup = dialog.chosen()
        finally:
            dialog.deleteLater()
        if backup is None or not RestoreConfirm.ask(parent, backup, damaged=damaged):
            return None
        return backup


class RestoreConfirm:
    """The last word before a restore: what happens to the current data."""

    @classmethod
    def ask(cls, parent: QWidget | None, backup: BackupInfo, *, damaged: bool = False) -> bool:
        """True if the person wants to restore ``backup``."""
        box = message_box(
            parent,
            QMessageBox.Icon.Question,
            tr("Restore from a backup"),
            tr("Restore the backup made {when}?").format(
                when=describe_when_in_sentence(backup.created_at)
            ),
            tr(
                "Your answers will be as they were then. What is there now is kept as a backup "
                "first, so you can return to it later from this same list."
            )
            if not damaged
            else tr(
                "Your answers will be as they were then. The unreadable data file is moved to "
                "the backups folder, never deleted."
            ),
        )
        restore = box.addButton(tr("&Restore"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(tr("&Keep things as they are"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is restore
