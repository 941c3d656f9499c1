"""The startup floor: a bare PySide6 QMainWindow shown in a fresh process, then quit.

Prints the markers the real app prints under ``TRUSTREPAIR_BENCH_EXIT_WHEN_IDLE=1``, at the
same moments (just after the first frame was painted and flushed, through the same zero timer
set in ``paintEvent``), with the peak memory so far, so ``run.py`` times both processes the
same way (spawn to marker) and reads their memory at the same point. A bare window has no
warm-up: its "warm" marker follows at once.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow

MARKER = "TRUSTREPAIR_BENCH_IDLE"
WARM_MARKER = "TRUSTREPAIR_BENCH_WARM"


def peak_rss_kib() -> int:
    """This process's peak resident memory so far, in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


class Window(QMainWindow):
    """An empty main window that reports its first paint."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self, self.report)

    def report(self) -> None:
        print(MARKER, peak_rss_kib(), flush=True)
        print(WARM_MARKER, peak_rss_kib(), flush=True)
        self.app.quit()


def main() -> int:
    """Show an empty main window; after the first paint, print the markers and quit."""
    app = QApplication(sys.argv)
    window = Window(app)
    window.resize(1000, 720)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
