"""Settings → About you: the profile's name, which describes you, who it is about, what happened.

Changing these changes which exercises are offered and how they are worded; nothing already
written is lost. The decisions are :mod:`trustrepair.services.onboarding`'s; saving is
:meth:`~trustrepair.services.vaults.OpenVault.save_profile`'s (it renames the profile in the
picker too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.enums import RELATIONSHIP_TITLES, TRACK_TITLES, Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr
from trustrepair.services import onboarding
from trustrepair.ui.widgets.text import fit_height, reading_label

if TYPE_CHECKING:
    from trustrepair.services.vaults import OpenVault

PERSON_EXPLANATION = (
    "Changing which describes you, or who this is about, changes which exercises you are "
    "offered and how they are worded. Nothing you have written is lost: answers to exercises "
    "no longer on your path still appear in your summary of everything you wrote "
    "(File → Summary)."
)
COUNSELLOR_EXPLANATION = (
    "This is the name shown on the profile list and on the assignments you prepare for "
    "clients. Nothing you have already prepared or received is changed."
)
PATH_CHANGE_NOTE = (
    "After saving, your home screen shows the exercises for what you chose now. "
    "Everything you wrote so far stays."
)
TRACK_HINTS: dict[Track, str] = {
    Track.HURT: "Someone broke your trust, and you are working out what you need now.",
    Track.REPAIRING: "You broke someone's trust, and you want to understand it and make amends.",
}
TRACK_MNEMONICS: dict[Track, str] = {Track.HURT: "I &was hurt", Track.REPAIRING: "I b&roke trust"}
RELATIONSHIP_MNEMONICS: dict[Relationship, str] = {
    Relationship.ROMANTIC: "A &partner",
    Relationship.FRIENDSHIP: "A fr&iend",
    Relationship.PROFESSIONAL: "A co&lleague",
}


def _field_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("fieldTitle")
    return label


class ProfileDialog(QDialog):
    """Edits the open profile; saves through the vault only when everything is in order."""

    def __init__(
        self, vault: OpenVault, existing_names: list[str], parent: QWidget | None = None
    ) -> None:
        """Make the form, filled in from the profile as it is now.

        Args:
            vault: The open profile.
            existing_names: Every profile's name (this one's included), for clashes.
            parent: The window.
        """
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.setWindowTitle(tr("About you"))
        self.setMinimumWidth(560)
        self.vault = vault
        self.existing_names = existing_names
        current = vault.store.get_profile()
        if current is None:  # a vault is never opened without one; be safe anyway
            raise UserFacingError(tr("This profile could not be read."))
        self.current: ProfileInfo = current
        self.saved: ProfileInfo | None = None
        counsellor = current.role is Role.COUNSELLOR

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        layout.addWidget(reading_label(tr("About you"), role="subtitle", selectable=False))
        explanation = COUNSELLOR_EXPLANATION if counsellor else PERSON_EXPLANATION
        self.explanation = reading_label(tr(explanation), role="muted", selectable=False)
        layout.addWidget(self.explanation)
        layout.addSpacing(4)

        name_label = QLabel(tr("&Name for this profile"), self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(tr("Name for this profile"))
        self.name_edit.setMaxLength(onboarding.MAX_NAME_CHARS)
        name_label.setBuddy(self.name_edit)
        layout.addWidget(name_label)
        layout.addWidget(self.name_edit)

        track_title = _field_title(tr("Which describes you?"), self)
        layout.addWidget(track_title)
        self.track_group = QButtonGroup(self)
        self.track_buttons: dict[Track, QRadioButton] = {}
        self.person_fields: list[QWidget] = [track_title]
        """What only a person doing the exercises is asked (hidden for a counsellor)."""
        for track in (Track.HURT, Track.REPAIRING):
            button = QRadioButton(tr(TRACK_MNEMONICS[track]), self)
            button.setAccessibleName(tr(TRACK_TITLES[track]))
            button.setAccessibleDescription(tr(TRACK_HINTS[track]))
            self.track_group.addButton(button)
            self.track_buttons[track] = button
            hint = reading_label(tr(TRACK_HINTS[track]), role="muted", selectable=False)
            hint.setContentsMargins(30, 0, 0, 0)
            layout.addWidget(button)
            layout.addWidget(hint)
            self.person_fields += [button, hint]

        relationship_title = _field_title(tr("Who is this about?"), self)
        layout.addWidget(relationship_title)
        self.relationship_group = QButtonGroup(self)
        self.relationship_buttons: dict[Relationship, QRadioButton] = {}
        relationship_row = QWidget(self)
        row = QHBoxLayout(relationship_row)
        row.setContentsMargins(0, 0, 0, 0)
        for relationship in Relationship:
            button = QRadioButton(tr(RELATIONSHIP_MNEMONICS[relationship]), relationship_row)
            button.setAccessibleName(tr(RELATIONSHIP_TITLES[relationship]))
            self.relationship_group.addButton(button)
            self.relationship_buttons[relationship] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addWidget(relationship_row)

        description_label = QLabel(
            tr("What happened, in a few words (&optional, private to you)"), self
        )
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setAccessibleName(tr("What happened, optional"))
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(110)
        description_label.setBuddy(self.description_edit)
        layout.addWidget(description_label)
        layout.addWidget(self.description_edit)
        self.person_fields += [
            relationship_title,
            relationship_row,
            description_label,
            self.description_edit,
        ]

        self.path_note = reading_label(tr(PATH_CHANGE_NOTE), role="note", selectable=False)
        self.path_note.hide()
        layout.addWidget(self.path_note)
        self.problems = QLabel(self)
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.hide()
        layout.addWidget(self.problems)

        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(tr("&Save"), self)
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        for widget in self.person_fields:
            widget.setVisible(not counsellor)
        self._fill(current)
        self.track_group.buttonToggled.connect(self._update_note)
        self.relationship_group.buttonToggled.connect(self._update_note)
        self.name_edit.returnPressed.connect(self.submit)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        """Tall enough for every wrapped line."""
        super().showEvent(event)
        fit_height(self)

    # ------------------------------------------------------------------ state
    def _fill(self, info: ProfileInfo) -> None:
        draft = onboarding.draft_from_profile(info)
        self.name_edit.setText(draft.name)
        if draft.track is not None:
            self.track_buttons[draft.track].setChecked(True)
        if draft.relationship is not None:
            self.relationship_buttons[draft.relationship].setChecked(True)
        self.description_edit.setPlainText(draft.description)

    def draft(self) -> onboarding.ProfileDraft:
        """What the form says now."""
        track = next((t for t, b in self.track_buttons.items() if b.isChecked()), None)
        relationship = next(
            (r for r, b in self.relationship_buttons.items() if b.isChecked()), None
        )
        return onboarding.ProfileDraft(
            self.name_edit.text(),
            track,
            relationship,
            self.description_edit.toPlainText(),
            role=self.current.role,
        )

    def _update_note(self) -> None:
        draft = self.draft()
        changed = (draft.track, draft.relationship) != (
            self.current.track,
            self.current.relationship,
        )
        self.path_note.setVisible(changed and self.current.role is Role.PERSON)
        fit_height(self)

    # ------------------------------------------------------------------ work
    def submit(self) -> None:
        """Check the form; save and close if it is in order, else say what needs attention."""
        draft = self.draft()
        problems = onboarding.check_profile_change(draft, self.current, self.existing_names)
        if problems:
            self._say("\n".join(problems))
            return
        try:
            self.saved = self.vault.save_profile(onboarding.changed_profile(draft, self.current))
        except UserFacingError as error:
            self._say(str(error))
            return
        self.accept()

    def _say(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.show()
        fit_height(self)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def ask(
        cls, parent: QWidget | None, vault: OpenVault, existing_names: list[str]
    ) -> ProfileInfo | None:
        """Let the person change the profile; the saved profile, or None if cancelled."""
        dialog = cls(vault, existing_names, parent)
        try:
            dialog.exec()
            return dialog.saved
        finally:
            dialog.deleteLater()
