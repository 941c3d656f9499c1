"""Hostile text from files and other people is shown literally on every screen and dialog.

One hostile library (markup, entities, an ``<img>``, ``&`` shortcuts, very long
strings, right-to-left and control characters in every field) reaches the window the ways it
really does: exercise files, an assignment with a counsellor's own exercise and note, a
client's shared answers, a partner's revealed answers, profile names. Every registered screen
and every dialog is shown, each page of each, in a person's and a counsellor's profile, and
:class:`~tests.ui.rich_text.RichTextWalk` checks every widget on it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

import trustrepair.ui
from tests.helpers import fingerprint_of
from tests.hostile import AMPERSAND, HOSTILE_VALUES, MARK, MARKUP, hostile, hostile_exercise_yaml
from tests.ui.conftest import make_library, make_safety_check
from tests.ui.rich_text import RichTextWalk
from trustrepair import paths
from trustrepair.content.library import Library, SkippedFile
from trustrepair.content.loader import load_bytes
from trustrepair.content.problems import Problem
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.services import assignments, counsel, notifier, transfer
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.helplines import HelplineGuide
from trustrepair.services.history import ReadableEntry, ReadableLine
from trustrepair.services.joint import Phase
from trustrepair.services.profile_services import ProfileServices
from trustrepair.services.reminders import ReminderSettings
from trustrepair.services.safety import SETTING_KEY
from trustrepair.services.support import SupportLines
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.ui import plain
from trustrepair.ui.counsel_actions import ShareDialog
from trustrepair.ui.dialogs.assignment_dialog import AssignmentDialog
from trustrepair.ui.dialogs.counsel_files import KeepAssignmentQuestion, SameClientQuestion
from trustrepair.ui.dialogs.help_dialog import HelpDialog
from trustrepair.ui.dialogs.history_dialog import EarlierTimesDialog
from trustrepair.ui.dialogs.messages import MessageBox
from trustrepair.ui.dialogs.passphrase_dialog import ChangePassphraseDialog
from trustrepair.ui.dialogs.profile_dialog import ProfileDialog
from trustrepair.ui.dialogs.promise_note_dialog import PromiseNoteDialog
from trustrepair.ui.dialogs.reminders_dialog import RemindersDialog
from trustrepair.ui.dialogs.restore_dialog import RestoreDialog
from trustrepair.ui.dialogs.sender_dialog import SenderConfirm
from trustrepair.ui.dialogs.summary_dialog import SummaryDialog
from trustrepair.ui.main_window import MainWindow
from trustrepair.ui.screens import SCREENS
from trustrepair.ui.views.distance_view import DistanceView
from trustrepair.ui.views.joint_session_view import JointSessionView
from trustrepair.ui.views.joint_view import JointView
from trustrepair.ui.views.player_view import PlayerView
from trustrepair.ui.widgets.recovery_key import RecoveryKeyDialog

PERSON = f"{MARKUP}<b>{MARK} Sam</b> &amp; A&B"
PARTNER = f"<h1>{MARK} Alex</h1>&amp;<i>A&B</i>"
COUNSELLOR = f'<a href="x:y">{MARK} Dr Lee</a>{MARKUP}'
CLIENT = f"{MARKUP}<h1>{MARK} client label</h1> &amp; {AMPERSAND}"
"""Markup, entities and an ampersand (a label with invisible characters is refused outright,
see tests/formats/test_lookalike_names.py)."""


def _exercise(yaml: str) -> Exercise:
    result = load_bytes(yaml.encode(), "hostile.yaml")
    assert result.exercise is not None, result.problems
    return result.exercise


def _check_exercise() -> Exercise:
    """The private safety check, hostile too."""
    check = make_safety_check()
    step = check.steps[0]
    options = [o.model_copy(update={"label": hostile(f"check {o.id}")}) for o in step.options]  # type: ignore[attr-defined]
    steps = [step.model_copy(update={"prompt": hostile("check prompt"), "options": options})]
    return check.model_copy(update={"title": hostile("check", short=True), "steps": steps})


@pytest.fixture
def hostile_library() -> Library:
    """A solo and a two-person exercise with hostile text everywhere, and a hostile check."""
    solo = _exercise(hostile_exercise_yaml("hostile"))
    pair = _exercise(hostile_exercise_yaml("hostile-pair", mode="parallel"))
    return make_library(solo, pair, safety=_check_exercise())


@pytest.fixture(autouse=True)
def no_joint_autosave_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave at once in the joint session view."""
    monkeypatch.setattr(JointSessionView, "AUTOSAVE_DELAY_MS", 0)


def _passed(vault: OpenVault) -> None:
    vault.store.set_setting(SETTING_KEY, {"completed_at": "2026-01-01", "concern": False})


def _counsellor(vaults: Vaults) -> OpenVault:
    return vaults.create(
        ProfileInfo(COUNSELLOR, Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR), None
    )


def _assign(counsellor: OpenVault, client: OpenVault, library: Library, folder: Path) -> None:
    """The counsellor assigns their own hostile exercise with a hostile note; the client keeps
    it."""
    custom = hostile_exercise_yaml("hostile-custom")
    note = hostile("assignment note") + " " + "unbroken" * 400  # as long as a note may be
    path = folder / "assignment.json"
    assignments.write_assignment(
        counsellor.store,
        library,
        CLIENT,
        [AssignedExercise("hostile-custom", note, "2026-12-31")],
        path,
        [("custom.yaml", custom)],
    )
    assignments.import_assignment(
        client.store, library, path, accept_sender=fingerprint_of(counsellor)
    )


def _share(client: OpenVault, counsellor: OpenVault, library: Library, folder: Path) -> None:
    """The client shares hostile answers; the counsellor keeps them."""
    client_library = counsel.client_library(client.store, library)
    for step_id, value in HOSTILE_VALUES.items():
        client.store.save_answer("hostile-custom", step_id, value, shared=True)
    path = folder / "share.json"
    counsel.write_share(client.store, counsel.plan_share(client.store, client_library), path)
    counsel.import_shared(
        counsellor.store, path, library=library, accept_sender=fingerprint_of(client)
    )


def _import_hostile_export(vault: OpenVault, library: Library, folder: Path) -> None:
    """Hostile answers to the hostile exercise, arriving the way an export brings them."""
    elsewhere = Vaults(folder / "elsewhere")
    with elsewhere.create(ProfileInfo(PERSON, Track.HURT, Relationship.ROMANTIC)) as source:
        for step_id, value in HOSTILE_VALUES.items():
            source.store.save_answer("hostile", step_id, value, shared=True)
        transfer.export_profile(source.store, folder / "export.json")
    data = transfer.read_export(folder / "export.json", library=library)
    transfer.merge_into(vault.store, data)
    assert vault.store.answers_for("hostile")["text"].value == HOSTILE_VALUES["text"]


@pytest.fixture
def people(
    vaults: Vaults, hostile_library: Library, tmp_path: Path
) -> Iterator[tuple[OpenVault, OpenVault]]:
    """Sam (hostile name, an assignment kept, answers given) and a counsellor with the share."""
    sam = vaults.create(ProfileInfo(PERSON, Track.HURT, Relationship.ROMANTIC), None)
    _passed(sam)
    counsellor = _counsellor(vaults)
    _assign(counsellor, sam, hostile_library, tmp_path)
    _share(sam, counsellor, hostile_library, tmp_path)
    _import_hostile_export(sam, hostile_library, tmp_path)
    SupportLines(sam.store).save(hostile("support lines"))
    partner = vaults.create(ProfileInfo(PARTNER, Track.HURT, Relationship.ROMANTIC), None)
    partner.close()  # no safety check yet: the gate names them
    yield sam, counsellor
    for vault in (sam, counsellor):
        if vault.is_open:
            vault.close()


def _window(qtbot: QtBot, vaults: Vaults, library: Library, vault: OpenVault) -> MainWindow:
    window = MainWindow(vaults, library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.show()
    window.open_vault(vault)
    return window


# ---------------------------------------------------------------------- screens
def _walk_player(qtbot: QtBot, window: MainWindow, walk: RichTextWalk) -> None:
    window.open_exercise("hostile")
    player = window.screens.get("player")
    assert isinstance(player, PlayerView)
    walk.check(window, "player intro")
    for _ in player.exercise.steps:
        player.next_button.click()
        if player.walk.position.at_finish:
            break
        if player.help_toggle is not None:
            player.help_toggle.setChecked(True)
        walk.check(window, f"player step {player.walk.current.id}")  # type: ignore[union-attr]
    while not player.walk.position.at_finish:
        player.next_button.click()
    walk.check(window, "player finish")


def _walk_distance(qtbot: QtBot, window: MainWindow, walk: RichTextWalk) -> None:
    view = window.screens.show("distance")
    assert isinstance(view, DistanceView)
    walk.check(window, "distance overview")
    view.answer()
    walk.check(window, "distance answering")
    view.choose()
    walk.check(window, "distance choosing")
    window.show_home()


def _walk_joint(qtbot: QtBot, window: MainWindow, walk: RichTextWalk) -> None:
    window.open_joint("hostile-pair")
    joint = window.screens.get("joint")
    assert isinstance(joint, JointView)
    joint.partner_box.setCurrentText(PARTNER)
    walk.check(window, "joint setup")
    joint.continue_button.click()
    qtbot.waitUntil(lambda: not joint.busy, timeout=10_000)
    assert joint.stack.currentWidget() is joint.gate_page
    walk.check(window, "joint gate")
    assert joint.partner is not None
    _passed(joint.partner)
    joint.check_gate()
    assert joint.stack.currentWidget() is joint.roles_page
    walk.check(window, "joint roles")
    joint.roles_continue.click()
    view = joint.session_view
    assert view is not None
    session = view.session
    pages = 0
    while session.phase is not Phase.FINISHED and pages < 60:
        pages += 1
        walk.check(window, f"joint {session.phase} {session.index}")
        if session.awaiting_handover:
            assert view.handover_button is not None
            view.handover_button.click()
        elif session.phase is Phase.CHOOSE:
            assert view.choose_button is not None
            view.choose_button.click()
        else:
            step = session.current
            if step is not None and step.id in HOSTILE_VALUES and view.step_widget is not None:
                session.stage_answer(step.id, HOSTILE_VALUES[step.id])
                view.flush()
                view.show_phase()
                walk.check(window, f"joint answered {step.id}")
            view.next_button.click()
    assert session.phase is Phase.FINISHED
    walk.check(window, "joint finish")


SCREEN_WALKS: dict[str, Callable[[QtBot, MainWindow, MainWindow, RichTextWalk], None]] = {
    "home": lambda qtbot, person, counsellor, walk: (
        person.show_home(),
        walk.check(person, "home"),
    ),
    "player": lambda qtbot, person, counsellor, walk: _walk_player(qtbot, person, walk),
    "joint": lambda qtbot, person, counsellor, walk: _walk_joint(qtbot, person, walk),
    "distance": lambda qtbot, person, counsellor, walk: _walk_distance(qtbot, person, walk),
    "promises": lambda qtbot, person, counsellor, walk: (
        person.screens.show("promises"),
        walk.check(person, "promises"),
    ),
    "over_time": lambda qtbot, person, counsellor, walk: (
        person.screens.show("over_time"),
        walk.check(person, "over_time"),
    ),
    "clients": lambda qtbot, person, counsellor, walk: (
        counsellor.show_home(),
        walk.check(counsellor, "clients"),
    ),
    "unlock": lambda qtbot, person, counsellor, walk: (
        counsellor.lock(),
        walk.check(counsellor, "unlock"),
    ),
    "onboarding": lambda qtbot, person, counsellor, walk: (
        counsellor.show_onboarding(),
        walk.check(counsellor, "onboarding"),
    ),
    "hidden": lambda qtbot, person, counsellor, walk: (
        person.quick_hide(),
        walk.check(person, "hidden"),
    ),
}
"""How each registered screen is shown with hostile content (in this order: locking last)."""


def test_every_screen_shows_hostile_text_literally(
    qtbot: QtBot,
    vaults: Vaults,
    hostile_library: Library,
    people: tuple[OpenVault, OpenVault],
) -> None:
    """Every registered screen, every page, in a person's and a counsellor's profile (with a
    partner for the joint screens), renders no text from a file as rich text."""
    assert set(SCREEN_WALKS) == {entry.name for entry in SCREENS}, "a screen has no walk here"
    sam, counsellor = people
    person_window = _window(qtbot, vaults, hostile_library, sam)
    counsellor_window = _window(qtbot, vaults, hostile_library, counsellor)
    notifier.status(hostile("status line"))
    walk = RichTextWalk()
    for name, show in SCREEN_WALKS.items():
        show(qtbot, person_window, counsellor_window, walk)
        assert name in " ".join(walk.places), name
    walk.assert_clean("label", "button", "tooltip", "item", "combo box", "page")


# ---------------------------------------------------------------------- dialogs
def _exec_patched(monkeypatch: pytest.MonkeyPatch, walk: RichTextWalk, where: str) -> None:
    """Message boxes are walked where they would wait for the person, then closed."""

    def walked(box: QMessageBox) -> int:
        walk.check(box, where)
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(plain.PlainMessageBox, "exec", walked)


def _dialog(qtbot: QtBot, dialog: QDialog, walk: RichTextWalk, where: str) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    walk.check(dialog, where)
    dialog.close()


def test_every_dialog_shows_hostile_text_literally(
    qtbot: QtBot,
    vaults: Vaults,
    hostile_library: Library,
    people: tuple[OpenVault, OpenVault],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every dialog of the window, and the message boxes, show hostile text plainly."""
    sam, counsellor_vault = people
    client_library = counsel.client_library(sam.store, hostile_library)
    services = ProfileServices(sam.store, client_library)
    walk = RichTextWalk()
    shown: set[str] = set()

    summary = SummaryDialog(services.summary())
    for kind in range(summary.kind_combo.count()):
        summary.kind_combo.setCurrentIndex(kind)
        _dialog(qtbot, summary, walk, f"summary {summary.kind.name}")
    share = ShareDialog(services.client_desk())
    _dialog(qtbot, share, walk, "share")
    lee_library = counsel.client_library(counsellor_vault.store, hostile_library)
    assigning = AssignmentDialog(
        ProfileServices(counsellor_vault.store, lee_library).counsellor_desk()
    )
    for exercise in lee_library.ordered()[:3]:
        assigning.choose(exercise.id, hostile("note"))
    _dialog(qtbot, assigning, walk, "assignment")
    lines = [hostile("preview line"), hostile("note")]
    _dialog(qtbot, KeepAssignmentQuestion(lines), walk, "assignment preview")
    _dialog(qtbot, RestoreDialog(PERSON, sam.backups()), walk, "restore")
    _dialog(qtbot, ProfileDialog(sam, [PERSON, PARTNER]), walk, "profile")
    _dialog(qtbot, ChangePassphraseDialog(vaults, PERSON, False), walk, "passphrase")
    guide = HelplineGuide(AppSettings(paths.settings_file()))
    guide.choose("GB")
    _dialog(qtbot, HelpDialog(SupportLines(sam.store), guide), walk, "help")
    _dialog(qtbot, RecoveryKeyDialog(PERSON, "ABCD-EFGH"), walk, "recovery key")
    earlier = ReadableEntry(
        "x",
        hostile("title", short=True),
        "2026-01-01T00:00:00.000Z",
        None,
        "1 January 2026",
        (ReadableLine("s", hostile("prompt"), hostile("answer")),),
    )
    _dialog(
        qtbot,
        EarlierTimesDialog(hostile("title", short=True), [earlier], None),
        walk,
        "earlier times",
    )
    _dialog(
        qtbot,
        PromiseNoteDialog(hostile("promise"), hostile("question"), None),
        walk,
        "promise note",
    )
    _dialog(
        qtbot,
        RemindersDialog(
            ReminderSettings(word=hostile("word", short=True)[:40]),
            list(hostile_library.ordered())[:2],
            None,
        ),
        walk,
        "reminders",
    )
    shown |= {
        "RemindersDialog",
        "PromiseNoteDialog",
        "EarlierTimesDialog",
        "SummaryDialog",
        "ShareDialog",
        "AssignmentDialog",
        "KeepAssignmentQuestion",
        "RestoreDialog",
        "ProfileDialog",
        "ChangePassphraseDialog",
        "HelpDialog",
        "RecoveryKeyDialog",
        "PlainMessageBox",  # every message box: walked below where it would wait
    }

    # What the notifier says reaches a real message box (tests elsewhere replace it).
    monkeypatch.setattr(MessageBox, "ask", classmethod(_real_message_box_ask))
    _exec_patched(monkeypatch, walk, "message box")
    parent = QWidget()
    qtbot.addWidget(parent)
    for level in (notifier.Level.INFO, notifier.Level.WARNING):
        message = notifier.Message(level, hostile(f"{level} message"), hostile("title", short=True))
        MessageBox.ask(parent, message)
    # The first file from a sender names them (as the file does) beside the fingerprint.
    _ORIGINAL_SENDER_ASK(SenderConfirm, parent, COUNSELLOR, fingerprint_of(counsellor_vault))
    # Two labels that differ only in capitals are named as written.
    SameClientQuestion.ask(parent, hostile("label", short=True), COUNSELLOR)

    assert set(_dialog_classes()) <= shown, "a dialog has no walk here"
    walk.assert_clean("label", "tooltip", "item", "page", "window title")


_ORIGINAL_ASK = MessageBox.ask.__func__  # type: ignore[attr-defined]
_ORIGINAL_SENDER_ASK = SenderConfirm.ask.__func__  # type: ignore[attr-defined]


def _real_message_box_ask(cls: type, parent: QWidget | None, message: notifier.Message) -> None:
    _ORIGINAL_ASK(cls, parent, message)


def _dialog_classes() -> list[str]:
    """Every QDialog subclass the window defines."""
    found = []
    for module_info in pkgutil.walk_packages(trustrepair.ui.__path__, "trustrepair.ui."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, QDialog)
                and value.__module__ == module.__name__
                and not vars(value).get("IS_BASE", False)
            ):
                found.append(name)
    return found


def test_skipped_file_banner_shows_hostile_names_literally(
    qtbot: QtBot, vaults: Vaults, hostile_library: Library
) -> None:
    """A skipped exercise file's name and problem, shown in the banner, stay plain text."""
    name = Path(hostile("file", short=True).replace("/", "|") + ".yaml")
    skipped = SkippedFile(name, (Problem(str(name), 1, 1, hostile("problem")),))
    hostile_library.skipped.append(skipped)
    window = MainWindow(vaults, hostile_library, AppSettings(paths.settings_file()))
    qtbot.addWidget(window)
    window.show()
    window.banner.details_button.click()
    walk = RichTextWalk()
    walk.check(window, "banner")
    walk.assert_clean("label")


# ---------------------------------------------------------------------- one way
def _calls(source: str) -> list[str]:
    """Every call written in ``source``, as dotted names (``QMessageBox.warning``)."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            parts = []
            target: ast.expr = node.func
            while isinstance(target, ast.Attribute):
                parts.append(target.attr)
                target = target.value
            if isinstance(target, ast.Name):
                parts.append(target.id)
            names.append(".".join(reversed(parts)))
    return names


FORBIDDEN = {
    "QLabel": "PlainLabel",
    "QMessageBox": "plain.message_box",
    "QMessageBox.warning": "plain.message_box",
    "QMessageBox.information": "plain.message_box",
    "QMessageBox.question": "plain.message_box",
    "QMessageBox.critical": "plain.message_box",
    "QMessageBox.about": "plain.message_box",
    "QTextBrowser": "PlainPage",
    "QTextDocument": "NoResourceDocument",
}
"""Calls that would show text from a file as rich text, and the helper to use instead."""


def test_labels_boxes_and_pages_are_made_only_through_the_plain_helpers() -> None:
    """No window module makes a QLabel, a message box or a text page but through
    trustrepair.ui.plain, so nothing can slip back to Qt's AutoText."""
    folder = Path(trustrepair.ui.__file__).parent
    found = []
    for path in sorted(folder.rglob("*.py")):
        if path.name == "plain.py":
            continue
        for call in _calls(path.read_text(encoding="utf-8")):
            if call in FORBIDDEN:
                found.append(f"{path.relative_to(folder)}: {call}() (use {FORBIDDEN[call]})")
    allowed = {"dialogs/simple.py: QTextDocument() (use NoResourceDocument)"}  # plain text
    assert sorted(set(found) - allowed) == []


def test_helpers_escape_what_qt_would_render() -> None:
    """Tooltips, captions and pages made by the helpers hold the markup only as text."""
    text = hostile("helpers", long=True)
    tip = plain.tooltip(text)
    assert MARKUP not in tip and tip.startswith("<p>") and len(tip) < 8 * plain.TOOLTIP_CHARS
    assert plain.mnemonic_safe("A&B &Next") == "A&&B &&Next"
    assert plain.without_mnemonic("I'm A&&B — &continue") == "I'm A&B — continue"
    assert "<" not in plain.html_text(text) and "<br>" in plain.html_text("a\nb")
    label = plain.PlainLabel(text)
    assert label.textFormat().name == "PlainText" and label.text() == text
    assert isinstance(plain.PlainLabel(QLabel()).parent(), QLabel)


def test_a_page_and_a_printed_document_never_read_an_image_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Even raw markup naming a file is laid out without reading it (Qt's own document reads
    any file an ``<img>`` names: /dev/zero never ends)."""
    image = tmp_path / "image.png"
    image.write_bytes(b"not really an image")
    markup = f"<p>{MARK}</p><img src='{image}'>"
    stock = QTextDocument()
    stock.setHtml(markup)
    stock.documentLayout().documentSize()
    assert stock.resource(stock.ResourceType.ImageResource, str(image)) is not None  # it reads
    page = plain.PlainPage()
    qtbot.addWidget(page)
    page.setHtml(markup)
    page.show()
    page.document().documentLayout().documentSize()
    document = plain.NoResourceDocument()
    document.setHtml(markup)
    document.documentLayout().documentSize()
    for doc in (page.document(), document):
        assert doc.resource(doc.ResourceType.ImageResource, str(image)) is None
