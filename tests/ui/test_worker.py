"""Background work: results, kind errors and cancellation come back on the GUI thread."""

from __future__ import annotations

import gc
import sys
import threading

import pytest
from PySide6.QtCore import QObject

from trustrepair.errors import UserFacingError
from trustrepair.ui.worker import (
    SWITCH_INTERVAL_S,
    Cancelled,
    Task,
    collector_paused,
    run_task,
    run_task_with_progress,
)


def test_result_arrives_on_the_gui_thread(qtbot):
    """The work runs in another thread; its value is delivered on the GUI thread."""
    owner = QObject()
    threads: list[threading.Thread] = []
    delivered: list[threading.Thread] = []
    task = run_task(owner, lambda: threads.append(threading.current_thread()) or 42)
    task.succeeded.connect(lambda _value: delivered.append(threading.current_thread()))
    with qtbot.waitSignal(task.succeeded) as signal:
        pass
    assert signal.args == [42]
    assert threads[0] is not threading.main_thread()
    assert delivered == [threading.main_thread()]


def test_user_facing_error_is_delivered_not_raised(qtbot):
    """A kind error (wrong passphrase, damaged file) arrives through ``failed``."""
    owner = QObject()

    def work() -> None:
        raise UserFacingError("plain words")

    task = run_task(owner, work)
    with qtbot.waitSignal(task.failed) as signal:
        pass
    assert str(signal.args[0]) == "plain words"


def test_cancel_stops_at_the_next_report(qtbot):
    """Cancelling makes the work's next progress report stop it."""
    owner = QObject()
    started = threading.Event()
    go_on = threading.Event()
    reached: list[int] = []

    def work(task: Task) -> None:
        task.report(1, 3)
        started.set()
        go_on.wait(5)
        task.report(2, 3)
        reached.append(2)

    task = run_task_with_progress(owner, work)
    assert started.wait(5)
    task.cancel()
    go_on.set()
    with qtbot.waitSignal(task.cancelled):
        pass
    assert reached == []


def test_cancelled_is_an_exception_for_the_work():
    """Cancelled is an ordinary exception, so transactions roll back on it."""
    assert issubclass(Cancelled, Exception)
    with pytest.raises(Cancelled):
        raise Cancelled


def test_the_collector_waits_while_work_runs_and_comes_back_after(qtbot):
    """A full garbage collection holds the interpreter lock: none runs while a task does; the
    collector is on again once the last task has ended (as it was before)."""
    assert gc.isenabled()
    owner = QObject()
    seen: list[tuple[bool, float]] = []
    interval = sys.getswitchinterval()
    task = run_task(owner, lambda: seen.append((gc.isenabled(), sys.getswitchinterval())))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen == [(False, SWITCH_INTERVAL_S)]
    assert gc.isenabled() and sys.getswitchinterval() == interval
    with collector_paused, collector_paused:
        assert not gc.isenabled()
    assert gc.isenabled()
