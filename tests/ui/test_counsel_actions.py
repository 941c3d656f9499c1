"""The client's side in the window: the counsellor card, the share dialog, and the hooks."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QFrame, QLabel, QPushButton

from tests.helpers import CUSTOM_EXERCISE_YAML, home_parts
from trustrepair import paths
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.services import assignments, notifier
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.profile_services import ProfileServices
from trustrepair.storage.counsel import CounselStore
from trustrepair.ui import counsel_actions
from trustrepair.ui.counsel_actions import ShareDialog
from trustrepair.ui.dialogs.counsel_files import CounselFiles, KeepAssignmentQuestion
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.views.counsellor_view import CounsellorView
from trustrepair.ui.views.home_view import HomeView

CUSTOM_YAML = CUSTOM_EXERCISE_YAML


def _assigned(store, note: str = "Gently.") -> None:
    CounselStore(store.db).save_received(
        "Dr Lee",
        [AssignedExercise("naming-what-happened", note, "2099-12-01")],
        [],
        assigned_at="2026-11-01T10:00:00.000Z",
    )


def test_home_shows_what_the_counsellor_assigned(qtbot, store, library):
    """Assigned exercises appear under "From your counsellor" with the note and open on click."""
    _assigned(store, "Short notes are enough.")
    view = HomeView(*home_parts(store, library))
    qtbot.addWidget(view)
    card = view.findChild(QFrame, "fromCounsellor")
    assert card is not None
    texts = " ".join(label.text() for label in card.findChildren(QLabel))
    assert "From your counsellor" in texts and "Short notes are enough." in texts
    assert "2099-12-01" in texts
    button = next(b for b in card.findChildren(QPushButton) if b.text() == "Open")
    with qtbot.waitSignal(view.open_exercise) as signal:
        button.click()
    assert signal.args == ["naming-what-happened"]


def test_the_card_shows_status_dates_passed_and_what_waits(qtbot, store, library):
    """Each assigned exercise shows how far the person got and its date (a passed one said
    gently); one that opens after another waits without an Open button."""
    CounselStore(store.db).save_received(
        "Dr Lee",
        [
            AssignedExercise("naming-what-happened", "", "2020-01-10"),
            AssignedExercise("what-i-need-to-feel-safe", "", None, "naming-what-happened"),
        ],
        [],
        assigned_at="2026-11-01T10:00:00.000Z",
    )
    store.save_answer("naming-what-happened", "what-happened", "begun")
    store.set_position("naming-what-happened", "what-happened")
    view = HomeView(*home_parts(store, library))
    qtbot.addWidget(view)
    card = view.findChild(QFrame, "fromCounsellor")
    texts = [label.text() for label in card.findChildren(QLabel)]
    assert "In progress · aimed for 2020-01-10: that date has passed · from Dr Lee" in texts
    assert "Not started · opens once you finish Naming what happened to me · from Dr Lee" in texts
    buttons = [b.accessibleName() for b in card.findChildren(QPushButton)]
    assert buttons == ["Open Naming what happened to me"]


def test_the_counsellors_note_is_inside_the_exercise(qtbot, store, library):
    """The note shows on the introduction, and one click away on every step."""
    from tests.helpers import player_parts
    from trustrepair.ui.views.player_view import PlayerView

    _assigned(store, "Short notes are enough.")
    exercise = library.get("naming-what-happened")
    note = ProfileServices(store, library).client_desk().counsellor_note(exercise.id)
    view = PlayerView(*player_parts(store, library, exercise), counsellor_note=note)
    qtbot.addWidget(view)
    view.show()
    card = view.intro_page.findChild(QFrame, "counsellorNote")
    assert [label.text() for label in card.findChildren(QLabel)] == [
        "A note from Dr Lee",
        "Short notes are enough.",
    ]
    view.go_next()
    step_card = view.step_page.findChild(QFrame, "counsellorNote")
    assert not step_card.isVisible()
    view.note_button.click()
    assert step_card.isVisible()


def test_an_assignment_is_shown_before_it_is_kept(
    qtbot, monkeypatch, tmp_path, vaults, counsellor, library, messages
):
    """The window shows what the file holds; choosing not to keep it keeps nothing."""
    packet = tmp_path / "a.json"
    assignments.write_assignment(
        counsellor.store,
        library,
        "Sam",
        [AssignedExercise("naming-what-happened", "<b>Gently</b>", "2099-12-01")],
        packet,
    )
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC))
    window = MainWindow(vaults, library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.open_vault(sam)
    shown: list[list[str]] = []

    def refuse(cls, parent, lines):
        shown.append(lines)
        return False

    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: packet))
    monkeypatch.setattr(KeepAssignmentQuestion, "ask", classmethod(refuse))
    counsel_actions.open_assignment_file(window)
    assert shown[0][2] == "• Naming what happened to me — new · aim for 2099-12-01"
    assert "    <b>Gently</b>" in shown[0]
    assert assignments.received_assignments(sam.store) == []
    dialog = KeepAssignmentQuestion(shown[0])
    qtbot.addWidget(dialog)
    assert "<b>Gently</b>" in dialog.content.toPlainText()  # plain text, never markup


def test_menus_offer_each_role_its_own_actions(qtbot, vaults, library):
    """A counsellor sees counsellor actions only, a client client actions only."""
    client_items = ("open_assignment", "share", "summary")
    counsellor_items = ("prepare_assignment", "open_shared")
    lee = vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    )
    window = MainWindow(vaults, library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    actions = window.menu_actions
    assert all(not actions[n].isVisible() for n in counsellor_items)
    window.open_vault(lee)
    assert all(actions[n].isVisible() and actions[n].isEnabled() for n in counsellor_items)
    assert not any(actions[n].isVisible() for n in client_items)
    window.lock()
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC))
    window.open_vault(sam)
    assert all(actions[n].isVisible() and actions[n].isEnabled() for n in client_items)
    assert not any(actions[n].isVisible() for n in counsellor_items)


def test_share_dialog_shows_exactly_what_goes_and_writes_it(
    qtbot, monkeypatch, tmp_path: Path, store, library
):
    """Only shared answers are previewed and written; the safety check is never offered."""
    _assigned(store)
    store.save_answer("naming-what-happened", "what-happened", "for my counsellor", shared=True)
    store.save_answer("naming-what-happened", "feelings", ["anger"])
    safety = library.safety_check()
    store.save_answer(safety.id, safety.steps[1].id, "never", shared=True)
    dialog = ShareDialog(ProfileServices(store, library).client_desk())
    qtbot.addWidget(dialog)
    assert dialog.chosen_ids() == ["naming-what-happened"]
    preview = dialog.preview.toPlainText()
    assert "for my counsellor" in preview and "Anger" not in preview
    assert "Never included" in preview
    assert "not encrypted" in dialog.warning_label.text()
    target = tmp_path / "for-counsellor.json"
    monkeypatch.setattr(CounselFiles, "ask_share_path", classmethod(lambda cls, p, s: target))
    dialog.save()
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [e["exercise_id"] for e in document["exercises"]] == ["naming-what-happened"]
    assert safety.id not in target.read_text(encoding="utf-8")


def test_counsellor_profile_opens_on_clients_and_lock_forgets_them(qtbot, vaults, library):
    """A counsellor's window shows Your clients; locking removes it; client actions are off."""
    vault = vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    )
    window = MainWindow(vaults, library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.open_vault(vault)
    assert isinstance(window.stack.currentWidget(), CounsellorView)
    assert not any(
        action.isEnabled() or action.isVisible()
        for action in [window.menu_actions[n] for n in ("open_assignment", "share")]
    )
    window.lock()
    assert window.screens.get("clients") is None
    assert not any(
        isinstance(window.stack.widget(i), CounsellorView) for i in range(window.stack.count())
    )


def test_opening_an_assignment_adds_custom_exercises_to_the_window(
    qtbot, monkeypatch, tmp_path, vaults, library, messages
):
    """After opening an assignment with a custom exercise, the window's library has it."""
    lee = vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    )
    packet = tmp_path / "a.json"
    assignments.write_assignment(
        lee.store,
        library,
        "Sam",
        [AssignedExercise("between-sessions")],
        packet,
        custom_sources=[("between.yaml", CUSTOM_YAML)],
    )
    lee.close()
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC))
    window = MainWindow(vaults, library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.open_vault(sam)
    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: packet))
    shown: list[list[str]] = []
    monkeypatch.setattr(
        KeepAssignmentQuestion,
        "ask",
        classmethod(lambda cls, p, lines: shown.append(lines) or True),
    )
    counsel_actions.open_assignment_file(window)
    assert any("Between our sessions" in line for line in shown[0])
    assert "now on your home screen" in messages.texts(notifier.Level.INFO)[-1]
    assert window.library.get("between-sessions") is not None
    assert library.get("between-sessions") is None
    window.open_exercise("between-sessions")
    assert window.screens.get("player") is not None
    window.lock()
    assert window.library is library


def test_onboarding_a_counsellor_opens_your_clients(qtbot, vaults, library, monkeypatch):
    """A counsellor profile made in the window's first-run form opens on Your clients."""
    from trustrepair.ui.dialogs.simple import EmptyPassphraseDialog

    monkeypatch.setattr(EmptyPassphraseDialog, "ask", classmethod(lambda cls, parent: True))
    window = MainWindow(vaults, library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.show_onboarding()
    view = window.screens.get("onboarding")
    view.welcome_next.click()
    view.name_edit.setText("Dr Lee")
    view.counsellor_button.click()
    view.about_next.click()
    view.create_button.click()
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), CounsellorView))
