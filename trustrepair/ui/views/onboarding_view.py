"""First run and new profiles: what this is (and is not), then a profile and its passphrase."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.profile import Role
from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr
from trustrepair.services import onboarding
from trustrepair.services.startup import LazyVaults
from trustrepair.ui.dialogs.simple import EmptyPassphraseDialog, WeakPassphraseConfirm
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.views import onboarding_pages as pages
from trustrepair.ui.widgets.profile_fields import ProfileFields
from trustrepair.ui.widgets.recovery_key import RecoveryKeyPanel
from trustrepair.ui.widgets.strength import StrengthLine
from trustrepair.ui.widgets.text import enter_activates_buttons
from trustrepair.ui.worker import Task, run_task

if TYPE_CHECKING:  # the first screen on a first run: vaults are imported by the create task
    from trustrepair.services.vaults import OpenVault, Vaults
    from trustrepair.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class OnboardingView(QWidget):
    """Three short pages: welcome, about you, a passphrase; then the recovery key once, and
    for a person the private safety check, offered (never required)."""

    created = Signal(object)
    """The new profile, open (:class:`OpenVault`)."""
    check_wanted = Signal()
    """The person chose to take the private safety check now (after ``created``)."""
    cancelled = Signal()
    """The person went back to the profile list."""

    def __init__(self, vaults: Vaults | LazyVaults, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onboarding")
        self.vaults = LazyVaults.over(vaults)
        """Names to check against; ``vaults.real`` creates the profile (in the create task)."""
        self.vault: OpenVault | None = None
        self.task: Task | None = None
        self.pages = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self._build_welcome()
        self._build_about()
        self._build_passphrase()
        self._build_recovery()
        self._build_safety_offer()
        enter_activates_buttons(self)
        self.reset()

    # ------------------------------------------------------------------ building
    def _build_welcome(self) -> None:
        layout = pages.welcome_page(self.pages)
        self.welcome_back, self.welcome_next = pages.buttons(
            layout, tr("&Back to profiles"), tr("&Get started")
        )
        self.welcome_back.setAccessibleDescription(tr("Back to the list of profiles."))
        self.welcome_next.setAccessibleDescription(tr("A few questions about you come next."))
        self.welcome_back.clicked.connect(self.cancelled)
        self.welcome_next.clicked.connect(lambda: self.show_page(1))

    def _build_about(self) -> None:
        page, layout = pages.about_page(self.pages)
        fields = ProfileFields(
            page,
            layout,
            name_label=tr("&Your name for this profile (a first name or nickname is fine)"),
            counsellor_label=tr("I'm a &counsellor, preparing exercises"),
        )
        self.name_edit = fields.name_edit
        self.track_group = fields.track_group
        self.track_buttons = fields.track_buttons
        assert fields.counsellor_button is not None
        self.counsellor_button = fields.counsellor_button
        self.counsellor_button.toggled.connect(self._show_person_fields)
        self.relationship_group = fields.relationship_group
        self.relationship_buttons = fields.relationship_buttons
        self.description_edit = fields.description_edit
        self.person_fields = tuple(fields.relationship_fields)
        """What only a person doing the exercises is asked (hidden for a counsellor)."""

        self.about_problems = PlainLabel(page)
        self.about_problems.setProperty("role", "error")
        self.about_problems.setWordWrap(True)
        self.about_problems.hide()
        layout.addWidget(self.about_problems)
        back, self.about_next = pages.buttons(layout, tr("&Back"), tr("&Next"))
        back.setAccessibleDescription(tr("Back to the welcome page; nothing is lost."))
        self.about_next.setAccessibleDescription(tr("A passphrase to lock your profile is next."))
        back.clicked.connect(lambda: self.show_page(0))
        self.about_next.clicked.connect(self.submit_about)
        self.name_edit.returnPressed.connect(self.submit_about)
        # What still needs attention follows the form: a fixed field's message goes at once.
        self.name_edit.textChanged.connect(self._recheck_about)
        self.track_group.buttonToggled.connect(self._recheck_about)
        self.relationship_group.buttonToggled.connect(self._recheck_about)

    def _build_passphrase(self) -> None:
        page, layout = pages.passphrase_page(self.pages)
        first_label = PlainLabel(tr("&Passphrase"), page)
        self.passphrase_edit = QLineEdit(page)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(tr("Passphrase"))
        self.passphrase_edit.setAccessibleDescription(
            tr("A few ordinary words you will remember. How strong it is is said below.")
        )
        first_label.setBuddy(self.passphrase_edit)
        second_label = PlainLabel(tr("The same passphrase &again"), page)
        self.repeat_edit = QLineEdit(page)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setAccessibleName(tr("The same passphrase again"))
        self.repeat_edit.setAccessibleDescription(tr("Type it once more, to be sure of it."))
        second_label.setBuddy(self.repeat_edit)
        self.strength = StrengthLine(self.passphrase_edit, lambda: [self.name_edit.text()], page)
        for widget in (
            first_label,
            self.passphrase_edit,
            self.strength,
            second_label,
            self.repeat_edit,
        ):
            layout.addWidget(widget)
        self.passphrase_problem = PlainLabel(page)
        self.passphrase_problem.setProperty("role", "error")
        self.passphrase_problem.setWordWrap(True)
        self.passphrase_problem.hide()
        layout.addWidget(self.passphrase_problem)
        self.busy_label = PlainLabel(page)
        self.busy_label.setProperty("role", "muted")
        # Focus rests on the busy line while the fields are disabled (not on the status bar).
        self.busy_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.busy_label.hide()
        layout.addWidget(self.busy_label)
        self.back3, self.create_button = pages.buttons(layout, tr("&Back"), tr("&Create profile"))
        self.back3.setAccessibleDescription(tr("Back to the questions about you."))
        self.create_button.setAccessibleDescription(
            tr("Makes your encrypted profile; your recovery key is shown next.")
        )
        self.back3.clicked.connect(lambda: self.show_page(1))
        self.create_button.clicked.connect(self.create_profile)
        self.repeat_edit.returnPressed.connect(self.create_profile)
        self.passphrase_edit.returnPressed.connect(self.repeat_edit.setFocus)

    def _build_recovery(self) -> None:
        page, layout = pages.recovery_page(self.pages)
        self.key_panel = RecoveryKeyPanel(page)
        # Names the rest of the view (and its tests) use.
        self.key_field = self.key_panel.key_field
        self.save_key_button = self.key_panel.save_button
        self.copy_key_button = self.key_panel.copy_button
        self.print_key_button = self.key_panel.print_button
        self.key_status = self.key_panel.status
        layout.addWidget(self.key_panel)
        self.kept_box = QCheckBox(tr("I have &kept it somewhere safe"), page)
        self.kept_box.setAccessibleName(tr("I have kept it somewhere safe"))
        self.kept_box.setAccessibleDescription(tr("Continue can be pressed once this is ticked."))
        layout.addWidget(self.kept_box)
        _none, self.finish_button = pages.buttons(layout, "", tr("&Continue"))
        _none.hide()
        _none.setAccessibleName(tr("Back"))
        _none.setAccessibleDescription(tr("Not offered here: the profile exists."))
        self.finish_button.setAccessibleDescription(tr("The key is not shown again."))
        self.finish_button.setEnabled(False)
        self.kept_box.toggled.connect(self.finish_button.setEnabled)
        self.finish_button.clicked.connect(self.after_key)

    def _build_safety_offer(self) -> None:
        """Offered privately once the profile exists: the check, before any work for two."""
        layout = pages.safety_offer_page(self.pages)
        self.later_button, self.check_now_button = pages.buttons(
            layout, tr("&Later"), tr("Take the private safety check &now")
        )
        self.later_button.setAccessibleDescription(
            tr("Goes to your home screen; the check is there whenever you want it.")
        )
        self.check_now_button.setAccessibleDescription(
            tr("Private: taken alone, never beside the other person. It starts blank.")
        )
        self.later_button.clicked.connect(self.finish)
        self.check_now_button.clicked.connect(self.finish_with_check)

    def _show_person_fields(self, counsellor: bool) -> None:
        for widget in self.person_fields:
            widget.setVisible(not counsellor)

    # ------------------------------------------------------------------ flow
    def reset(self) -> None:
        """Start again with an empty form."""
        self.vault = None
        self.name_edit.clear()
        self.description_edit.clear()
        for group in (self.track_group, self.relationship_group):
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self.passphrase_edit.clear()
        self.repeat_edit.clear()
        self.key_field.clear()
        self.kept_box.setChecked(False)
        self.about_problems.hide()
        self.passphrase_problem.hide()
        self.welcome_back.setVisible(bool(self.vaults.list()))
        self.show_page(0)

    def show_page(self, index: int) -> None:
        """Go to one of the pages, scrolled to its top, and focus its first input."""
        self.pages.setCurrentIndex(index)
        scroll = self.pages.currentWidget()
        if isinstance(scroll, QScrollArea):
            scroll.verticalScrollBar().setValue(0)
        target = {
            0: self.welcome_next,
            1: self.name_edit,
            2: self.passphrase_edit,
            3: self.save_key_button,
            4: self.check_now_button,
        }[index]
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        default = {
            0: self.welcome_next,
            1: self.about_next,
            2: self.create_button,
            3: self.finish_button,
            4: self.check_now_button,
        }[index]
        default.setDefault(True)

    # ------------------------------------------------------------------ the Screen protocol
    def refresh(self) -> None:
        """Shown again: an empty form."""
        self.reset()

    def flush(self) -> None:
        """Nothing to write: the profile is made in one step, at the end."""

    def close_screen(self) -> None:
        """Nothing to let go of: the new profile went to the window when it was made."""

    def focus_content(self) -> None:
        """Focus the first input of the current page."""
        self.show_page(self.pages.currentIndex())

    def draft(self) -> onboarding.ProfileDraft:
        """What the form says now."""
        track = next((t for t, b in self.track_buttons.items() if b.isChecked()), None)
        relationship = next(
            (r for r, b in self.relationship_buttons.items() if b.isChecked()), None
        )
        if self.counsellor_button.isChecked():
            return onboarding.ProfileDraft(self.name_edit.text(), None, None, role=Role.COUNSELLOR)
        return onboarding.ProfileDraft(
            self.name_edit.text(), track, relationship, self.description_edit.toPlainText()
        )

    def submit_about(self) -> None:
        """Check the about-you page and move on."""
        problems = onboarding.check_draft(self.draft(), [r.name for r in self.vaults.list()])
        if problems:
            self.about_problems.setText("\n".join(problems))
            self.about_problems.show()
            self._keep_in_view(self.about_next)
            return
        self.about_problems.hide()
        self.show_page(2)

    def _recheck_about(self) -> None:
        """While problems are shown, show only those still there (none: the message goes)."""
        if not self.about_problems.isVisibleTo(self):
            return
        problems = onboarding.check_draft(self.draft(), [r.name for r in self.vaults.list()])
        self.about_problems.setText("\n".join(problems))
        self.about_problems.setVisible(bool(problems))

    def _keep_in_view(self, widget: QWidget) -> None:
        """Scroll the page so ``widget`` (the buttons under a message) stays in view."""
        scroll = self.pages.currentWidget()
        page = scroll.widget() if isinstance(scroll, QScrollArea) else None
        if isinstance(scroll, QScrollArea) and page is not None:
            page.adjustSize()
            scroll.ensureWidgetVisible(widget, 0, 24)

    def create_profile(self) -> None:
        """Create the profile with the passphrase typed twice (in the background)."""
        if self.busy:
            return
        check = onboarding.check_passphrase(self.passphrase_edit.text(), self.repeat_edit.text())
        if not check.ok:
            self.passphrase_problem.setText(check.problem)
            self.passphrase_problem.show()
            self.repeat_edit.clear()
            self.repeat_edit.setFocus()
            return
        if check.empty and not EmptyPassphraseDialog.ask(self):
            self.passphrase_edit.setFocus()
            return
        strength = self.strength.judge(self.passphrase_edit.text()) if not check.empty else None
        if (
            strength is not None
            and strength.weak
            and not WeakPassphraseConfirm.ask(self, strength.label, strength.advice)
        ):
            self.passphrase_edit.setFocus()
            return
        draft = self.draft()
        passphrase = self.passphrase_edit.text() or None
        info = onboarding.profile_info(draft)
        self._set_busy(True)
        self.task = task = run_task(self, lambda: self.vaults.real.create(info, passphrase))
        task.succeeded.connect(self._created)
        task.failed.connect(self._create_failed)
        task.finished.connect(lambda: self._set_busy(False))

    @property
    def busy(self) -> bool:
        """Whether the profile is being created right now."""
        return self.task is not None

    def _set_busy(self, busy: bool) -> None:
        if not busy:
            self.task = None
        for widget in (self.passphrase_edit, self.repeat_edit, self.create_button, self.back3):
            widget.setEnabled(not busy)
        self.busy_label.setText(tr("Creating your profile and locking it…") if busy else "")
        self.busy_label.setVisible(busy)
        if busy:
            self.busy_label.setFocus(Qt.FocusReason.OtherFocusReason)
            self.passphrase_problem.hide()
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
            if self.passphrase_problem.isVisibleTo(self):
                self.passphrase_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _create_failed(self, error: UserFacingError) -> None:
        self.passphrase_problem.setText(str(error))
        self.passphrase_problem.show()
        self.passphrase_edit.setFocus()

    def _created(self, vault: OpenVault) -> None:
        self.passphrase_edit.clear()
        self.repeat_edit.clear()
        self.vault = vault
        key = getattr(vault, "recovery_key", None)
        vault.recovery_key = None  # shown once, from the panel only
        if key:
            self.key_panel.show_key(vault.ref.name, key)
            self.show_page(3)
        else:
            self.after_key()

    def after_key(self) -> None:
        """The recovery key is kept: offer a person the safety check, privately; else finish."""
        self.key_panel.clear()
        if self.vault is not None and self.draft().role is Role.PERSON:
            self.show_page(4)
        else:
            self.finish()

    def finish(self) -> None:
        """Hand the new, open profile to the window."""
        vault, self.vault = self.vault, None
        self.key_panel.clear()
        if vault is not None:
            self.created.emit(vault)

    def finish_with_check(self) -> None:
        """Hand the profile over, then open the private safety check."""
        opened = self.vault is not None
        self.finish()
        if opened:
            self.check_wanted.emit()


def build(window: MainWindow) -> OnboardingView:
    """The new-profile flow; the new profile opens in the window."""
    view = OnboardingView(window.profiles)
    view.created.connect(window.open_vault)
    view.check_wanted.connect(window.open_safety_check)
    view.cancelled.connect(window.show_unlock)
    return view
