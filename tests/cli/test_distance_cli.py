"""An exercise for two at a distance on the command line: two data folders (two computers),
files in between, held-back answers nowhere but their writer's vault."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from trustrepair import cli
from trustrepair.cli import library as cli_library
from trustrepair.content.library import Library
from trustrepair.services.vaults import Vaults

EXERCISE = "agreeing-an-amends-plan"


@pytest.fixture(autouse=True)
def shipped_library_once(monkeypatch: pytest.MonkeyPatch, library: Library) -> None:
    """The verbs get the already-loaded shipped library."""
    monkeypatch.setattr(cli_library, "shipped_library", lambda only=None: library)


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    home: Path,
    *argv: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    """Run the CLI in-process on ``home``'s data folder; returns (exit code, stdout, stderr)."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = cli.main(["--data-dir", str(home), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_pair_at_a_distance_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Begin, answer, choose, write, open (the first file by fingerprint), show both sides."""
    homes = {"Sam": tmp_path / "sam-computer", "Alex": tmp_path / "alex-computer"}
    tracks = {"Sam": "hurt", "Alex": "repairing"}

    def do(who: str, *argv: str, stdin: str = "", ok: bool = True) -> str:
        code, out, err = run(capsys, monkeypatch, homes[who], *argv, stdin=stdin)
        assert (code == 0) is ok, err
        return out + err

    for who, home in homes.items():
        do(who, "profile", "create", who, "--no-passphrase", "--track", tracks[who])
        with Vaults(home / "profiles").open(who) as opened:
            opened.store.set_setting(
                "safety_check", {"completed_at": "2026-01-01T00:00:00.000Z", "concern": False}
            )
        do(who, "distance", "begin", "--profile", who, "--exercise", EXERCISE)
    mine = {"Sam": "hurt-needs", "Alex": "repairing-offers"}
    for who in homes:
        do(
            who,
            "answer",
            "--profile",
            who,
            "--exercise",
            EXERCISE,
            "--step",
            mine[who],
            stdin=json.dumps([f"{who}'s offer"]),
        )
        do(
            who,
            "answer",
            "--profile",
            who,
            "--exercise",
            EXERCISE,
            "--step",
            "worry",
            stdin=f"{who.upper()}-KEPT worry",
        )
        do(
            who,
            "distance",
            "choose",
            "--profile",
            who,
            "--exercise",
            EXERCISE,
            "--keep-private",
            "worry",
        )
    other = do(
        "Sam",
        "answer",
        "--profile",
        "Sam",
        "--exercise",
        EXERCISE,
        "--step",
        "repairing-offers",
        stdin="[]",
        ok=False,
    )
    assert "other person's" in other

    hello = tmp_path / "sam-hello.json"
    assert "introduces you" in do(
        "Sam", "distance", "write", "--profile", "Sam", "--exercise", EXERCISE, "--out", str(hello)
    )
    refused = do("Alex", "distance", "open", str(hello), "--profile", "Alex", ok=False)
    assert "--accept-sender" in refused
    sam_print = do("Sam", "fingerprint", "--profile", "Sam").strip()
    do("Alex", "distance", "open", str(hello), "--profile", "Alex", "--accept-sender", sam_print)
    alex_file = tmp_path / "alex.json"
    do(
        "Alex",
        "distance",
        "write",
        "--profile",
        "Alex",
        "--exercise",
        EXERCISE,
        "--out",
        str(alex_file),
    )
    alex_print = do("Alex", "fingerprint", "--profile", "Alex").strip()
    assert "still sealed" in do(
        "Sam", "distance", "open", str(alex_file), "--profile", "Sam", "--accept-sender", alex_print
    )
    assert "still sealed" not in do("Sam", "distance", "status", "--profile", "Sam")
    sam_file = tmp_path / "sam.json"
    assert "Both sides" in do(
        "Sam",
        "distance",
        "write",
        "--profile",
        "Sam",
        "--exercise",
        EXERCISE,
        "--out",
        str(sam_file),
    )
    do("Alex", "distance", "open", str(sam_file), "--profile", "Alex")
    for who, them in (("Sam", "Alex"), ("Alex", "Sam")):
        shown = json.loads(
            do(who, "distance", "show", "--profile", who, "--exercise", EXERCISE, "--json")
        )
        by_step = {row["step_id"]: row["sides"] for row in shown}
        assert by_step["worry"][1]["state"] == "kept_private"
        assert by_step[mine[them]][1]["text"].startswith(f"{them}'s offer") or (
            f"{them}'s offer" in by_step[mine[them]][1]["text"]
        )
        status = json.loads(do(who, "distance", "status", "--profile", who, "--json"))
        assert status[0]["both_sides"] and status[0]["partner"] == them
    for who, them in (("Sam", "Alex"), ("Alex", "Sam")):
        export = tmp_path / f"{who}-export.json"
        do(who, "export", "--profile", who, "--out", str(export))
        text = export.read_text(encoding="utf-8")
        assert f"{them.upper()}-KEPT" not in text
        assert f"{them}'s offer" in text
    for path in (hello, alex_file, sam_file):
        assert "KEPT" not in path.read_text(encoding="utf-8")
