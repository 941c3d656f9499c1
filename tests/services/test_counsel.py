"""Counsellor and client: assignment files in, shared files back, and what never leaves."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from tests.helpers import CUSTOM_EXERCISE_YAML, fingerprint_of, write_signed
from trustrepair.content.library import Library
from trustrepair.domain.answers import Status
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.domain.profile import Role
from trustrepair.errors import ImportFormatError, UserFacingError, WrongPassphrase
from trustrepair.i18n import translated
from trustrepair.services import assignments, counsel, desk
from trustrepair.services.vaults import OpenVault
from trustrepair.storage.counsel import CounselStore

MARKER = "ZEBRA-MARKER-4417"
CUSTOM_YAML = CUSTOM_EXERCISE_YAML.replace(
    "intro: Write a little each day.", f"intro: Write a little each day. {MARKER}"
)
BAD_YAML = CUSTOM_YAML.replace("    kind: text\n", "    kind: text\n    colour: blue\n")
PRIVATE = "something I keep to myself"
SHARED = "what I want my counsellor to read"


def _assign(counsellor: OpenVault, library: Library, path: Path) -> assignments.AssignmentPacket:
    return assignments.write_assignment(
        counsellor.store,
        library,
        "Sam R.",
        [
            AssignedExercise("naming-what-happened", "Take your time.", "2099-12-01"),
            AssignedExercise("between-sessions"),
        ],
        path,
        custom_sources=[("between.yaml", CUSTOM_YAML)],
    )


def test_round_trip_counsellor_client_counsellor(tmp_path, counsellor, vault, library):
    """An assignment reaches the client; only shared answers come back, under the label."""
    packet_path = tmp_path / "assignment.json"
    _assign(counsellor, library, packet_path)
    assert [a.exercise_id for a in desk.sent_assignments(counsellor.store)] == [
        "naming-what-happened",
        "between-sessions",
    ]

    assignments.import_assignment(
        vault.store, library, packet_path, accept_sender=fingerprint_of(counsellor)
    )
    received = assignments.received_assignments(vault.store)
    assert {(a.counsellor, a.exercise_id, a.note, a.due) for a in received} == {
        ("Dr Lee", "naming-what-happened", "Take your time.", "2099-12-01"),
        ("Dr Lee", "between-sessions", "", None),
    }
    mine = counsel.client_library(vault.store, library)
    assert mine.get("between-sessions") is not None
    assert library.get("between-sessions") is None  # the shared library is not changed

    vault.store.save_answer("naming-what-happened", "what-happened", SHARED, shared=True)
    vault.store.save_answer("naming-what-happened", "feelings", ["anger"], shared=False)
    vault.store.save_answer("between-sessions", "noticed", PRIVATE)
    vault.store.mark_completed("naming-what-happened")

    plan = counsel.plan_share(vault.store, mine)
    assert plan.client == "Sam R."
    assert [e.exercise_id for e in plan.exercises] == ["naming-what-happened", "between-sessions"]
    assert plan.answer_count == 1
    lines = "\n".join(counsel.describe_plan(plan))
    assert SHARED in lines and PRIVATE not in lines

    shared_path = tmp_path / "shared.json"
    note = counsel.write_share(vault.store, plan, shared_path)
    assert note == counsel.PLAIN_SHARE_WARNING
    text = shared_path.read_text(encoding="utf-8")
    assert SHARED in text and PRIVATE not in text and "anger" not in text
    assert "a private description" not in text

    result = counsel.import_shared(
        counsellor.store, shared_path, library=library, accept_sender=fingerprint_of(vault)
    )
    assert (result.client, result.exercises, result.answers_stored) == ("Sam R.", 2, 1)
    [overview] = desk.build_desk(counsellor.store, library)
    assert (overview.label, overview.done, overview.answers_shared, overview.assigned) == (
        "Sam R.",
        1,
        1,
        2,
    )
    shown = desk.client_exercises(counsellor.store, "sam r.")
    assert shown[0].status is Status.COMPLETED
    assert [(a.step_id, a.text) for a in shown[0].answers] == [("what-happened", SHARED)]
    assert shown[0].answers[0].prompt.startswith("What did your partner do?")
    assert shown[1].answers == ()


def test_safety_check_and_private_answers_never_leave(tmp_path, vault, library):
    """The safety check is refused outright; its answers never appear in any share."""
    safety = library.safety_check()
    assert safety is not None
    vault.store.save_answer(safety.id, safety.steps[1].id, "never", shared=True)
    with pytest.raises(UserFacingError, match="never shared"):
        counsel.plan_share(vault.store, library, [safety.id])
    vault.store.save_answer("naming-what-happened", "what-happened", PRIVATE, shared=False)
    plan = counsel.plan_share(vault.store, library, ["naming-what-happened"])
    assert plan.answer_count == 0
    path = tmp_path / "s.json"
    counsel.write_share(vault.store, plan, path)
    assert PRIVATE not in path.read_text(encoding="utf-8")
    assert safety.id not in path.read_text(encoding="utf-8")


def test_encrypted_share_needs_the_agreed_passphrase(tmp_path, counsellor, vault, library):
    """An encrypted share hides the answers and opens only with its passphrase."""
    vault.store.save_answer("naming-what-happened", "what-happened", SHARED, shared=True)
    plan = counsel.plan_share(vault.store, library, ["naming-what-happened"])
    path = tmp_path / "s.json"
    assert (
        counsel.write_share(vault.store, plan, path, passphrase="tulip")
        == counsel.ENCRYPTED_SHARE_NOTE
    )
    assert SHARED not in path.read_text(encoding="utf-8")
    assert counsel.is_encrypted_share(path)
    with pytest.raises(WrongPassphrase):
        counsel.import_shared(counsellor.store, path)
    with pytest.raises(WrongPassphrase):
        counsel.import_shared(counsellor.store, path, passphrase="rose")
    accepted = counsel.import_shared(
        counsellor.store, path, passphrase="tulip", accept_sender=fingerprint_of(vault)
    )
    assert accepted.answers_stored == 1


def test_an_older_share_never_replaces_a_newer_one(tmp_path, counsellor, vault, library):
    """A share made before the newest one accepted from that client is refused whole (a
    replay), so the newer answer stays."""
    store = vault.store
    store.save_answer(
        "naming-what-happened",
        "what-happened",
        "old",
        shared=True,
        updated_at="2026-01-01T00:00:00.000Z",
    )
    old_plan = counsel.plan_share(store, library, ["naming-what-happened"])
    # Made earlier: two plans within one millisecond would carry the same time.
    old_plan = dataclasses.replace(old_plan, created_at="2026-01-01T00:00:01.000Z")
    store.save_answer("naming-what-happened", "what-happened", "new", shared=True)
    new_plan = counsel.plan_share(store, library, ["naming-what-happened"])
    for name, plan in (("new.json", new_plan), ("old.json", old_plan)):
        counsel.write_share(store, plan, tmp_path / name)
    new_path, old_path = tmp_path / "new.json", tmp_path / "old.json"
    counsel.import_shared(counsellor.store, new_path, accept_sender=fingerprint_of(vault))
    with pytest.raises(ImportFormatError, match="already have a newer file from Sam"):
        counsel.import_shared(counsellor.store, old_path)
    [exercise] = desk.client_exercises(counsellor.store, "Sam")
    assert exercise.answers[0].text == "new"


def _packet(**changes: object) -> dict[str, object]:
    document: dict[str, object] = {
        "format": "trustrepair-assignment",
        "version": 2,
        "counsellor": "Dr Lee",
        "client": "Sam",
        "created_at": "2026-11-01T10:00:00.000Z",
        "exercises": [{"exercise_id": "naming-what-happened"}],
    }
    document.update(changes)
    return document


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (json.dumps(_packet(format="trustrepair-export")), "not an assignment"),
        ('{"format": "trustrepair-assignment", ', r"a\.json:1:38: the file ends too soon"),
        (
            json.dumps(_packet(custom_exercises=[BAD_YAML])),
            r"a\.json \(custom exercise 1\):14:5: unknown key 'colour'",
        ),
        (
            json.dumps(_packet(exercises=[{"exercise_id": "no-such-exercise"}])),
            "no exercise 'no-such-exercise'",
        ),
        (
            json.dumps(
                _packet(
                    exercises=[{"exercise_id": "between-sessions", "due": "soon"}],
                    custom_exercises=[CUSTOM_YAML],
                )
            ),
            "expected a date",
        ),
    ],
)
def test_bad_assignments_write_nothing(tmp_path, counsellor, vault, library, content, message):
    """Wrong format, bad JSON, bad custom YAML (with its line), unknown ids, each in a file
    signed by its counsellor: nothing is kept."""
    path = tmp_path / "a.json"
    try:
        write_signed(path, counsellor, json.loads(content))
    except json.JSONDecodeError:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFormatError, match=message):
        assignments.import_assignment(
            vault.store, library, path, accept_sender=fingerprint_of(counsellor)
        )
    counsel_store = CounselStore(vault.store.db)
    assert counsel_store.received() == []
    assert counsel_store.custom_sources() == {}


def test_custom_exercises_are_never_plain_text_on_disk(tmp_path, counsellor, vault, library):
    """A custom exercise's text is kept only inside the encrypted vaults."""
    packet_path = tmp_path / "outside" / "assignment.json"
    packet_path.parent.mkdir()
    _assign(counsellor, library, packet_path)
    assignments.import_assignment(
        vault.store, library, packet_path, accept_sender=fingerprint_of(counsellor)
    )
    vault.backup_now()
    data_dir = vault.ref.folder.parent.parent
    found = [p for p in data_dir.rglob("*") if p.is_file() and MARKER.encode() in p.read_bytes()]
    assert found == []
    assert MARKER in counsel.client_library(vault.store, library).get("between-sessions").intro


def test_roles_are_kept_apart(tmp_path, counsellor, vault, library):
    """A client cannot prepare assignments; a counsellor cannot open one or share."""
    with pytest.raises(UserFacingError, match="not a counsellor profile"):
        assignments.write_assignment(
            vault.store, library, "x", [AssignedExercise("naming-what-happened")], tmp_path / "a"
        )
    packet_path = tmp_path / "a.json"
    _assign(counsellor, library, packet_path)
    with pytest.raises(UserFacingError, match="is a counsellor profile"):
        assignments.import_assignment(counsellor.store, library, packet_path)
    assert counsellor.store.get_profile().role is Role.COUNSELLOR
    assert vault.store.get_profile().role is Role.PERSON


def test_assignment_refuses_custom_ids_taken_by_the_library(tmp_path, counsellor, library):
    """A custom exercise cannot replace a library exercise or the safety check."""
    clash = CUSTOM_YAML.replace("id: between-sessions", "id: naming-what-happened")
    with pytest.raises(ImportFormatError, match="already used"):
        assignments.write_assignment(
            counsellor.store,
            library,
            "Sam",
            [AssignedExercise("naming-what-happened")],
            tmp_path / "a.json",
            custom_sources=[("clash.yaml", clash)],
        )
    assert not (tmp_path / "a.json").exists()
    assert desk.sent_assignments(counsellor.store) == []


@pytest.mark.parametrize("reader", ["assignment", "shared"])
def test_endless_device_files_are_refused_not_read_forever(reader: str, library: Library) -> None:
    """/dev/zero as an assignment or shared file is refused after the size cap, never hangs."""
    with pytest.raises(ImportFormatError):
        if reader == "assignment":
            assignments.read_assignment(Path("/dev/zero"), library)
        else:
            counsel.read_shared(Path("/dev/zero"))


def test_every_cut_or_wrong_share_file_gets_one_plain_message(tmp_path, counsellor, vault, library):
    """A real share file cut short at any byte, an empty file, another kind of file, a newer
    version: one message, with where, saying nothing was changed; nothing is kept."""
    vault.store.save_answer("naming-what-happened", "what-happened", SHARED, shared=True)
    whole = tmp_path / "whole.json"
    plan = counsel.plan_share(vault.store, library, ["naming-what-happened"])
    counsel.write_share(vault.store, plan, whole)
    data = whole.read_bytes()
    bad = tmp_path / "bad.json"
    cases = [data[:end] for end in range(0, len(data) - 2, 11)]
    cases += [b'{"format": "trustrepair-assignment", "version": 2}']
    cases += [b'{"format": "trustrepair-shared", "version": 9}']
    for content in cases:
        bad.write_bytes(content)
        with pytest.raises(ImportFormatError) as found:
            counsel.import_shared(counsellor.store, bad, library=library)
        message = str(found.value)
        assert message.startswith("This shared file cannot be opened; nothing was changed.")
        assert "bad.json" in message or "format:" in message or "version:" in message
    assert desk.build_desk(counsellor.store, library) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "trustrepair-assignment", "client": "Sa', "1:51: the file ends too soon"),
        ('{\n  "exercises": [\n    {"exercise_id": 1},\n', "3:24: the file ends too soon"),
        ('{"format" "x"}', "1:11: this is not valid JSON: a colon was expected here"),
        ("{format: 1}", "1:2: this is not valid JSON: a name in double quotes was expected here"),
        ('{"a": 1} {"b": 2}', "1:10: this is not valid JSON: something follows the end"),
        ('{"a": "\\q"}', "1:8: this is not valid JSON: a backslash that starts no known escape"),
    ],
)
def test_a_file_that_is_not_json_is_one_plain_message(tmp_path, content, message):
    """Cut short anywhere (inside a text too) it says so at its end; otherwise the place and
    what is wrong in plain words, never the parser's own message; nothing was changed."""
    path = tmp_path / "for-sam.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFormatError) as raised:
        counsel.load_exchange_text(path, translated(assignments.ASSIGNMENT_HEADLINE))
    headline, *where = str(raised.value).splitlines()
    assert headline == "This assignment cannot be opened; nothing was changed."
    assert len(where) == 1 and where[0].startswith(f"  for-sam.json:{message}"), where
    assert not re.search(r"Expecting|delimiter|Unterminated|starting at", str(raised.value))
