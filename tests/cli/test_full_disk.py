"""A disk that is full, through every command-line verb: each verb that writes ends in one
plain sentence with exit 1, no traceback, the vaults and files exactly as before and nothing
half-written left; verbs that only read still work. Freed, everything opens as it was.

The disk is a real small tmpfs, filled to its last byte (see :mod:`tests.faults`; where no
tmpfs can be mounted, every file a child writes is capped at its size instead).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.faults import Disk, run_cli, small_disk
from tests.helpers import fingerprint_of
from trustrepair import paths
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.services import assignments, counsel, transfer
from trustrepair.services.vaults import Vaults
from trustrepair.storage.db import integrity_problems

PASS = "a private passphrase"
EXERCISE = "naming-what-happened"
STEP = "what-happened"


def _snapshot(root: Path) -> dict[str, str]:
    """Every file below ``root`` by content, but the filler, lock files, SQLite's shared-memory
    index beside a database it opened (no data: it is rebuilt at every open) and an empty
    write-ahead log (one that holds anything is compared, as that would be a change)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and p.name != ".filler"
        and not p.name.endswith((".lock", "-shm"))
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


def _answers(vaults: Vaults, name: str, passphrase: str | None) -> dict[str, object]:
    with Vaults(vaults.root).open(name, passphrase) as vault:
        assert vault.db is not None and integrity_problems(vault.db) == []
        return {f"{a.exercise_id}/{a.step_id}": a.value for a in vault.store.all_answers()}


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Disk:
    """A small disk holding the data folder, with Sam (a passphrase, a shared answer, a
    backup) and Sam's counsellor Lee (each has accepted the other's first file)."""
    with small_disk(tmp_path / "disk") as made:
        data = made.root / "data"
        monkeypatch.setenv(paths.ENV_DATA_DIR, str(data))
        paths.set_data_dir(None)
        yield made


@pytest.fixture
def setup(disk: Disk, tmp_path: Path, library) -> dict[str, Path]:
    from trustrepair.domain.enums import Relationship, Track
    from trustrepair.domain.profile import ProfileInfo, Role

    vaults = Vaults(paths.profiles_dir())
    out = tmp_path / "files"
    out.mkdir()
    (out / "pw").write_text(PASS, encoding="utf-8")
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), PASS)
    lee = vaults.create(
        ProfileInfo("Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR), None
    )
    sam.store.save_answer(EXERCISE, STEP, "as it was", shared=True)
    first = out / "a1.json"
    assignments.write_assignment(lee.store, library, "Sam", [AssignedExercise(EXERCISE)], first)
    assignments.import_assignment(sam.store, library, first, accept_sender=fingerprint_of(lee))
    plan = counsel.plan_share(sam.store, library, [EXERCISE])
    counsel.write_share(sam.store, plan, out / "s1.json")
    counsel.import_shared(lee.store, out / "s1.json", accept_sender=fingerprint_of(sam))
    sam.store.save_answer(EXERCISE, STEP, "a newer answer", shared=True)
    plan = counsel.plan_share(sam.store, library, [EXERCISE])
    counsel.write_share(sam.store, plan, out / "s2.json")
    assignments.write_assignment(
        lee.store, library, "Sam", [AssignedExercise("owning-what-i-did")], out / "a2.json"
    )
    transfer.export_profile(sam.store, out / "export.json")
    sam.store.save_answer(EXERCISE, STEP, "as it was", shared=True)
    sam.backup_now("manual")
    sam.close()
    lee.close()
    return {"files": out, "data": paths.data_dir()}


WRITING = [
    "profile create Jo --no-passphrase",
    "answer --profile Sam --passphrase-file {pw} --exercise {ex} --step {step}",
    "backup --profile Sam --passphrase-file {pw}",
    "restore --profile Sam --passphrase-file {pw} {backup}",
    "import {files}/export.json --profile Sam --passphrase-file {pw}",
    "assignment import {files}/a2.json --profile Sam --passphrase-file {pw}",
    "shared import {files}/s2.json --profile Lee",
    "passphrase change --profile Sam --passphrase-file {pw} --new-passphrase-file {files}/new",
    "client archive Sam --profile Lee",
    "sender forget Lee --profile Sam --passphrase-file {pw}",
    "assign --profile Lee --client Sam --exercise {ex} --out {disk}/a.json",
    "export --profile Sam --passphrase-file {pw} --out {disk}/e.json",
    "share --profile Sam --passphrase-file {pw} --exercise {ex} --out {disk}/s.json",
    "summary --profile Sam --passphrase-file {pw} --kind me --out {disk}/s.html",
    "summary --profile Sam --passphrase-file {pw} --kind me --out {disk}/s.pdf",
    "calendar --profile Sam --passphrase-file {pw} --out {disk}/c.ics",
]
"""Every verb that writes (into the data folder, or its output onto the full disk)."""

READING = [
    "profiles",
    "backups --profile Sam",
    "exercises",
    "validate",
    "schema",
]
"""Verbs that never open a vault, so never need to write: they work on a full disk."""


@pytest.mark.slow
def test_a_full_disk_through_every_verb(disk: Disk, setup: dict[str, Path]) -> None:
    """Each writing verb: exit 1, one 'Could not …' sentence naming the full disk, no
    traceback, not a byte changed and nothing left behind; reading verbs: exit 0."""
    files, data = setup["files"], setup["data"]
    (files / "new").write_text("another private passphrase", encoding="utf-8")
    vaults = Vaults(paths.profiles_dir())
    [backup, *_] = vaults.backups("Sam")
    before = {name: _answers(vaults, name, pw) for name, pw in (("Sam", PASS), ("Lee", None))}
    disk.fill()
    snapshot = _snapshot(disk.root)
    fields = {
        "pw": files / "pw",
        "ex": EXERCISE,
        "step": STEP,
        "backup": backup.name,
        "files": files,
        "disk": disk.root,
    }
    for verb in READING:
        done = run_cli(data, *verb.format(**fields).split(), disk=disk)
        assert done.returncode == 0, (verb, done.stderr)
        assert "Traceback" not in done.stderr
    for verb in WRITING:
        done = run_cli(data, *verb.format(**fields).split(), disk=disk, stdin="new words")
        assert done.returncode == 1, (verb, done.stdout, done.stderr)
        last = done.stderr.splitlines()[-1]
        assert "Traceback" not in done.stderr, (verb, done.stderr)
        assert last.startswith("trustrepair: "), (verb, done.stderr)
        assert any(words in last for words in disk.words), (verb, last)
        assert "damaged" not in last and "bug" not in last, (verb, last)
        assert _snapshot(disk.root) == snapshot, verb
    disk.free()
    after = {name: _answers(vaults, name, pw) for name, pw in (("Sam", PASS), ("Lee", None))}
    assert after == before
    leftovers = [
        p
        for p in disk.root.rglob("*")
        if p.name.startswith((".partial-", ".restore-", ".new-")) or p.name.endswith(".part")
    ]
    assert leftovers == []
    assert [ref.name for ref in vaults.list()] == ["Lee", "Sam"]


# ---------------------------------------------------------------------- read-only folder
READ_ONLY_WORKS = [
    "history --profile Sam --passphrase-file {pw}",
    "assignments --profile Sam --passphrase-file {pw}",
    "senders --profile Sam --passphrase-file {pw}",
    "fingerprint --profile Sam --passphrase-file {pw}",
    "clients --profile Lee",
    "client show Sam --profile Lee",
    "share --profile Sam --passphrase-file {pw} --exercise {ex} --out {files}/s.json",
    "calendar --profile Sam --passphrase-file {pw} --out {files}/c.ics",
]
"""Verbs that only read the data folder work where nothing can be written (with those that
never open a vault, export and summary, in tests/services/test_vaults_faults.py)."""


@pytest.mark.slow
def test_a_read_only_data_folder_through_every_verb(
    disk: Disk, setup: dict[str, Path], tmp_path: Path
) -> None:
    """As a user who cannot write the data folder: reading verbs work (their files go
    elsewhere), every writing verb is one plain sentence, exit 1, and nothing changes."""
    from tests.faults import read_only_child

    files, data = setup["files"], setup["data"]
    (files / "new").write_text("another private passphrase", encoding="utf-8")
    vaults = Vaults(paths.profiles_dir())
    [backup, *_] = vaults.backups("Sam")
    fields = {
        "pw": files / "pw",
        "ex": EXERCISE,
        "step": STEP,
        "backup": backup.name,
        "files": files,
        "disk": files,
    }
    snapshot = _snapshot(disk.root)
    modes = {p: p.stat().st_mode & 0o777 for p in [disk.root, *disk.root.rglob("*")]}
    for path in modes:
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        for verb in READ_ONLY_WORKS:
            done = run_cli(data, *verb.format(**fields).split(), preexec=read_only_child)
            assert done.returncode == 0, (verb, done.stderr)
            assert "Traceback" not in done.stderr
        for verb in WRITING:
            argv = verb.format(**fields).split()
            if argv[0] in ("export", "share", "summary", "calendar"):
                continue  # they write only their own file, elsewhere
            done = run_cli(data, *argv, preexec=read_only_child, stdin="new words")
            assert done.returncode == 1, (verb, done.stdout, done.stderr)
            last = done.stderr.splitlines()[-1]
            assert "Traceback" not in done.stderr and "bug" not in last, (verb, last)
            assert "read-only" in last or "permission was denied" in last, (verb, last)
        assert not (files / "a.json").exists()  # an assignment not remembered is not written
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert _snapshot(disk.root) == snapshot
