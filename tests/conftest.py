"""Shared fixtures: every test gets its own data dir; nothing touches a real home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from trustrepair import paths
from trustrepair.content.library import Library, load_library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.resources import exercises_root
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.storage.keys import OWASP_MINIMUM_KDF
from trustrepair.storage.store import VaultStore


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data dir per test, via the same override the CLI's --data-dir uses."""
    path = tmp_path / "data"
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(path))
    monkeypatch.delenv("TRUSTREPAIR_PASSPHRASE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    paths.set_data_dir(None)
    yield path
    paths.set_data_dir(None)


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Vaults made in tests use OWASP's minimum Argon2id cost (real vaults use more)."""
    monkeypatch.setattr(Vaults, "kdf", OWASP_MINIMUM_KDF)


_LIBRARY: Library | None = None


@pytest.fixture
def library() -> Library:
    """The shipped library (loaded once per session; it is immutable)."""
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = load_library([exercises_root()])
    return _LIBRARY


@pytest.fixture
def vaults(data_dir: Path) -> Vaults:
    """The profiles of the test's data dir."""
    return Vaults(paths.profiles_dir())


@pytest.fixture
def vault(vaults: Vaults) -> Iterator[OpenVault]:
    """An open vault for a person who was hurt by a partner (no passphrase, for speed)."""
    opened = vaults.create(
        ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC, "a private description"),
        passphrase=None,
    )
    yield opened
    opened.close()


@pytest.fixture
def counsellor(vaults: Vaults) -> Iterator[OpenVault]:
    """An open counsellor profile."""
    opened = vaults.create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    )
    yield opened
    opened.close()


@pytest.fixture
def store(vault: OpenVault) -> VaultStore:
    """The store of the test vault."""
    return vault.store
