"""Qt-free lock policy: idle auto-lock, lock now, and a growing pause after wrong passphrases.

The window drives these with a timer and its own event filter; the CLI uses the throttle only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar

from trustrepair.errors import UserFacingError
from trustrepair.i18n import ngettext
from trustrepair.services import profile_settings

Clock = Callable[[], float]

AUTO_LOCK_SETTING = "auto_lock_minutes"  # its range: trustrepair.formats.settings
DEFAULT_AUTO_LOCK_MINUTES = 10


class TooManyAttempts(UserFacingError):
    """A passphrase was tried again before the pause after wrong attempts has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            ngettext(
                "Please wait {n} second before trying again.",
                "Please wait {n} seconds before trying again.",
                max(1, round(seconds)),
            ).format(n=max(1, round(seconds)))
        )


class AttemptThrottle:
    """Attempts → pause: after n wrong tries wait 0, 0, 1, 2, 4, 8 … seconds (capped).

    Counted per key (e.g. a vault folder), in this process only; nothing is written to disk.
    """

    free_attempts: ClassVar[int] = 2
    base_seconds: ClassVar[float] = 1.0
    cap_seconds: ClassVar[float] = 30.0

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._last_failure: dict[str, float] = {}

    @classmethod
    def delay_after(cls, failures: int) -> float:
        """The pause owed after ``failures`` wrong attempts in a row."""
        if failures <= cls.free_attempts:
            return 0.0
        return float(
            min(cls.cap_seconds, cls.base_seconds * 2 ** (failures - cls.free_attempts - 1))
        )

    def failures(self, key: str) -> int:
        """Wrong attempts in a row for ``key``."""
        return self._failures.get(key, 0)

    def wait_seconds(self, key: str) -> float:
        """How long until ``key`` may be tried again (0 if now)."""
        failures = self.failures(key)
        if not failures:
            return 0.0
        elapsed = self._clock() - self._last_failure[key]
        return max(0.0, self.delay_after(failures) - elapsed)

    def check(self, key: str) -> None:
        """Raise :class:`TooManyAttempts` if ``key`` is still paused."""
        seconds = self.wait_seconds(key)
        if seconds > 0:
            raise TooManyAttempts(seconds)

    def failed(self, key: str) -> float:
        """Record a wrong attempt; returns the pause now owed."""
        self._failures[key] = self.failures(key) + 1
        self._last_failure[key] = self._clock()
        return self.delay_after(self._failures[key])

    def succeeded(self, key: str) -> None:
        """Forget the wrong attempts for ``key``."""
        self._failures.pop(key, None)
        self._last_failure.pop(key, None)


class IdleLock:
    """Locks after ``minutes`` without activity (None or 0: never), or on demand.

    The window calls :meth:`touch` on user input, :meth:`check` from a timer, and
    :meth:`lock_now` for "lock now" and quick-hide. ``on_lock`` (typically ``OpenVault.close``
    plus switching to the lock screen) runs at most once per unlock.
    """

    def __init__(
        self, minutes: float | None, on_lock: Callable[[], None], clock: Clock = time.monotonic
    ) -> None:
        self._clock = clock
        self._on_lock = on_lock
        self.minutes = minutes
        self._last_activity = clock()
        self.locked = False

    def touch(self) -> None:
        """Record activity: the idle countdown starts again."""
        self._last_activity = self._clock()

    def seconds_left(self) -> float | None:
        """Seconds until the auto-lock, or None if auto-lock is off (or already locked)."""
        if self.locked or not self.minutes:
            return None
        return max(0.0, self.minutes * 60 - (self._clock() - self._last_activity))

    def check(self) -> bool:
        """Lock if idle for long enough; returns whether it locked now."""
        left = self.seconds_left()
        if left is not None and left <= 0:
            self.lock_now()
            return True
        return False

    def lock_now(self) -> None:
        """Lock immediately (idempotent)."""
        if self.locked:
            return
        self.locked = True
        self._on_lock()

    def unlocked(self, on_lock: Callable[[], None] | None = None) -> None:
        """Start watching again after the person unlocked (optionally a new vault's close)."""
        if on_lock is not None:
            self._on_lock = on_lock
        self.locked = False
        self.touch()


def auto_lock_minutes(store: Any) -> float | None:
    """The profile's auto-lock setting (minutes; None = never), from a VaultStore.

    A stored value out of range gives the default (and a notice), never an error.
    """
    value = profile_settings.get(store, AUTO_LOCK_SETTING, DEFAULT_AUTO_LOCK_MINUTES)
    return float(value) if value else None


def set_auto_lock_minutes(store: Any, minutes: float | None) -> None:
    """Store the profile's auto-lock setting (None or 0 = never)."""
    store.set_setting(AUTO_LOCK_SETTING, minutes if minutes and minutes > 0 else None)
