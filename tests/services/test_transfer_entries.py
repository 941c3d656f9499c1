"""Export version 2 and its entries: round trips, merging by start time, version 1 still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import as_version_1
from trustrepair.domain.answers import EntryRecord
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.domain.promises import PromiseChange, PromiseStatus
from trustrepair.errors import ImportFormatError
from trustrepair.services import transfer
from trustrepair.services.history import history_document
from trustrepair.services.vaults import OpenVault
from trustrepair.storage.db import open_database
from trustrepair.storage.store import VaultStore

SLUGS = st.sampled_from(["check-in", "appreciation", "promises", "x-1"])
STEPS = st.sampled_from(["a", "b", "trust", "promise"])
VALUES = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.integers(min_value=-5, max_value=50),
    st.lists(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=10), max_size=3),
)
DAYS = st.integers(min_value=0, max_value=1600)  # before today: future stamps are refused


def _stamp(day: int, minute: int = 0) -> str:
    from datetime import UTC, datetime, timedelta

    moment = datetime(2022, 1, 1, 9, tzinfo=UTC) + timedelta(days=day, minutes=minute)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


ENTRY = st.tuples(
    SLUGS, DAYS, st.booleans(), st.dictionaries(STEPS, VALUES, max_size=4), st.booleans()
)


def _store(tmp_path: Path, name: str) -> VaultStore:
    store = VaultStore(open_database(tmp_path / f"{name}.db", None))
    store.save_profile(ProfileInfo("P", Track.HURT, Relationship.ROMANTIC))
    return store


def _fill(store: VaultStore, entries: list[tuple[str, int, bool, dict[str, object], bool]]) -> None:
    for exercise_id, day, finished, answers, shared in entries:
        entry = store.start_entry(exercise_id, started_at=_stamp(day))
        for step_id, value in answers.items():
            store.save_answer(
                exercise_id,
                step_id,
                value,
                shared=shared,
                updated_at=_stamp(day, 5),
                entry_id=entry.id,
            )
        if finished:
            store.mark_completed(exercise_id, entry_id=entry.id, at=_stamp(day, 30))
        if "promise" in answers:
            store.add_promise_change(
                PromiseChange(entry.id, "promise", PromiseStatus.KEPT, "on time", _stamp(day, 60))
            )


def _everything(store: VaultStore) -> list[object]:
    records = store.history()
    changes = {
        c.entry_id: (c.step_id, c.status, c.note, c.changed_at) for c in store.promise_changes()
    }
    return [
        (
            history_document(r),
            r.entry.current_step,
            sorted(k for k, a in r.answers.items() if a.shared),
            changes.get(r.entry.id),
        )
        for r in records
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=st.lists(ENTRY, max_size=12))
def test_version_2_round_trip_keeps_every_entry(
    tmp_path: Path, entries: list[tuple[str, int, bool, dict[str, object], bool]]
) -> None:
    """Any set of dated entries (answers, sharing, finishing, promise changes) survives export
    and import into an empty vault exactly, newest first."""
    source, target = _store(tmp_path, "a"), _store(tmp_path, "b")
    try:
        target.db.execute("DELETE FROM entries")
        _fill(source, entries)
        data = transfer.parse_export(json.loads(transfer.dumps(transfer.build_export(source))))
        transfer.merge_into(target, data)
        assert _everything(target) == _everything(source)
        # Importing the same file again changes nothing: entries merge by exercise and start.
        transfer.merge_into(target, data)
        assert _everything(target) == _everything(source)
    finally:
        source.db.close()
        target.db.close()
        for db in tmp_path.glob("*.db*"):
            db.unlink()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=st.lists(ENTRY, max_size=8, unique_by=lambda e: e[0]))
def test_version_1_round_trip_gives_one_entry_per_exercise(
    tmp_path: Path, entries: list[tuple[str, int, bool, dict[str, object], bool]]
) -> None:
    """A version 1 file (one set of answers per exercise) imports as one entry per exercise,
    with the same answers, sharing and finish; exporting that again gives the same answers."""
    source, target = _store(tmp_path, "a"), _store(tmp_path, "b")
    try:
        _fill(source, [e for e in entries if e[3]])
        old = as_version_1(transfer.build_export(source))
        data = transfer.parse_export(json.loads(json.dumps(old)))
        transfer.merge_into(target, data)

        def ordered(store: VaultStore) -> list[EntryRecord]:
            return sorted(store.history(), key=lambda r: (r.entry.started_at, r.entry.exercise_id))

        for mine, theirs in zip(ordered(source), ordered(target), strict=True):
            assert mine.entry.exercise_id == theirs.entry.exercise_id
            assert mine.entry.started_at == theirs.entry.started_at
            assert mine.entry.completed == theirs.entry.completed
            assert {k: (a.value, a.shared) for k, a in mine.answers.items()} == {
                k: (a.value, a.shared) for k, a in theirs.answers.items()
            }
    finally:
        source.db.close()
        target.db.close()
        for db in tmp_path.glob("*.db*"):
            db.unlink()


def test_version_1_kept_flags_become_dated_status_changes(store: VaultStore) -> None:
    """A 0.1.0 promise marked kept inside its answer imports as a kept change at its date."""
    document = {
        "format": "trustrepair-export",
        "version": 1,
        "profile": {"name": "Sam"},
        "answers": [
            {
                "exercise_id": "promises-with-dates",
                "step_id": "first",
                "value": {"text": "call", "date": "2026-11-20", "kept": True},
                "updated_at": "2026-11-21T09:00:00.000Z",
            }
        ],
    }
    transfer.merge_into(store, transfer.parse_export(document))
    (change,) = store.promise_changes()
    assert change.status is PromiseStatus.KEPT and change.changed_at == "2026-11-21T09:00:00.000Z"
    assert store.answers_for("promises-with-dates")["first"].value["kept"] is None


def test_entries_merge_by_exercise_and_start_time(store: VaultStore) -> None:
    """An entry both hold merges answer by answer (newer wins); a new one is added whole."""
    entry = store.start_entry("check-in", started_at="2026-01-05T18:00:00.000Z")
    store.save_answer(
        "check-in", "a", "mine", updated_at="2026-01-05T18:10:00.000Z", entry_id=entry.id
    )
    document = transfer.build_export(store)
    document["entries"][0]["answers"] = {"a": "theirs", "b": "new"}
    document["entries"][0]["answered_at"] = {
        "a": "2026-01-05T18:20:00.000Z",
        "b": "2026-01-05T18:20:00.000Z",
    }
    document["entries"].append(
        {
            "exercise_id": "check-in",
            "started_at": "2026-01-12T18:00:00.000Z",
            "completed_at": "2026-01-12T18:30:00.000Z",
            "answers": {"a": "next week"},
        }
    )
    result = transfer.merge_entries(store, transfer.parse_export(document))
    assert result == (2, 1, 0, 1)
    history = store.history("check-in")
    assert [r.values() for r in history] == [{"a": "next week"}, {"a": "theirs", "b": "new"}]


def test_a_bad_entry_imports_nothing(vault: OpenVault, tmp_path: Path) -> None:
    """One entry with a problem refuses the whole file; the vault is as it was."""
    document = transfer.build_export(vault.store)
    document["entries"] = [
        {"exercise_id": "check-in", "started_at": "2026-01-05T18:00:00.000Z", "answers": {}},
        {"exercise_id": "check-in", "started_at": "yesterday", "answers": {"a": "x"}},
    ]
    with pytest.raises(ImportFormatError, match=r"entries\[1\]\.started_at"):
        transfer.parse_export(document)
    document["entries"][1]["started_at"] = "2026-01-05T18:00:00.000Z"
    with pytest.raises(ImportFormatError, match="same start time"):
        transfer.parse_export(document)
    document["entries"].pop()
    document["promise_changes"] = [
        {
            "exercise_id": "check-in",
            "started_at": "2026-01-06T18:00:00.000Z",
            "step_id": "a",
            "status": "kept",
            "changed_at": "2026-01-07T18:00:00.000Z",
        }
    ]
    with pytest.raises(ImportFormatError, match="names no entry"):
        transfer.parse_export(document)
    assert vault.store.count_entries() == 0
