"""Every setting a vault holds has a schema; the schema matches what the program writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trustrepair import paths
from trustrepair.formats import settings
from trustrepair.services import support
from trustrepair.services.joint import Phase
from trustrepair.services.vaults import Vaults
from trustrepair.storage.counsel import COUNSEL_TABLES

RELEASE_0_1_0 = Path(__file__).resolve().parents[1] / "fixtures" / "release_0_1_0" / "data"
PASSPHRASES = {"Sam": "sam fixture passphrase"}


def test_joint_phases_are_the_services_phases() -> None:
    """The schema's phases of an exercise for two are exactly those the service saves."""
    assert tuple(p.value for p in Phase) == settings.JOINT_PHASES


def test_support_lines_are_kept_within_their_range() -> None:
    """What the support-lines service keeps always fits the setting's range."""
    assert support.MAX_SUPPORT_LINES == settings.MAX_SUPPORT_LINES_CHARS


def test_every_setting_of_a_real_older_data_dir_fits(tmp_path: Path) -> None:
    """The settings release 0.1.0 wrote (safety check, joint progress, client label, …) all
    fit the schema, so none of them is reset when that person updates."""
    data = tmp_path / "data"
    shutil.copytree(RELEASE_0_1_0, data)
    paths.set_data_dir(data)
    vaults = Vaults(paths.profiles_dir())
    seen: set[str] = set()
    for ref in vaults.list():
        with vaults.open(ref.name, PASSPHRASES.get(ref.name)) as opened:
            for key, value in opened.store.all_settings().items():
                settings.checked_setting(key, value)
                seen.add(key.split(":")[0])
    assert {"safety_check", "joint", "counsel_client_label"} <= seen


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("auto_lock_minutes", 10**4000),
        ("auto_lock_minutes", 0),
        ("auto_lock_minutes", 2.5),
        ("auto_lock_minutes", "10"),
        ("safety_check", {"completed_at": "9999-12-31T00:00:00Z", "concern": False}),
        ("safety_check", {"concern": True}),
        ("counsel_client_label", "x" * 81),
        ("joint:ex", {"partner": "A", "role": "hurt", "first": "B", "turn": 2}),
        ("joint:ex", {"partner": "A", "role": "hurt", "first": "B", "index": 10**9}),
        ("joint:Not An Id", {"partner": "A", "role": "hurt", "first": "B"}),
        ("colour", "blue"),
    ],
)
def test_values_outside_a_settings_range_are_refused(key: str, value: object) -> None:
    """Out of range, of the wrong kind, dated in the future or unknown: refused."""
    with pytest.raises(ValueError):
        settings.checked_setting(key, value)


def test_values_are_kept_as_written() -> None:
    """A fitting value comes back as it was given (nothing is added to it)."""
    joint = {"partner": "A", "role": "hurt", "first": "B", "phase": "turns", "held": ["x"]}
    assert settings.checked_setting("joint:ex", joint) == joint
    assert settings.checked_setting("auto_lock_minutes", None) is None


def test_counsel_sections_have_the_tables_columns() -> None:
    """Each counsellor/client section of an export has exactly its vault table's columns,
    and identifies rows by the table's primary key."""
    from trustrepair.formats.export import COUNSEL_KEYS, COUNSEL_ROWS

    assert set(COUNSEL_ROWS) == set(COUNSEL_TABLES)
    for table, (key, rest) in COUNSEL_TABLES.items():
        assert set(COUNSEL_ROWS[table].model_fields) == {*key, *rest}
        assert COUNSEL_KEYS[table] == key
