"""Home: the five stages as a path, progress per stage, and where to continue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trustrepair.domain.answers import Status
from trustrepair.domain.enums import Track
from trustrepair.domain.exercise import CommitmentStep
from trustrepair.i18n import N_, Marked, tr, translated
from trustrepair.services.counsel_desk import ClientDesk
from trustrepair.services.overview import Overview, OverviewService, StageOverview
from trustrepair.services.promises import PromiseLedger
from trustrepair.services.reminders import ReminderService
from trustrepair.services.safety import CLOSED_FOR_NOW, JOINT_EXPLANATIONS, JointAccess
from trustrepair.ui.counsel_actions import assignments_card
from trustrepair.ui.plain import PlainLabel
from trustrepair.ui.reminder_notice import ReminderNotice
from trustrepair.ui.views.home_stages import ENTRY_ROLE, LOCKED_ROLE, StageList, stage_card
from trustrepair.ui.views.joint_home import CLOSED_HINT, SafetyCheckCard, TogetherCard
from trustrepair.ui.widgets.promises_card import PromisesDueCard
from trustrepair.ui.widgets.text import centered_column, enter_activates_buttons, reading_label

if TYPE_CHECKING:
    from trustrepair.ui.main_window import MainWindow

PATH_INTROS: dict[Track, Marked] = {
    Track.HURT: N_("Your path, for when someone broke your trust."),
    Track.REPAIRING: N_("Your path, for when you broke someone's trust and want to repair it."),
}


class HomeView(QWidget):
    """The person's path through the stages. Emits the id of the exercise to open."""

    open_exercise = Signal(str)
    """Open the exercise with this id."""
    help_requested = Signal()
    """Show help and safety."""
    work_together = Signal()
    """Two people want to work through an exercise for two (the partner signs in next)."""
    work_at_distance = Signal()
    """Two people want to do an exercise for two, each on their own computer."""
    show_promises = Signal()
    """Show every promise (the Promises screen)."""
    show_over_time = Signal()
    """Show the ratings and promises by date (the Over time screen)."""

    def __init__(
        self,
        overview: OverviewService,
        client: ClientDesk,
        parent: QWidget | None = None,
        *,
        promises: PromiseLedger | None = None,
        reminders: ReminderService | None = None,
    ) -> None:
        super().__init__(parent)
        self.promises = promises
        self.notice: ReminderNotice | None = None
        if reminders is not None:
            self.notice = ReminderNotice(reminders, self)
        self.promises_card: PromisesDueCard | None = None
        self.setObjectName("home")
        self.service = overview
        self.safety = overview.safety
        self.client = client
        self.overview: Overview | None = None
        self.stage_lists: list[StageList] = []
        self.continue_button: QPushButton | None = None
        self.safety_button: QPushButton | None = None
        self.joint_label: QLabel | None = None
        self.together_button: QPushButton | None = None
        self.together_card: TogetherCard | None = None
        self.over_time_button: QPushButton | None = None
        self.notice_label = PlainLabel(self)
        self.notice_label.setProperty("role", "note")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        # The page itself never takes the keyboard: Tab goes from control to control, each
        # with its visible focus.
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self.scroll_area)
        self.refresh()

    # ------------------------------------------------------------------ rendering
    def refresh(self) -> None:
        """Recompute the path (after an exercise, the safety check, an import)."""
        self.overview = overview = self.service.overview()
        page, column = centered_column(900)
        page.setObjectName("homePage")
        layout = QVBoxLayout(column)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(16)
        profile = overview.profile
        layout.addWidget(reading_label(tr("Hello, {name}").format(name=profile.name), role="title"))
        layout.addWidget(
            reading_label(
                translated(PATH_INTROS[profile.track])
                + " "
                + tr(
                    "Take the stages in order, at your own pace. There is no deadline, "
                    "and you can stop at any point."
                ),
                role="muted",
            )
        )
        layout.addWidget(self._continue_card(overview))
        self.promises_card = None
        if self.promises is not None:
            self.promises_card = PromisesDueCard(self.promises)
            self.promises_card.open_ledger.connect(self.show_promises)
            self.promises_card.changed.connect(self._promise_marked)
            layout.addWidget(self.promises_card)
        looking_back = self._looking_back_card(overview)
        if looking_back is not None:
            layout.addWidget(looking_back)
        counsellor = assignments_card(self.client, self.open_exercise.emit)
        if counsellor is not None:
            layout.addWidget(counsellor)
        layout.addWidget(self.notice_label)
        for card in self._joint_cards():
            layout.addWidget(card)
        self.stage_lists = []
        for number, stage in enumerate(overview.stages, start=1):
            layout.addWidget(self._stage_card(number, stage))
        layout.addStretch(1)
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll_area.setWidget(page)
        for stage_list in self.stage_lists:
            stage_list.fit_height()
        enter_activates_buttons(page)

    def _continue_card(self, overview: Overview) -> QWidget:
        card = QFrame()
        card.setProperty("role", "card-accent")
        layout = QHBoxLayout(card)
        exercise = overview.continue_with
        if exercise is not None:
            text = tr("Continue where you left off: {title}").format(title=exercise.title)
            label = tr("&Continue")
        else:
            exercise = self.service.next_suggestion()
            if exercise is not None:
                text = tr("Next on your path: {title}").format(title=exercise.title)
                label = tr("&Start")
            else:
                text = tr(
                    "You have been through every exercise on your path. "
                    "You can revisit any of them."
                )
                label = ""
        caption = reading_label(text, role="subtitle", selectable=False)
        layout.addWidget(caption, 1)
        self.continue_button = None
        if exercise is not None and label:
            button = QPushButton(label, card)
            button.setProperty("role", "primary")
            button.setAccessibleName(text)
            button.setAccessibleDescription(tr("Opens this exercise where you left it."))
            button.clicked.connect(lambda _=False, i=exercise.id: self.open_exercise.emit(i))
            layout.addWidget(button)
            self.continue_button = button
        return card

    def _looking_back_card(self, overview: Overview) -> QWidget | None:
        """Once an exercise that is rated or holds promises has been begun: the way to the
        Over time and Promises screens (the File menu has them too)."""
        self.over_time_button = None
        begun = [
            entry.exercise
            for stage in overview.stages
            for entry in stage.entries
            if entry.status is not Status.NOT_STARTED
        ]
        rated = any(e.series_steps() for e in begun)
        promised = any(isinstance(s, CommitmentStep) for e in begun for s in e.steps)
        if not rated and not promised:
            return None
        card = QFrame()
        card.setProperty("role", "card")
        card.setObjectName("lookingBack")
        layout = QHBoxLayout(card)
        text = tr(
            "Looking back: your ratings and your promises are kept with their dates, so you "
            "can see what has changed over the weeks and months."
        )
        layout.addWidget(reading_label(text, role="muted", selectable=False), 1)
        button = QPushButton(tr("O&ver time…"), card)
        button.setAccessibleName(tr("Over time: your ratings and promises by date"))
        button.setAccessibleDescription(text)
        button.clicked.connect(self.show_over_time)
        layout.addWidget(button)
        self.over_time_button = button
        if promised:
            ledger = QPushButton(tr("All p&romises…"), card)
            ledger.setAccessibleName(tr("All your promises"))
            ledger.setAccessibleDescription(
                tr("Every promise you made, where each stands, and every change with its date.")
            )
            ledger.clicked.connect(self.show_promises)
            layout.addWidget(ledger)
        return card

    def _joint_cards(self) -> list[QWidget]:
        """Working together and the private safety check (:mod:`.joint_home`)."""
        together = TogetherCard(self.safety)
        together.work_together.connect(self.work_together)
        together.work_at_distance.connect(self.work_at_distance)
        together.help_requested.connect(self.help_requested)
        together.changed.connect(self.refresh)
        self.together_card, self.together_button = together, together.together_button
        self.joint_label = together.label
        check = SafetyCheckCard(self.safety)
        check.open_check.connect(self.open_safety_check)
        self.safety_button = check.button
        return [together, check]

    def _stage_card(self, number: int, stage: StageOverview) -> QWidget:
        card, stage_list = stage_card(number, stage, self._access())
        if stage_list is not None:
            stage_list.itemActivated.connect(self._on_activated)
            stage_list.itemClicked.connect(self._on_activated)  # one click opens
            stage_list.highlight_moved.connect(
                lambda rect, lst=stage_list: self._show_highlight(lst, rect)
            )
            self.stage_lists.append(stage_list)
        return card

    def _access(self) -> JointAccess:
        return self.overview.joint_access if self.overview else JointAccess.CHECK_NEEDED

    # ------------------------------------------------------------------ slots
    def _show_highlight(self, stage_list: StageList, rect: QRect) -> None:
        """Scroll the page so the highlighted exercise is in view."""
        page = self.scroll_area.widget()
        if page is None:
            return
        centre = stage_list.mapTo(page, rect.center())
        self.scroll_area.ensureVisible(centre.x(), centre.y(), 0, rect.height() // 2 + 24)

    def _on_activated(self, item: QListWidgetItem) -> None:
        if item.data(LOCKED_ROLE):
            access = self.overview.joint_access if self.overview else JointAccess.CHECK_NEEDED
            if access in (JointAccess.CONCERN, JointAccess.CLOSED):
                # Someone may be looking over a shoulder: why is behind the card's toggle.
                self.notice_label.setText(
                    translated(CLOSED_FOR_NOW) + " " + translated(CLOSED_HINT)
                )
            else:
                self.notice_label.setText(translated(JOINT_EXPLANATIONS[access]))
            self.notice_label.show()
            return
        self.open_exercise.emit(item.data(ENTRY_ROLE))

    def open_safety_check(self) -> None:
        """Open the private safety check."""
        check = self.safety.exercise()
        if check is not None:
            self.open_exercise.emit(check.id)

    # ------------------------------------------------------------------ the Screen protocol
    def flush(self) -> None:
        """Nothing to write: home only reads."""

    def close_screen(self) -> None:
        """Stop looking for what is due (the profile is being locked)."""
        if self.notice is not None:
            self.notice.stop()

    def _promise_marked(self) -> None:
        """A promise was marked on the card: the notice counts again, and when the card
        has emptied the keyboard goes back to the main action."""
        if self.notice is not None:
            self.notice.check(notify=False)
        if self.promises_card is not None and not self.promises_card.rows:
            QTimer.singleShot(0, self, self.focus_content)

    def focus_content(self) -> None:
        """Focus the main action."""
        if self.continue_button is not None:
            self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.stage_lists:
            self.stage_lists[0].setFocus(Qt.FocusReason.OtherFocusReason)


def build(window: MainWindow) -> HomeView:
    """The open profile's path; exercises, help and working together open in the window."""
    assert window.vault is not None
    services = window.services()
    view = HomeView(
        services.overview(),
        services.client_desk(),
        promises=services.promises(),
        reminders=services.reminders(),
    )
    view.open_exercise.connect(window.open_exercise)
    view.help_requested.connect(window.show_help)
    view.work_together.connect(window.open_joint)
    view.work_at_distance.connect(lambda: window.screens.show("distance"))
    view.show_promises.connect(lambda: window.screens.show("promises"))
    view.show_over_time.connect(lambda: window.screens.show("over_time"))
    if view.notice is not None:
        view.notice.start()
    return view
