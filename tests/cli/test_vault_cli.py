"""The vault verbs: profile create, profiles, passphrase change, export, import, backup, restore."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from trustrepair.cli import main
from trustrepair.content.cache import load_default_library
from trustrepair.services.vaults import Vaults
from trustrepair.storage import keys


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """OWASP-minimum Argon2id keeps these tests fast."""
    monkeypatch.setattr(Vaults, "kdf", keys.OWASP_MINIMUM_KDF)


@pytest.fixture
def pw(tmp_path: Path) -> Path:
    """A passphrase file (with the trailing newline editors add)."""
    path = tmp_path / "pw"
    path.write_text("cli passphrase\n", encoding="utf-8")
    return path


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_create_prints_recovery_key_once_and_lists_names(
    pw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """profile create shows the recovery key with a note; profiles lists names only."""
    assert (
        main(["profile", "create", "Jo", "--passphrase-file", str(pw), "--track", "repairing"]) == 0
    )
    printed = capsys.readouterr().out
    assert "keep it somewhere safe" in printed
    key = printed.split()[-1]
    keys.normalise_recovery_key(key)
    assert main(["profiles", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == ["Jo"]


def test_recovery_key_to_file(pw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--recovery-key-out writes the key to a new file instead of printing it."""
    out = tmp_path / "key.txt"
    assert (
        main(
            [
                "profile",
                "create",
                "Jo",
                "--passphrase-file",
                str(pw),
                "--recovery-key-out",
                str(out),
            ]
        )
        == 0
    )
    key = out.read_text(encoding="utf-8").split()[-1]
    assert key not in capsys.readouterr().out
    assert (
        main(
            [
                "passphrase",
                "change",
                "--profile",
                "Jo",
                "--recovery-key-file",
                str(out),
                "--new-passphrase-file",
                str(pw),
            ]
        )
        == 0
    )


def test_no_passphrase_warns(capsys: pytest.CaptureFixture[str]) -> None:
    """--no-passphrase creates the profile but warns plainly."""
    assert main(["profile", "create", "Open", "--no-passphrase"]) == 0
    assert "anyone" in capsys.readouterr().err


def test_wrong_passphrase_exits_1_and_writes_nothing(
    pw: Path, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wrong passphrase: exit 1, says so, every file byte-identical, no export written."""
    assert main(["profile", "create", "Jo", "--passphrase-file", str(pw)]) == 0
    wrong = tmp_path / "wrong"
    wrong.write_text("nope", encoding="utf-8")
    before = _snapshot(data_dir)
    out = tmp_path / "export.json"
    for argv in (
        ["export", "--profile", "Jo", "--out", str(out), "--passphrase-file", str(wrong)],
        ["backup", "--profile", "Jo", "--passphrase-file", str(wrong)],
        [
            "passphrase",
            "change",
            "--profile",
            "Jo",
            "--passphrase-file",
            str(wrong),
            "--new-passphrase-file",
            str(wrong),
        ],
    ):
        capsys.readouterr()
        assert main(argv) == 1
        assert "passphrase does not open" in capsys.readouterr().err
    assert not out.exists()
    assert _snapshot(data_dir) == before


def test_env_passphrase_export_import_backup_restore(
    pw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The passphrase can come from the environment; export → import → backup → restore work."""
    monkeypatch.setenv("TRUSTREPAIR_PASSPHRASE", "cli passphrase")
    assert main(["profile", "create", "Jo"]) == 0
    out = tmp_path / "e.json"
    assert main(["export", "--profile", "Jo", "--out", str(out)]) == 0
    assert "not encrypted" in capsys.readouterr().err
    assert main(["import", str(out), "--profile", "Copy"]) == 0
    assert "Created the profile 'Copy'" in capsys.readouterr().out
    enc = tmp_path / "e.enc.json"
    assert main(["export", "--profile", "Jo", "--out", str(enc), "--encrypt"]) == 0
    assert main(["import", str(enc), "--profile", "Copy"]) == 0
    assert main(["backup", "--profile", "Jo"]) == 0
    capsys.readouterr()
    assert main(["backups", "--profile", "Jo", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert [b["reason"] for b in made] == ["manual", "daily"]
    assert main(["restore", "--profile", "Jo", made[0]["name"]]) == 0


def test_import_of_missing_profile_needs_a_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Importing into a new profile without a passphrase or --no-passphrase is refused."""
    assert main(["profile", "create", "Src", "--no-passphrase"]) == 0
    out = tmp_path / "e.json"
    assert main(["export", "--profile", "Src", "--out", str(out)]) == 0
    assert main(["import", str(out), "--profile", "New"]) == 1
    assert main(["import", str(out), "--profile", "New", "--no-passphrase"]) == 0


def test_import_reads_a_pipe(
    pw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``trustrepair import <(command)``: the file is read once, so a pipe works, plain or
    encrypted."""
    import os
    import threading

    monkeypatch.setenv("TRUSTREPAIR_PASSPHRASE", "cli passphrase")
    monkeypatch.setenv("TRUSTREPAIR_EXPORT_PASSPHRASE", "export passphrase")
    assert main(["profile", "create", "Jo"]) == 0
    plain, sealed = tmp_path / "e.json", tmp_path / "e.enc.json"
    assert main(["export", "--profile", "Jo", "--out", str(plain)]) == 0
    assert main(["export", "--profile", "Jo", "--out", str(sealed), "--encrypt"]) == 0
    for source, target in ((plain, "FromPipe"), (sealed, "FromSealedPipe")):
        read_end, write_end = os.pipe()  # what the shell hands over for <(cat FILE): /dev/fd/N
        writer = threading.Thread(target=_write_and_close, args=(write_end, source.read_bytes()))
        writer.start()
        capsys.readouterr()
        try:
            code = main(["import", f"/dev/fd/{read_end}", "--profile", target])
        finally:
            writer.join(timeout=10)
            os.close(read_end)
        assert code == 0, capsys.readouterr().err
        assert f"Created the profile '{target}'" in capsys.readouterr().out


def _write_and_close(fd: int, data: bytes) -> None:
    import os

    with os.fdopen(fd, "wb") as stream:
        stream.write(data)


def _hostile_strings(count: int) -> list[str]:
    rng = random.Random(5)
    planes = [(0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF)]
    fixed = [
        "<script>alert(1)</script>",
        "{{ 7*7 }} {% raw %}",
        "'; DROP TABLE answers; --",
        "a\r\nb\nc\rd\u2028e\u2029",
        "trailing   ",
        "\x00" + "".join(map(chr, range(0x20))) + "".join(map(chr, range(0x7F, 0xA0))),
        "\u200b\u200d\u2060\ufeff\u202e\u2066\u2069",
        "👩\u200d❤️\u200d💋\u200d👨 👍🏽",
        "e\u0301\u0302\u0303" * 30,
        "x" * 1_000_000,
        "",
    ]
    texts = list(fixed)
    while len(texts) < count:
        lo, hi = rng.choice(planes)
        texts.append("".join(chr(rng.randint(lo, hi)) for _ in range(rng.randint(1, 30))))
    return texts


def test_cli_round_trip_of_5000_hostile_strings(
    pw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """import → export through the CLI gives back 5,000 hostile texts exactly (CRLF, NUL, 1 MB)."""
    texts = _hostile_strings(5000)
    answers = [
        {"exercise_id": f"x-{i // 100}", "step_id": f"s{i % 100}", "value": text}
        for i, text in enumerate(texts)
    ]
    source = tmp_path / "in.json"
    document = {
        "format": "trustrepair-export",
        "version": 1,
        "profile": {"name": "Jo", "track": "hurt", "relationship": "romantic"},
        "answers": answers,
    }
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(source), "--profile", "Jo", "--passphrase-file", str(pw)]) == 0
    out = tmp_path / "out.json"
    assert main(["export", "--profile", "Jo", "--passphrase-file", str(pw), "--out", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))["entries"]
    got = {(e["exercise_id"], k): v for e in exported for k, v in e["answers"].items()}
    assert got == {(a["exercise_id"], a["step_id"]): a["value"] for a in answers}
    capsys.readouterr()


def test_lone_surrogate_import_is_refused_and_writes_nothing(
    pw: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export holding a lone surrogate is refused with the field named; no profile appears."""
    source = tmp_path / "lone.json"
    document = {
        "format": "trustrepair-export",
        "version": 1,
        "profile": {"name": "Jo", "track": "hurt", "relationship": "romantic"},
        "answers": [{"exercise_id": "a", "step_id": "b", "value": "bad \ud800 here"}],
    }
    source.write_text(json.dumps(document), encoding="utf-8")  # ASCII: "\ud800" as an escape
    load_default_library()  # the exercise cache is the program's, shared by every profile
    before = _snapshot(data_dir)
    assert main(["import", str(source), "--profile", "Jo", "--passphrase-file", str(pw)]) == 1
    message = capsys.readouterr().err
    assert "answers[0].value" in message and "surrogate" in message
    assert _snapshot(data_dir) == before


def test_refused_name_gives_only_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    """A refused profile name prints its reason, not the no-passphrase warning as well."""
    assert main(["profile", "create", "\u202eevil", "--no-passphrase"]) == 1
    printed = capsys.readouterr().err
    assert "control characters" in printed and "Warning" not in printed
