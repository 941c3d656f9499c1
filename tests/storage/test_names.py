"""The profile names the first screen lists, read from vault.json alone."""

from __future__ import annotations

from pathlib import Path

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.vaults import Vaults
from trustrepair.storage.meta import META_FILE
from trustrepair.storage.names import list_profiles


def test_lists_the_same_profiles_as_vaults(vaults: Vaults):
    """Names, folders and passphrase flags match what Vaults.list() reports, sorted by name."""
    for name, passphrase in (("zoe", None), ("Adam", "a long passphrase here")):
        vaults.create(ProfileInfo(name, Track.HURT, Relationship.ROMANTIC), passphrase).close()
    light = [(r.name, r.folder, r.has_passphrase) for r in list_profiles(vaults.root)]
    full = [(r.name, r.folder, r.has_passphrase) for r in vaults.list()]
    assert (
        light
        == full
        == [
            ("Adam", full[0][1], True),
            ("zoe", full[1][1], False),
        ]
    )


def test_skips_damaged_metadata_and_missing_root(vaults: Vaults, tmp_path: Path):
    """A damaged vault.json is left out (not an error); a missing folder lists nothing."""
    vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None).close()
    damaged = vaults.root / "0badc0de"
    damaged.mkdir()
    (damaged / META_FILE).write_text("{not json", encoding="utf-8")
    assert [r.name for r in list_profiles(vaults.root)] == ["Sam"]
    assert list_profiles(tmp_path / "nowhere") == []
