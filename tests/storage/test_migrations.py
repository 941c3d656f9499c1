"""Tests for trustrepair.storage.migrations: append-only, idempotent, on encrypted vaults too,
and what they change in a data dir written by release 0.1.0."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from trustrepair import paths
from trustrepair.services.notices import take_notices
from trustrepair.services.vaults import Vaults
from trustrepair.storage import migrations
from trustrepair.storage.db import open_database


def _schema(db: object) -> list[tuple[str, str]]:
    rows = db.execute(  # type: ignore[attr-defined]
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


def test_migrations_applied_twice_change_nothing(tmp_path: Path) -> None:
    """Applying every migration again (and reopening) leaves schema and history unchanged."""
    key = secrets.token_bytes(32)
    db = open_database(tmp_path / "vault.db", key)
    schema = _schema(db)
    applied = [m.name for m in migrations.migrations.applied(db)]
    assert applied == [
        "m001_initial",
        "m002_partner_answers",
        "m003_counsel",
        "m004_audiences",
        "m005_entries",
        "m006_signing",
        "m007_counsel_desk",
        "m008_sealing",
    ]
    migrations.apply(db)
    assert _schema(db) == schema
    assert [m.name for m in migrations.migrations.applied(db)] == applied
    db.close()

    again = open_database(tmp_path / "vault.db", key)
    assert _schema(again) == schema
    assert migrations.pending(again) == []
    again.close()


def test_migration_names_are_append_only(tmp_path: Path) -> None:
    """Shipped migrations keep their names and order (new ones go at the end)."""
    db = open_database(tmp_path / "plain.db", None)
    names = [m.name for m in migrations.migrations.applied(db)]
    assert names[:3] == ["m001_initial", "m002_partner_answers", "m003_counsel"]
    db.close()


RELEASE_0_1_0 = Path(__file__).resolve().parents[1] / "fixtures" / "release_0_1_0" / "data"
SAM_PASSPHRASE = "sam fixture passphrase"
PAIR_EXERCISE = "agreeing-an-amends-plan"


def _released_data_dir(tmp_path: Path) -> Vaults:
    data = tmp_path / "data"
    shutil.copytree(RELEASE_0_1_0, data)
    paths.set_data_dir(data)
    return Vaults(paths.profiles_dir())


def test_answers_shared_only_by_a_reveal_become_private_again(tmp_path: Path) -> None:
    """A 0.1.0 vault: what the reveal marked shared is revealed and private; a ticked Share
    box on a solo answer stays shared; the copies in the partner's vault are untouched."""
    vaults = _released_data_dir(tmp_path)
    with vaults.open("Alex") as alex:
        copies = {
            a.step_id
            for a in alex.store.partner_answers_for(PAIR_EXERCISE)
            if a.partner_name == "Sam"
        }
        alex_answers = alex.store.answers_for(PAIR_EXERCISE)
    with vaults.open("Sam", SAM_PASSPHRASE) as sam:
        answers = sam.store.answers_for(PAIR_EXERCISE)
        solo = sam.store.answers_for("naming-what-happened")
    assert copies, "the fixture holds answers Sam revealed to Alex"
    assert {k for k, a in answers.items() if a.revealed} == copies
    assert not any(a.shared for a in answers.values())
    held = set(answers) - copies
    assert held, "the fixture holds an answer Sam kept back"
    assert not any(answers[k].revealed for k in held)
    assert [k for k, a in solo.items() if a.shared] != []
    assert [a.shared for a in solo.values()].count(True) == 1
    assert alex_answers and all(a.revealed and not a.shared for a in alex_answers.values())


def test_the_person_is_told_once_how_many_answers_changed(tmp_path: Path) -> None:
    """The migration leaves one notice naming the count; taking it forgets it."""
    vaults = _released_data_dir(tmp_path)
    with vaults.open("Sam", SAM_PASSPHRASE) as sam:
        revealed = sum(a.revealed for a in sam.store.answers_for(PAIR_EXERCISE).values())
        first = take_notices(sam.store)
        again = take_notices(sam.store)
    assert len(first) == 1
    assert f"({revealed})" in first[0].text
    assert "Nothing was sent anywhere" in first[0].text
    assert again == []
    with vaults.open("Sam", SAM_PASSPHRASE) as sam:
        assert take_notices(sam.store) == []
    with vaults.open("Dr Lee") as lee:
        assert take_notices(lee.store) == []
