"""The light stand-ins that let the window show before the heavy modules are imported."""

from __future__ import annotations

import threading

import pytest

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import WrongPassphrase
from trustrepair.services.startup import LazyVaults, Once
from trustrepair.services.vaults import Vaults


def test_lazy_vaults_lists_without_the_real_vaults(vaults: Vaults):
    """Listing names does not make the real Vaults; opening does, and then behaves the same."""
    vaults.create(
        ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC), "a long passphrase"
    ).close()
    lazy = LazyVaults(vaults.root)
    assert [ref.name for ref in lazy.list()] == ["Sam"]
    assert not lazy.loaded
    with pytest.raises(WrongPassphrase):
        lazy.real.open("Sam", "not it at all")
    assert lazy.loaded
    lazy.real.open("Sam", "a long passphrase").close()
    assert lazy.real is lazy.real


def test_lazy_vaults_over_real_vaults_uses_them(vaults: Vaults):
    """A window given real Vaults (as tests give it) lists and opens through those very ones."""
    lazy = LazyVaults.over(vaults)
    assert lazy.loaded and lazy.real is vaults
    assert LazyVaults.over(lazy) is lazy


def test_once_makes_the_value_once_for_all_threads():
    """Threads asking at the same time share one result; a failure is tried again next time."""
    calls: list[int] = []
    gate = threading.Event()

    def make() -> str:
        calls.append(1)
        gate.wait(5)
        return "library"

    once = Once(make)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(once.get())) for _ in range(4)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join(5)
    assert results == ["library"] * 4 and calls == [1] and once.ready

    attempts: list[int] = []

    def flaky() -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("not yet")
        return 7

    retry = Once(flaky)
    with pytest.raises(OSError):
        retry.get()
    assert not retry.ready
    assert retry.get() == 7
    assert Once.of(3).ready and Once.of(3).get() == 3
