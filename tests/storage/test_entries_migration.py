"""The move to dated entries, on a data dir written by release 0.1.0: every answer kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from trustrepair import paths
from trustrepair.domain.promises import PromiseStatus
from trustrepair.services import vaults as vaults_module
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.storage.db import open_database

RELEASE_0_1_0 = Path(__file__).resolve().parents[1] / "fixtures" / "release_0_1_0" / "data"
SAM_PASSPHRASE = "sam fixture passphrase"  # as tests/fixtures/release_0_1_0/generate.py says


@pytest.fixture
def old_vaults(tmp_path: Path) -> Vaults:
    """A copy of the 0.1.0 data dir (the fixture itself is never opened, so never migrated)."""
    data = tmp_path / "old"
    shutil.copytree(RELEASE_0_1_0, data)
    paths.set_data_dir(data)
    return Vaults(paths.profiles_dir())


Legacy = dict[str, list[dict[str, Any]]]


@pytest.fixture
def legacy(monkeypatch: pytest.MonkeyPatch) -> dict[str, Legacy]:
    """The 0.1.0 tables of each vault, read just before its migrations run (by profile name)."""
    seen: dict[str, Legacy] = {}
    real = vaults_module.backups_mod.make_backup

    def backup_and_read(db: Any, folder: Path, key: bytes, reason: str, **kw: Any) -> Any:
        if reason == "pre-migration":
            name = next(iter(db.query("SELECT name FROM profile")))["name"]
            seen[name] = {
                t: [dict(r) for r in db[t].rows] for t in ("answers", "progress", "partner_answers")
            }
        return real(db, folder, key, reason, **kw)

    monkeypatch.setattr(vaults_module.backups_mod, "make_backup", backup_and_read)
    return seen


def _open(vaults: Vaults, name: str, passphrase: str | None) -> OpenVault:
    """Open (and so migrate) one profile of the copied data dir."""
    return vaults.open(name, passphrase)


def test_every_answer_of_release_0_1_0_moves_into_an_entry(
    old_vaults: Vaults, legacy: dict[str, Legacy]
) -> None:
    """Each exercise's answers and progress become one entry; no answer is lost or changed
    (promises lose only their kept flag, which becomes a dated status change)."""
    for name, passphrase in (("Sam", SAM_PASSPHRASE), ("Alex", None), ("Dr Lee", None)):
        with _open(old_vaults, name, passphrase) as vault:
            old_rows = legacy[name]
            store = vault.store
            entries = store.all_entries()
            exercises = {r["exercise_id"] for t in old_rows.values() for r in t}
            assert sorted(e.exercise_id for e in entries) == sorted(exercises)
            by_exercise = {e.exercise_id: e for e in entries}
            for row in old_rows["progress"]:
                entry = by_exercise[row["exercise_id"]]
                assert entry.started_at == row["started_at"]
                assert entry.current_step == row["current_step"]
                assert entry.completed == (row["status"] == "completed")
            kept = {(c.entry_id, c.step_id): c for c in store.promise_changes()}
            for row in old_rows["answers"]:
                entry = by_exercise[row["exercise_id"]]
                answer = store.answers_for_entry(entry.id)[row["step_id"]]
                # The audiences migration before this one may have turned "shared" into
                # "revealed" (a 0.1.0 reveal marked answers shared); one of them stays.
                assert (answer.shared or answer.revealed) == bool(row["shared"])
                assert answer.updated_at == row["updated_at"]
                old = json.loads(row["value"])
                if isinstance(old, dict) and isinstance(old.get("kept"), bool):
                    change = kept[(entry.id, row["step_id"])]
                    assert change.status is (
                        PromiseStatus.KEPT if old["kept"] else PromiseStatus.MISSED
                    )
                    assert change.changed_at == row["updated_at"]
                    old = {**old, "kept": None}
                assert answer.value == old
            assert store.count_answers() == len(old_rows["answers"])
            revealed = store.all_partner_answers(every_entry=True)
            assert sorted((p.exercise_id, p.step_id, p.partner_name) for p in revealed) == sorted(
                (r["exercise_id"], r["step_id"], r["partner_name"])
                for r in old_rows["partner_answers"]
            )


def test_sams_promises_keep_their_kept_one(old_vaults: Vaults) -> None:
    """Sam's dated promises (the first marked kept in 0.1.0, the others not kept) read the
    same as dated status changes."""
    with _open(old_vaults, "Sam", SAM_PASSPHRASE) as vault:
        changes = {c.step_id: c.status for c in vault.store.promise_changes()}
        assert changes == {
            "first": PromiseStatus.KEPT,
            "second": PromiseStatus.MISSED,
            "third": PromiseStatus.MISSED,
        }
        assert "m005_entries" in [row["name"] for row in vault.store.db["_sqlite_migrations"].rows]


def test_migration_makes_a_backup_first(old_vaults: Vaults) -> None:
    """Opening an old vault backs it up before the move (the backup still opens the old way)."""
    ref = old_vaults.find("Alex")
    before = (
        set((ref.folder / "backups").glob("*.db")) if (ref.folder / "backups").exists() else set()
    )
    with _open(old_vaults, "Alex", None):
        pass
    after = set((ref.folder / "backups").glob("*.db"))
    assert after - before


def test_entries_migration_on_an_empty_vault(tmp_path: Path) -> None:
    """A brand-new vault gets the entry tables and no entry."""
    db = open_database(tmp_path / "new.db", None)
    assert {"entries", "answers", "partner_answers", "promise_changes"} <= set(db.table_names())
    assert "progress" not in db.table_names()
    assert db["entries"].count == 0
    db.close()
