"""Every screen and every dialog of the window, built for the tests that walk them all.

The contrast, scale and accessibility tests (and ``docs/make_screenshots.py``) go through
this catalogue, so a screen registered in ``SCREENS`` or a new ``QDialog`` class in
``trustrepair/ui`` is walked too, with nothing to add here: unless it needs arguments
(:data:`SCREEN_ARGS`) or a way to be built (:data:`DIALOGS`), and then the tests say so.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog, QWidget

import trustrepair.ui
from trustrepair import paths
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.screens import SCREENS, Scope

SAMPLE_EXERCISE = "naming-what-happened"
"""A shipped exercise with answers in the sample profile."""

SCREEN_ARGS: dict[str, Callable[[MainWindow], tuple[Any, ...]]] = {
    "player": lambda window: (SAMPLE_EXERCISE,),
    "joint": lambda window: (None,),
}
"""Arguments of screens that need some (a screen with none needs no entry)."""

COUNSELLOR_SCREENS = {"clients"}
"""Screens shown to a counsellor's profile (the others to a person's)."""


def _reminders(window: MainWindow) -> QDialog:
    from trustrepair.ui.dialogs.reminders_dialog import RemindersDialog

    service = window.services().reminders()
    exercises = [e for e in window.library.ordered() if e.repeatable][:4]
    return RemindersDialog(service.settings(), exercises, window)


def _promise_note(window: MainWindow) -> QDialog:
    from trustrepair.ui.dialogs.promise_note_dialog import PromiseNoteDialog

    return PromiseNoteDialog("Call every Sunday", "What did you agree?", window)


def _history(window: MainWindow) -> QDialog:
    from trustrepair.ui.dialogs.history_dialog import EarlierTimesDialog

    return EarlierTimesDialog("Naming what happened", [], window)


def _help(window: MainWindow) -> QDialog:
    from trustrepair.ui.help_actions import show_help

    show_help(window)
    assert window.help_dialog is not None
    return window.help_dialog


def _summary(window: MainWindow) -> QDialog:
    from trustrepair.ui.dialogs.summary_dialog import SummaryDialog

    return SummaryDialog(window.services().summary(), window)


def _passphrase(window: MainWindow) -> QDialog:
    from trustrepair.ui.dialogs.passphrase_dialog import ChangePassphraseDialog

    assert window.vault is not None
    return ChangePassphraseDialog(window.vaults, window.vault.ref.name, True, window)


def _profile(window: MainWindow) -> QDialog:
    from trustrepair.ui.dialogs.profile_dialog import ProfileDialog

    assert window.vault is not None
    return ProfileDialog(window.vault, [window.vault.ref.name], window)


def _restore(window: MainWindow) -> QDialog:
    from trustrepair.ui.dialogs.restore_dialog import RestoreDialog

    assert window.vault is not None
    window.vault.backup_now("manual")
    return RestoreDialog(window.vault.ref.name, window.vault.backups(), window)


def _share(window: MainWindow) -> QDialog:
    from trustrepair.ui.counsel_actions import ShareDialog

    return ShareDialog(window.services().client_desk(), window)


def _assignment(window: MainWindow) -> QDialog:
    from trustrepair.services.counsel import client_library
    from trustrepair.services.profile_services import ProfileServices
    from trustrepair.ui.dialogs.assignment_dialog import AssignmentDialog

    lee = _counsellor(window.vaults)  # a counsellor's dialog: over a counsellor's profile
    services = ProfileServices(lee.store, client_library(lee.store, window.base_library))
    dialog = AssignmentDialog(services.counsellor_desk(), "Sam R.", window)
    dialog.choose(SAMPLE_EXERCISE, "A note for this one.", None)
    dialog.destroyed.connect(lambda *_: lee.close())
    return dialog


def _keep_assignment(window: MainWindow) -> QDialog:
    from trustrepair.ui.dialogs.counsel_files import KeepAssignmentQuestion

    lines = ["An assignment from Dr Lee, made 2026-12-04, for Sam R.:", "• Naming — new"]
    return KeepAssignmentQuestion(lines, window)


def _recovery_key(window: MainWindow) -> QDialog:
    from trustrepair.ui.widgets.recovery_key import RecoveryKeyDialog

    return RecoveryKeyDialog("Sam", "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789", window)


def _message_box(window: MainWindow) -> QDialog:
    from PySide6.QtWidgets import QMessageBox

    from trustrepair.ui.plain import go_ahead_box

    box, _go = go_ahead_box(
        window,
        QMessageBox.Icon.Warning,
        "Remove the passphrase?",
        "Remove the passphrase from this profile?",
        "Without a passphrase, anyone who can use this computer account can read everything.",
        go="&Remove it",
        stay="&Keep the passphrase",
    )
    return box


DIALOGS: dict[str, Callable[[MainWindow], QDialog]] = {
    "AssignmentDialog": _assignment,
    "ChangePassphraseDialog": _passphrase,
    "EarlierTimesDialog": _history,
    "HelpDialog": _help,
    "KeepAssignmentQuestion": _keep_assignment,
    "PlainMessageBox": _message_box,
    "ProfileDialog": _profile,
    "PromiseNoteDialog": _promise_note,
    "RecoveryKeyDialog": _recovery_key,
    "RemindersDialog": _reminders,
    "RestoreDialog": _restore,
    "ShareDialog": _share,
    "SummaryDialog": _summary,
}
"""How to build each dialog class of ``trustrepair/ui`` around the sample profile."""


def dialog_classes() -> dict[str, type[QDialog]]:
    """Every ``QDialog`` subclass defined in ``trustrepair/ui`` (its modules imported)."""
    found: dict[str, type[QDialog]] = {}
    for module_info in pkgutil.walk_packages(trustrepair.ui.__path__, "trustrepair.ui."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, QDialog)
                and value.__module__ == module.__name__
                and not vars(value).get("IS_BASE", False)
            ):
                found[name] = value
    return found


def sample_profile(vaults: Vaults) -> OpenVault:
    """A person's profile (no passphrase, for speed) with a few answers."""
    vault = vaults.create(
        ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC, "A few private words."), None
    )
    store = vault.store
    store.save_answer(SAMPLE_EXERCISE, "what-happened", "Words I wrote about what happened.")
    return vault


def make_window(qtbot: Any, vaults: Vaults, library: Library) -> MainWindow:
    """The window on the sample profile's home."""
    window = MainWindow(vaults, library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    window.open_vault(sample_profile(vaults))
    return window


def every_screen(window: MainWindow, vaults: Vaults) -> Iterator[tuple[str, QWidget]]:
    """Show each registered screen in turn; yields its name and the screen."""
    person = window.vault
    assert person is not None
    name_of = person.ref.name
    for entry in SCREENS:
        if entry.scope is Scope.APP:
            if window.vault is not None:
                window.lock()
            window.screens.show(entry.name, *SCREEN_ARGS.get(entry.name, lambda w: ())(window))
        else:
            if entry.name in COUNSELLOR_SCREENS:
                if window.vault is not None:
                    window.lock()
                window.open_vault(_counsellor(vaults))
            elif window.vault is None or window.is_counsellor():
                if window.vault is not None:
                    window.lock()
                window.open_vault(vaults.open(name_of, None))
            window.screens.show(entry.name, *SCREEN_ARGS.get(entry.name, lambda w: ())(window))
        QApplication.processEvents()
        shown = window.stack.currentWidget()
        yield entry.name, shown
    if window.vault is None or window.is_counsellor():
        if window.vault is not None:
            window.lock()
        window.open_vault(vaults.open(name_of, None))


def _counsellor(vaults: Vaults) -> OpenVault:
    names = [ref.name for ref in vaults.list()]
    if "Dr Lee" not in names:
        info = ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
        vaults.create(info, None).close()
    return vaults.open("Dr Lee", None)


def every_dialog(window: MainWindow) -> Iterator[tuple[str, QDialog]]:
    """Build and show each dialog class in turn (closed after the caller's look)."""
    for name in sorted(dialog_classes()):
        build = DIALOGS.get(name)
        if build is None:
            raise AssertionError(
                f"{name} is a dialog the tests cannot build: add it to DIALOGS in "
                "tests/ui/catalogue.py"
            )
        dialog = build(window)
        dialog.show()
        QApplication.processEvents()
        try:
            yield name, dialog
        finally:
            dialog.reject()
            dialog.deleteLater()
