"""Alt+letter shortcuts: no two visible controls on one screen (or the menu bar) share one.

Covers every screen of the views a person reaches; a clash makes Qt do nothing on that key.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from tests.helpers import home_parts, player_parts
from trustrepair import paths
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.helplines import HelplineGuide
from trustrepair.services.joint import JointSession, Phase
from trustrepair.services.profile_services import ProfileServices
from trustrepair.services.support import SupportLines
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.storage.counsel import CounselStore
from trustrepair.ui.counsel_actions import ShareDialog
from trustrepair.ui.dialogs.assignment_dialog import AssignmentDialog
from trustrepair.ui.dialogs.help_dialog import HelpDialog
from trustrepair.ui.dialogs.passphrase_dialog import ChangePassphraseDialog
from trustrepair.ui.dialogs.profile_dialog import ProfileDialog
from trustrepair.ui.dialogs.restore_dialog import RestoreDialog
from trustrepair.ui.dialogs.summary_dialog import SummaryDialog
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.views.counsellor_view import CounsellorView
from trustrepair.ui.views.home_view import HomeView
from trustrepair.ui.views.joint_session_view import JointSessionView
from trustrepair.ui.views.joint_view import JointView
from trustrepair.ui.views.onboarding_view import OnboardingView
from trustrepair.ui.views.player_view import PlayerView
from trustrepair.ui.views.unlock_view import UnlockView

MENU_BAR = ["f", "t", "h"]  # &File, Se&ttings, &Help: every view and dialog lives under them
_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonics(top: QWidget) -> list[str]:
    """The Alt letters of the controls visible on ``top`` now, plus the menu bar's."""
    letters = list(MENU_BAR)

    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or not widget.isEnabled():
            continue  # a hidden or disabled control's letter does nothing
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if not (isinstance(widget, QAbstractButton) or labelled):
            continue
        found = _MNEMONIC.search(widget.text().replace("&&", ""))  # type: ignore[attr-defined]
        if found:
            letters.append(found.group(1).lower())

    return letters


def assert_no_clash(top: QWidget, screen: str) -> None:
    """One letter, one control."""
    twice = [k for k, n in Counter(mnemonics(top)).items() if n > 1]
    assert not twice, f"{screen}: Alt+{', Alt+'.join(twice)} used twice"


def test_onboarding_pages(qtbot: Any, vaults: Vaults) -> None:
    """Every onboarding page, including the counsellor choice."""
    view = OnboardingView(vaults)
    qtbot.addWidget(view)
    view.show()
    for page in range(4):
        view.show_page(page)
        assert_no_clash(view, f"onboarding page {page}")


def test_unlock_and_recovery(qtbot: Any, vaults: Vaults) -> None:
    """The profile list, with the passphrase and with the recovery key."""
    vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), "words here").close()
    view = UnlockView(vaults)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    assert_no_clash(view, "unlock")
    view.toggle_recovery()
    assert_no_clash(view, "unlock with the recovery key")


def test_player_intro_step_and_finish(qtbot: Any, store: Any, path_library: Any) -> None:
    """The player's intro, a step and the finish page (with its help box)."""
    check = path_library.safety_check()
    view = PlayerView(*player_parts(store, path_library, check))
    qtbot.addWidget(view)
    view.show()
    assert_no_clash(view, "player intro")
    view.next_button.click()
    assert_no_clash(view, "player step")
    view.step_widget.buttons["often"].click()  # type: ignore[union-attr]
    view.next_button.click()
    assert view.walk.position.at_finish
    assert_no_clash(view, "player finish")


def test_joint_setup(qtbot: Any, vaults: Vaults, vault: Any, path_library: Any) -> None:
    """Working together: the partner's sign-in."""
    vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), "pw pw").close()
    view = JointView(vaults, vault, path_library)
    qtbot.addWidget(view)
    view.show()
    assert_no_clash(view, "joint setup")


def _shown(qtbot: Any, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_home_for_a_person(qtbot: Any, store: Any, path_library: Any) -> None:
    """A person's home before the safety check, and with an assignment from a counsellor."""
    view = _shown(qtbot, HomeView(*home_parts(store, path_library)))
    assert_no_clash(view, "home")
    CounselStore(store.db).save_received(
        "Dr Lee", [AssignedExercise("solo", "Gently.", "")], [], assigned_at="2026-11-01"
    )
    view.refresh()
    assert_no_clash(view, "home with an assignment")


def test_home_in_the_window_with_the_recovery_key_notice(
    qtbot: Any, vaults: Vaults, path_library: Any
) -> None:
    """Home in the window, with the notice about an unconfirmed recovery key and the status bar."""
    vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC), "kim words").close()
    vaults.change_passphrase("Kim", "kim words", "kim words", new_recovery_key=True)
    window = _shown(qtbot, MainWindow(vaults, path_library, AppSettings(paths.settings_file())))
    assert isinstance(window, MainWindow)
    window.open_vault(vaults.open("Kim", "kim words"))
    assert window.recovery_notice is not None and window.recovery_notice.isVisible()
    assert_no_clash(window, "home in the window")
    window.lock()


def test_counsellor_home_and_dialogs(qtbot: Any, vaults: Vaults, library: Any) -> None:
    """A counsellor's home (their clients), the assignment dialog and About you."""
    counsellor = vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR), None
    )
    try:
        desk = ProfileServices(counsellor.store, library).counsellor_desk()
        view = _shown(qtbot, CounsellorView(desk))
        assert_no_clash(view, "counsellor home")
        dialog = AssignmentDialog(desk)
        dialog.choose("naming-what-happened")
        dialog.choose("what-i-need-to-feel-safe")
        assert_no_clash(_shown(qtbot, dialog), "assignment dialog")
        dialog = _shown(qtbot, ProfileDialog(counsellor, ["Dr Lee"]))
        assert_no_clash(dialog, "About you, counsellor")
    finally:
        counsellor.close()


def test_joint_session_every_phase(
    qtbot: Any,
    vaults: Vaults,
    exercise_factory: Any,
    library_factory: Any,
    monkeypatch: Any,
) -> None:
    """The shared screen for two: intro, handovers, steps, choosing, reveal and finish."""
    monkeypatch.setattr(JointSessionView, "AUTOSAVE_DELAY_MS", 0)
    exercise = exercise_factory(
        id="pair",
        mode="parallel",
        tracks=["hurt", "repairing"],
        steps=[
            {"id": "read", "kind": "reading", "text": "Read this first."},
            {"id": "feel", "kind": "text", "prompt": "What do you feel?", "help": "Anything."},
            {"id": "agree", "kind": "text", "who": "both", "prompt": "What do you agree?"},
        ],
    )
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None)
    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), None)
    try:
        session = JointSession(library_factory(exercise), exercise, sam, alex)
        view = _shown(qtbot, JointSessionView(session))
        assert isinstance(view, JointSessionView)
        seen: set[str] = set()
        for _ in range(30):
            screen = "handover" if session.awaiting_handover else session.phase.value
            seen.add(screen)
            assert_no_clash(view, f"joint session, {screen}")
            if session.phase is Phase.FINISHED:
                break
            if view.handover_button is not None:
                view.handover_button.click()
            elif view.choose_button is not None:
                view.choose_button.click()
            else:
                editor = getattr(view.step_widget, "editor", None)
                if editor is not None and not editor.toPlainText():
                    editor.setPlainText("words")
                    qtbot.waitUntil(lambda: not session.dirty)
                view.next_button.click()
        assert session.phase is Phase.FINISHED
        assert {"intro", "handover", "finished"} <= seen and len(seen) >= 5
    finally:
        alex.close()
        sam.close()


def test_dialogs(qtbot: Any, vaults: Vaults, vault: OpenVault, library: Any) -> None:
    """Help, change passphrase (every mode), restore, summary, share and About you."""
    guide = HelplineGuide(AppSettings(paths.settings_file()))
    guide.choose("GB")  # the lines section filled in, so its labels are checked too
    assert_no_clash(_shown(qtbot, HelpDialog(SupportLines(vault.store), guide)), "help")
    vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC), "kim words").close()
    change = _shown(qtbot, ChangePassphraseDialog(vaults, "Kim", True))
    assert isinstance(change, ChangePassphraseDialog)
    assert_no_clash(change, "change passphrase")
    change.toggle_recovery()
    assert_no_clash(change, "change passphrase with the recovery key")
    assert_no_clash(_shown(qtbot, ChangePassphraseDialog(vaults, "Sam", False)), "add passphrase")
    new_key = _shown(qtbot, ChangePassphraseDialog(vaults, "Kim", True, new_key_only=True))
    assert_no_clash(new_key, "make a new recovery key")
    vault.backup_now("manual")
    restore = _shown(qtbot, RestoreDialog("Sam", vault.backups()))
    assert isinstance(restore, RestoreDialog) and restore.restore_button.isEnabled()
    assert_no_clash(restore, "restore")
    vault.store.save_answer(
        "naming-what-happened", "what-happened", "words"
    )  # summaries have content
    assert_no_clash(
        _shown(qtbot, SummaryDialog(ProfileServices(vault.store, library).summary())), "summary"
    )
    assert_no_clash(
        _shown(qtbot, ShareDialog(ProfileServices(vault.store, library).client_desk())),
        "share with a counsellor",
    )
    assert_no_clash(_shown(qtbot, ProfileDialog(vault, ["Sam"])), "About you")


def _menu_clashes(menu: Any, where: str) -> list[str]:
    """Alt letters shared by two entries of one open menu, in it and in its submenus."""
    letters = []
    clashes = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue  # a hidden entry (another role's) takes no key
        found = _MNEMONIC.search(action.text().replace("&&", ""))
        if found:
            letters.append(found.group(1).lower())
        if action.menu() is not None:
            clashes += _menu_clashes(action.menu(), f"{where} → {action.text()}")
    clashes += [f"{where}: Alt+{k}" for k, n in Counter(letters).items() if n > 1]
    return clashes


def test_menus_of_a_person_and_a_counsellor(qtbot: Any, vaults: Vaults, path_library: Any) -> None:
    """In every menu and submenu of the menu bar, no two entries shown share an Alt letter."""
    vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC), "kim words").close()
    window = _shown(qtbot, MainWindow(vaults, path_library, AppSettings(paths.settings_file())))
    assert isinstance(window, MainWindow)
    clashes = []
    for action in window.menuBar().actions():
        if action.menu() is not None:
            clashes += _menu_clashes(action.menu(), f"locked: {action.text()}")
    vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR), "lee words"
    ).close()
    for name, words in (("Kim", "kim words"), ("Dr Lee", "lee words")):
        window.open_vault(vaults.open(name, words))
        for action in window.menuBar().actions():
            if action.menu() is not None:
                clashes += _menu_clashes(action.menu(), f"{name}: {action.text()}")
        window.lock()
    assert clashes == [], "\n".join(clashes)
