"""A passphrase change re-encrypts everything under a new key; cut at any step, the old
passphrase or the new one opens the vault, with every answer, and the next open finishes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import WrongPassphrase
from trustrepair.services.vaults import Vaults
from trustrepair.storage import backup, keys, rekey
from trustrepair.storage.db import opens_with
from trustrepair.storage.meta import read_meta

OLD = "the old words"
NEW = "the new words"


class Cut(BaseException):
    """Stands in for the process being killed at that point."""


def _make(vaults: Vaults) -> Path:
    vault = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.FRIENDSHIP), OLD)
    for i in range(30):
        vault.store.save_answer("ex", f"s-{i}", f"answer {i}")
    for _ in range(3):
        vault.backup_now()
    vault.close()
    return vaults.find("Kim").folder


def _cut(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, *, after: int) -> None:
    """Make ``owner.name`` raise :class:`Cut` on its call number ``after`` + 1, or after it."""
    original: Callable[..., Any] = getattr(owner, name)
    calls = [0]

    def cut(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] > after:
            raise Cut
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, cut)


CUTS = {
    "before the new key file": (rekey, "write_meta", 0, OLD),
    "before the backups": (rekey.backup, "rekey_backups", 0, NEW),
    "after one backup": (backup, "_copy_database", 1, NEW),
    "before the database": (rekey, "rekey", 0, NEW),
    "before the last key file": (rekey, "write_meta", 1, NEW),
}


@pytest.mark.parametrize("where", list(CUTS))
def test_a_change_cut_short_leaves_one_passphrase_that_opens_everything(
    vaults: Vaults, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Cut at each step, exactly one of old and new opens; the next open finishes the change."""
    folder = _make(vaults)
    owner, name, after, opens = CUTS[where]
    with monkeypatch.context() as patch:
        _cut(patch, owner, name, after=after)
        with pytest.raises(Cut):
            vaults.change_passphrase("Kim", OLD, NEW)
    closed = OLD if opens == NEW else NEW
    later = Vaults(vaults.root)  # as the next start of the program
    with pytest.raises(WrongPassphrase):
        later.open("Kim", closed)
    later.throttle.succeeded(folder.name)
    with later.open("Kim", opens) as vault:
        assert len(vault.store.all_answers()) == 30
        key = bytes(vault._key or b"")
    assert read_meta(folder).previous_key is None
    for path in [folder / "vault.db", *sorted((folder / "backups").glob("*.db"))]:
        assert opens_with(path, key), path.name
    assert not list((folder / "backups").glob(".partial-*"))


def test_finish_twice_does_nothing_more(vaults: Vaults, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finishing an already finished change changes no file."""
    folder = _make(vaults)
    vaults.change_passphrase("Kim", OLD, NEW)
    meta = read_meta(folder)
    before = {p.name: p.read_bytes() for p in (folder / "backups").glob("*.db")}
    assert rekey.finish(folder, meta, keys.new_data_key()) == meta  # nothing pending
    assert {p.name: p.read_bytes() for p in (folder / "backups").glob("*.db")} == before


def test_a_damaged_database_keeps_the_old_key_until_it_is_restored(
    vaults: Vaults, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change cut before the database, then the database damaged: the key is not dropped."""
    folder = _make(vaults)
    with monkeypatch.context() as patch:
        _cut(patch, rekey, "rekey", after=0)
        with pytest.raises(Cut):
            vaults.change_passphrase("Kim", OLD, NEW)
    (folder / "vault.db").write_bytes(b"\x13" * 8192)
    later = Vaults(vaults.root)
    with pytest.raises(Exception, match="could not be read"):
        later.open("Kim", NEW)
    assert read_meta(folder).previous_key is not None
    newest = later.backups("Kim")[0]
    with later.restore_backup("Kim", newest.name, NEW) as vault:
        assert len(vault.store.all_answers()) == 30
    assert read_meta(folder).previous_key is None


CHANGER = """
import sys
from pathlib import Path
from trustrepair.services.vaults import Vaults
from trustrepair.storage import keys
Vaults.kdf = keys.OWASP_MINIMUM_KDF
root, name, old, new = sys.argv[1:5]
vaults = Vaults(Path(root))
vaults.find(name)
print("READY", flush=True)
vaults.change_passphrase(name, old, new)
print("DONE", flush=True)
"""


@pytest.mark.slow
def test_sigkill_at_random_moments_of_a_change_never_locks_anyone_out(
    vaults: Vaults, tmp_path: Path
) -> None:
    """Killed anywhere in a change, the old or the new passphrase opens every answer."""
    import random
    import signal
    import subprocess
    import sys
    import time

    from trustrepair.storage.db import integrity_problems

    vault = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.FRIENDSHIP), OLD)
    expected = {f"s-{i}": f"answer {i} " + "words " * 50 for i in range(5000)}
    vault.store.save_answers([("ex", step, text) for step, text in expected.items()])
    for _ in range(backup.KEEP):
        vault.backup_now()
    vault.close()
    folder = vaults.find("Kim").folder
    script = tmp_path / "changer.py"
    script.write_text(CHANGER, encoding="utf-8")
    repo = Path(__file__).resolve().parents[2]

    def change(old: str, new: str, kill_after: float | None) -> float:
        proc = subprocess.Popen(
            [sys.executable, str(script), str(vaults.root), "Kim", old, new],
            stdout=subprocess.PIPE,
            text=True,
            cwd=repo,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        start = time.perf_counter()
        if kill_after is None:
            assert proc.wait(timeout=120) == 0
        else:
            time.sleep(kill_after)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        proc.stdout.close()
        return time.perf_counter() - start

    current, other = OLD, NEW
    duration = change(current, other, None)
    current, other = other, current
    rng = random.Random(11)
    interrupted = 0
    rounds = 0
    # At least eight kills, and more (up to 24) until one lands inside the change: on a busy
    # machine the change runs slower than the first, timed one, so early kills miss it.
    while rounds < 8 or (not interrupted and rounds < 24):
        rounds += 1
        change(current, other, rng.uniform(0, duration))
        interrupted += read_meta(folder).previous_key is not None
        later = Vaults(vaults.root)
        try:
            opened = later.open("Kim", other)
            current, other = other, current
        except WrongPassphrase:
            later.throttle.succeeded(folder.name)
            opened = later.open("Kim", current)
        with opened:
            assert opened.db is not None and integrity_problems(opened.db) == []
            stored = {a.step_id: a.value for a in opened.store.all_answers()}
            assert stored == expected
            key = bytes(opened._key or b"")
        with pytest.raises(WrongPassphrase):
            Vaults(vaults.root).open("Kim", other)
        assert read_meta(folder).previous_key is None
        for path in [folder / "vault.db", *sorted((folder / "backups").glob("*.db"))]:
            assert opens_with(path, key), path.name
        leftovers = [*(folder / "backups").glob(".partial-*"), *folder.glob(".vault.json.*")]
        assert leftovers == []
    assert interrupted  # some kills landed inside the change, not only before or after
