"""What lets the window appear before the heavy modules are imported.

The first screen needs profile names only. :class:`LazyVaults` lists them from the plaintext
``vault.json`` files and imports the real :class:`~trustrepair.services.vaults.Vaults`
(SQLCipher, cryptography, sqlite-utils) the first time anything else is asked of it, which
is usually inside the unlock task, off the GUI thread. :class:`Once` makes a value (the
exercise library) once, from whichever thread asks first; the others wait for that result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from trustrepair.storage.names import ProfileName, list_profiles

if TYPE_CHECKING:
    from trustrepair.services.vaults import OpenVault, Vaults

T = TypeVar("T")

import_lock = threading.RLock()
"""Held while a background thread imports heavy modules, one module (or the library) at a time.

Two threads importing the same packages at once can see each other's half-initialised
modules where those packages import in a cycle; taking turns avoids that. The GUI thread
never waits on it: only the warm-up and the tasks that open vaults take it.
"""


class LazyVaults:
    """The profiles below one folder: names at once, the real :class:`Vaults` on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._vaults: Vaults | None = None
        self._lock = threading.Lock()

    def list(self) -> list[ProfileName]:
        """Every profile by name, from the plaintext metadata (imports nothing heavy)."""
        return list_profiles(self.root)

    @property
    def loaded(self) -> bool:
        """Whether the real :class:`Vaults` exists yet."""
        return self._vaults is not None

    @property
    def real(self) -> Vaults:
        """The real :class:`Vaults` (imported and made on first use, from any thread)."""
        with self._lock:
            if self._vaults is None:
                with import_lock:
                    from trustrepair.services.vaults import Vaults

                self._vaults = Vaults(self.root)
            return self._vaults

    def open_with_recovery_key(self, name: str, recovery_key: str) -> OpenVault:
        """See :meth:`Vaults.open_with_recovery_key` (defined here so ``hasattr`` is cheap)."""
        return self.real.open_with_recovery_key(name, recovery_key)

    def __getattr__(self, name: str) -> Any:
        # Only reached for what is not defined above: everything else is the real Vaults'.
        if name.startswith("__") or name in ("_vaults", "_lock", "root"):
            raise AttributeError(name)
        return getattr(self.real, name)


def lazy_vaults(root: Path) -> Vaults:
    """A :class:`LazyVaults` for ``root``, typed as the :class:`Vaults` it stands in for."""
    return cast("Vaults", LazyVaults(root))


class Once(Generic[T]):
    """A value made by ``make()`` the first time it is asked for, from any thread.

    A second thread asking while the first is still making it waits for that result instead
    of making its own. If ``make`` raises, the next :meth:`get` tries again.
    """

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._value: T | None = None
        self._ready = False
        self._lock = threading.Lock()

    @classmethod
    def of(cls, value: T) -> Once[T]:
        """A :class:`Once` that already holds ``value``."""
        once = cls(lambda: value)
        once._value, once._ready = value, True
        return once

    @property
    def ready(self) -> bool:
        """Whether the value has been made."""
        return self._ready

    def get(self) -> T:
        """The value, made now if nobody has made it yet."""
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self._value = self._make()
                    self._ready = True
        return cast(T, self._value)
