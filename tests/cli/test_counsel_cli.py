"""The counsellor verbs from the shell: assign, import, share (dry run first), read back."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import CUSTOM_EXERCISE_YAML
from trustrepair import cli
from trustrepair.cli import counsel as counsel_cli
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
    monkeypatch.setattr(counsel_cli, "_library", lambda: library)


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
        *("--exercise", "naming-what-happened", "--note", "Gently.", "--due", "2026-12-01"),
        *("--custom", str(custom), "--out", str(packet)),
    )
    assert code == 0, stderr
    assert "2 exercise(s)" in stdout and "not encrypted" in stderr

    code, stdout, stderr = run(capsys, "assignment", "import", str(packet), "--profile", "Sam")
    assert code == 1 and "first file from Dr Lee" in stderr and "--accept-sender" in stderr
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
    assert (client["label"], client["assigned"], client["answers"]) == ("Sam R.", 2, 1)
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
