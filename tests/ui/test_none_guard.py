"""The guard against PySide6 6.12's over-release of None on Python 3.11 covers every Qt path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


def test_the_app_bootstrap_installs_the_guard() -> None:
    """Importing the window's bootstrap installs the guard before any window exists."""
    result = _run(
        "import sys\n"
        "import trustrepair.app\n"
        "assert sys.version_info >= (3, 12) or sys.getrefcount(None) > 1 << 40\n"
    )
    assert result.returncode == 0, result.stderr[-2000:]
