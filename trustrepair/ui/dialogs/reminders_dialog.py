"""Settings → Reminders: the neutral word, the hour, a rhythm per repeatable exercise, and
whether the desktop may show a notification."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.enums import RHYTHM_TITLES, Rhythm
from trustrepair.domain.exercise import Exercise
from trustrepair.i18n import tr, translated
from trustrepair.services.reminders import MAX_WORD_CHARS, ReminderSettings
from trustrepair.ui.plain import PlainLabel, attach_buddy
from trustrepair.ui.screen_fit import FittingDialog

CHOICES: tuple[Rhythm | None, ...] = (
    None,
    Rhythm.DAILY,
    Rhythm.WEEKLY,
    Rhythm.FORTNIGHTLY,
    Rhythm.MONTHLY,
)


class RemindersDialog(FittingDialog):
    """Choose how reminders look and which exercises come round when."""

    def __init__(
        self, settings: ReminderSettings, exercises: list[Exercise], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Reminders"))
        self.exercises = exercises
        layout = QVBoxLayout(self)
        intro = PlainLabel(
            tr(
                "Reminders go into your own calendar (File → Add to my calendar…). Each one "
                "carries only the word below, never anything you wrote, so a calendar seen by "
                "someone else gives nothing away."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.word = QLineEdit(settings.word, self)
        self.word.setMaxLength(MAX_WORD_CHARS)
        self.word.setAccessibleDescription(
            tr("The one word every reminder is called by: choose one that says nothing.")
        )
        word_label = PlainLabel(tr("Reminder title:"), self)
        attach_buddy(word_label, self.word)
        form.addRow(word_label, self.word)
        self.hour = QSpinBox(self)
        self.hour.setRange(0, 23)
        self.hour.setValue(settings.hour)
        self.hour.setSuffix(tr(":00"))
        self.hour.setAccessibleDescription(tr("The hour of the day reminders come, 0 to 23."))
        hour_label = PlainLabel(tr("At this hour:"), self)
        attach_buddy(hour_label, self.hour)
        form.addRow(hour_label, self.hour)
        self.rhythms: dict[str, QComboBox] = {}
        for exercise in exercises:
            combo = QComboBox(self)
            for choice in CHOICES:
                combo.addItem(translated(RHYTHM_TITLES[choice]) if choice else tr("No reminder"))
            chosen = settings.rhythms.get(exercise.id)
            combo.setCurrentIndex(CHOICES.index(chosen) if chosen in CHOICES else 0)
            combo.setAccessibleName(tr("Reminder for {title}").format(title=exercise.title))
            combo.setAccessibleDescription(tr("How often to be reminded of this exercise."))
            label = PlainLabel(exercise.title, self)
            label.setWordWrap(True)
            attach_buddy(label, combo)
            form.addRow(label, combo)
            self.rhythms[exercise.id] = combo
        layout.addLayout(form)
        self.system = QCheckBox(tr("Also show a notification on the desktop when one is due"))
        self.system.setChecked(settings.system_notifications)
        self.system.setAccessibleDescription(
            tr("Off by default: a notification can appear on a shared or locked screen.")
        )
        layout.addWidget(self.system)
        note = PlainLabel(
            tr(
                "Off by default: a notification can appear on a shared or locked screen. "
                "While the window is open, a quiet line in its status bar says what is due."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setAccessibleDescription(tr("Keeps these reminder settings."))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> ReminderSettings:
        """What the dialog says now."""
        rhythms = {
            exercise_id: choice
            for exercise_id, combo in self.rhythms.items()
            if (choice := CHOICES[combo.currentIndex()]) is not None
        }
        return ReminderSettings(
            self.word.text(), rhythms, self.hour.value(), self.system.isChecked()
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, settings: ReminderSettings, exercises: list[Exercise]
    ) -> ReminderSettings | None:
        """The new settings, or None if the person cancelled."""
        dialog = cls(settings, exercises, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
