"""Export and import: the open format, validation before any write, merging, exact text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import ImportFormatError, WrongPassphrase
from trustrepair.services import transfer
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.storage import keys
from trustrepair.storage.store import VaultStore


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """OWASP-minimum Argon2id keeps these tests fast."""
    monkeypatch.setattr(Vaults, "kdf", keys.OWASP_MINIMUM_KDF)


def _fill(store: VaultStore) -> None:
    store.save_answer("naming-what-happened", "free-text", "line one\nline two <b>&amp;</b>")
    store.save_answer("unknown-exercise", "s", {"any": ["shape", 1]}, shared=True)
    store.set_position("naming-what-happened", "free-text")
    store.set_setting("auto_lock_minutes", 5)


def test_export_document_shape(store: VaultStore, tmp_path: Path) -> None:
    """An export has the documented fields; the plain-export warning is returned."""
    _fill(store)
    note = transfer.export_profile(store, tmp_path / "out.json")
    assert "not encrypted" in note
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert doc["format"] == "trustrepair-export" and doc["version"] == 1
    assert set(doc["profile"]) == {"name", "track", "relationship", "description", "created_at"}
    assert {"exercise_id", "step_id", "value", "updated_at", "shared"} <= set(doc["answers"][0])
    assert doc["progress"][0]["status"] == "in_progress"
    assert doc["settings"] == {"auto_lock_minutes": 5}


def test_round_trip_into_a_new_profile(store: VaultStore, vaults: Vaults, tmp_path: Path) -> None:
    """Everything survives export → import into a profile created for it."""
    _fill(store)
    transfer.export_profile(store, tmp_path / "out.json")
    result = transfer.import_file(
        vaults, tmp_path / "out.json", "Copy", create_passphrase="pw for copy"
    )
    assert result.created and result.answers_added == 2 and result.recovery_key
    with vaults.open("Copy", "pw for copy") as copy:
        assert copy.store.all_answers() == store.all_answers()
        assert copy.store.all_progress() == store.all_progress()
        assert copy.store.all_settings() == store.all_settings()
        assert copy.store.get_profile().description == "a private description"  # type: ignore[union-attr]


def test_encrypted_export_round_trip(store: VaultStore, vaults: Vaults, tmp_path: Path) -> None:
    """An encrypted export hides the text and needs its passphrase to import."""
    store.save_answer("ex", "s", "SECRET-TEXT")
    transfer.export_profile(store, tmp_path / "out.json", passphrase="export pw")
    assert b"SECRET-TEXT" not in (tmp_path / "out.json").read_bytes()
    assert transfer.is_encrypted_export(tmp_path / "out.json")
    with pytest.raises(WrongPassphrase):
        transfer.read_export(tmp_path / "out.json", passphrase="wrong")
    data = transfer.read_export(tmp_path / "out.json", passphrase="export pw")
    assert data.answers[0].value == "SECRET-TEXT"


def test_newer_answer_wins(vault: OpenVault, tmp_path: Path) -> None:
    """Per answer, the newer updated_at wins; an older import does not overwrite."""
    store = vault.store
    store.save_answer("ex", "a", "mine, older", updated_at="2026-01-01T00:00:00.000Z")
    store.save_answer("ex", "b", "mine, newer", updated_at="2026-03-01T00:00:00.000Z")
    doc = transfer.build_export(store)
    doc["answers"] = [
        {
            "exercise_id": "ex",
            "step_id": "a",
            "value": "theirs",
            "updated_at": "2026-02-01T00:00:00Z",
        },
        {
            "exercise_id": "ex",
            "step_id": "b",
            "value": "theirs",
            "updated_at": "2026-02-01T00:00:00Z",
        },
        {"exercise_id": "ex", "step_id": "c", "value": "new"},
    ]
    data = transfer.parse_export(doc)
    assert transfer.merge_into(store, data) == (1, 1, 1)
    answers = store.answers_for("ex")
    assert [answers[k].value for k in "abc"] == ["theirs", "mine, newer", "new"]


BAD_DOCS = [
    ("answers", [{"exercise_id": "Not A Slug", "step_id": "s", "value": "x"}]),
    ("answers", [{"exercise_id": "ex", "step_id": "s", "value": 1.5}]),
    ("answers", [{"exercise_id": "ex", "step_id": "s", "value": "x", "extra": 1}]),
    ("answers", [{"exercise_id": "ex", "step_id": "s", "value": "\ud800"}]),
    ("answers", [{"exercise_id": "ex", "step_id": "s", "value": "x", "updated_at": "yesterday"}]),
    ("answers", [{"exercise_id": "ex", "step_id": "s", "value": "x"}] * 2),
    ("progress", [{"exercise_id": "ex", "status": "finished"}]),
    ("settings", []),
]


@pytest.mark.parametrize(("key", "bad"), BAD_DOCS)
def test_invalid_file_writes_nothing(
    vault: OpenVault, vaults: Vaults, tmp_path: Path, key: str, bad: object
) -> None:
    """Any invalid part rejects the whole file, and no answer or profile is written."""
    doc = transfer.build_export(vault.store)
    doc["answers"] = [{"exercise_id": "good-one", "step_id": "s", "value": "fine"}]
    doc[key] = bad
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportFormatError, match="nothing was changed"):
        transfer.import_file(vaults, path, "Sam")
    with pytest.raises(ImportFormatError):
        transfer.import_file(vaults, path, "Brand New", allow_no_passphrase=True)
    assert vault.store.count_answers() == 0
    assert [r.name for r in vaults.list()] == ["Sam"]


def test_answers_checked_against_library_steps(library: Library, vault: OpenVault) -> None:
    """An answer to a known exercise must fit its step kind; unknown exercises pass as-is."""
    exercise = next(e for e in library.ordered() if any(s.kind == "scale" for s in e.steps))
    step = next(s for s in exercise.steps if s.kind == "scale")
    doc = transfer.build_export(vault.store)
    doc["answers"] = [{"exercise_id": exercise.id, "step_id": step.id, "value": "not a number"}]
    with pytest.raises(ImportFormatError, match="does not fit"):
        transfer.parse_export(doc, library=library)
    doc["answers"] = [{"exercise_id": "not-in-library", "step_id": "x", "value": [1, "two"]}]
    assert transfer.parse_export(doc, library=library).answers[0].value == [1, "two"]


def test_not_an_export(tmp_path: Path, vaults: Vaults) -> None:
    """Non-JSON, other JSON and newer versions are refused plainly."""
    for content in ("{nope", "[1, 2]", json.dumps({"format": "trustrepair-export", "version": 2})):
        path = tmp_path / "x.json"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(ImportFormatError):
            transfer.read_export(path)


def test_progress_callback_reports_completion(store: VaultStore, tmp_path: Path) -> None:
    """Long work reports (done, total), ending at total."""
    for i in range(250):
        store.save_answer("ex", f"s-{i}", str(i))
    calls: list[tuple[int, int]] = []
    transfer.export_profile(
        store, tmp_path / "out.json", progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1][0] == calls[-1][1] and len(calls) > 1
    calls.clear()
    transfer.read_export(tmp_path / "out.json", progress=lambda d, t: calls.append((d, t)))
    assert calls[-1][0] == calls[-1][1]


TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(TEXT, min_size=1, max_size=4), description=TEXT)
def test_any_text_survives_export_and_import(
    tmp_path: Path, texts: list[str], description: str
) -> None:
    """Every Unicode text (control characters, markup, any plane) round-trips exactly."""
    from trustrepair.storage.db import open_database

    db = open_database(tmp_path / f"{abs(hash((tuple(texts), description)))}.db", bytes(32))
    store = VaultStore(db)
    store.save_profile(ProfileInfo("P", Track.HURT, Relationship.ROMANTIC, description))
    for i, text in enumerate(texts):
        store.save_answer("ex", f"s-{i}", text)
    store.save_answer("ex", "list", texts)
    path = tmp_path / "out.json"
    transfer.export_profile(store, path)
    data = transfer.read_export(path)
    assert data.profile.description == description
    assert [a.value for a in data.answers] == [texts, *texts]
    store.db.execute("DELETE FROM answers")
    transfer.merge_into(store, data)
    assert [a.value for a in store.all_answers()] == [texts, *texts]
    db.close()


def test_very_long_text_round_trips(store: VaultStore, tmp_path: Path) -> None:
    """A megabyte-long answer survives export and import."""
    long_text = ("ä\u0000<script>\n" * 100_000)[:1_000_000]
    store.save_answer("ex", "s", long_text)
    transfer.export_profile(store, tmp_path / "out.json")
    assert transfer.read_export(tmp_path / "out.json").answers[0].value == long_text
