"""The Qt-free lock policy: growing pauses after wrong passphrases, idle auto-lock."""

from __future__ import annotations

import pytest

from trustrepair.services.lock import (
    AttemptThrottle,
    IdleLock,
    TooManyAttempts,
    auto_lock_minutes,
    set_auto_lock_minutes,
)
from trustrepair.storage.store import VaultStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_delays_grow_and_are_capped() -> None:
    """Attempts → 0, 0, 1, 2, 4, 8 … seconds, never more than 30."""
    assert [AttemptThrottle.delay_after(n) for n in range(1, 8)] == [0, 0, 1, 2, 4, 8, 16]
    assert AttemptThrottle.delay_after(50) == 30


def test_throttle_waits_then_allows_and_resets() -> None:
    """After three failures one second must pass; success forgets the count."""
    clock = Clock()
    throttle = AttemptThrottle(clock)
    for _ in range(3):
        throttle.failed("v")
    with pytest.raises(TooManyAttempts):
        throttle.check("v")
    clock.now += 1.0
    throttle.check("v")
    throttle.succeeded("v")
    assert throttle.failures("v") == 0 and throttle.wait_seconds("v") == 0


def test_idle_lock_fires_once_after_the_idle_time() -> None:
    """Auto-lock happens after the configured idle minutes; activity postpones it."""
    clock = Clock()
    locked: list[bool] = []
    idle = IdleLock(2, lambda: locked.append(True), clock)
    clock.now += 100
    idle.touch()
    clock.now += 119
    assert not idle.check()
    clock.now += 1
    assert idle.check()
    assert not idle.check()
    assert locked == [True]
    idle.unlocked()
    assert idle.seconds_left() == 120


def test_idle_lock_off_and_lock_now() -> None:
    """With no idle time it never auto-locks, but lock now (quick-hide) still locks."""
    clock = Clock()
    locked: list[bool] = []
    idle = IdleLock(None, lambda: locked.append(True), clock)
    clock.now += 10**6
    assert not idle.check() and idle.seconds_left() is None
    idle.lock_now()
    idle.lock_now()
    assert locked == [True]


def test_auto_lock_setting_is_per_profile(store: VaultStore) -> None:
    """The idle minutes live in the profile's settings; default 10, None means never."""
    assert auto_lock_minutes(store) == 10
    set_auto_lock_minutes(store, 3)
    assert auto_lock_minutes(store) == 3
    set_auto_lock_minutes(store, None)
    assert auto_lock_minutes(store) is None
