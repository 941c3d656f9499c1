"""The guard against PySide6 6.12's over-release of None, True and False on Python 3.11.

Each check runs in a fresh interpreter, so an abort fails the test instead of ending pytest.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trustrepair.ui import protect_singleton_refcounts

ROOT = Path(__file__).resolve().parents[2]
QUIT_AFTER_TYPING = Path(__file__).with_name("quit_after_typing.py")
GUARDED = sys.version_info < (3, 12)  # 3.12 made the singletons immortal: nothing to guard


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=120,
    )


def test_many_void_qt_calls_after_importing_the_ui_package() -> None:
    """Tens of thousands of void Qt calls no longer abort the interpreter."""
    result = _run(
        "import trustrepair.ui\n"
        "from PySide6.QtCore import QObject\n"
        "o = QObject()\n"
        "for _ in range(50_000):\n"
        "    o.setObjectName('x')\n"
        "print('ok')\n"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_many_signal_emits_after_importing_the_ui_package() -> None:
    """Each emit() and disconnect() returns True unowned; tens of thousands no longer abort."""
    result = _run(
        "import sys, trustrepair.ui\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "class Source(QObject):\n"
        "    changed = Signal(object)\n"
        "source = Source()\n"
        "def slot(value): pass\n"
        "before = sys.getrefcount(True)\n"
        "for n in range(50_000):\n"
        "    source.changed.emit(n % 2 == 0)\n"
        "    source.changed.connect(slot)\n"
        "    source.changed.disconnect(slot)\n"
        "print('ok', before - sys.getrefcount(True))\n"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[0] == "ok"


def test_the_app_bootstrap_installs_the_guard() -> None:
    """Importing the window's bootstrap installs the guard before any window exists."""
    result = _run(
        "import sys\n"
        "import trustrepair.app\n"
        "floor = 1 << 40\n"
        "counts = [sys.getrefcount(x) for x in (None, True, False)]\n"
        "assert sys.version_info >= (3, 12) or min(counts) > floor, counts\n"
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_guard_is_idempotent() -> None:
    """Calling the guard again never lowers a count, and leaves each far above any use."""
    protect_singleton_refcounts()
    before = [sys.getrefcount(x) for x in (None, True, False)]
    protect_singleton_refcounts()
    after = [sys.getrefcount(x) for x in (None, True, False)]
    assert all(a >= b - 2 for a, b in zip(after, before, strict=True))
    assert not GUARDED or min(after) > 1 << 40


@pytest.mark.slow
def test_quitting_right_after_typing_never_aborts(tmp_path: Path) -> None:
    """Type into an exercise in the real window, Ctrl+Q at once: a clean exit, every time."""
    runs = [
        subprocess.Popen(
            [sys.executable, str(QUIT_AFTER_TYPING), str(tmp_path / f"run{n}"), "300"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={
                "QT_QPA_PLATFORM": "offscreen",
                "PATH": "/usr/bin:/bin",
                "HOME": str(tmp_path / "home"),
            },
        )
        for n in range(3)
    ]
    for run in runs:
        stdout, stderr = run.communicate(timeout=120)
        assert "Fatal Python error" not in stderr, stderr[-2000:]
        assert run.returncode == 0, stderr[-2000:]
        assert stdout.strip() == "typed 300"
