"""The profile names the first screen lists, read from vault.json alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import StorageError
from trustrepair.services.vaults import Vaults
from trustrepair.storage.names import META_FILE, list_profiles


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


def test_lists_a_vault_whose_keys_are_damaged_and_opening_says_so(vaults: Vaults):
    """Only the header is read for the list; the damaged keys are reported when opening."""
    vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), None).close()
    folder = vaults.find("Sam").folder
    data = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    data["keys"] = "gone"
    (folder / META_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert [r.name for r in list_profiles(vaults.root)] == ["Sam"]
    with pytest.raises(StorageError, match="could not be read"):
        vaults.open("Sam", None)
