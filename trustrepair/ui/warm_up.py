"""After the first paint: load the library and import the heavy modules, off the GUI thread.

The person can type meanwhile: the thread gives the GUI thread the interpreter every few
milliseconds. Whatever is needed before it is done is loaded where it is needed (the library
is a :class:`~trustrepair.services.startup.Once`, made by whichever thread asks first).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from trustrepair.services.startup import import_lock
from trustrepair.ui.screens import SCREENS

if TYPE_CHECKING:
    from trustrepair.content.library import Library
    from trustrepair.services.startup import Once

log = logging.getLogger(__name__)

WARM_UP_MODULES = (
    "trustrepair.services.vaults",
    "trustrepair.services.counsel",
    *(entry.module for entry in SCREENS),
    "trustrepair.ui.counsel_actions",
    "trustrepair.ui.vault_actions",
    "trustrepair.ui.dialogs.help_dialog",
)
"""Imported after the exercise library, in this order: every registered screen among them."""


class WarmUp(QObject):
    """One background thread that warms up, then reports on the GUI thread."""

    done = Signal(object)
    """None, or the exception the thread met (emitted on the GUI thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None

    def start(self, library: Once[Library]) -> None:
        """Start the thread (once; later calls do nothing)."""
        if self._thread is not None:
            return
        done = self.done

        def work() -> None:
            error: BaseException | None = None
            try:
                with import_lock:
                    library.get()
                for name in WARM_UP_MODULES:
                    with import_lock:
                        importlib.import_module(name)
            except BaseException as exc:  # not fatal: loaded again where it is needed
                log.warning("warming up failed", exc_info=exc)
                error = exc
            with contextlib.suppress(RuntimeError):  # the window is gone already
                done.emit(error)

        self._thread = threading.Thread(target=work, name="trustrepair-warm-up", daemon=True)
        self._thread.start()

    def join(self) -> None:
        """Wait for the thread, if it was started (the window is closing)."""
        if self._thread is not None:
            self._thread.join()
