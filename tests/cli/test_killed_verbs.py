"""Command-line verbs killed (SIGKILL) at random moments: backup, restore, profile create,
passphrase change and import. After each kill the next run finds the profile whole (every
answer there, the database sound), opening with the old passphrase or the new one, never
neither; an import is all there or not at all; and nothing the killed run was writing is
left behind once the profile is opened again.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults import ROOT
from trustrepair import paths
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import WrongPassphrase
from trustrepair.services.vaults import Vaults
from trustrepair.storage.db import integrity_problems

PASS = "a private passphrase"
NEW = "another private passphrase"
ROUNDS = 4


def _start(data: Path, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "trustrepair", "--data-dir", str(data), *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env},
    )


def _run_killed(data: Path, argv: list[str], env: dict[str, str], after: float) -> bool:
    """Run the verb and SIGKILL it ``after`` seconds in; True if it was still running."""
    child = _start(data, argv, env)
    try:
        child.wait(timeout=after)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        return True
    finally:
        assert child.stderr is not None
        err = child.stderr.read().decode()
        child.stderr.close()
        assert "Traceback" not in err, err
    return False


def _duration(data: Path, argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    child = _start(data, argv, env)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    return time.perf_counter() - started


def _leftovers(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.name.startswith((".partial-", ".restore-", ".new-")) or p.name.endswith(".part")
    )


def _open_any(vaults: Vaults, *passphrases: str) -> tuple[str, dict[str, object]]:
    """The passphrase that opens Sam now, and Sam's answers (checked sound)."""
    for passphrase in passphrases:
        try:
            with Vaults(vaults.root).open("Sam", passphrase) as vault:
                assert vault.db is not None and integrity_problems(vault.db) == []
                return passphrase, {a.step_id: a.value for a in vault.store.all_answers()}
        except WrongPassphrase:
            continue
    raise AssertionError("no passphrase opens the profile: locked out")


@pytest.fixture
def sam(vaults: Vaults, tmp_path: Path) -> dict[str, object]:
    """Sam with 2,000 answers and a backup; returns the answers."""
    vault = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), PASS)
    vault.store.save_answers(
        [("ex", f"s{i}", f"answer {i} " + "words " * 60) for i in range(2_000)]
    )
    vault.backup_now("manual")
    answers = {a.step_id: a.value for a in vault.store.all_answers()}
    vault.close()
    return answers


@pytest.mark.slow
@pytest.mark.parametrize("verb", ["backup", "restore", "passphrase change"])
def test_a_verb_killed_at_random_moments_leaves_the_profile_whole(
    verb: str, vaults: Vaults, sam: dict[str, object], tmp_path: Path
) -> None:
    """Each round kills the verb somewhere between its start and its end: the profile then
    opens (old or new passphrase), every answer is there, and opening it leaves nothing of
    the killed run behind."""
    data = paths.data_dir()
    rng = random.Random(verb)
    current = PASS
    argv = {
        "backup": ["backup", "--profile", "Sam"],
        "restore": ["restore", "--profile", "Sam", vaults.backups("Sam")[0].name],
        "passphrase change": ["passphrase", "change", "--profile", "Sam"],
    }[verb]

    def env() -> dict[str, str]:
        other = NEW if current == PASS else PASS
        return {"TRUSTREPAIR_PASSPHRASE": current, "TRUSTREPAIR_NEW_PASSPHRASE": other}

    whole = _duration(data, argv, env())
    current, answers = _open_any(vaults, current, NEW if current == PASS else PASS)
    assert answers == sam
    for _round in range(ROUNDS):
        _run_killed(data, argv, env(), rng.uniform(0.3, 1.0) * whole)
        current, answers = _open_any(vaults, PASS, NEW)
        assert answers == sam
        assert _leftovers(data) == []


@pytest.mark.slow
def test_an_import_killed_at_random_moments_is_all_or_nothing(
    vaults: Vaults, sam: dict[str, object], tmp_path: Path
) -> None:
    """An import of 3,000 new answers, killed mid-way: afterwards none or all of them."""
    source = tmp_path / "more.json"
    document = {
        "format": "trustrepair-export",
        "version": 1,
        "profile": {"name": "Sam", "track": "hurt", "relationship": "romantic"},
        "answers": [
            {"exercise_id": "more", "step_id": f"m{i}", "value": "words " * 40}
            for i in range(3_000)
        ],
    }
    source.write_text(json.dumps(document), encoding="utf-8")
    data = paths.data_dir()
    argv = ["import", str(source), "--profile", "Sam"]
    env = {"TRUSTREPAIR_PASSPHRASE": PASS}
    rng = random.Random("import")
    for _round in range(ROUNDS):
        _run_killed(data, argv, env, rng.uniform(0.5, 2.5))
        _, answers = _open_any(vaults, PASS)
        added = len(answers) - len(sam)
        assert added in (0, 3_000)
        assert _leftovers(data) == []
        if added:
            break


@pytest.mark.slow
def test_profile_create_killed_at_random_moments_never_leaves_half_a_profile(
    vaults: Vaults,
) -> None:
    """``profile create`` killed mid-way: the name is either a whole profile that opens or
    free to take again; no half-made folder stays after the next listing."""
    data = paths.data_dir()
    env = {"TRUSTREPAIR_PASSPHRASE": PASS}
    rng = random.Random("create")
    whole = _duration(data, ["profile", "create", "Timed", "--no-passphrase"], {})
    for i in range(ROUNDS):
        name = f"Jo {i}"
        argv = ["profile", "create", name, "--no-passphrase"]
        _run_killed(data, argv, env, rng.uniform(0.3, 1.0) * whole)
        names = [ref.name for ref in Vaults(vaults.root).list()]
        if name in names:
            Vaults(vaults.root).open(name).close()
        else:
            done = subprocess.run(
                [sys.executable, "-m", "trustrepair", "--data-dir", str(data), *argv],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            assert done.returncode == 0, done.stderr
        assert _leftovers(data) == []
    names = [ref.name for ref in Vaults(vaults.root).list()]
    assert len(names) == len(set(names))
