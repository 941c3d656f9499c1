"""Bootstrap only: logging, the crash handler, the QApplication, the theme, and the window.

Start-up budget: the first screen is shown from light modules only: Qt, paths,
resources, i18n and the profile names in each ``vault.json``. The exercise library,
pydantic, SQLCipher, cryptography, sqlite-utils and Jinja2 are imported after the first paint
(see :meth:`trustrepair.ui.main_window.MainWindow.warm_up`) or where they are first needed.
``tests/test_startup_imports.py`` checks this.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING

# The Qt-free modules the first screen needs are imported before PySide6: once imported,
# PySide reads the source of each module imported after it, looking for "PySide6" (its
# ``__feature__`` hook), ≈ 0.1 ms a module. ``# isort: split`` keeps this order.
from trustrepair import __version__, paths, resources
from trustrepair.i18n import N_, tr, translated
from trustrepair.services import notifier
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.startup import LazyVaults

# isort: split
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from trustrepair.ui import clipboard, theme
from trustrepair.ui.main_window import MainWindow

if TYPE_CHECKING:
    from trustrepair.content.library import Library

log = logging.getLogger(__name__)

LOG_FILE = "trustrepair.log"
BENCH_EXIT_WHEN_IDLE = "TRUSTREPAIR_BENCH_EXIT_WHEN_IDLE"
"""Benchmarks only: with this set to 1, print :data:`BENCH_IDLE_MARKER` once the first frame
is on the screen, let the warm-up run as it always does, print :data:`BENCH_WARM_MARKER` when
it is done, and quit (``benchmarks/run.py`` times start-up and reads memory so)."""
BENCH_IDLE_MARKER = "TRUSTREPAIR_BENCH_IDLE"
BENCH_WARM_MARKER = "TRUSTREPAIR_BENCH_WARM"
_window = None  # the one main window, for the crash handler


def log_path() -> str:
    """Where warnings and crash reports go (never answer text)."""
    return str(paths.data_dir() / LOG_FILE)


class LogFile(logging.Handler):
    """A small rotating log file, opened at the first record.

    ``logging.handlers`` (sockets, pickle, queues) is imported then too: most runs log nothing,
    and start-up should not pay for it.
    """

    def __init__(self, path: str) -> None:
        super().__init__(logging.WARNING)
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        """Write one record (through a :class:`logging.handlers.RotatingFileHandler`)."""
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            # Made private before the handler opens it (in append mode, which keeps the mode).
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
            self._file = RotatingFileHandler(
                self.path, maxBytes=512_000, backupCount=2, encoding="utf-8"
            )
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        """Close the file, if it was opened."""
        if self._file is not None:
            self._file.close()
        super().close()


def setup_logging() -> None:
    """Warnings and errors to a small rotating file in the data dir; nothing else, anywhere."""
    handler = LogFile(log_path())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    root.addHandler(handler)


def crash_report(kind: type[BaseException], tb: TracebackType | None) -> str:
    """Where the bug happened: the exception's type and the code frames, never its message.

    A message could quote what someone typed (``ValueError: invalid literal ... 'my words'``),
    so it stays out of the log; the frames name only our code and line numbers.
    """
    import traceback

    frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
    return f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}"


DISK_FAULT = N_(
    "That could not be done: {why}. Nothing you saved before was lost; please make some room "
    "on the disk (or check it) and try again."
)


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """A bug: save what can be saved, log the traceback, tell the person plainly."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    saved = True
    if _window is not None:
        saved = _window.flush_all()
    from trustrepair.errors import disk_reason

    why = disk_reason(error)
    if why is not None:  # a full or read-only disk met where no action expected it: no bug
        log.warning("a disk fault reached the window: %s", kind.__name__)
        notifier.warning(translated(DISK_FAULT).format(why=why), tr("Not done"))
        return
    log.error("unexpected error:\n%s", crash_report(kind, tb))
    from trustrepair.ui.dialogs.simple import CrashDialog

    try:
        CrashDialog.ask(_window, saved, log_path())
    except Exception:  # pragma: no cover - never let the crash handler crash
        log.exception("the crash dialog failed")


def load_content() -> Library:
    """The exercise library; files with problems are skipped and reported in the window.

    Unchanged files come from a parse cache in the data dir (see ``content/cache.py``): YAML
    parsing was most of the start-up time. Runs in the window's warm-up thread, or where the
    library is first needed if that comes sooner.
    """
    from trustrepair.content.cache import load_default_library

    library = load_default_library()
    if library.skipped:
        log.warning("%d exercise file(s) were skipped", len(library.skipped))
    return library


def _first_idle(app: QApplication, window: MainWindow) -> None:
    """The first frame is on the screen: now warm up the rest (in the background).

    Nothing that competes with the first frame for the interpreter starts before it. Under
    :data:`BENCH_EXIT_WHEN_IDLE` the benchmark's markers are printed (with the peak memory
    so far), and the program quits once warmed up, so the benchmark sees both moments.
    """
    if os.environ.get(BENCH_EXIT_WHEN_IDLE) == "1":
        print(BENCH_IDLE_MARKER, _peak_rss_kib(), flush=True)

        def warm() -> None:
            print(BENCH_WARM_MARKER, _peak_rss_kib(), flush=True)
            app.quit()

        window.warmed_up.connect(warm)
    clipboard.watch()  # what the program copies from now on is taken back when it locks
    window.warm_up()


def _peak_rss_kib() -> int:
    """This process's peak resident memory so far, in KiB (benchmarks only; 0 if unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


WINDOW_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""The sizes of ``resources/icons/trustrepair-N.png``, drawn from ``trustrepair.svg``."""


def window_icon() -> QIcon:
    """The program's icon, from ready-drawn PNGs: an SVG icon would load Qt's SVG module and
    its plugin before the first frame (≈ 4 MiB and a few milliseconds)."""
    icon = QIcon()
    for size in WINDOW_ICON_SIZES:
        icon.addFile(str(resources.path_of("icons", f"trustrepair-{size}.png")))
    return icon


def main() -> int:
    """Run the window until it closes; returns the exit code."""
    global _window
    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("trustrepair")
    app.setApplicationDisplayName(tr("trustrepair"))
    app.setOrganizationName("trustrepair")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("trustrepair")
    app.setWindowIcon(window_icon())
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0))
    app.setFont(font)
    settings = AppSettings(paths.settings_file())
    theme.start(app, settings.get("theme"))
    sys.excepthook = excepthook

    window = MainWindow(LazyVaults(paths.profiles_dir()), load_content, settings)
    _window = window
    window.show()
    for notice in settings.notices:  # a settings file that could not be used: defaults, said so
        notifier.status(notice)
    # ``__main__`` turned the cyclic collector off for start-up. What start-up made lives as
    # long as the window: freeze it, so later collections (while someone types) skip it.
    gc.freeze()
    gc.enable()
    # Ask for keyboard focus: a window manager would give it anyway, but on a bare X server
    # (kiosk set-ups, Xvfb) the window otherwise never becomes active and no shortcut works.
    if app.platformName() not in ("offscreen", "minimal"):  # they have no windows to raise
        window.raise_()
        window.activateWindow()
    window.after_first_paint(lambda: _first_idle(app, window))
    try:
        return app.exec()
    finally:
        _window = None
        sys.excepthook = sys.__excepthook__
