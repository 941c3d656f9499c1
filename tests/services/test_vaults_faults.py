"""Failing disks and killed runs: a full disk, a read-only data folder, kills in the middle of
a backup, a restore or a creation, and three creations at once. Each ends in one plain
sentence or a clean result, nothing half-written, nothing left behind, everything private.

The faults are real, and work for root too (as CI runs): a full disk is a file-size limit
(``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored, so writes fail as on a full disk); a read-only
folder is one with its write bits removed, and a root child also gives up the capabilities
that let root ignore them.
"""

from __future__ import annotations

import ctypes
import os
import random
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import StorageError, WrongPassphrase
from trustrepair.services.vaults import Vaults
from trustrepair.storage import keys
from trustrepair.storage.db import integrity_problems

ROOT = Path(__file__).resolve().parents[2]
PASS = "a private passphrase"
NEW = "another private passphrase"
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _PR_CAPBSET_DROP = 1, 2, 24


def _info(name: str = "Sam") -> ProfileInfo:
    return ProfileInfo(name, Track.HURT, Relationship.ROMANTIC, "private words")


def _make(vaults: Vaults, answers: int = 300, passphrase: str | None = PASS) -> Path:
    vault = vaults.create(_info(), passphrase)
    vault.store.save_answers(
        [("ex", f"s{i}", f"answer {i} " + "words " * 40) for i in range(answers)]
    )
    vault.close()
    return vaults.find("Sam").folder


def _answers(vaults: Vaults, passphrase: str | None = PASS) -> dict[str, object]:
    with Vaults(vaults.root).open("Sam", passphrase) as vault:
        assert vault.db is not None and integrity_problems(vault.db) == []
        return {a.step_id: a.value for a in vault.store.all_answers()}


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


def _drop_root_powers() -> None:
    """In a root child: give up reading and writing past file permissions (as a user cannot)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "could not drop a capability")


def _cli(
    data_dir: Path,
    *argv: str,
    file_limit: int | None = None,
    read_only: bool = False,
    new_passphrase: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``trustrepair --data-dir DATA VERB …`` in a child, with a full disk or as a user who
    cannot write (``read_only``)."""

    def limits() -> None:
        if file_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))
        if read_only:
            _drop_root_powers()

    env = {**os.environ, "TRUSTREPAIR_PASSPHRASE": PASS, "PYTHONDONTWRITEBYTECODE": "1"}
    if new_passphrase is not None:
        env["TRUSTREPAIR_NEW_PASSPHRASE"] = new_passphrase
    done = subprocess.run(
        [sys.executable, "-m", "trustrepair", "--data-dir", str(data_dir), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        preexec_fn=limits,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


# ---------------------------------------------------------------------- read-only folder
def test_read_only_verbs_work_on_a_read_only_data_folder(
    vaults: Vaults, data_dir: Path, tmp_path: Path
) -> None:
    """Listing profiles and backups, export and summary work where nothing can be written."""
    _make(vaults)  # never opened since: the daily backup is due, and must simply be skipped
    outside = tmp_path / "out"
    outside.mkdir()
    before = _snapshot(data_dir)
    modes = {p: stat.S_IMODE(p.lstat().st_mode) for p in [data_dir, *data_dir.rglob("*")]}
    for path in modes:
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        assert _cli(data_dir, "profiles", read_only=True).stdout.split() == ["Sam"]
        assert _cli(data_dir, "backups", "--profile", "Sam", read_only=True).returncode == 0
        export = outside / "sam.json"
        done = _cli(data_dir, "export", "--profile", "Sam", "--out", str(export), read_only=True)
        assert done.returncode == 0, done.stderr
        assert b"answer 299" in export.read_bytes()
        summary = outside / "sam.html"
        done = _cli(
            data_dir,
            "summary",
            "--profile",
            "Sam",
            "--kind",
            "me",
            "--out",
            str(summary),
            read_only=True,
        )
        assert done.returncode == 0, done.stderr
        assert summary.stat().st_size > 0
        done = _cli(data_dir, "backup", "--profile", "Sam", read_only=True)
        assert done.returncode == 1
        [line] = done.stderr.splitlines()
        assert line.startswith("trustrepair: Could not make a backup: ")
        assert "permission was denied" in line or "read-only" in line
    finally:
        for path, mode in modes.items():
            path.chmod(mode)
    assert _snapshot(data_dir) == before


@pytest.fixture
def made(vaults: Vaults) -> Path:
    """A closed profile with 300 answers, its passphrase :data:`PASS`."""
    return _make(vaults)


# ---------------------------------------------------------------------- full disk
def test_a_full_disk_while_opening_is_not_called_damage(made: Path, data_dir: Path) -> None:
    """Opening on a disk with no room says so plainly; it is never reported as damage."""
    done = _cli(data_dir, "backups", "--profile", "Sam", file_limit=0)  # no vault opened
    assert done.returncode == 0
    done = _cli(data_dir, "export", "--profile", "Sam", "--out", "-", file_limit=4096)
    assert done.returncode == 1
    line = done.stderr.splitlines()[-1]
    assert line.startswith("trustrepair: Could not open the profile 'Sam': ")
    assert "damaged" not in done.stderr


def test_a_full_disk_during_a_backup_leaves_nothing_half_written(
    vaults: Vaults, made: Path, data_dir: Path
) -> None:
    """A backup that meets a full disk is one sentence; no partial file stays behind."""
    vaults.open("Sam", PASS).close()  # the daily backup, so the next open makes none
    before = sorted(p.name for p in (made / "backups").iterdir())
    size = (made / "vault.db").stat().st_size
    done = _cli(data_dir, "backup", "--profile", "Sam", file_limit=size // 2)
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("trustrepair: Could not make a backup: ")
    assert sorted(p.name for p in (made / "backups").iterdir()) == before
    assert len(_answers(vaults)) == 300


def test_a_full_disk_before_a_passphrase_change_leaves_the_old_passphrase(
    made: Path, data_dir: Path, vaults: Vaults
) -> None:
    """No room even for the new key file: nothing changed, the old passphrase still opens."""
    done = _cli(
        data_dir, "passphrase", "change", "--profile", "Sam", file_limit=64, new_passphrase=NEW
    )
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("trustrepair: Could not change the passphrase of 'Sam': ")
    assert len(_answers(vaults)) == 300


def test_a_full_disk_in_the_middle_of_a_change_says_which_passphrase_opens(
    made: Path, data_dir: Path, vaults: Vaults
) -> None:
    """Room for the key file but not the re-encrypted copies: the new passphrase opens, and
    opening it once there is room finishes the change."""
    vaults.open("Sam", PASS).close()  # a backup to re-encrypt
    size = (made / "vault.db").stat().st_size
    done = _cli(
        data_dir,
        *("passphrase", "change", "--profile", "Sam"),
        file_limit=size // 2,
        new_passphrase=NEW,
    )
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("trustrepair: The new passphrase of 'Sam' is in place, but ")
    assert not list((made / "backups").glob(".partial-*"))
    with pytest.raises(WrongPassphrase):
        vaults.open("Sam", PASS)
    assert len(_answers(vaults, NEW)) == 300
    assert "previous" not in (made / "vault.json").read_text(encoding="utf-8")


# ---------------------------------------------------------------------- killed runs
KILLED = {
    "backup": """
import sys
from pathlib import Path
from trustrepair.services.vaults import Vaults
vault = Vaults(Path(sys.argv[1])).open("Sam", sys.argv[2])
print("READY", flush=True)
while True:
    vault.backup_now()
""",
    "restore": """
import sys
from pathlib import Path
from trustrepair.services.vaults import Vaults
vault = Vaults(Path(sys.argv[1])).open("Sam", sys.argv[2])
print("READY", flush=True)
while True:
    vault.restore(vault.backups()[0])
""",
    "create": """
import sys
from pathlib import Path
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.vaults import Vaults
from trustrepair.storage import keys
Vaults.kdf = keys.OWASP_MINIMUM_KDF
vaults = Vaults(Path(sys.argv[1]))
print("READY", flush=True)
i = 0
while True:
    vaults.create(ProfileInfo(f"New {i}", Track.HURT, Relationship.ROMANTIC), sys.argv[2]).close()
    i += 1
""",
}


@pytest.mark.slow
@pytest.mark.parametrize("what", list(KILLED))
def test_leftovers_of_killed_runs_are_removed_at_the_next_open(
    vaults: Vaults, tmp_path: Path, what: str
) -> None:
    """SIGKILL at random moments of backups, restores and creations: the next open leaves no
    partial backup, restore copy or half-made profile, and every answer is there."""
    folder = _make(vaults, answers=3000)
    expected = _answers(vaults)  # also makes the daily backup that restore uses
    script = tmp_path / f"{what}.py"
    script.write_text(KILLED[what], encoding="utf-8")
    rng = random.Random(what)
    for _round in range(4):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(vaults.root), PASS],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        assert _answers(vaults) == expected  # the next open cleans up
        leftovers = [
            *(folder / "backups").glob(".partial-*"),
            *folder.glob(".restore-*"),
            *folder.glob(".vault.json.*"),
            *vaults.root.glob(".new-*"),
        ]
        assert leftovers == []
    names = [ref.name for ref in vaults.list()]
    assert len(names) == len(set(names))


def test_a_backup_that_vanished_is_refused_not_restored_empty(vaults: Vaults, made: Path) -> None:
    """Restoring a backup whose file is gone says so; it never restores an empty vault."""
    with vaults.open("Sam", PASS) as vault:
        [daily] = vault.backups()
        daily.path.unlink()
        with pytest.raises(StorageError, match="no longer there"):
            vault.restore(daily)
        assert len(vault.store.all_answers()) == 300
    assert not daily.path.exists()


def test_leftovers_are_removed_at_open(vaults: Vaults, made: Path) -> None:
    """Files a killed run left (partial backup, restore copy, temp key files, half-made
    profile) go at the next open: all of them are written under locks the open holds."""
    (made / "backups").mkdir(exist_ok=True)
    partial = made / "backups" / ".partial-0123456789ab.db"
    restore = made / ".restore-0123456789ab.db"
    old_temp = made / ".vault.json.0123456789ab.part"
    fresh_temp = made / ".vault.json.ba9876543210.part"
    staging = vaults.root / ".new-0123456789abcdef"
    staging.mkdir()
    (staging / "vault.json").write_text("{}", encoding="utf-8")
    for path in (partial, restore, old_temp, fresh_temp):
        path.write_bytes(b"left behind")
    vaults.open("Sam", PASS).close()
    assert [p.exists() for p in (partial, restore, old_temp, fresh_temp, staging)] == [False] * 5


def test_a_fresh_temp_file_of_a_writer_still_running_stays(tmp_path: Path) -> None:
    """Beside a file, only temp files older than a write could take are taken for leftovers."""
    from trustrepair.files import remove_stale_temps, write_atomic

    target = tmp_path / "settings.json"
    old_temp = tmp_path / ".settings.json.0123456789ab.part"
    fresh_temp = tmp_path / ".settings.json.ba9876543210.part"
    for path in (old_temp, fresh_temp):
        path.write_bytes(b"half")
    long_ago = time.time() - 3600
    os.utime(old_temp, (long_ago, long_ago))
    remove_stale_temps(target)
    assert not old_temp.exists() and fresh_temp.exists()
    write_atomic(target, "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh_temp.name, "settings.json"]


# ---------------------------------------------------------------------- creation
def test_three_creations_of_one_name_at_once_make_one_profile(data_dir: Path) -> None:
    """Three parallel ``profile create Same``: one profile, two plain refusals."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    argv = [sys.executable, "-m", "trustrepair", "--data-dir", str(data_dir)]
    procs = [
        subprocess.Popen(
            [*argv, "profile", "create", "Same", "--no-passphrase"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for _ in range(3)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1, 1], results
    refusals = [err.splitlines()[-1] for code, _, err in results if code == 1]
    assert refusals == ["trustrepair: A profile called 'Same' already exists."] * 2
    assert [ref.name for ref in Vaults(data_dir / "profiles").list()] == ["Same"]


# ---------------------------------------------------------------------- permissions
def test_everything_a_vault_writes_is_private(vaults: Vaults, data_dir: Path) -> None:
    """The vault, its log files, backups and a restored database are 0600, folders 0700,
    even with a permissive umask."""
    previous = os.umask(0o022)
    try:
        vault = vaults.create(_info(), PASS)
        vault.store.save_answer("ex", "s", "words")
        vault.backup_now()
        vault.restore(vault.backups()[0])
        vault.close()
        (vaults.find("Sam").folder / "vault.db").write_bytes(b"\x13" * 4096)  # damaged
        [newest, *_] = vaults.backups("Sam")
        vaults.restore_backup("Sam", newest.name, PASS).close()
        vaults.change_passphrase("Sam", PASS, NEW)
    finally:
        os.umask(previous)
    seen = 0
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path.name, oct(mode))
        seen += 1
    assert seen > 8
    assert list((vaults.find("Sam").folder / "backups").glob("damaged-*.db"))


def test_the_recovery_key_file_is_private_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving the recovery key makes a 0600 file at once; nothing narrows it afterwards."""
    from trustrepair.services import onboarding

    def no_chmod(*args: object, **kwargs: object) -> None:
        raise AssertionError("the key file was made with wider permissions first")

    monkeypatch.setattr(Path, "chmod", no_chmod)
    monkeypatch.setattr(os, "chmod", no_chmod)
    previous = os.umask(0o022)
    try:
        target = tmp_path / "key.txt"
        onboarding.save_recovery_key(target, "Sam", keys.new_recovery_key())
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Recovery key:" in target.read_text(encoding="utf-8")
    with pytest.raises(StorageError, match="Could not save the recovery key"):
        onboarding.save_recovery_key(tmp_path / "missing" / "key.txt", "Sam", "KEY")
