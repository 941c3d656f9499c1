"""The committed JSON Schemas are the models' own, and describe the files the program writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.helpers import CUSTOM_EXERCISE_YAML, as_version_1, fingerprint_of
from trustrepair.content.library import Library
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.formats import schemas
from trustrepair.services import assignments, counsel, distance, transfer
from trustrepair.services.vaults import OpenVault, Vaults

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "docs" / "schemas"


def _committed(name: str) -> dict[str, object]:
    return dict(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", sorted(schemas.FILES))
def test_committed_schema_is_current(name: str) -> None:
    """docs/schemas/NAME is what the models generate; if not, run
    ``python -m trustrepair.formats.schemas docs/schemas`` and commit the result."""
    model, title = schemas.FILES[name]
    assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == schemas.render(model, title)


def test_no_stale_schema_files() -> None:
    """Every file in docs/schemas is generated (none is left over from a renamed model)."""
    assert sorted(p.name for p in SCHEMA_DIR.iterdir()) == sorted(schemas.FILES)


def test_the_command_writes_every_schema(tmp_path: Path) -> None:
    """The one command regenerates them all."""
    assert schemas.main([str(tmp_path)]) == 0
    for name in schemas.FILES:
        assert (tmp_path / name).read_text(encoding="utf-8") == (SCHEMA_DIR / name).read_text(
            encoding="utf-8"
        )


def test_schemas_are_valid_json_schemas() -> None:
    """Each committed schema is a valid draft 2020-12 schema."""
    for name in schemas.FILES:
        Draft202012Validator.check_schema(_committed(name))


def _files(vaults: Vaults, library: Library, tmp_path: Path) -> dict[str, Path]:
    lee = vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    )
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC, "private"))
    made = {name: tmp_path / name for name in schemas.FILES}
    with lee, sam:
        assignments.write_assignment(
            lee.store,
            library,
            "Sam",
            [AssignedExercise("naming-what-happened", "Take your time", "2099-12-01")],
            made["assignment.schema.json"],
            custom_sources=[("between.yaml", CUSTOM_EXERCISE_YAML)],
        )
        assignments.import_assignment(
            sam.store, library, made["assignment.schema.json"], accept_sender=fingerprint_of(lee)
        )
        sam.store.save_answer("naming-what-happened", "what-happened", "told", shared=True)
        sam.store.set_setting("auto_lock_minutes", 20)
        plan = counsel.plan_share(sam.store, counsel.client_library(sam.store, library))
        counsel.write_share(sam.store, plan, made["share.schema.json"])
        transfer.export_profile(sam.store, made["export.schema.json"])
        made["export-v1.schema.json"].write_text(
            json.dumps(
                as_version_1(json.loads(made["export.schema.json"].read_text(encoding="utf-8")))
            ),
            encoding="utf-8",
        )
        transfer.export_profile(sam.store, made["encrypted.schema.json"], passphrase="pw")
        _partner_files(vaults, library, sam, made)
    return made


def _partner_files(vaults: Vaults, library: Library, sam: OpenVault, made: dict[str, Path]) -> None:
    """A partner file with answers, from Alex to Sam, and its sealed part's plaintext."""
    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC))
    with alex:
        for vault in (sam, alex):
            vault.store.set_setting(
                "safety_check", {"completed_at": "2026-01-01T00:00:00.000Z", "concern": False}
            )
        exercise = library.exercises["agreeing-an-amends-plan"]
        hello = made["partner.schema.json"].with_suffix(".hello")
        distance.DistanceWork(sam.store, library, exercise).write_file(hello)
        distance.open_partner_file(alex.store, library, hello, accept_sender=fingerprint_of(sam))
        work = distance.DistanceWork(alex.store, library, exercise)
        alex.store.save_answer(exercise.id, "timeline", "months")
        work.confirm_choices()
        work.write_file(made["partner.schema.json"])
        document, _count = work.answers_document()
        made["partner-answers.schema.json"].write_text(json.dumps(document), encoding="utf-8")


def test_files_the_program_writes_fit_the_committed_schemas(
    vaults: Vaults, library: Library, tmp_path: Path
) -> None:
    """An export (plain and encrypted), an assignment and a share as written validate against
    the published schemas; the same files with an unknown key do not."""
    for name, path in _files(vaults, library, tmp_path).items():
        validator = Draft202012Validator(_committed(name))
        document = json.loads(path.read_text(encoding="utf-8"))
        validator.validate(document)
        assert not validator.is_valid({**document, "surprise": 1})


def test_the_export_schema_names_the_settings_ranges(vault: OpenVault) -> None:
    """A setting out of range fails the published schema as it fails an import."""
    validator = Draft202012Validator(_committed("export.schema.json"))
    document = transfer.build_export(vault.store)
    document["settings"] = {"auto_lock_minutes": 10**9}
    assert not validator.is_valid(document)
    document["settings"] = {"joint:naming-what-happened": {"partner": "A", "role": "hurt"}}
    assert not validator.is_valid(document)
