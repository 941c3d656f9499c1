"""Every verb opens a vault the same way: passphrase from a file or the environment, and the
throttle's pause after a wrong one."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustrepair import cli
from trustrepair.cli import unlock


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses the verbs take (recorded instead of slept)."""
    taken: list[float] = []
    monkeypatch.setattr(unlock.time, "sleep", taken.append)
    return taken


@pytest.mark.parametrize(
    "argv",
    [
        ["backup", "--profile", "Jo"],
        ["export", "--profile", "Jo", "--out", "{tmp}/e.json"],
        ["summary", "--profile", "Jo", "--kind", "me", "--out", "{tmp}/s.html"],
        ["clients", "--profile", "Jo"],
        ["restore", "--profile", "Jo", "no-such-backup"],
        ["import", "{tmp}/e.json", "--profile", "Jo"],
        ["passphrase", "change", "--profile", "Jo", "--new-passphrase-file", "{tmp}/wrong"],
    ],
)
def test_a_wrong_passphrase_pauses_once_in_every_verb(
    argv: list[str],
    tmp_path: Path,
    pauses: list[float],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Whichever verb opens the vault, a wrong passphrase ends it after the throttle's pause."""
    right, wrong = tmp_path / "right", tmp_path / "wrong"
    right.write_text("the right passphrase", encoding="utf-8")
    wrong.write_text("not it", encoding="utf-8")
    assert cli.main(["profile", "create", "Jo", "--passphrase-file", str(right)]) == 0
    argv = [word.replace("{tmp}", str(tmp_path)) for word in argv]
    export = ["export", "--profile", "Jo", "--out", f"{tmp_path}/e.json"]
    assert cli.main([*export, "--passphrase-file", str(right)]) == 0
    capsys.readouterr()
    pauses.clear()
    assert cli.main([*argv, "--passphrase-file", str(wrong)]) == 1
    assert "passphrase does not open" in capsys.readouterr().err
    assert len(pauses) == 1


def test_a_missing_passphrase_is_a_plain_refusal_without_pause(
    tmp_path: Path, pauses: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    """No passphrase given for a protected profile: a message naming where to give it."""
    right = tmp_path / "right"
    right.write_text("the right passphrase", encoding="utf-8")
    assert cli.main(["profile", "create", "Jo", "--passphrase-file", str(right)]) == 0
    capsys.readouterr()
    assert cli.main(["backup", "--profile", "Jo"]) == 1
    err = capsys.readouterr().err
    assert "--passphrase-file" in err and "TRUSTREPAIR_PASSPHRASE" in err
    assert pauses == []


def test_passphrase_from_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--passphrase-file -` reads the passphrase from standard input (one newline dropped)."""
    import io

    right = tmp_path / "right"
    right.write_text("the right passphrase", encoding="utf-8")
    assert cli.main(["profile", "create", "Jo", "--passphrase-file", str(right)]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("the right passphrase\n"))
    assert cli.main(["backup", "--profile", "Jo", "--passphrase-file", "-"]) == 0
    assert "Backup made" in capsys.readouterr().out


def test_a_notice_owed_is_told_once_on_standard_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first verb to open a 0.1.0 profile says, on stderr, that sharing was put right;
    standard output stays the verb's own, and the next verb says nothing more."""
    import shutil

    data = tmp_path / "released"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures/release_0_1_0/data", data)
    secret = tmp_path / "pw"
    secret.write_text("sam fixture passphrase\n", encoding="utf-8")
    argv = ["--data-dir", str(data), "share", "--profile", "Sam", "--dry-run"]
    argv += ["--exercise", "agreeing-an-amends-plan", "--passphrase-file", str(secret)]
    assert cli.main(argv) == 0
    first = capsys.readouterr()
    assert "revealed to your partner only" in first.err
    assert "revealed to your partner only" not in first.out
    assert cli.main(argv) == 0
    again = capsys.readouterr()
    assert "revealed to your partner only" not in again.err
    assert again.out == first.out
    assert "(no answers marked as shared)" in first.out  # what a reveal marked is not shared
