"""A corpus of hostile files, each tried as an attacker would: through the services and
through the command line.

Every one must be refused (or, for settings and a setting stored in a vault, fall back to the
default) quickly, in plain words, without a traceback, and without changing a vault. Each
call runs under a deadline, so a file that would hang fails the test instead.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import SAMPLE_YAML, deadline, fingerprint_of, write_signed
from trustrepair import paths
from trustrepair.cli import main
from trustrepair.content.library import Library
from trustrepair.content.loader import load_bytes
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.errors import UserFacingError
from trustrepair.services import assignments, counsel, desk, transfer
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.vaults import OpenVault, Vaults

FAST = 10.0
"""Seconds any refusal may take before it counts as a hang (the slowest, a 20 MB file of empty
lists, takes well under a second on a quiet machine; the margin is for a busy one)."""

FAR_FUTURE = "9999-12-31T00:00:00.000Z"


# ---------------------------------------------------------------------- the corpus
def _export(**changes: object) -> dict[str, object]:
    document: dict[str, object] = {
        "format": "trustrepair-export",
        "version": 1,
        "profile": {"name": "Sam"},
        "answers": [{"exercise_id": "ex", "step_id": "s", "value": "would be added"}],
    }
    document.update(changes)
    return document


def _sealed(kdf: dict[str, object], **changes: object) -> dict[str, object]:
    document: dict[str, object] = {
        "format": "trustrepair-encrypted-export",
        "version": 1,
        "kdf": kdf,
        "salt": base64.b64encode(b"s" * 16).decode(),
        "aead": "aes-256-gcm",
        "nonce": base64.b64encode(b"n" * 12).decode(),
        "ciphertext": base64.b64encode(b"c" * 64).decode(),
    }
    document.update(changes)
    return document


def _write(path: Path, content: str | bytes | dict[str, object]) -> Path:
    if isinstance(content, dict):
        content = json.dumps(content)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


MAX_KDF = {"name": "argon2id", "m": 4 * 1024 * 1024, "t": 2**32, "p": 1}
"""Parameters that once cost 68 s and 1.1 GB per try (and far more): refused untried."""

EXPORTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "larger than the limit (sparse, 300 MB)": (
        lambda d: _sparse(d / "big.json", 300 * 1024 * 1024),
        "too large",
    ),
    "a device": (lambda d: Path("/dev/zero"), "not a plain file"),
    "a folder": (lambda d: d, "folder"),
    "a FIFO": (lambda d: (os.mkfifo(d / "fifo.json"), d / "fifo.json")[1], "not a plain file"),
    "100,000 levels deep": (
        lambda d: _write(d / "deep.json", "[" * 100_000 + "]" * 100_000),
        "nested too deeply",
    ),
    "six million empty lists": (
        lambda d: _write(d / "lists.json", "[" + "[]," * 6_000_000 + "[]]"),
        "more values",
    ),
    "a key twice": (
        lambda d: _write(
            d / "twice.json",
            json.dumps(_export())[:-1] + ', "answers": []}',
        ),
        "appears twice",
    ),
    "a 4,000-digit setting": (
        lambda d: _write(
            d / "digits.json",
            json.dumps(_export(settings={"auto_lock_minutes": 1})).replace(
                ": 1}", ": " + "9" * 4000 + "}"
            ),
        ),
        "more than 15 digits",
    ),
    "a setting out of range": (
        lambda d: _write(d / "range.json", _export(settings={"auto_lock_minutes": 10**9})),
        "settings.auto_lock_minutes",
    ),
    "an unknown setting": (
        lambda d: _write(d / "unknown.json", _export(settings={"theme": "<b>dark</b>"})),
        "settings.theme: unknown setting",
    ),
    "NaN": (lambda d: _write(d / "nan.json", '{"format": NaN}'), "NaN is not allowed"),
    "an answer dated 9999": (
        lambda d: _write(
            d / "future.json",
            _export(
                answers=[
                    {"exercise_id": "ex", "step_id": "s", "value": "x", "updated_at": FAR_FUTURE}
                ]
            ),
        ),
        "answers[0].updated_at: is in the future",
    ),
    "markup as its version": (
        lambda d: _write(d / "version.json", _export(version='<img src="/dev/zero">' * 100)),
        "format version ?;",
    ),
    "not UTF-8": (lambda d: _write(d / "latin1.json", b'{"format": "\xe9"}'), "UTF-8"),
    "empty": (lambda d: _write(d / "empty.json", b""), "is empty"),
    "sealed, asking for the most costly key derivation": (
        lambda d: _write(d / "kdf.json", _sealed(MAX_KDF)),
        "out of range",
    ),
    "sealed, with an unknown key": (
        lambda d: _write(
            d / "sealed-extra.json",
            _sealed({"name": "argon2id", "m": 19456, "t": 2, "p": 1}, note="hi"),
        ),
        "damaged",
    ),
    "sealed, with broken base64": (
        lambda d: _write(
            d / "sealed-b64.json",
            _sealed({"name": "argon2id", "m": 19456, "t": 2, "p": 1}, ciphertext="%%%"),
        ),
        "damaged",
    ),
}


def _rows(opened: OpenVault) -> dict[str, list[dict[str, object]]]:
    db = opened.store.db
    return {
        table: sorted((dict(row) for row in db[table].rows), key=repr) for table in db.table_names()
    }


@pytest.fixture
def sam(vaults: Vaults) -> Iterator[dict[str, list[dict[str, object]]]]:
    """A profile with an answer; yields its rows as they were before any import."""
    with vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None) as opened:
        opened.store.save_answer("ex", "s", "mine")
        before = _rows(opened)
    yield before
    with vaults.open("Sam") as opened:
        assert _rows(opened) == before, "a refused file changed the vault"


def _build(tmp_path: Path, case: str) -> tuple[Path, str]:
    make, expected = EXPORTS[case]
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    return make(folder), expected


# ---------------------------------------------------------------------- exports
@pytest.mark.parametrize("case", list(EXPORTS))
def test_hostile_exports_are_refused_by_the_service(
    case: str, tmp_path: Path, vaults: Vaults, sam: object
) -> None:
    """Import in the window's way (a plain file only): a plain refusal, at once."""
    path, expected = _build(tmp_path, case)
    started = time.perf_counter()
    with deadline(FAST), pytest.raises(UserFacingError) as caught:
        transfer.import_file(vaults, path, "Sam", file_passphrase="any passphrase")
    assert expected in str(caught.value)
    assert time.perf_counter() - started < FAST


CLI_CASES = [
    "larger than the limit (sparse, 300 MB)",
    "a device",
    "a FIFO",
    "100,000 levels deep",
    "six million empty lists",
    "a 4,000-digit setting",
    "a setting out of range",
    "an answer dated 9999",
    "markup as its version",
    "sealed, asking for the most costly key derivation",
]
"""One of each kind of bound (each refusal past reading costs the command a library load)."""


@pytest.mark.parametrize("case", CLI_CASES)
def test_hostile_exports_are_refused_by_the_command_line(
    case: str,
    tmp_path: Path,
    sam: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``trustrepair import FILE``: exit 1, the reason, no traceback (a FIFO nobody writes to
    reads as empty there, since the command line accepts pipes)."""
    monkeypatch.setenv("TRUSTREPAIR_EXPORT_PASSPHRASE", "any passphrase")
    path, expected = _build(tmp_path, case)
    if case == "a FIFO":
        expected = "is empty"
    with deadline(FAST):
        code = main(["import", str(path), "--profile", "Sam"])
    err = capsys.readouterr().err
    assert code == 1
    assert expected in err and "Traceback" not in err
    assert "<img" not in err


@pytest.mark.slow
def test_a_fifo_with_a_silent_writer_does_not_hang_the_command(tmp_path: Path, sam: object) -> None:
    """A real ``trustrepair import FIFO`` process, with a writer that opens the FIFO and says
    nothing: it gives up after the idle time with one plain line (it once hung forever)."""
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "trustrepair", "import", str(fifo), "--profile", "Sam"]
    env = {**os.environ, paths.ENV_DATA_DIR: str(paths.data_dir())}
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    writer = os.open(fifo, os.O_WRONLY)  # blocks until the child has opened it
    try:
        _, err = child.communicate(timeout=20)
    finally:
        os.close(writer)
        if child.poll() is None:
            child.kill()
    assert child.returncode == 1
    assert b"nothing arrived" in err and b"Traceback" not in err
    assert time.perf_counter() - started < 10


def test_the_costliest_key_derivation_is_never_tried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Out-of-range Argon2id parameters are refused before any derivation runs."""
    from trustrepair.storage import keys

    def derive(*_args: object) -> bytes:
        raise AssertionError("a key was derived")

    monkeypatch.setattr(keys, "derive", derive)
    path = _write(tmp_path / "kdf.json", _sealed(MAX_KDF))
    for kdf in (MAX_KDF, {**MAX_KDF, "m": 512 * 1024, "t": 1}, {**MAX_KDF, "m": 262144, "t": 8}):
        _write(path, _sealed(kdf))
        with pytest.raises(UserFacingError, match="out of range"):
            transfer.read_export(path, passphrase="pw")


# ---------------------------------------------------------------------- counsel files
@pytest.fixture
def lee(vaults: Vaults) -> Iterator[OpenVault]:
    """An open counsellor profile."""
    with vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    ) as opened:
        yield opened


def _share(tmp_path: Path, vault: OpenVault, library: Library, name: str) -> dict[str, object]:
    vault.store.save_answer("naming-what-happened", "what-happened", "genuine", shared=True)
    plan = counsel.plan_share(vault.store, library, ["naming-what-happened"])
    counsel.write_share(vault.store, plan, tmp_path / name)
    return dict(json.loads((tmp_path / name).read_text(encoding="utf-8")))


def test_a_share_dated_9999_is_refused_and_later_answers_still_arrive(
    tmp_path: Path, vault: OpenVault, lee: OpenVault, library: Library
) -> None:
    """A share dated 9999-12-31 is refused, so it cannot outrank the client's real later
    answers (it once blocked every one of them): edited, its signature fails; signed as it
    is (a sender's clock gone wrong), its date does."""
    document = _share(tmp_path, vault, library, "real.json")
    accept = fingerprint_of(vault)
    for edit in ("created_at", "updated_at"):
        forged = json.loads(json.dumps(document))
        if edit == "created_at":
            forged["created_at"] = FAR_FUTURE
        else:
            forged["exercises"][0]["answers"][0].update(value="invented", text="invented")
            forged["exercises"][0]["answers"][0]["updated_at"] = FAR_FUTURE
        _write(tmp_path / "forged.json", forged)
        with deadline(FAST), pytest.raises(UserFacingError, match="changed after it was signed"):
            counsel.import_shared(lee.store, tmp_path / "forged.json", accept_sender=accept)
        write_signed(tmp_path / "forged.json", vault, forged)
        with deadline(FAST), pytest.raises(UserFacingError, match="in the future"):
            counsel.import_shared(lee.store, tmp_path / "forged.json", accept_sender=accept)
    result = counsel.import_shared(lee.store, tmp_path / "real.json", accept_sender=accept)
    assert result.answers_stored == 1
    [exercise] = desk.client_exercises(lee.store, "Sam")
    assert exercise.answers[0].text == "genuine"


def test_an_older_timestamp_with_an_offset_does_not_outrank_a_newer_one(
    tmp_path: Path, vault: OpenVault, lee: OpenVault, library: Library
) -> None:
    """Timestamps are compared as instants: 12:00-08:00 (20:00 UTC) is newer than 19:00 UTC,
    although it sorts first as text."""
    document = _share(tmp_path, vault, library, "share.json")
    exercises: list[dict[str, list[dict[str, object]]]] = document["exercises"]  # type: ignore[assignment]
    answer = exercises[0]["answers"][0]
    answer.update(value="at 19:00 UTC", text="at 19:00 UTC", updated_at="2026-01-31T19:00:00Z")
    write_signed(tmp_path / "first.json", vault, document)
    answer.update(value="at 20:00 UTC", text="at 20:00 UTC", updated_at="2026-01-31T12:00:00-08:00")
    write_signed(tmp_path / "second.json", vault, document)
    counsel.import_shared(lee.store, tmp_path / "first.json", accept_sender=fingerprint_of(vault))
    counsel.import_shared(lee.store, tmp_path / "second.json")
    [exercise] = desk.client_exercises(lee.store, "Sam")
    assert exercise.answers[0].text == "at 20:00 UTC"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[" * 50_000, "nested too deeply"),
        ('{"format": "trustrepair-shared", "format": "trustrepair-shared"}', "appears twice"),
        (b"\x00" * 100, "not valid JSON"),
        (b"\xff\xfe{}", "UTF-8"),
    ],
    ids=["deep", "twice", "zeros", "utf-16"],
)
def test_hostile_share_files_are_refused(
    tmp_path: Path, lee: OpenVault, content: str | bytes, expected: str
) -> None:
    """Deep, duplicated or binary share files: refused in plain words."""
    with deadline(FAST), pytest.raises(UserFacingError, match=expected):
        counsel.import_shared(lee.store, _write(tmp_path / "share.json", content))


def test_counsel_files_refuse_fifos_and_devices(
    tmp_path: Path, vault: OpenVault, lee: OpenVault, library: Library
) -> None:
    """An assignment or share that is a FIFO or a device is refused at once, never read."""
    fifo = tmp_path / "file.json"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with deadline(FAST):
            with pytest.raises(UserFacingError, match="not a plain file"):
                assignments.import_assignment(vault.store, library, path)
            with pytest.raises(UserFacingError, match="not a plain file"):
                counsel.import_shared(lee.store, path)


def test_an_assignment_dated_in_the_future_is_refused_on_the_command_line(
    tmp_path: Path,
    lee: OpenVault,
    vault: OpenVault,
    library: Library,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``trustrepair assignment import``: a future date is one plain refusal, exit 1."""
    path = tmp_path / "a.json"
    assignments.write_assignment(
        lee.store, library, "Sam", [AssignedExercise("naming-what-happened")], path
    )
    document = json.loads(path.read_text(encoding="utf-8"))
    document["created_at"] = FAR_FUTURE
    write_signed(path, lee, document)  # signed as it is: the counsellor's clock is wrong
    accept = fingerprint_of(lee)
    vault.close()
    with deadline(FAST):
        code = main(
            ["assignment", "import", str(path), "--profile", "Sam", "--accept-sender", accept]
        )
    err = capsys.readouterr().err
    assert code == 1 and "created_at: is in the future" in err and "Traceback" not in err


# ---------------------------------------------------------------------- exercise files
def test_a_200000_digit_hex_number_is_a_positioned_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``trustrepair validate`` on a ``0x…`` of 200,000 digits: ``FILE:LINE:COL: …`` (it once
    gave a traceback), at once."""
    path = tmp_path / "hex.yaml"
    path.write_text(SAMPLE_YAML.replace("minutes: 10", "minutes: 0x" + "f" * 200_000))
    with deadline(FAST):
        code = main(["validate", str(path)])
    out = capsys.readouterr()
    assert code == 1
    assert "hex.yaml:7:10: this number is too long" in out.out + out.err
    assert "Traceback" not in out.out + out.err


def test_scale_ends_beyond_32_bits_are_refused_by_the_model() -> None:
    """A scale from 2**40 to 2**40 + 10 fits the 100-point span but not a slider: refused."""
    text = SAMPLE_YAML.replace(
        "    min_label: light", f"    min: {2**40}\n    max: {2**40 + 10}\n    min_label: light"
    )
    result = load_bytes(text.encode("utf-8"), "scale.yaml")
    assert result.exercise is None
    assert any("less than or equal to 1000000" in p.message for p in result.problems)


# ---------------------------------------------------------------------- settings files
@pytest.mark.parametrize(
    "make",
    [
        lambda p: os.mkfifo(p),
        lambda p: _sparse(p, 10 * 1024**3),
        lambda p: p.symlink_to("/dev/zero"),
        lambda p: _write(p, {"last_profile": "x" * 5000, "window_geometry": "\u00e9" * 10}),
        lambda p: _write(p, '{"last_profile": ' + "9" * 5000 + "}"),
        lambda p: _write(p, "[" * 10_000),
    ],
    ids=["fifo", "huge", "device", "out of range", "long number", "deep"],
)
def test_a_hostile_settings_file_gives_defaults_at_once(
    tmp_path: Path, make: Callable[[Path], object]
) -> None:
    """The program's own settings file, whatever it is, never hangs or crashes the start:
    the defaults are used and a notice says so."""
    path = tmp_path / "settings.json"
    make(path)
    with deadline(FAST):
        settings = AppSettings(path)
    assert settings.get("last_profile") is None
    assert settings.get("window_geometry") is None
    assert settings.notices


def test_a_vault_key_file_asking_for_the_costliest_derivation_is_refused_untried(
    vaults: Vaults, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tampered ``vault.json`` cannot make every unlock attempt cost a minute and a
    gigabyte: its wrap's parameters are refused before any derivation."""
    from trustrepair.storage import keys

    vaults.create(ProfileInfo("Jo", Track.HURT, Relationship.ROMANTIC), "a long passphrase").close()
    [meta_file] = list(vaults.root.glob("*/vault.json"))
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    for wrap in meta["keys"].values():
        wrap["kdf"] = MAX_KDF
    meta_file.write_text(json.dumps(meta), encoding="utf-8")

    def derive(*_args: object) -> bytes:
        raise AssertionError("a key was derived")

    monkeypatch.setattr(keys, "derive", derive)
    with deadline(FAST), pytest.raises(UserFacingError, match="could not be read"):
        vaults.open("Jo", "a long passphrase")
