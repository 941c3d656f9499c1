"""What lets the window appear before the heavy modules are imported.

The first screen needs profile names only. :class:`LazyVaults` lists them from the plaintext
``vault.json`` files and imports the real :class:`~trustrepair.services.vaults.Vaults`
(SQLCipher, cryptography, sqlite-utils) only when a vault is to be opened. :class:`Once` makes
a value (the real vaults, the exercise library) once, from whichever thread asks first; the
others wait for that result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from trustrepair.errors import StorageError
from trustrepair.storage.names import ProfileName, list_profiles, named

if TYPE_CHECKING:
    from trustrepair.services.vaults import Vaults

T = TypeVar("T")

import_lock = threading.RLock()
"""Held while a background thread imports heavy modules, one module (or the library) at a time.

Two threads importing the same packages at once can see each other's half-initialised
modules where those packages import in a cycle; taking turns avoids that. The GUI thread
never waits on it: only the warm-up and the tasks that open vaults take it.
"""


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


class LazyVaults:
    """The profiles below one folder, as the first screen needs them.

    :meth:`list` reads their names from the plaintext ``vault.json`` files (nothing heavy);
    :attr:`real` is the :class:`~trustrepair.services.vaults.Vaults` that opens them, imported
    and made the first time it is asked for (usually inside the unlock task, off the GUI
    thread, or by the warm-up). The unlock and new-profile screens hold this; everything after
    them uses :attr:`real`.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real: Once[Vaults] = Once(self._make)

    @classmethod
    def over(cls, vaults: Vaults | LazyVaults) -> LazyVaults:
        """``vaults`` if it is a :class:`LazyVaults`, else one that holds this real ``Vaults``."""
        if isinstance(vaults, LazyVaults):
            return vaults
        lazy = cls(vaults.root)
        lazy._real = Once.of(vaults)
        return lazy

    def _make(self) -> Vaults:
        with import_lock:
            from trustrepair.services.vaults import Vaults
        return Vaults(self.root)

    def list(self) -> list[ProfileName]:
        """Every profile by name, from the plaintext metadata (imports nothing heavy)."""
        return list_profiles(self.root)

    def find(self, name: str) -> ProfileName:
        """The profile with this name (exact, then case-insensitive), from the metadata only.

        Raises:
            ProfileNotFound: there is no such profile.
        """
        found = named(self.list(), name)
        return found if found is not None else self.real.find(name)  # says there is none

    @property
    def loaded(self) -> bool:
        """Whether the real :class:`Vaults` exists yet."""
        return self._real.ready

    @property
    def real(self) -> Vaults:
        """The real :class:`Vaults` (imported and made on first use, from any thread)."""
        return self._real.get()


def unlock_soon(ref: ProfileName, passphrase: str) -> None:
    """Start deriving ``ref``'s key from ``passphrase`` in a thread, now.

    The command line calls this as soon as it has the passphrase, then imports what the verb
    needs while the key is derived on the other core; the open that follows takes the key
    (see :func:`trustrepair.storage.keys.derive_soon`). Nothing is checked here: the throttle
    and the key check happen in the open, as always.
    """
    from trustrepair.storage import keys
    from trustrepair.storage.meta import read_meta

    try:
        wrapped = read_meta(ref.folder).passphrase_wrap
    except StorageError:
        return  # the open says what is wrong
    if wrapped is not None:
        keys.derive_soon(wrapped, passphrase)
