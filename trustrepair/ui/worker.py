"""Slow work (key derivation, export, import) off the GUI thread, results back by signal.

Argon2id takes up to a second with the memory it is given; a window that froze for that
long would feel broken. :func:`run_task` runs a plain function in the thread pool and
delivers its result (or its exception) as signals of a :class:`Task` that lives on the GUI
thread, so every slot connected to them runs on the GUI thread too.

Vault connections are opened with ``check_same_thread=False`` (see ``storage/cipher.py``), so
a vault opened in the worker may be used by the window afterwards; the window never touches
the same vault while a task for it runs (its inputs are disabled, dialogs are modal).
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from trustrepair.errors import StorageError, UserFacingError, disk_reason
from trustrepair.i18n import tr

log = logging.getLogger(__name__)

_running: weakref.WeakSet[Task] = weakref.WeakSet()


class Cancelled(Exception):
    """Raised inside a task's work when the person cancelled it (nothing half-done is kept)."""


class Task(QObject):
    """One piece of work in the thread pool, observed from the GUI thread.

    Signals are emitted on the GUI thread. A :class:`UserFacingError` (or a disk fault, put in
    words) arrives through :attr:`failed`; anything else is a bug and is raised again on the
    GUI thread (so the crash handler sees it) after :attr:`finished`.
    """

    succeeded = Signal(object)
    """The work's return value."""
    failed = Signal(object)
    """The :class:`UserFacingError` the work raised."""
    cancelled = Signal()
    """The person cancelled and the work stopped."""
    progressed = Signal(int, int)
    """(done, total) reported by the work."""
    finished = Signal()
    """Emitted last, whatever happened."""

    _result = Signal(object, object)  # (value, exception) from the worker thread
    _progress = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self.running = False
        self._result.connect(self._deliver)
        self._progress.connect(self.progressed)

    # ------------------------------------------------------------------ worker side
    def report(self, done: int, total: int) -> None:
        """A ``progress(done, total)`` callback for the work; raises :class:`Cancelled`."""
        if self._cancel.is_set():
            raise Cancelled
        self._progress.emit(done, total)

    # ------------------------------------------------------------------ GUI side
    def cancel(self) -> None:
        """Ask the work to stop at its next progress report."""
        self._cancel.set()

    @Slot(object, object)
    def _deliver(self, value: Any, error: BaseException | None) -> None:
        self.running = False
        _running.discard(self)
        try:
            if isinstance(error, Cancelled):
                self.cancelled.emit()
            elif isinstance(error, UserFacingError):
                self.failed.emit(error)
            elif error is None:
                self.succeeded.emit(value)
        finally:
            # No deleteLater() here: deleting the sender while PySide still holds the slots
            # connected to it (lambdas) corrupts memory. A finished task is a small child of
            # its parent and goes with it.
            self.finished.emit()
        if error is not None and not isinstance(error, Cancelled | UserFacingError):
            raise error


SWITCH_INTERVAL_S = 0.0005
"""How long a thread may keep the interpreter while another waits for it, while background
work runs (Python's default is 5 ms)."""


class CollectorPause:
    """While background work runs, the window gets the interpreter back quickly.

    Two things keep the interpreter lock from the GUI thread while a worker thread is busy:
    a full garbage collection walks every object the program holds in one call (with a long
    history loaded for an export or a summary, 100–200 ms in which the window can neither
    paint nor take a key), so the cyclic collector waits (the work builds and drops acyclic
    data, freed as it goes by reference counting); and each time the GUI thread runs Python
    (every slot, event filter and override while a progress window appears) it waits up to
    the switch interval for the lock, so that interval is shortened. Both are put back when
    the last piece of work ends.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_enabled = False
        self._interval = 0.005

    def __enter__(self) -> None:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
                self._interval = sys.getswitchinterval()
                sys.setswitchinterval(min(self._interval, SWITCH_INTERVAL_S))
            self._running += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0:
                sys.setswitchinterval(self._interval)
                if self._was_enabled:
                    gc.enable()


collector_paused = CollectorPause()


def _run(task: Task, work: Callable[[], Any]) -> None:
    try:
        with collector_paused:
            value = work()
    except BaseException as exc:  # delivered to the GUI thread, never lost
        task._result.emit(None, _as_said(exc))
    else:
        task._result.emit(value, None)


def _as_said(exc: BaseException) -> BaseException:
    """A disk fault the work did not put in words is still no bug: one plain sentence."""
    if isinstance(exc, UserFacingError):
        return exc
    why = disk_reason(exc)
    if why is None:
        return exc
    error = StorageError(tr("This could not be done: {why}.").format(why=why))
    error.__cause__ = exc
    return error


def pool() -> QThreadPool:
    """The pool tasks run in."""
    return QThreadPool.globalInstance()


def run_task(parent: QObject, work: Callable[[], Any]) -> Task:
    """Start ``work()`` in the thread pool; connect to the returned task's signals at once.

    The signals are delivered through the event loop, so connecting right after this call
    never misses one.
    """
    task = Task(parent)
    task.running = True
    _running.add(task)
    pool().start(lambda: _run(task, work))
    return task


def run_task_with_progress(parent: QObject, work: Callable[[Task], Any]) -> Task:
    """Like :func:`run_task`, but ``work`` gets the task (for :meth:`Task.report`)."""
    task = Task(parent)
    task.running = True
    _running.add(task)
    pool().start(lambda: _run(task, lambda: work(task)))
    return task


def cancel_all() -> None:
    """Ask every running task that reports progress to stop (before a lock closes the vault)."""
    for task in list(_running):
        task.cancel()


def wait_for_all(msecs: int = 10_000) -> bool:
    """Wait for running tasks (before locking, or when the window closes); True if all ended."""
    return bool(pool().waitForDone(msecs))
