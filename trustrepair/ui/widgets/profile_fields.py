"""The "about you" fields, shared by the first run and Settings → About you…: a name, which
describes you, who this is about, and a short private description."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.enums import RELATIONSHIP_TITLES, TRACK_TITLES, Relationship, Track
from trustrepair.i18n import N_, Marked, tr, translated
from trustrepair.services import onboarding
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.widgets.text import reading_label

TRACK_HINTS: dict[Track, Marked] = {
    Track.HURT: N_("Someone broke your trust, and you are working out what you need now."),
    Track.REPAIRING: N_(
        "You broke someone's trust, and you want to understand it and make amends."
    ),
}
TRACK_MNEMONICS: dict[Track, Marked] = {
    Track.HURT: N_("I &was hurt"),
    Track.REPAIRING: N_("I b&roke trust"),
}
COUNSELLOR_CHOICE = N_("I'm a counsellor, preparing exercises for clients")
COUNSELLOR_HINT = N_(
    "You prepare exercises for the people you work with and read what they choose to share "
    "with you. You do not do the exercises yourself in this profile."
)


def field_title(text: str, parent: QWidget) -> QLabel:
    """A bold question above a group of choices."""
    label = PlainLabel(text, parent)
    label.setObjectName("fieldTitle")
    return label


class ProfileFields:
    """Builds the fields into ``layout`` and keeps them; callers read and fill them."""

    def __init__(
        self,
        parent: QWidget,
        layout: QVBoxLayout,
        *,
        name_label: str,
        relationship_labels: Mapping[Relationship, Marked] | None = None,
        counsellor_label: str | None = None,
    ) -> None:
        """Make the fields.

        Args:
            parent: The page or dialog they live on.
            layout: Where they are added, in order.
            name_label: The name field's label, with its Alt-letter.
            relationship_labels: Labels with Alt-letters; the plain titles when None.
            counsellor_label: Offer "I'm a counsellor" as a third choice, with this label.
        """
        name = PlainLabel(name_label, parent)
        self.name_edit = QLineEdit(parent)
        self.name_edit.setAccessibleName(tr("Name for this profile"))
        self.name_edit.setAccessibleDescription(
            tr("A first name or a nickname is fine; the other person may see it.")
        )
        self.name_edit.setMaxLength(onboarding.MAX_NAME_CHARS)
        name.setBuddy(self.name_edit)
        layout.addWidget(name)
        layout.addWidget(self.name_edit)

        self.track_title = field_title(tr("Which describes you?"), parent)
        layout.addWidget(self.track_title)
        self.track_group = QButtonGroup(parent)
        self.track_buttons: dict[Track, QRadioButton] = {}
        self.track_fields: list[QWidget] = [self.track_title]
        """The track question's title, buttons and hints."""
        for track in (Track.HURT, Track.REPAIRING):
            button = QRadioButton(translated(TRACK_MNEMONICS[track]), parent)
            button.setAccessibleName(translated(TRACK_TITLES[track]))
            button.setAccessibleDescription(translated(TRACK_HINTS[track]))
            self.track_group.addButton(button)
            self.track_buttons[track] = button
            self.track_fields += [button, self._hint(TRACK_HINTS[track], button, layout)]
        self.counsellor_button: QRadioButton | None = None
        if counsellor_label is not None:
            self.counsellor_button = QRadioButton(counsellor_label, parent)
            self.counsellor_button.setAccessibleName(translated(COUNSELLOR_CHOICE))
            self.counsellor_button.setAccessibleDescription(translated(COUNSELLOR_HINT))
            self.track_group.addButton(self.counsellor_button)
            self._hint(COUNSELLOR_HINT, self.counsellor_button, layout)

        relationship_title = field_title(tr("Who is this about?"), parent)
        layout.addWidget(relationship_title)
        self.relationship_group = QButtonGroup(parent)
        self.relationship_buttons: dict[Relationship, QRadioButton] = {}
        relationship_row = QWidget(parent)
        row = QHBoxLayout(relationship_row)
        row.setContentsMargins(0, 0, 0, 0)
        for relationship in Relationship:
            title = translated(RELATIONSHIP_TITLES[relationship])
            label = translated(relationship_labels[relationship]) if relationship_labels else title
            button = QRadioButton(label, relationship_row)
            button.setAccessibleName(title)
            button.setAccessibleDescription(
                tr("Who this is about: the exercises are worded for them.")
            )
            self.relationship_group.addButton(button)
            self.relationship_buttons[relationship] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addWidget(relationship_row)

        description_label = PlainLabel(
            tr("What happened, in a few words (&optional, private to you)"), parent
        )
        self.description_edit = QPlainTextEdit(parent)
        self.description_edit.setAccessibleName(tr("What happened, optional"))
        self.description_edit.setAccessibleDescription(
            tr("Private to you; never in a summary unless you tick it there.")
        )
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(110)
        description_label.setBuddy(self.description_edit)
        layout.addWidget(description_label)
        layout.addWidget(self.description_edit)
        self.relationship_fields: list[QWidget] = [
            relationship_title,
            relationship_row,
            description_label,
            self.description_edit,
        ]
        """Who this is about and what happened: asked only of a person doing the exercises."""

    @staticmethod
    def _hint(text: Marked, button: QRadioButton, layout: QVBoxLayout) -> QLabel:
        hint = reading_label(translated(text), role="muted", selectable=False)
        hint.setContentsMargins(30, 0, 0, 0)
        layout.addWidget(button)
        layout.addWidget(hint)
        return hint
