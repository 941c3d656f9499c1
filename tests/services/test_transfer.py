"""Export and import: the open format, validation before any write, merging, exact text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import CUSTOM_EXERCISE_YAML, as_version_1, fingerprint_of
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.errors import ImportFormatError, UserFacingError, WrongPassphrase
from trustrepair.services import assignments, transfer
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
    store.save_answer("agreeing-an-amends-plan", "worry", "told my partner", revealed=True)
    store.set_position("naming-what-happened", "free-text")
    store.set_setting("auto_lock_minutes", 5)


def test_export_document_shape(store: VaultStore, tmp_path: Path) -> None:
    """An export has the documented fields; the plain-export warning is returned."""
    _fill(store)
    note = transfer.export_profile(store, tmp_path / "out.json")
    assert "not encrypted" in note
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert doc["format"] == "trustrepair-export" and doc["version"] == 2
    assert set(doc["profile"]) == {
        "name",
        "track",
        "relationship",
        "description",
        "created_at",
        "role",
    }
    entry = next(e for e in doc["entries"] if e["exercise_id"] == "naming-what-happened")
    assert {"exercise_id", "started_at", "completed_at", "answers"} <= set(entry)
    assert entry["answers"] == {"free-text": "line one\nline two <b>&amp;</b>"}
    assert entry["completed_at"] is None and entry["current_step"] == "free-text"
    audiences = {
        k: (k in e["shared"], k in e["revealed"]) for e in doc["entries"] for k in e["answers"]
    }
    assert audiences == {"free-text": (False, False), "s": (True, False), "worry": (False, True)}
    assert doc["settings"] == {"auto_lock_minutes": 5}


def test_round_trip_into_a_new_profile(store: VaultStore, vaults: Vaults, tmp_path: Path) -> None:
    """Everything survives export → import into a profile created for it (each audience too)."""
    _fill(store)
    transfer.export_profile(store, tmp_path / "out.json")
    result = transfer.import_file(
        vaults, tmp_path / "out.json", "Copy", create_passphrase="pw for copy"
    )
    assert result.created and result.answers_added == 3 and result.recovery_key
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
    assert data.entries[0].answers[0].value == "SECRET-TEXT"


def test_newer_answer_wins(vault: OpenVault, tmp_path: Path) -> None:
    """Per answer, the newer updated_at wins; an older import does not overwrite."""
    store = vault.store
    store.save_answer("ex", "a", "mine, older", updated_at="2026-01-01T00:00:00.000Z")
    store.save_answer("ex", "b", "mine, newer", updated_at="2026-03-01T00:00:00.000Z")
    doc = as_version_1(transfer.build_export(store))
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
    doc = as_version_1(transfer.build_export(vault.store))
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
    doc = as_version_1(transfer.build_export(vault.store))
    doc["answers"] = [{"exercise_id": exercise.id, "step_id": step.id, "value": "not a number"}]
    with pytest.raises(ImportFormatError, match="does not fit"):
        transfer.parse_export(doc, library=library)
    doc["answers"] = [{"exercise_id": "not-in-library", "step_id": "x", "value": [1, "two"]}]
    parsed = transfer.parse_export(doc, library=library)
    assert parsed.entries[0].answers[0].value == [1, "two"]


def test_not_an_export(tmp_path: Path, vaults: Vaults) -> None:
    """Non-JSON, other JSON and newer versions are refused plainly."""
    for content in ("{nope", "[1, 2]", json.dumps({"format": "trustrepair-export", "version": 3})):
        path = tmp_path / "x.json"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(ImportFormatError):
            transfer.read_export(path)


def test_progress_callback_reports_completion(store: VaultStore, tmp_path: Path) -> None:
    """Long work reports (done, total), ending at total."""
    for i in range(250):
        entry = store.start_entry("ex", started_at=f"2026-01-01T00:00:{i // 10:02d}.{i:03d}Z")
        store.save_answer("ex", "s", str(i), entry_id=entry.id)
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
    assert [a.value for a in data.entries[0].answers] == [texts, *texts]
    store.db.execute("DELETE FROM answers")
    transfer.merge_into(store, data)
    assert [a.value for a in store.all_answers()] == [texts, *texts]
    db.close()


def test_very_long_text_round_trips(store: VaultStore, tmp_path: Path) -> None:
    """A megabyte-long answer survives export and import."""
    long_text = ("ä\u0000<script>\n" * 100_000)[:1_000_000]
    store.save_answer("ex", "s", long_text)
    transfer.export_profile(store, tmp_path / "out.json")
    assert transfer.read_export(tmp_path / "out.json").entries[0].answers[0].value == long_text


# ---------------------------------------------------------------------- counsellor and client
INTERNAL_TABLES = {
    "_sqlite_migrations",
    "own_signing_key",
    "pinned_senders",
    "own_sealing_key",
}
"""Vault tables that are never exported: bookkeeping, and the profile's signing and sealing
identity (its private keys never leave the vault; a profile made from an export gets keys of
its own, and accepts its senders again)."""

CUSTOM_YAML = CUSTOM_EXERCISE_YAML


def _all_rows(opened: OpenVault) -> dict[str, list[dict[str, object]]]:
    db = opened.store.db
    return {
        table: sorted((dict(row) for row in db[table].rows), key=repr)
        for table in db.table_names()
        if table not in INTERNAL_TABLES
    }


def _counsellor_and_client(vaults: Vaults, library: Library, tmp_path: Path) -> None:
    """A counsellor with two clients (one shared back) and a client who received work."""
    from trustrepair.domain.counsel import AssignedExercise
    from trustrepair.services import counsel

    lee = vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    )
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC, "private"))
    with lee, sam:
        assignment = tmp_path / "assignment.json"
        assignments.write_assignment(
            lee.store,
            library,
            "Sam R.",
            [
                AssignedExercise("naming-what-happened", "Take your time ✨", "2099-12-01"),
                AssignedExercise("between-sessions"),
            ],
            assignment,
            custom_sources=[("between.yaml", CUSTOM_YAML)],
        )
        assignments.write_assignment(
            lee.store, library, "Alex", [AssignedExercise("naming-what-happened")], tmp_path / "a"
        )
        assignments.import_assignment(
            sam.store, library, assignment, accept_sender=fingerprint_of(lee)
        )
        sam.store.save_answer("naming-what-happened", "what-happened", "told 🌧", shared=True)
        sam.store.save_answer("between-sessions", "noticed", "kept to myself")
        sam.store.mark_completed("naming-what-happened")
        plan = counsel.plan_share(sam.store, counsel.client_library(sam.store, library))
        counsel.write_share(sam.store, plan, tmp_path / "shared.json")
        counsel.import_shared(
            lee.store, tmp_path / "shared.json", library=library, accept_sender=fingerprint_of(sam)
        )


@pytest.mark.parametrize("name", ["Dr Lee", "Sam"])
def test_counsellor_and_client_profiles_survive_exactly(
    vaults: Vaults, library: Library, tmp_path: Path, name: str
) -> None:
    """Every table of a counsellor's and a client's vault comes back row for row."""
    _counsellor_and_client(vaults, library, tmp_path)
    with vaults.open(name) as original:
        transfer.export_profile(original.store, tmp_path / "out.json")
        before = _all_rows(original)
    assert before["profile"] and (before["settings"] or name == "Dr Lee")
    fresh = Vaults(tmp_path / "elsewhere")
    result = transfer.import_file(fresh, tmp_path / "out.json", name, allow_no_passphrase=True)
    assert result.created
    with fresh.open(name) as copy:
        assert _all_rows(copy) == before
        assert copy.store.get_profile().role is (  # type: ignore[union-attr]
            Role.COUNSELLOR if name == "Dr Lee" else Role.PERSON
        )


def test_counsel_sections_are_filled(vaults: Vaults, library: Library, tmp_path: Path) -> None:
    """The round-trip test above compares something: each counsel table has rows to carry."""
    _counsellor_and_client(vaults, library, tmp_path)
    filled: set[str] = set()
    for name in ("Dr Lee", "Sam"):
        with vaults.open(name) as opened:
            doc = transfer.build_export(opened.store)
        filled |= {t for t in transfer.COUNSEL_SECTIONS if doc[t]}
    assert filled == set(transfer.COUNSEL_SECTIONS)


def test_export_covers_every_table_and_column(vault: OpenVault) -> None:
    """A migration that adds a table or column fails here until export carries it."""
    db = vault.store.db
    schema = {
        table: frozenset(c.name for c in db[table].columns)
        for table in db.table_names()
        if table not in INTERNAL_TABLES
    }
    assert schema == transfer.EXPORTED_COLUMNS


def test_counsel_rows_merge_newest_wins(vaults: Vaults, tmp_path: Path) -> None:
    """Per key the newer timestamp wins; older or tied rows leave the vault's row alone."""
    with vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    ) as lee:
        doc = transfer.build_export(lee.store)
        row = {
            "client": "Sam",
            "exercise_id": "ex",
            "step_id": "s",
            "position": 0,
            "prompt": "Q",
            "value": "first",
            "text": "first",
            "updated_at": "2026-02-01T00:00:00.000Z",
        }
        doc["client_answers"] = [row]
        transfer.merge_into(lee.store, transfer.parse_export(doc))
        older = {**row, "value": "older", "text": "older", "updated_at": "2026-01-01T00:00:00Z"}
        doc["client_answers"] = [older]
        transfer.merge_into(lee.store, transfer.parse_export(doc))
        assert [r["value"] for r in lee.store.db["client_answers"].rows] == ['"first"']
        newer = {**row, "value": ["newer"], "text": "newer", "updated_at": "2026-03-01T00:00:00Z"}
        doc["client_answers"] = [newer]
        transfer.merge_into(lee.store, transfer.parse_export(doc))
        assert [r["value"] for r in lee.store.db["client_answers"].rows] == ['["newer"]']


def test_old_files_without_counsel_sections_still_import(vault: OpenVault) -> None:
    """A version-1 file from before roles and counsel tables imports as a person's profile."""
    doc = transfer.build_export(vault.store)
    for table in transfer.COUNSEL_SECTIONS:
        del doc[table]
    del doc["profile"]["role"]
    data = transfer.parse_export(doc)
    assert data.profile.role is Role.PERSON and data.counsel == {}
    transfer.merge_into(vault.store, data)


@pytest.mark.parametrize(
    ("section", "row", "problem"),
    [
        ("assignments_sent", {"client": "", "exercise_id": "ex", "created_at": "x"}, "client"),
        ("assignments_received", {"counsellor": "Lee", "exercise_id": "Bad Id"}, "missing"),
        ("client_exercises", [1], "expected an object"),
        (
            "custom_exercises",
            {
                "exercise_id": "other-id",
                "source": CUSTOM_YAML,
                "counsellor": "Lee",
                "imported_at": "2026-01-01T00:00:00Z",
            },
            "not its id",
        ),
        (
            "client_answers",
            {
                "client": "Sam",
                "exercise_id": "ex",
                "step_id": "s",
                "value": 1.5,
                "updated_at": "2026-01-01T00:00:00Z",
            },
            r"client_answers\[0\]\.value",
        ),
        ("assignments_sent", "not a list", "expected a list"),
    ],
)
def test_bad_counsel_sections_write_nothing(
    vaults: Vaults, vault: OpenVault, tmp_path: Path, section: str, row: object, problem: str
) -> None:
    """A bad row in any counsel section stops the import before anything is written."""
    doc = transfer.build_export(vault.store)
    doc["entries"] = [
        {
            "exercise_id": "ex",
            "started_at": "2026-01-01T00:00:00.000Z",
            "answers": {"new": "would be added"},
        }
    ]
    doc[section] = row if isinstance(row, str) else [row] if isinstance(row, dict) else row
    (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
    before = _all_rows(vault)
    vault.close()
    with pytest.raises(ImportFormatError, match=problem):
        transfer.import_file(vaults, tmp_path / "bad.json", "Sam")
    with vaults.open("Sam") as sam:
        assert _all_rows(sam) == before


def test_roles_do_not_mix_on_import(vaults: Vaults, vault: OpenVault, tmp_path: Path) -> None:
    """A counsellor's export is not merged into a person's profile (nothing is written)."""
    with vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    ) as lee:
        transfer.export_profile(lee.store, tmp_path / "lee.json")
    vault.store.save_answer("ex", "s", "mine")
    vault.close()
    with pytest.raises(UserFacingError, match="counsellor profile"):
        transfer.import_file(vaults, tmp_path / "lee.json", "Sam")
    with vaults.open("Sam") as sam:
        assert [a.value for a in sam.store.all_answers()] == ["mine"]
        assert sam.store.db["assignments_sent"].count == 0


def test_endless_device_is_refused_not_read_forever(vaults: Vaults) -> None:
    """Importing /dev/zero is refused at once, as no plain file, with a plain message."""
    with pytest.raises(ImportFormatError, match="not a plain file"):
        transfer.read_export(Path("/dev/zero"))


def test_minimal_file_with_only_a_name_imports(vaults: Vaults, tmp_path: Path) -> None:
    """The documented minimum (format, version, profile.name, answers) imports, creating the
    profile with default track and relationship and saying so."""
    path = tmp_path / "minimal.json"
    path.write_text(
        json.dumps(
            {
                "format": "trustrepair-export",
                "version": 1,
                "profile": {"name": "Min"},
                "answers": [{"exercise_id": "some-exercise", "step_id": "words", "value": "hi"}],
            }
        ),
        encoding="utf-8",
    )
    result = transfer.import_file(vaults, path, "Min", allow_no_passphrase=True)
    assert result.created and result.answers_added == 1
    assert result.assumed == ("track", "relationship")
    again = transfer.import_file(vaults, path, "Min", passphrase=None)
    assert not again.created and again.assumed == ()


def test_export_is_written_in_pieces_that_join_to_the_same_text(
    store: VaultStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export is serialised in pieces (each a short call), and the pieces are exactly the
    readable JSON of the document; a plain file holds that text."""
    _fill(store)
    monkeypatch.setattr(transfer, "CHUNK_BYTES", 64)
    document = transfer.build_export(store)
    steps: list[int] = []
    pieces = list(transfer.dump_chunks(document, lambda: steps.append(1)))
    assert len(pieces) > 3 and len(steps) == len(pieces) - 1
    assert b"".join(pieces).decode("utf-8") == transfer.dumps(document)
    transfer.export_profile(store, tmp_path / "plain.json")
    written = json.loads((tmp_path / "plain.json").read_text(encoding="utf-8"))
    assert written["entries"] == document["entries"]


def test_cancelling_while_the_export_is_written_leaves_no_file(
    store: VaultStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Progress is reported while the text is written too, and a cancel there (an exception
    from the callback) leaves nothing behind."""
    _fill(store)
    monkeypatch.setattr(transfer, "CHUNK_BYTES", 64)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if len(calls) > 3:
            raise RuntimeError("cancelled")

    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        transfer.export_profile(
            store, folder / "cancelled.json", passphrase="a passphrase", progress=progress
        )
    assert len(calls) == 4
    assert list(folder.iterdir()) == []
