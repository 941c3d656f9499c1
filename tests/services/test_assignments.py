"""Assignments: a sequence, notes and dates per exercise, past dates refused, custom
exercises checked as attached, a preview before keeping, and an older file never winning."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import CUSTOM_EXERCISE_YAML, fingerprint_of, write_signed
from trustrepair.content.library import Library
from trustrepair.domain.answers import Status
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.errors import ImportFormatError, UserFacingError
from trustrepair.services import assignments, counsel, signing
from trustrepair.services.assignments import Change
from trustrepair.services.vaults import OpenVault
from trustrepair.storage.signing import SenderRole

TODAY = date(2026, 12, 4)


def _write(counsellor: OpenVault, library: Library, path: Path, items, **kw):
    return assignments.write_assignment(
        counsellor.store, library, "Sam R.", items, path, today=TODAY, **kw
    )


def test_a_sequence_with_notes_and_dates_reaches_the_client(tmp_path, counsellor, vault, library):
    """Order, per-exercise notes and dates, and what opens what travel in the file and show on
    the client's side with status, dates passed and what still waits."""
    path = tmp_path / "a.json"
    _write(
        counsellor,
        library,
        path,
        [
            AssignedExercise("naming-what-happened", "First this.", "2026-12-04"),
            AssignedExercise(
                "what-i-need-to-feel-safe", "Then this.", "2026-12-20", "naming-what-happened"
            ),
        ],
    )
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["exercises"][1]["after"] == "naming-what-happened"
    assignments.import_assignment(
        vault.store, library, path, accept_sender=fingerprint_of(counsellor)
    )
    mine = counsel.client_library(vault.store, library)
    first, second = assignments.client_assignments(vault.store, mine, date(2026, 12, 10))
    assert (first.title, first.note, first.overdue, first.after_title) == (
        "Naming what happened to me",
        "First this.",
        True,
        None,
    )
    assert second.after_title == "Naming what happened to me" and not second.overdue
    vault.store.mark_completed("naming-what-happened")
    first, second = assignments.client_assignments(vault.store, mine, date(2026, 12, 10))
    assert first.status is Status.COMPLETED and not first.overdue
    assert second.after_title is None  # open now
    assert assignments.counsellor_note(vault.store, "what-i-need-to-feel-safe") == (
        "Dr Lee",
        "Then this.",
    )


def test_past_due_dates_are_refused_when_assigning(tmp_path, counsellor, library):
    """A date before today is refused with nothing written; today is fine."""
    path = tmp_path / "a.json"
    with pytest.raises(UserFacingError, match="2026-12-03 has already passed"):
        _write(
            counsellor, library, path, [AssignedExercise("naming-what-happened", due="2026-12-03")]
        )
    assert not path.exists()
    _write(counsellor, library, path, [AssignedExercise("naming-what-happened", due="2026-12-04")])
    assert path.exists()


def test_a_sequence_must_stay_inside_the_file_and_not_circle(tmp_path, counsellor, library):
    """ "after" names an exercise of the same file, and never makes a circle."""
    circle = [
        AssignedExercise("naming-what-happened", after="what-i-need-to-feel-safe"),
        AssignedExercise("what-i-need-to-feel-safe", after="naming-what-happened"),
    ]
    with pytest.raises(ImportFormatError, match=r"exercises\[0\]\.after: .*circle"):
        _write(counsellor, library, tmp_path / "a.json", circle)
    outside = [AssignedExercise("naming-what-happened", after="owning-what-i-did")]
    with pytest.raises(ImportFormatError, match="not assigned in this file"):
        _write(counsellor, library, tmp_path / "a.json", outside)


def test_file_names_are_sensible(counsellor):
    """The suggested name is the label's words and the day, never "sam-r..json"."""
    assert assignments.assignment_file_name("Sam R.", TODAY) == "assignment-sam-r-2026-12-04.json"
    assert assignments.assignment_file_name("  Couple #14 ", TODAY) == (
        "assignment-couple-14-2026-12-04.json"
    )
    assert assignments.assignment_file_name("...", TODAY) == "assignment-client-2026-12-04.json"


def test_custom_exercises_are_checked_as_attached_and_kept_to_assign_again(
    tmp_path, counsellor, vault, library
):
    """A bad exercise file is refused at once with file:line; a good one is kept in the
    counsellor's library and travels again when assigned by id alone."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(CUSTOM_EXERCISE_YAML.replace("mode: solo", "mode: alone"), encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"bad\.yaml:6:1: mode: .alone. is not allowed"):
        assignments.check_custom(library, bad)
    good = tmp_path / "good.yaml"
    good.write_text(CUSTOM_EXERCISE_YAML, encoding="utf-8")
    exercise, _name, text = assignments.check_custom(library, good)
    _write(
        counsellor,
        library,
        tmp_path / "first.json",
        [AssignedExercise(exercise.id)],
        custom_sources=[("good.yaml", text)],
    )
    mine = counsel.client_library(counsellor.store, library)
    assert counsel.is_custom(mine, "between-sessions")
    again = tmp_path / "again.json"
    assignments.write_assignment(
        counsellor.store, mine, "Alex", [AssignedExercise("between-sessions")], again, today=TODAY
    )
    assert json.loads(again.read_text(encoding="utf-8"))["custom_exercises"] == [text]


def test_the_preview_says_what_keeping_changes_and_an_older_file_never_wins(
    tmp_path, counsellor, vault, library
):
    """Before keeping: new, then the same; a file made before the kept one (compared as
    instants: 11:30+02:00 is before 10:00Z) is refused, and even once the counsellor's key is
    accepted anew it changes nothing it holds."""
    newer = tmp_path / "newer.json"
    _write(
        counsellor, library, newer, [AssignedExercise("naming-what-happened", "New.", "2026-12-20")]
    )
    document = json.loads(newer.read_text(encoding="utf-8"))
    document["created_at"] = "2026-12-04T10:00:00.000Z"
    write_signed(newer, counsellor, document)
    accept = fingerprint_of(counsellor)
    preview = assignments.preview_assignment(vault.store, library, newer, accept_sender=accept)
    assert [i.change for i in preview.items] == [Change.NEW]
    assert (
        "Signed with the key you just accepted for Dr Lee"
        in assignments.describe_preview(preview)[1]
    )
    assert assignments.received_assignments(vault.store) == []  # nothing kept yet
    assignments.keep_assignment(vault.store, preview)
    again = assignments.preview_assignment(vault.store, library, newer)
    assert [i.change for i in again.items] == [Change.SAME] and not again.changes_anything

    document["created_at"] = "2026-12-04T11:30:00+02:00"
    document["exercises"][0]["note"] = "Old."
    older = write_signed(tmp_path / "older.json", counsellor, document)
    with pytest.raises(signing.OlderFile, match="Nothing was changed"):
        assignments.import_assignment(vault.store, library, older)
    signing.forget_sender(vault.store, SenderRole.COUNSELLOR, "Dr Lee")
    preview = assignments.import_assignment(vault.store, library, older, accept_sender=accept)
    assert [i.change for i in preview.items] == [Change.KEPT_NEWER]
    lines = "\n".join(assignments.describe_preview(preview))
    assert "yours is kept" in lines and "changes nothing" in lines
    [kept] = assignments.received_assignments(vault.store)
    assert (kept.note, kept.due) == ("New.", "2026-12-20")


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{",
        '{"format": "trustrepair-assignment", "version": 1, "counsellor": "Dr Lee", "cli',
        '{"format": "trustrepair-assignment", "version": 7}',
        '{"format": "trustrepair-shared", "version": 1}',
        "[1, 2, 3]",
        "\xff\xfe not text",
    ],
)
def test_every_bad_assignment_file_gets_one_plain_message(tmp_path, vault, library, content):
    """Empty, truncated, wrong kind, wrong version, not UTF-8: one message, where, and that
    nothing was changed."""
    path = tmp_path / "bad.json"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(ImportFormatError) as found:
        assignments.import_assignment(vault.store, library, path)
    message = str(found.value)
    assert message.startswith("This assignment cannot be opened; nothing was changed.")
    assert "bad.json" in message or "format:" in message or "version:" in message
    assert assignments.received_assignments(vault.store) == []


def test_every_cut_of_a_real_assignment_is_refused_plainly(tmp_path, counsellor, vault, library):
    """A real file cut short at any byte is refused with a place and "nothing was changed"."""
    whole = tmp_path / "whole.json"
    _write(counsellor, library, whole, [AssignedExercise("naming-what-happened", "A note.")])
    data = whole.read_bytes()
    cut = tmp_path / "cut.json"
    for end in range(0, len(data) - 2, 7):
        cut.write_bytes(data[:end])
        with pytest.raises(ImportFormatError, match="nothing was changed"):
            assignments.import_assignment(vault.store, library, cut)
    assert assignments.received_assignments(vault.store) == []
