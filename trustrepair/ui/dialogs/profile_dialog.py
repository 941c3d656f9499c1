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
    QDialogButtonBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.enums import Relationship
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.errors import UserFacingError
from trustrepair.i18n import N_, Marked, tr, translated
from trustrepair.services import onboarding, signing
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.screen_fit import FittingDialog
from trustrepair.ui.widgets.profile_fields import ProfileFields
from trustrepair.ui.widgets.text import fit_height, reading_label

if TYPE_CHECKING:
    from trustrepair.services.vaults import OpenVault

PERSON_EXPLANATION = N_(
    "Changing which describes you, or who this is about, changes which exercises you are "
    "offered and how they are worded. Nothing you have written is lost: answers to exercises "
    "no longer on your path still appear in your summary of everything you wrote "
    "(File → Summary)."
)
COUNSELLOR_EXPLANATION = N_(
    "This is the name shown on the profile list and on the assignments you prepare for "
    "clients. Nothing you have already prepared or received is changed."
)
PATH_CHANGE_NOTE = N_(
    "After saving, your home screen shows the exercises for what you chose now. "
    "Everything you wrote so far stays."
)
RELATIONSHIP_MNEMONICS: dict[Relationship, Marked] = {
    Relationship.ROMANTIC: N_("A &partner"),
    Relationship.FRIENDSHIP: N_("A fr&iend"),
    Relationship.PROFESSIONAL: N_("A co&lleague"),
}


FINGERPRINT_NOTE = N_(
    "Your fingerprint: {fingerprint}. The files you give others are signed with it; when "
    "someone opens the first one, they may ask you to read it to them."
)


class ProfileDialog(FittingDialog):
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
        self.explanation = reading_label(translated(explanation), role="muted", selectable=False)
        layout.addWidget(self.explanation)
        layout.addSpacing(4)

        fields = ProfileFields(
            self,
            layout,
            name_label=tr("&Name for this profile"),
            relationship_labels=RELATIONSHIP_MNEMONICS,
        )
        self.name_edit = fields.name_edit
        self.track_group = fields.track_group
        self.track_buttons = fields.track_buttons
        self.relationship_group = fields.relationship_group
        self.relationship_buttons = fields.relationship_buttons
        self.description_edit = fields.description_edit
        self.person_fields: list[QWidget] = fields.track_fields + fields.relationship_fields
        """What only a person doing the exercises is asked (hidden for a counsellor)."""

        self.fingerprint_label = reading_label(
            translated(FINGERPRINT_NOTE).format(
                fingerprint=signing.identity(vault.store).fingerprint
            ),
            role="muted",
        )
        self.fingerprint_label.setAccessibleName(tr("Your fingerprint"))
        layout.addWidget(self.fingerprint_label)

        self.path_note = reading_label(translated(PATH_CHANGE_NOTE), role="note", selectable=False)
        self.path_note.hide()
        layout.addWidget(self.path_note)
        self.problems = PlainLabel(self)
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.hide()
        layout.addWidget(self.problems)

        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(tr("&Save"), self)
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(True)
        self.save_button.setAccessibleDescription(tr("Keeps these answers about you."))
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
        # A message about the form goes as soon as what it named is fixed.
        self.name_edit.textChanged.connect(self._recheck)
        self.track_group.buttonToggled.connect(self._recheck)
        self.relationship_group.buttonToggled.connect(self._recheck)
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

    def _recheck(self) -> None:
        """While problems are shown, show only those still there."""
        if not self.problems.isVisibleTo(self):
            return
        problems = onboarding.check_profile_change(self.draft(), self.current, self.existing_names)
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

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
