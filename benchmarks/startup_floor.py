"""The startup floor: a bare PySide6 QMainWindow shown in a fresh process, then quit when idle.

Prints the same marker the real app prints under ``TRUSTREPAIR_BENCH_EXIT_WHEN_IDLE=1``, so
``run.py`` times both processes the same way (spawn to marker) and reads their peak RSS.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

MARKER = "TRUSTREPAIR_BENCH_IDLE"


def main() -> int:
    """Show an empty main window; after the first paint, print the marker and quit."""
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1000, 720)
    window.show()

    def idle() -> None:
        print(MARKER, flush=True)
        app.quit()

    QTimer.singleShot(0, idle)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
