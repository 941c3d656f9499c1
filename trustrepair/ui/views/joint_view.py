"""Working together: the partner signs in, both safety checks, roles, then the session.

:class:`JointView` is one stack page of the main window. It owns the partner's open vault from
the moment the partner types their passphrase until :meth:`JointView.close_screen` (stop, lock,
quick-hide), and shows in turn: the setup, the safety gate (never the check itself: each person
takes it alone, signed in to their own profile), the role choice, and :class:`JointSessionView`.
Either person can close work for two from the session with one button.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trustrepair.content.library import Library
from trustrepair.domain.enums import Track
from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr
from trustrepair.services import joint
from trustrepair.services.joint import Gate, GateOutcome, JointSession
from trustrepair.services.profile_services import ProfileServices
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.ui.plain import mnemonic_safe, without_mnemonic
from trustrepair.ui.views.joint_pages import GatePage, RolesPage, SetupPage
from trustrepair.ui.views.joint_session_view import JointSessionView
from trustrepair.ui.widgets.text import enter_activates_buttons
from trustrepair.ui.worker import Task, run_task

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class JointView(QWidget):
    """Two people at one computer, from the partner's sign-in to the end of an exercise."""

    back_to_path = Signal()
    """Done (stopped, finished or cancelled): the partner's profile is locked again."""
    help_requested = Signal()
    """Show help and safety."""

    def __init__(
        self,
        vaults: Vaults,
        first: OpenVault,
        library: Library,
        exercise_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("joint")
        self.vaults = vaults
        self.first = first
        self.library = library
        self.partner: OpenVault | None = None
        self.session_view: JointSessionView | None = None
        self.task: Task | None = None
        """The partner's sign-in while its key is derived (off the GUI thread)."""
        self.profile = profile = ProfileServices(first.store, library).profile()
        self.exercises = joint.joint_exercises(library, profile.relationship)
        self.refs = {r.name: r for r in vaults.list() if r.folder != first.ref.folder}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack)
        self._wire_pages(exercise_id)
        self.stack.addWidget(self.setup_page)
        self.stack.addWidget(self.gate_page)
        self.stack.addWidget(self.roles_page)
        self.stack.setCurrentWidget(self.setup_page)
        enter_activates_buttons(self)

    # ------------------------------------------------------------------ setup page
    def _wire_pages(self, exercise_id: str | None) -> None:
        """The three setup pages (:mod:`.joint_pages`), their widgets named on this view."""
        setup = SetupPage(list(self.refs), self.exercises, exercise_id)
        self.setup_page, self.partner_box, self.exercise_box = (
            setup.page,
            setup.partner_box,
            setup.exercise_box,
        )
        self.passphrase_label, self.passphrase = setup.passphrase_label, setup.passphrase
        self.error_label, self.busy_label = setup.error_label, setup.busy_label
        self.no_partner_label = setup.no_partner_label
        self.cancel_button, self.continue_button = setup.cancel_button, setup.continue_button
        self.partner_box.currentTextChanged.connect(self._on_partner)
        self.passphrase.returnPressed.connect(self.sign_in_partner)
        self.cancel_button.clicked.connect(self.close_and_leave)
        self.continue_button.clicked.connect(self.sign_in_partner)
        self._on_partner(self.partner_box.currentText())

        gate = GatePage()
        self.gate_page, self.gate_title, self.gate_message = gate.page, gate.title, gate.message
        self.gate_back, self.gate_help = gate.back, gate.help
        self.gate_back.clicked.connect(self.close_and_leave)
        self.gate_help.clicked.connect(self.help_requested)
        self.gate: Gate | None = None

        roles = RolesPage(self)
        self.roles_page, self.role_group = roles.page, roles.group
        self.role_first_hurt, self.role_second_hurt = roles.first_hurt, roles.second_hurt
        self.roles_continue = roles.proceed
        roles.back.clicked.connect(self.close_and_leave)
        self.roles_continue.clicked.connect(self._roles_chosen)

    def _on_partner(self, name: str) -> None:
        ref = self.refs.get(name)
        self.error_label.hide()
        self.passphrase.clear()
        if ref is None:
            return
        needs = ref.has_passphrase
        self.passphrase.setVisible(needs)
        if needs:
            text = tr("{name}, please type your pa&ssphrase").format(name=mnemonic_safe(name))
        else:
            text = tr("{name}'s profile has no passphrase.").format(name=mnemonic_safe(name))
        self.passphrase_label.setText(text)
        self.passphrase.setAccessibleName(without_mnemonic(text))

    @property
    def busy(self) -> bool:
        """Whether the partner's profile is being opened right now."""
        return self.task is not None

    def sign_in_partner(self) -> None:
        """Open the partner's own profile with the passphrase they typed, then check safety.

        The key is derived in the background (about a second); the setup waits, calmly.
        """
        name = self.partner_box.currentText()
        if not name or not self.continue_button.isEnabled() or self.busy:
            return
        if self.partner is not None:
            self._close_partner()
        passphrase = self.passphrase.text() or None
        self.passphrase.clear()
        self._set_busy(True)
        self.task = task = run_task(
            self, lambda: joint.open_partner(self.vaults, self.first, name, passphrase)
        )
        task.succeeded.connect(lambda vault: self._partner_opened(task, vault))
        task.failed.connect(lambda error: self._partner_failed(task, error))
        task.finished.connect(lambda: self._sign_in_ended(task))

    def _set_busy(self, busy: bool) -> None:
        name = self.partner_box.currentText()
        self.busy_label.setText(tr("Opening {name}'s profile…").format(name=name) if busy else "")
        self.busy_label.setVisible(busy)
        if busy:
            self.error_label.hide()
            self.busy_label.setFocus(Qt.FocusReason.OtherFocusReason)
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
        for widget in (self.partner_box, self.exercise_box, self.passphrase):
            widget.setEnabled(not busy)
        self.continue_button.setEnabled(not busy and bool(self.refs) and bool(self.exercises))

    def _partner_opened(self, task: Task, vault: OpenVault) -> None:
        if task is not self.task:  # the pair left (or everything locked) while it opened
            vault.close()
            return
        self.partner = vault
        self.error_label.hide()

    def _partner_failed(self, task: Task, error: UserFacingError) -> None:
        if task is not self.task:
            return
        self.error_label.setText(str(error))
        self.error_label.show()

    def _sign_in_ended(self, task: Task) -> None:
        if task is not self.task:
            return
        self.task = None
        self._set_busy(False)
        if self.partner is not None:
            self.check_gate()
        else:
            self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def check_gate(self) -> None:
        """Both safety checks and closures: go on, or say kindly why not."""
        if self.partner is None:
            return
        self.gate = gate = joint.check_pair(self.first, self.partner, self.library)
        if gate.ready:
            if joint.needs_role_choice(self.first, self.partner) and not self._resuming():
                self._show_roles()
            else:
                self.start_session(None)
            return
        self.show_gate(gate)

    def show_gate(self, gate: Gate) -> None:
        """The gate page for ``gate``: a check still to take, or closed for now."""
        self.gate = gate
        if gate.outcome is GateOutcome.CHECK_NEEDED:
            self.gate_title.setText(tr("One more step first"))
        else:
            self.gate_title.setText(tr("Not right now"))
        self.gate_message.setText(gate.message)
        self.stack.setCurrentWidget(self.gate_page)
        enter_activates_buttons(self.gate_page)
        self.focus_content()

    def close_for_both(self) -> None:
        """Close work for two (the session's button): saved, then the same page as any other
        closing; both profiles keep the closure until each reopens it alone."""
        if self.partner is None:
            return
        if self.session_view is not None:
            view, self.session_view = self.session_view, None
            view.save()
            self.stack.removeWidget(view)
            view.deleteLater()
        self.show_gate(joint.close_for_both(self.first, self.partner, self.library))

    # ------------------------------------------------------------------ roles page
    def _show_roles(self) -> None:
        a = mnemonic_safe(self.first.ref.name)
        b = mnemonic_safe(self.partner.ref.name) if self.partner is not None else ""
        self.role_first_hurt.setText(tr("{a} was hurt; {b} is repairing").format(a=a, b=b))
        self.role_second_hurt.setText(tr("{b} was hurt; {a} is repairing").format(a=a, b=b))
        self.stack.setCurrentWidget(self.roles_page)
        enter_activates_buttons(self.roles_page)
        self.role_first_hurt.setFocus(Qt.FocusReason.OtherFocusReason)

    def _roles_chosen(self) -> None:
        role = Track.HURT if self.role_first_hurt.isChecked() else Track.REPAIRING
        self.start_session(role)

    # ------------------------------------------------------------------ session
    def _exercise_id(self) -> str | None:
        data = self.exercise_box.currentData()
        return str(data) if data is not None else None

    def _resuming(self) -> bool:
        exercise_id = self._exercise_id()
        if exercise_id is None or self.partner is None:
            return False
        return joint.is_resuming(self.first, exercise_id, self.partner.ref.name)

    def start_session(self, first_role: Track | None) -> None:
        """Both are ready: open the exercise for two (resuming where they stopped)."""
        exercise_id = self._exercise_id()
        exercise = self.library.get(exercise_id) if exercise_id else None
        if exercise is None or self.partner is None:
            return
        try:
            session = JointSession(
                self.library, exercise, self.first, self.partner, first_role=first_role
            )
        except UserFacingError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            self.stack.setCurrentWidget(self.setup_page)
            return
        view = JointSessionView(session)
        view.stopped.connect(self.close_and_leave)
        view.help_requested.connect(self.help_requested)
        view.close_requested.connect(self.close_for_both)
        self.session_view = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        view.focus_content()

    # ------------------------------------------------------------------ closing
    def flush(self) -> None:
        """Write whatever is pending, in both vaults."""
        if self.session_view is not None:
            self.session_view.flush()

    def close_screen(self) -> None:
        """Save everything and lock the partner's profile (stop, lock, quick-hide, close)."""
        if self.task is not None:
            # A sign-in still running: its profile is locked again as soon as it opens.
            self.task = None
            self._set_busy(False)
        try:
            if self.session_view is not None:
                self.session_view.save()
        finally:
            self._close_partner()

    def _close_partner(self) -> None:
        if self.session_view is not None:
            view, self.session_view = self.session_view, None
            self.stack.removeWidget(view)
            view.deleteLater()
        if self.partner is not None:
            partner, self.partner = self.partner, None
            partner.close()

    def close_and_leave(self) -> None:
        """Lock the partner's profile and go back to the signed-in person's path."""
        self.close_screen()
        self.back_to_path.emit()

    def refresh(self, *_: object) -> None:
        """Shown again: it shows what it showed."""

    def focus_content(self) -> None:
        """Focus the main control of the page shown."""
        page = self.stack.currentWidget()
        if page is self.setup_page:
            target: QWidget = self.partner_box if self.refs else self.cancel_button
            if self.refs and self.passphrase.isVisibleTo(self):
                target = self.passphrase
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.gate_page:
            self.gate_back.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.session_view and self.session_view is not None:
            self.session_view.focus_content()


def build(window: MainWindow, exercise_id: str | None = None) -> JointView:
    """Working together, from the partner's sign-in; leaving goes back to the path."""
    assert window.vault is not None
    view = JointView(window.vaults, window.vault, window.library, exercise_id)
    view.back_to_path.connect(window.show_home)
    view.help_requested.connect(window.show_help)
    return view
