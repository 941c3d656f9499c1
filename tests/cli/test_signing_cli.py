"""Signed files on the command line: a first sender needs --accept-sender, a changed file or
a new key under a known name is one plain refusal, and ``fingerprint`` shows one's own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import write_signed
from tests.hostile import MARK
from trustrepair import cli
from trustrepair.cli import library as cli_library
from trustrepair.content.library import Library
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.formats import jsonfile
from trustrepair.services import assignments, signing
from trustrepair.services.vaults import Vaults

COUNSELLOR = "Dr Lee"
HOSTILE_NAME = f"\x1b]0;{MARK}\x07Dr \x1b[31mLee\u202e"
"""A counsellor's name as a file may give it: terminal escapes and a right-to-left override
(profile names refuse them, and so does every exchanged file: the name in a file is whatever
its signer wrote)."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def shipped_library_once(monkeypatch: pytest.MonkeyPatch, library: Library) -> None:
    """The verbs get the already-loaded shipped library."""
    monkeypatch.setattr(cli_library, "shipped_library", lambda only=None: library)


def _assignment(
    vaults: Vaults, library: Library, path: Path, note: str, name: str = COUNSELLOR
) -> None:
    """An assignment from Dr Lee, signed by them; ``name`` is the counsellor it names."""
    with vaults.open(COUNSELLOR) as lee:
        document = assignments.build_assignment(
            lee.store, library, "Sam", [AssignedExercise("naming-what-happened", note)]
        )
        write_signed(path, lee, {**document, "counsellor": name})


@pytest.fixture
def people(capsys: pytest.CaptureFixture[str]) -> None:
    """Sam, and Dr Lee, a counsellor (no passphrases, for speed)."""
    for argv in (("Sam",), (COUNSELLOR, "--counsellor")):
        assert run(capsys, "profile", "create", *argv, "--no-passphrase")[0] == 0


def _fingerprint(capsys: pytest.CaptureFixture[str], profile: str) -> str:
    code, out, err = run(capsys, "fingerprint", "--profile", profile)
    assert code == 0, err
    return out.strip()


def test_a_first_assignment_is_refused_until_its_fingerprint_is_accepted(
    people: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    vaults: Vaults,
    library: Library,
) -> None:
    """A sender's name with escapes is refused before any question (said escaped, no
    traceback); without --accept-sender the fingerprint is shown and nothing is kept; a wrong
    one is refused; the right one, typed any way, keeps the file."""
    path = tmp_path / "a.json"
    theirs = _fingerprint(capsys, COUNSELLOR)
    _assignment(vaults, library, path, "Gently.", name=HOSTILE_NAME)
    code, out, err = run(capsys, "assignment", "import", str(path), "--profile", "Sam")
    assert code == 1 and "invisible or control character (U+001B)" in err
    assert theirs not in err and "--accept-sender" not in err
    assert "\x1b" not in err and "\u202e" not in err and "Traceback" not in err
    _assignment(vaults, library, path, "Gently.")
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){5}", theirs)
    code, out, err = run(capsys, "assignment", "import", str(path), "--profile", "Sam")
    assert code == 1 and theirs in err and f"--accept-sender {theirs}" in err
    assert "Traceback" not in err
    assert run(capsys, "assignments", "--profile", "Sam", "--json")[1].strip() == "[]"
    wrong = ("--accept-sender", "0000-0000-0000-0000-0000-0000")
    code, _, err = run(capsys, "assignment", "import", str(path), "--profile", "Sam", *wrong)
    assert code == 1 and "not the one of this file's sender" in err
    right = ("--accept-sender", theirs.replace("-", " ").lower())
    code, out, _ = run(capsys, "assignment", "import", str(path), "--profile", "Sam", *right)
    assert code == 0 and "gave you 1 exercise; it is kept." in out
    assert json.loads(run(capsys, "assignments", "--profile", "Sam", "--json")[1])


def test_a_changed_file_or_a_new_key_is_one_plain_refusal(
    people: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    vaults: Vaults,
    library: Library,
) -> None:
    """An edited note, and a file from another "Dr Lee" (whose own fingerprint is given),
    both exit 1 in plain words; the assignment kept before stays as it was."""
    path = tmp_path / "a.json"
    _assignment(vaults, library, path, "Gently.")
    accept = ("--accept-sender", _fingerprint(capsys, COUNSELLOR))
    assert run(capsys, "assignment", "import", str(path), "--profile", "Sam", *accept)[0] == 0
    edited = json.loads(path.read_text(encoding="utf-8"))
    edited["exercises"][0]["note"] = "Call 0900 123 456 with your recovery key."
    path.write_text(jsonfile.dumps_readable(edited), encoding="utf-8")
    code, _, err = run(capsys, "assignment", "import", str(path), "--profile", "Sam")
    assert code == 1 and "changed after it was signed" in err and "Traceback" not in err

    elsewhere = Vaults(tmp_path / "elsewhere")
    info = ProfileInfo(COUNSELLOR, Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    with elsewhere.create(info) as impostor:
        assignments.write_assignment(
            impostor.store,
            library,
            "Sam",
            [AssignedExercise("naming-what-happened", "Call 0900 123 456.")],
            path,
        )
        theirs = ("--accept-sender", signing.identity(impostor.store).fingerprint)
    code, _, err = run(capsys, "assignment", "import", str(path), "--profile", "Sam", *theirs)
    assert code == 1 and "signed with another key" in err and "Traceback" not in err
    listed = json.loads(run(capsys, "assignments", "--profile", "Sam", "--json")[1])
    assert [a["note"] for a in listed] == ["Gently."]


def test_an_unsigned_share_from_0_1_0_is_refused_with_what_to_do(
    people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A version-1 share (unsigned) exits 1 and says to ask for a new file."""
    path = tmp_path / "old.json"
    old = {
        "format": "trustrepair-shared",
        "version": 1,
        "client": "Sam",
        "created_at": "2026-01-01T00:00:00.000Z",
        "exercises": [],
    }
    path.write_text(json.dumps(old), encoding="utf-8")
    code, _, err = run(capsys, "shared", "import", str(path), "--profile", COUNSELLOR)
    assert code == 1 and "not signed" in err and "for a new file" in err


def test_senders_lists_accepted_keys_and_forget_lets_a_new_key_be_compared(
    people: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    vaults: Vaults,
    library: Library,
) -> None:
    """``senders`` shows whose keys were accepted; after ``sender forget`` a file signed with
    a new key under that name asks for its fingerprint again instead of being refused."""
    path = tmp_path / "a.json"
    _assignment(vaults, library, path, "Gently.")
    lee = _fingerprint(capsys, COUNSELLOR)
    assert run(capsys, "senders", "--profile", "Sam")[1].startswith("You have not accepted")
    run(capsys, "assignment", "import", str(path), "--profile", "Sam", "--accept-sender", lee)
    code, out, _ = run(capsys, "senders", "--profile", "Sam", "--json")
    assert code == 0 and [(s["name"], s["fingerprint"]) for s in json.loads(out)] == [
        (COUNSELLOR, lee)
    ]
    new_home = Vaults(tmp_path / "new-computer")
    info = ProfileInfo(COUNSELLOR, Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    with new_home.create(info) as moved:
        item = [AssignedExercise("naming-what-happened", "From my new computer.")]
        assignments.write_assignment(moved.store, library, "Sam", item, path)
        new = signing.identity(moved.store).fingerprint
    code, _, err = run(capsys, "sender", "forget", "Nobody", "--profile", "Sam")
    assert code == 1 and "have not accepted" in err
    code, out, _ = run(capsys, "sender", "forget", COUNSELLOR, "--profile", "Sam")
    assert code == 0 and "compare it" in out
    code, _, err = run(capsys, "assignment", "import", str(path), "--profile", "Sam")
    assert code == 1 and new in err and "has not sent you a file before" in err
    accept = ("--accept-sender", new)
    assert run(capsys, "assignment", "import", str(path), "--profile", "Sam", *accept)[0] == 0
