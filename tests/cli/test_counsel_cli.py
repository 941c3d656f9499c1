"""The counsellor verbs from the shell: assign, import, share (dry run first), read back."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import CUSTOM_EXERCISE_YAML
from trustrepair import cli
from trustrepair.cli import library as cli_library
from trustrepair.content.library import Library
from trustrepair.domain.profile import Role
from trustrepair.services.vaults import Vaults

CUSTOM = CUSTOM_EXERCISE_YAML


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def shipped_library_once(monkeypatch: pytest.MonkeyPatch, library: Library) -> None:
    """The verbs get the already-loaded shipped library (loading it is tested elsewhere)."""
    monkeypatch.setattr(cli_library, "shipped_library", lambda only=None: library)


@pytest.fixture
def people(capsys: pytest.CaptureFixture[str], vaults: Vaults) -> None:
    """A counsellor "Dr Lee" and a client "Sam", both without passphrases (for speed)."""
    assert run(capsys, "profile", "create", "Dr Lee", "--counsellor", "--no-passphrase")[0] == 0
    assert run(capsys, "profile", "create", "Sam", "--no-passphrase")[0] == 0


def test_profile_create_counsellor_sets_the_role(people: None, vaults: Vaults) -> None:
    """--counsellor makes a counsellor profile; the default is a person."""
    with vaults.open("Dr Lee") as lee, vaults.open("Sam") as sam:
        assert lee.store.get_profile().role is Role.COUNSELLOR
        assert sam.store.get_profile().role is Role.PERSON


def test_assign_share_and_read_back(
    people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], vaults: Vaults
) -> None:
    """The whole round trip through the verbs, with a dry run listing exactly what goes."""
    custom = tmp_path / "between.yaml"
    custom.write_text(CUSTOM, encoding="utf-8")
    packet = tmp_path / "for-sam.json"
    code, stdout, stderr = run(
        capsys,
        *("assign", "--profile", "Dr Lee", "--client", "Sam R."),
        *("--exercise", "naming-what-happened", "--note", "Gently.", "--due", "2099-12-01"),
        *("--custom", str(custom), "--out", str(packet)),
    )
    assert code == 0, stderr
    assert "2 exercises" in stdout and "not encrypted" in stderr

    code, stdout, stderr = run(capsys, "assignment", "import", str(packet), "--profile", "Sam")
    assert (
        code == 1
        and "Dr Lee has not sent you a file before" in stderr
        and "--accept-sender" in stderr
    )
    code, lee_fingerprint, _ = run(capsys, "fingerprint", "--profile", "Dr Lee")
    assert code == 0 and lee_fingerprint.strip() in stderr
    code, stdout, _ = run(
        capsys,
        *("assignment", "import", str(packet), "--profile", "Sam"),
        *("--accept-sender", lee_fingerprint.strip().lower()),
    )
    assert code == 0 and "Dr Lee" in stdout
    code, stdout, _ = run(capsys, "assignments", "--profile", "Sam", "--json")
    listed = {a["exercise_id"]: a for a in json.loads(stdout)}
    assert listed["naming-what-happened"]["note"] == "Gently."
    assert listed["between-sessions"]["title"] == "Between our sessions"

    with vaults.open("Sam") as sam:
        sam.store.save_answer("between-sessions", "noticed", "shared words", shared=True)
        sam.store.save_answer("naming-what-happened", "what-happened", "private words")

    code, stdout, _ = run(capsys, "share", "--profile", "Sam", "--dry-run")
    assert code == 0
    assert "shared words" in stdout and "private words" not in stdout
    assert "Never included" in stdout
    assert not list(tmp_path.glob("shared*"))

    shared = tmp_path / "shared.json"
    code, _, stderr = run(capsys, "share", "--profile", "Sam", "--out", str(shared))
    assert code == 0 and "not encrypted" in stderr

    _, sam_fingerprint, _ = run(capsys, "fingerprint", "--profile", "Sam")
    accept = ("--accept-sender", sam_fingerprint.strip())
    code, stdout, _ = run(capsys, "shared", "import", str(shared), "--profile", "Dr Lee", *accept)
    assert code == 0 and "Sam R." in stdout
    code, stdout, _ = run(capsys, "clients", "--profile", "Dr Lee", "--json")
    [client] = json.loads(stdout)
    counts = client["counts"]
    assert (client["label"], counts["assigned"], counts["answers_shared"]) == ("Sam R.", 2, 1)
    code, stdout, _ = run(capsys, "client", "show", "Sam R.", "--profile", "Dr Lee")
    assert code == 0
    assert "Between our sessions" in stdout and "shared words" in stdout
    assert "private words" not in stdout


def test_encrypted_share_with_passphrase_from_the_environment(
    people: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    vaults: Vaults,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--encrypt takes the agreed passphrase from the environment; the counsellor needs it."""
    with vaults.open("Sam") as sam:
        sam.store.save_answer("naming-what-happened", "what-happened", "shared words", shared=True)
    shared = tmp_path / "shared.json"
    monkeypatch.setenv("TRUSTREPAIR_SHARE_PASSPHRASE", "tulip")
    code, _, stderr = run(
        capsys,
        *("share", "--profile", "Sam", "--exercise", "naming-what-happened"),
        *("--encrypt", "--out", str(shared)),
    )
    assert code == 0 and "encrypted" in stderr
    assert "shared words" not in shared.read_text(encoding="utf-8")
    monkeypatch.setenv("TRUSTREPAIR_SHARE_PASSPHRASE", "rose")
    code, _, stderr = run(capsys, "shared", "import", str(shared), "--profile", "Dr Lee")
    assert code == 1 and "passphrase" in stderr


def test_mistakes_are_explained_without_tracebacks(
    people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unknown ids, wrong roles and the safety check end in plain messages and exit 1."""
    out_file = tmp_path / "a.json"
    code, _, stderr = run(
        capsys,
        *("assign", "--profile", "Dr Lee", "--client", "Sam"),
        *("--exercise", "no-such-thing", "--out", str(out_file)),
    )
    assert code == 1 and "no exercise 'no-such-thing'" in stderr
    assert "This assignment was not written; nothing was changed." in stderr
    assert "cannot be opened" not in stderr
    assert not out_file.exists()
    code, _, stderr = run(
        capsys,
        *("assign", "--profile", "Sam", "--client", "x"),
        *("--exercise", "naming-what-happened", "--out", str(out_file)),
    )
    assert code == 1 and "not a counsellor profile" in stderr
    code, _, stderr = run(
        capsys, "share", "--profile", "Sam", "--exercise", "safety-check", "--dry-run"
    )
    assert code == 1 and "never shared" in stderr


def test_assign_refuses_a_pipe_as_custom_exercise(
    people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--custom naming a FIFO is a plain problem at once (reading it whole used to hang)."""
    fifo = tmp_path / "custom.yaml"
    os.mkfifo(fifo)
    code, _, stderr = run(
        capsys,
        *("assign", "--profile", "Dr Lee", "--client", "Sam R.", "--custom", str(fifo)),
        *("--out", str(tmp_path / "out.json")),
    )
    assert code == 1 and "not a plain file" in stderr
    assert not (tmp_path / "out.json").exists()


def _accept(capsys: pytest.CaptureFixture[str], name: str) -> tuple[str, str]:
    """``--accept-sender`` with ``name``'s fingerprint (as if compared with them by phone)."""
    return "--accept-sender", run(capsys, "fingerprint", "--profile", name)[1].strip()


def _assign(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    """``trustrepair assign`` by Dr Lee for Sam R., with ``extra`` arguments."""
    return run(capsys, "assign", "--profile", "Dr Lee", "--client", "Sam R.", *extra)


def test_assign_makes_a_sequence_with_a_note_and_date_each(
    people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """--in-order, --note-for and --due-for give each exercise its own; the default file
    name is the label's words and the day; a date that has passed is refused."""
    monkeypatch.chdir(tmp_path)
    code, _, stderr = _assign(
        capsys,
        *("--exercise", "naming-what-happened", "--exercise", "what-i-need-to-feel-safe"),
        *("--note", "For both.", "--note-for", "what-i-need-to-feel-safe=Only this one."),
        *("--due-for", "naming-what-happened=2099-01-05", "--in-order"),
    )
    assert code == 0, stderr
    [written] = list(tmp_path.glob("assignment-sam-r-*.json"))
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document["exercises"] == [
        {"exercise_id": "naming-what-happened", "note": "For both.", "due": "2099-01-05"},
        {
            "exercise_id": "what-i-need-to-feel-safe",
            "note": "Only this one.",
            "after": "naming-what-happened",
        },
    ]
    code, _, stderr = _assign(capsys, "--exercise", "naming-what-happened", "--due", "2001-01-01")
    assert code == 1 and "2001-01-01 has already passed" in stderr
    code, _, stderr = _assign(capsys, "--exercise", "naming-what-happened", "--note-for", "other=x")
    assert code == 1 and "'other', which is not assigned" in stderr


def test_clients_and_client_show_carry_the_same_facts(
    people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A client with assignments and no shares: both verbs give titles, dates, overdue and
    status per exercise (client show --json is never an empty list); archive and back."""
    code, _, stderr = _assign(
        capsys,
        *("--exercise", "naming-what-happened", "--due", "2099-12-01"),
        *("--out", str(tmp_path / "a.json")),
    )
    assert code == 0, stderr
    _, stdout, _ = run(capsys, "clients", "--profile", "Dr Lee", "--json")
    [listed] = json.loads(stdout)
    _, stdout, _ = run(capsys, "client", "show", "sam r.", "--profile", "Dr Lee", "--json")
    shown = json.loads(stdout)
    assert shown["shared"] == []
    assert {k: v for k, v in shown.items() if k != "shared"} == listed
    [exercise] = listed["assigned"]
    assert (exercise["title"], exercise["due"], exercise["overdue"], exercise["status"]) == (
        "Naming what happened to me",
        "2099-12-01",
        False,
        "not_started",
    )
    assert listed["last_received"] is None and listed["counts"]["assigned"] == 1
    _, stdout, _ = run(capsys, "clients", "--profile", "Dr Lee")
    assert "Sam R.  ·  0 of 1 done · next due 2099-12-01  ·  no file received yet" in stdout
    assert "• Naming what happened to me — not started · due 2099-12-01" in stdout

    assert run(capsys, "client", "archive", "SAM R.", "--profile", "Dr Lee")[0] == 0
    assert "No client fits" in run(capsys, "clients", "--profile", "Dr Lee")[1]
    _, stdout, _ = run(capsys, "clients", "--profile", "Dr Lee", "--show", "archived", "--json")
    assert [c["label"] for c in json.loads(stdout)] == ["Sam R."]
    assert run(capsys, "client", "unarchive", "Sam R.", "--profile", "Dr Lee")[0] == 0
    assert "Sam R." in run(capsys, "clients", "--profile", "Dr Lee")[1]


def test_a_label_in_other_capitals_is_merged_only_when_asked(
    people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """assign and shared import refuse a label differing only in case until --merge."""
    out_file = tmp_path / "a.json"
    assert _assign(capsys, "--exercise", "naming-what-happened", "--out", str(out_file))[0] == 0
    args = (
        "assign",
        "--profile",
        "Dr Lee",
        "--client",
        "sam r.",
        "--exercise",
        "owning-what-i-did",
    )
    code, _, stderr = run(capsys, *args, "--out", str(tmp_path / "b.json"))
    assert code == 1 and "--merge" in stderr and not (tmp_path / "b.json").exists()
    code, stdout, _ = run(capsys, *args, "--out", str(tmp_path / "b.json"), "--merge")
    assert code == 0 and "for Sam R. " in stdout
    _, stdout, _ = run(capsys, "clients", "--profile", "Dr Lee", "--json")
    assert [c["counts"]["assigned"] for c in json.loads(stdout)] == [2]


def test_assignment_import_shows_what_it_holds_and_a_dry_run_keeps_nothing(
    people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dry-run lists the exercises and what changes; a bad file is one plain message."""
    packet = tmp_path / "a.json"
    _assign(
        capsys,
        "--exercise",
        "naming-what-happened",
        "--note",
        "Gently.",
        "--out",
        str(packet),
    )
    code, stdout, _ = run(
        capsys,
        *("assignment", "import", str(packet), "--profile", "Sam", "--dry-run"),
        *_accept(capsys, "Dr Lee"),
    )
    assert code == 0 and "• Naming what happened to me — new" in stdout and "Gently." in stdout
    assert run(capsys, "assignments", "--profile", "Sam")[1].startswith("No exercises")
    cut = tmp_path / "cut.json"
    cut.write_bytes(packet.read_bytes()[:60])
    code, _, stderr = run(capsys, "assignment", "import", str(cut), "--profile", "Sam")
    assert code == 1
    assert "nothing was changed" in stderr and "cut.json:" in stderr and "Traceback" not in stderr


def test_custom_exercises_are_known_to_every_verb(
    people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], vaults: Vaults
) -> None:
    """A client's custom exercise is known by title to summaries (me, counsellor, --exercise),
    history, share, and the counsellor's clients and client show."""
    custom = tmp_path / "between.yaml"
    custom.write_text(CUSTOM, encoding="utf-8")
    packet = tmp_path / "a.json"
    assert _assign(capsys, "--custom", str(custom), "--out", str(packet))[0] == 0
    accept = _accept(capsys, "Dr Lee")
    assert run(capsys, "assignment", "import", str(packet), "--profile", "Sam", *accept)[0] == 0
    with vaults.open("Sam") as sam:
        sam.store.save_answer("between-sessions", "noticed", "a calmer week", shared=True)
    for kind in ("me", "counsellor"):
        target = tmp_path / f"{kind}.html"
        code, _, stderr = run(
            capsys, "summary", "--profile", "Sam", "--kind", kind, "--out", str(target)
        )
        assert code == 0, stderr
        html = target.read_text(encoding="utf-8")
        assert "Between our sessions" in html and "a calmer week" in html, kind
        assert "No longer in the library" not in html
    target = tmp_path / "one.html"
    code, _, stderr = run(
        capsys,
        "summary",
        "--profile",
        "Sam",
        "--kind",
        "me",
        "--exercise",
        "between-sessions",
        "--out",
        str(target),
    )
    assert code == 0, stderr
    assert "What did you notice this week?" in target.read_text(encoding="utf-8")
    code, stdout, _ = run(capsys, "history", "--profile", "Sam")
    assert code == 0 and "Between our sessions" in stdout and "a calmer week" in stdout
    assert "What did you notice this week?" in stdout
    shared = tmp_path / "shared.json"
    assert run(capsys, "share", "--profile", "Sam", "--out", str(shared))[0] == 0
    accept = _accept(capsys, "Sam")
    assert run(capsys, "shared", "import", str(shared), "--profile", "Dr Lee", *accept)[0] == 0
    _, stdout, _ = run(capsys, "clients", "--profile", "Dr Lee", "--json")
    [client] = json.loads(stdout)
    assert [e["title"] for e in client["assigned"]] == ["Between our sessions"]
    _, stdout, _ = run(capsys, "client", "show", "Sam R.", "--profile", "Dr Lee")
    assert "Between our sessions" in stdout and "between-sessions" not in stdout


def test_an_export_carries_custom_exercises_to_a_new_profile(
    people: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], vaults: Vaults
) -> None:
    """Exported and imported into a new profile, a custom exercise and its answers are known
    by title to the summaries there, as in the window."""
    custom = tmp_path / "between.yaml"
    custom.write_text(CUSTOM, encoding="utf-8")
    packet = tmp_path / "a.json"
    assert _assign(capsys, "--custom", str(custom), "--out", str(packet))[0] == 0
    accept = _accept(capsys, "Dr Lee")
    assert run(capsys, "assignment", "import", str(packet), "--profile", "Sam", *accept)[0] == 0
    with vaults.open("Sam") as sam:
        sam.store.save_answer("between-sessions", "noticed", "a calmer week")
    export = tmp_path / "sam.json"
    assert run(capsys, "export", "--profile", "Sam", "--out", str(export))[0] == 0
    assert run(capsys, "import", str(export), "--profile", "Sam 2", "--no-passphrase")[0] == 0
    target = tmp_path / "me.html"
    code, _, stderr = run(
        capsys, "summary", "--profile", "Sam 2", "--kind", "me", "--out", str(target)
    )
    assert code == 0, stderr
    html = target.read_text(encoding="utf-8")
    assert "Between our sessions" in html and "a calmer week" in html
    assert "No longer in the library" not in html
