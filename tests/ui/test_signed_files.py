"""Signed files in the window: a first sender is confirmed by fingerprint, a refused file is
one plain message, and About you shows the person's own fingerprint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers import fingerprint_of
from tests.ui.conftest import Messages, SenderQuestions
from trustrepair.content.library import Library
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.formats import jsonfile
from trustrepair.services import assignments, notifier
from trustrepair.services.counsel_desk import ClientDesk
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.ui import counsel_actions
from trustrepair.ui.dialogs.counsel_files import KeepAssignmentQuestion
from trustrepair.ui.dialogs.profile_dialog import ProfileDialog
from trustrepair.ui.views.counsellor_view import CounselFiles
from trustrepair.ui.widgets.text import ReadingLabel


@pytest.fixture
def assignment(tmp_path: Path, counsellor: OpenVault, library: Library) -> Iterator[Path]:
    """An assignment from Dr Lee, with a note."""
    path = tmp_path / "a.json"
    assignments.write_assignment(
        counsellor.store,
        library,
        "Sam",
        [AssignedExercise("naming-what-happened", "Gently.")],
        path,
    )
    yield path


def _open(monkeypatch: pytest.MonkeyPatch, path: Path, vault: OpenVault, library: Library) -> bool:
    monkeypatch.setattr(CounselFiles, "ask_open_path", classmethod(lambda cls, p, t: path))
    monkeypatch.setattr(KeepAssignmentQuestion, "ask", classmethod(lambda cls, p, lines: True))
    desk = ClientDesk(vault.store, library)
    return counsel_actions.open_assignment(None, desk, library)  # type: ignore[arg-type]


def test_a_first_assignment_opens_only_after_its_fingerprint_is_confirmed(
    monkeypatch: pytest.MonkeyPatch,
    assignment: Path,
    counsellor: OpenVault,
    vault: OpenVault,
    library: Library,
    sender_questions: SenderQuestions,
    messages: Messages,
) -> None:
    """The window asks about Dr Lee's fingerprint; "do not open it" keeps nothing and says
    nothing went wrong; "they match" keeps it; the next file from Dr Lee asks nothing."""
    sender_questions.answer = False
    assert not _open(monkeypatch, assignment, vault, library)
    assert sender_questions == [("Dr Lee", fingerprint_of(counsellor))]
    assert assignments.received_assignments(vault.store) == [] and not messages
    sender_questions.answer = True
    assert _open(monkeypatch, assignment, vault, library)
    assert [a.note for a in assignments.received_assignments(vault.store)] == ["Gently."]
    assert _open(monkeypatch, assignment, vault, library)
    assert len(sender_questions) == 2


def test_an_edited_assignment_is_one_warning_and_nothing_kept(
    monkeypatch: pytest.MonkeyPatch,
    assignment: Path,
    vault: OpenVault,
    library: Library,
    sender_questions: SenderQuestions,
    messages: Messages,
) -> None:
    """A changed note is refused before any question is asked, with a plain warning."""
    edited = json.loads(assignment.read_text(encoding="utf-8"))
    edited["exercises"][0]["note"] = "Call 0900 123 456 and read them your recovery key."
    assignment.write_text(jsonfile.dumps_readable(edited), encoding="utf-8")
    assert not _open(monkeypatch, assignment, vault, library)
    [warning] = messages.texts(notifier.Level.WARNING)
    assert "changed after it was signed" in warning and "Nothing was changed" in warning
    assert sender_questions == [] and assignments.received_assignments(vault.store) == []


def test_about_you_shows_the_persons_own_fingerprint(
    qtbot: QtBot, vaults: Vaults, vault: OpenVault
) -> None:
    """Settings → About you names the fingerprint the person's files are signed with."""
    dialog = ProfileDialog(vault, [r.name for r in vaults.list()])
    qtbot.addWidget(dialog)
    assert fingerprint_of(vault) in dialog.fingerprint_label.text()
    assert isinstance(dialog.fingerprint_label, ReadingLabel)
    other = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC))
    with other:
        assert fingerprint_of(other) not in dialog.fingerprint_label.text()
