"""The bootstrap: the crash handler saves first and logs no answer text; styles load."""

from __future__ import annotations

import logging
import os

import pytest

from trustrepair import app, resources


class _Window:
    def __init__(self) -> None:
        self.flushed = False

    def flush_all(self) -> bool:
        self.flushed = True
        return True


def test_crash_handler_flushes_then_tells_the_person(monkeypatch: pytest.MonkeyPatch, caplog):
    """An unexpected error saves pending answers first, logs where it happened (never the
    exception's message, which could quote what someone typed), shows the dialog."""
    from trustrepair.ui.dialogs.simple import CrashDialog

    window = _Window()
    shown = []
    monkeypatch.setattr(app, "_window", window)
    monkeypatch.setattr(
        CrashDialog, "ask", classmethod(lambda cls, parent, saved, path: shown.append(saved))
    )
    typed = "".join(["my pri", "vate words"])  # as if someone had typed it
    try:
        int(typed)
    except ValueError as error:
        with caplog.at_level(logging.ERROR):
            app.excepthook(ValueError, error, error.__traceback__)
    assert window.flushed
    assert shown == [True]
    assert "builtins.ValueError" in caplog.text
    assert "test_crash_handler_flushes_then_tells_the_person" in caplog.text
    assert "private words" not in caplog.text


def test_a_disk_fault_reaching_the_window_is_said_plainly_not_as_a_bug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full disk met where no action expected it: pending answers are saved first, then one
    plain warning naming the full disk; never the crash dialog."""
    import errno

    from trustrepair.services import notifier
    from trustrepair.ui.dialogs.simple import CrashDialog

    window = _Window()
    monkeypatch.setattr(app, "_window", window)
    monkeypatch.setattr(
        CrashDialog, "ask", classmethod(lambda cls, *a: pytest.fail("the crash dialog"))
    )
    said: list[notifier.Message] = []
    unsubscribe = notifier.subscribe(said.append)
    try:
        raise OSError(errno.ENOSPC, "No space left on device", "/data/vault.db")
    except OSError as error:
        app.excepthook(OSError, error, error.__traceback__)
    finally:
        unsubscribe()
    assert window.flushed
    [message] = said
    assert message.level is notifier.Level.WARNING
    assert "there is no room left on the disk" in message.text


def test_both_stylesheets_ship():
    """A light and a dark stylesheet are reachable through trustrepair.resources."""
    for name in ("light.qss", "dark.qss"):
        assert "QPushButton" in resources.read_text("styles", name)
    assert resources.path_of("icons", "trustrepair.svg").is_file()


def test_window_icon_is_drawn_ahead_in_every_size(qapp):
    """The window icon comes from PNGs (no SVG module before the first frame), one per size."""
    icon = app.window_icon()
    sizes = sorted(size.width() for size in icon.availableSizes())
    assert sizes == sorted(app.WINDOW_ICON_SIZES)


def test_log_file_opens_at_the_first_warning(tmp_path):
    """The log file (and logging.handlers) waits for a record; then warnings are written to a
    file only this user can read."""
    handler = app.LogFile(str(tmp_path / "trustrepair.log"))
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("trustrepair.test_log_file")
    logger.addHandler(handler)
    try:
        assert not (tmp_path / "trustrepair.log").exists()
        previous = os.umask(0o022)
        try:
            logger.warning("the stylesheet could not be loaded")
        finally:
            os.umask(previous)
        handler.flush()
        assert "WARNING the stylesheet" in (tmp_path / "trustrepair.log").read_text("utf-8")
        assert (tmp_path / "trustrepair.log").stat().st_mode & 0o777 == 0o600  # private
    finally:
        logger.removeHandler(handler)
        handler.close()
