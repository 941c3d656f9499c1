"""Qt measurements, each run by ``run.py`` in a fresh child process; prints one JSON object.

python benchmarks/gui_worker.py ui-block --data-dir D --bursts 4 --chars 40
python benchmarks/gui_worker.py summary --data-dir D --repeats 3
python benchmarks/gui_worker.py summary-complete --data-dir D [--volume-pages N] [--profile P]
python benchmarks/gui_worker.py desk --data-dir D --clients 200 --assignments 2000
python benchmarks/gui_worker.py over-time --data-dir D --repeats 3
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PASSPHRASE, PROFILE, TIMELINE_PROFILE, median, percentile


def _open_profile(
    data_dir: Path, passphrase: str | None, name: str = PROFILE
) -> tuple[Any, Any, Any]:
    from trustrepair import paths
    from trustrepair.content.library import load_library
    from trustrepair.resources import exercises_root
    from trustrepair.services.vaults import Vaults

    paths.set_data_dir(data_dir)
    library = load_library([exercises_root()])
    vault = Vaults(paths.profiles_dir()).open(name, passphrase)
    return vault, library, vault.store.get_profile()


# ---------------------------------------------------------------------- ui block
def ui_block(data_dir: Path, bursts: int, chars: int, passphrase: str | None) -> dict[str, Any]:
    """Longest GUI-thread stall while typing into the player's text step, with autosave on."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from trustrepair.services.profile_services import ProfileServices
    from trustrepair.ui.views.player_view import PlayerView
    from trustrepair.ui.widgets.steps import TextWidget

    app = QApplication.instance() or QApplication(["trustrepair-bench"])
    vault, library, profile = _open_profile(data_dir, passphrase)
    exercise = library.get("naming-what-happened") or next(
        e for e in library.ordered() if any(s.kind == "text" for s in e.steps)
    )
    services = ProfileServices(vault.store, library)
    view = PlayerView(services.walk(exercise), services.safety(), profile.relationship)
    view.resize(1000, 720)
    view.show()
    for _ in range(len(exercise.steps) + 1):
        if isinstance(view.step_widget, TextWidget):
            break
        view.go_next()
    widget = view.step_widget
    assert isinstance(widget, TextWidget), "no text step reached"
    editor = widget.editor
    editor.setFocus()
    saves = 0

    def on_saved() -> None:
        nonlocal saves
        saves += 1

    view.saved.connect(on_saved)
    QTest.keyClicks(editor, "warm up ")  # first key events load fonts and input methods
    app.processEvents()

    probe_ms = 2
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - probe_ms)
        last[0] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(probe_ms)
    probe.timeout.connect(tick)

    text = "It hurt more than I could say at the time, and it still does some days. "
    script: list[tuple[int, str | None]] = []  # (delay before, character or None = pause)
    for burst in range(bursts):
        for index in range(chars):
            script.append((25, text[(burst * chars + index) % len(text)]))
        script.append((PlayerView.AUTOSAVE_DELAY_MS + 250, None))
    typed = [0]
    done = [False]

    def step() -> None:
        if typed[0] >= len(script):
            done[0] = True
            app.quit()
            return
        _, char = script[typed[0]]
        typed[0] += 1
        if char is not None:
            QTest.keyClick(editor, char)
        next_delay = script[typed[0]][0] if typed[0] < len(script) else 50
        QTimer.singleShot(next_delay, step)

    last[0] = time.perf_counter()
    probe.start()
    QTimer.singleShot(25, step)
    started = time.perf_counter()
    app.exec()
    elapsed = time.perf_counter() - started
    probe.stop()
    view.close_screen()
    view.close()
    vault.close()
    return {
        "ui_block_max_ms": max(gaps) if gaps else None,
        "ui_block_p99_ms": percentile(gaps, 99),
        "keys": sum(1 for _, c in script if c is not None),
        "autosaves": saves,
        "seconds": elapsed,
        "answers": vault_answers(data_dir, passphrase),
        "finished": done[0],
    }


def vault_answers(data_dir: Path, passphrase: str | None) -> int:
    """How many answers the profile holds (read after the view closed)."""
    vault, _, _ = _open_profile(data_dir, passphrase)
    try:
        return int(vault.store.count_answers())
    finally:
        vault.close()


# ---------------------------------------------------------------------- home after unlock
def home(data_dir: Path, passphrase: str | None) -> dict[str, Any]:
    """From the unlock screen to the home screen shown and idle, with the large history."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from trustrepair import app as bootstrap
    from trustrepair import paths
    from trustrepair.services.app_settings import AppSettings
    from trustrepair.services.vaults import Vaults
    from trustrepair.ui.main_window import MainWindow

    paths.set_data_dir(data_dir)
    qapp = QApplication.instance() or QApplication(["trustrepair-bench"])
    vaults = Vaults(paths.profiles_dir())
    window = MainWindow(vaults, bootstrap.load_content, AppSettings(paths.settings_file()))
    window.show()
    QTimer.singleShot(0, qapp.quit)
    qapp.exec()  # the unlock screen is shown and idle
    # As in the app: the rest is imported after the first paint, while the person types the
    # passphrase (~0.5 s; unlocking sooner adds up to that to home_s, see docs/performance.md).
    window.warmed_up.connect(qapp.quit)
    window.warm_up()
    qapp.exec()
    start = time.perf_counter()
    vault = vaults.open(PROFILE, passphrase)
    unlocked = time.perf_counter()
    window.open_vault(vault)
    QTimer.singleShot(0, qapp.quit)
    qapp.exec()
    done = time.perf_counter()
    shown = window.stack.currentWidget() is window.screens.get("home")
    window.flush_all()
    return {
        "unlock_s": unlocked - start,
        "home_s": done - unlocked,
        "total_s": done - start,
        "home_shown": shown,
    }


# ---------------------------------------------------------------------- five years of entries
def over_time(data_dir: Path, repeats: int, passphrase: str | None) -> dict[str, Any]:
    """The window over years of daily entries and hundreds of promises (the ``Timeline``
    profile): after the home screen's first build (timed on its own), the Over time screen
    from the click until its charts and tables are painted, the Promises page and the home
    screen with its due list again, each ``repeats`` times, with the longest stall of the
    window's thread throughout (a 2 ms probe timer)."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from trustrepair import app as bootstrap
    from trustrepair import paths
    from trustrepair.services.app_settings import AppSettings
    from trustrepair.services.vaults import Vaults
    from trustrepair.ui.main_window import MainWindow

    paths.set_data_dir(data_dir)
    qapp = QApplication.instance() or QApplication(["trustrepair-bench"])
    vaults = Vaults(paths.profiles_dir())
    window = MainWindow(vaults, bootstrap.load_content, AppSettings(paths.settings_file()))
    window.resize(1280, 860)
    window.show()
    QTimer.singleShot(0, qapp.quit)
    qapp.exec()
    window.warmed_up.connect(qapp.quit)
    window.warm_up()  # as in the app: screens' modules imported while the passphrase is typed
    qapp.exec()
    vault = vaults.open(TIMELINE_PROFILE, passphrase)
    entries = vault.store.count_entries()

    probe_ms = 2
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - probe_ms)
        last[0] = now

    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(probe_ms)
    probe.timeout.connect(tick)

    def wait_until(ready: Any, timeout_s: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout_s
        while not ready():
            if time.perf_counter() > deadline:
                raise RuntimeError("the screen never became ready")
            qapp.processEvents()
            time.sleep(0.0005)

    def painted(widget: Any) -> None:
        widget.repaint()
        qapp.processEvents()

    home_ms: list[float] = []
    open_ms: list[float] = []
    promises_ms: list[float] = []
    due = points = promises = 0
    start = time.perf_counter()
    window.open_vault(vault)  # the home screen's first build: start-up, measured on its own
    painted(window)
    first_home_ms = (time.perf_counter() - start) * 1000
    for _ in range(5):
        qapp.processEvents()
    last[0] = time.perf_counter()
    probe.start()
    home = window.screens.get("home")
    card = getattr(home, "promises_card", None)
    if card is not None:
        due = len(card.rows)
    for _ in range(repeats):
        start = time.perf_counter()
        view = window.screens.show("over_time")
        wait_until(lambda v=view: v.ready)
        painted(window)
        open_ms.append((time.perf_counter() - start) * 1000)
        points = sum(len(line.points) for line in view.over_time.lines)
        start = time.perf_counter()
        ledger = window.screens.show("promises")
        painted(window)
        promises_ms.append((time.perf_counter() - start) * 1000)
        promises = len(ledger.promises)
        start = time.perf_counter()
        window.show_home()
        painted(window)
        home_ms.append((time.perf_counter() - start) * 1000)
    for _ in range(20):  # anything the screens left running ends inside the probe's watch
        qapp.processEvents()
        time.sleep(0.002)
    probe.stop()
    window.lock(go_to_unlock=False)
    return {
        "entries": entries,
        "points": points,
        "promises": promises,
        "due_shown": due,
        "over_time_open_ms": median(open_ms),
        "over_time_open_max_ms": max(open_ms),
        "promises_open_ms": median(promises_ms),
        "home_ms": median(home_ms),
        "first_home_ms": first_home_ms,
        "time_block_max_ms": max(gaps) if gaps else None,
        "time_block_p99_ms": percentile(gaps, 99),
    }


# ---------------------------------------------------------------------- the counsellor's desk
def desk(data_dir: Path, clients: int, assignments: int, repeats: int) -> dict[str, Any]:
    """A counsellor's desk of ``clients`` clients and ``assignments`` assignments: opening
    the clients screen (reading the desk, building the model, first layout and paint), and
    filtering it by a search and by "overdue" (the proxy, then the list's relayout)."""
    from PySide6.QtWidgets import QApplication

    from trustrepair import paths
    from trustrepair.content.library import load_library
    from trustrepair.domain.answers import Status
    from trustrepair.domain.counsel import AssignedExercise, SharedExercise
    from trustrepair.domain.enums import Relationship, Track
    from trustrepair.domain.profile import ProfileInfo, Role
    from trustrepair.resources import exercises_root
    from trustrepair.services.counsel_desk import CounsellorDesk
    from trustrepair.services.desk import DeskShow
    from trustrepair.services.vaults import Vaults
    from trustrepair.storage.counsel import CounselStore
    from trustrepair.ui.views.counsellor_view import CounsellorView

    app = QApplication.instance() or QApplication(["trustrepair-bench"])
    paths.set_data_dir(data_dir)
    library = load_library([exercises_root()])
    ids = [e.id for e in library.ordered() if not e.safety_check]
    info = ProfileInfo("Counsellor", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    vault = Vaults(paths.profiles_dir()).create(info, None)
    store = CounselStore(vault.store.db)
    per_client = max(1, assignments // clients)
    with vault.store.db.atomic():
        for n in range(clients):
            label = f"Client {n:04}"
            items = [
                (
                    AssignedExercise(
                        ids[(n + k) % len(ids)],
                        "A note for this one.",
                        f"2026-{1 + k % 12:02}-{1 + n % 28:02}",
                    ),
                    "",
                )
                for k in range(per_client)
            ]
            store.save_sent(label, items, created_at="2025-12-01T09:00:00.000Z")
            if n % 2:
                told = [
                    SharedExercise(item.exercise_id, "A title", Status.COMPLETED)
                    for item, _ in items[: per_client // 2]
                ]
                store.save_shared(label, told, shared_at="2026-01-15T09:00:00.000Z")

    def settle() -> None:
        app.processEvents()
        app.processEvents()

    open_ms: list[float] = []
    filter_ms: list[float] = []
    view = None
    for _ in range(repeats):
        if view is not None:
            view.close()
            view.deleteLater()
            settle()
        start = time.perf_counter()
        view = CounsellorView(CounsellorDesk(vault.store, library))
        view.resize(1100, 720)
        view.show()
        view.repaint()
        settle()
        open_ms.append((time.perf_counter() - start) * 1000)
        for change in (
            lambda v: v.search_edit.setText("Client 01"),
            lambda v: v.search_edit.setText(""),
            lambda v: v.show_box.setCurrentIndex(v.show_box.findData(DeskShow.OVERDUE.value)),
            lambda v: v.show_box.setCurrentIndex(v.show_box.findData(DeskShow.ACTIVE.value)),
        ):
            start = time.perf_counter()
            change(view)
            view.client_list.repaint()
            settle()
            filter_ms.append((time.perf_counter() - start) * 1000)
    shown = view.proxy.rowCount() if view is not None else 0
    vault.close()
    return {
        "clients": clients,
        "assignments": clients * per_client,
        "shown": shown,
        "desk_open_ms": median(open_ms),
        "desk_open_max_ms": max(open_ms),
        "desk_filter_ms": max(filter_ms),
        "desk_filter_median_ms": median(filter_ms),
    }


# ---------------------------------------------------------------------- summary
def summary(data_dir: Path, repeats: int, passphrase: str | None) -> dict[str, Any]:
    """A full ``me`` summary to PDF, against QTextDocument printing the same HTML."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPageLayout, QPdfWriter

    from trustrepair.reports.context import Paper
    from trustrepair.reports.kinds import SUMMARY_KINDS
    from trustrepair.services.summary import SummaryRequest, SummaryService
    from trustrepair.ui import printing

    printing.ensure_gui_application()
    layout_dpi = int(getattr(printing, "LAYOUT_DPI", 96))
    vault, library, _ = _open_profile(data_dir, passphrase)
    service = SummaryService(vault.store, library)
    request = SummaryRequest(SUMMARY_KINDS["me"], Paper.A4)
    out = Path(tempfile.mkdtemp(prefix="trustrepair-bench-pdf-"))

    def ours() -> tuple[int, str]:
        html = service.render_html(request, for_qt=True)
        pages = printing.write_pdf(html, out / "summary.pdf", Paper.A4, title="Summary")
        return pages, html

    pages, html = ours()  # warm-up: fonts, templates, first layout

    layout = printing.page_layout(Paper.A4)
    paint_mm = layout.paintRect(QPageLayout.Unit.Millimeter)
    mm = layout_dpi / 25.4
    # The same text area as ours (the page less the footer strip), the same reference device
    # for font metrics, the same document settings: the floor is paginated as ours is, and
    # only lacks what ours adds (headings kept with what follows, lines never cut at a page
    # edge, the footer on every page, volumes for very long summaries).
    body = QSizeF(paint_mm.width() * mm, paint_mm.height() * mm - printing.FOOTER_MM * mm)

    def floor() -> int:
        reference, buffer = printing._reference_device()
        document = printing._new_document(reference, body)
        document.setHtml(html)
        writer = QPdfWriter(str(out / "floor.pdf"))
        writer.setResolution(layout_dpi)  # the same resolution the summary paints at
        writer.setPageLayout(layout)
        document.print_(writer)  # paginated already: printed page for page as laid out
        pages = document.pageCount()
        del writer  # finishes the file
        del reference, buffer
        return int(pages)

    floor_pages = floor()
    ours_s: list[float] = []
    floor_s: list[float] = []
    for index in range(repeats):
        # In pairs, in turns floor-first and ours-first.
        for side in ("floor", "ours")[:: -1 if index % 2 else 1]:
            start = time.perf_counter()
            if side == "floor":
                floor()
                floor_s.append(time.perf_counter() - start)
            else:
                ours()
                ours_s.append(time.perf_counter() - start)
    ratios = sorted(o / f for o, f in zip(ours_s, floor_s, strict=True))
    vault.close()
    return {
        "summary_ratio": median(ratios),
        "spread": [round(ratios[0], 3), round(ratios[-1], 3)],
        "pairs": len(ratios),
        "summary_s": median(ours_s),
        "summary_floor_s": median(floor_s),
        "pages": pages,
        "floor_pages": floor_pages,
        "html_chars": len(html),
    }


# ---------------------------------------------------------------------- summary dialog
def summary_dialog(data_dir: Path, repeats: int, passphrase: str | None) -> dict[str, Any]:
    """File → Summary… with the profile's answers: from the click to the dialog painted,
    and switching its kind, on the GUI thread (median of ``repeats``, each a new dialog)."""
    from PySide6.QtWidgets import QApplication

    from trustrepair.reports.kinds import SUMMARY_KINDS
    from trustrepair.services.profile_services import ProfileServices
    from trustrepair.ui.dialogs.summary_dialog import SummaryDialog

    app = QApplication.instance() or QApplication(["trustrepair-bench"])
    vault, library, _ = _open_profile(data_dir, passphrase)
    services = ProfileServices(vault.store, library)
    opens: list[float] = []
    switches: list[float] = []
    rows = 0
    for _ in range(repeats + 1):  # the first one imports the dialog's modules: not counted
        start = time.perf_counter()
        dialog = SummaryDialog(services.summary())
        dialog.show()
        app.processEvents()
        opened = time.perf_counter() - start
        start = time.perf_counter()
        dialog.set_kind(SUMMARY_KINDS["us"])
        dialog.set_kind(SUMMARY_KINDS["me"])
        app.processEvents()
        switched = (time.perf_counter() - start) / 2
        rows = len(dialog._exercise_rows())
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
        opens.append(opened * 1000)
        switches.append(switched * 1000)
    vault.close()
    return {
        "summary_dialog_open_ms": median(opens[1:]),
        "open_ms": [round(v, 1) for v in opens[1:]],
        "switch_kind_ms": median(switches[1:]),
        "rows": rows,
        "answers": vault_answers(data_dir, passphrase),
    }


# ---------------------------------------------------------------------- heavy work
class Probe:
    """A 2-ms precise timer on the GUI thread: the longest gap beyond its interval is the
    longest the window could not react (paint, take a key) while something ran."""

    INTERVAL_MS = 2

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000 - self.INTERVAL_MS)
        self._last = now

    def start(self) -> None:
        """Start measuring (forgetting earlier gaps)."""
        self.gaps = []
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> dict[str, Any]:
        """Stop; the longest gap, the 99th percentile and how many ticks were seen."""
        self._timer.stop()
        self._tick()
        return {
            "max_ms": max(self.gaps) if self.gaps else None,
            "p99_ms": percentile(self.gaps, 99),
            "ticks": len(self.gaps),
        }


class CollectionTimes:
    """The longest cyclic garbage collection while it runs (each holds the interpreter lock)."""

    def __init__(self) -> None:
        import gc

        self.longest = 0.0
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, _info: dict[str, Any]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._started = now
        else:
            self.longest = max(self.longest, (now - self._started) * 1000)

    def stop(self) -> float:
        """Stop listening; the longest collection, in ms."""
        import gc

        gc.callbacks.remove(self._callback)
        return round(self.longest, 1)


def heavy_work(data_dir: Path, passphrase: str | None, check: bool) -> dict[str, Any]:
    """The window's longest stalls while the Summary dialog saves the ``me`` summary as a PDF
    (the real path: worker thread, PDF laid out in a child process, progress window), then
    while File → Export… writes an encrypted export; with ``check``, whether every answer is
    in that PDF (:func:`pdf_holds_every_answer`)."""
    from PySide6.QtWidgets import QApplication

    from trustrepair.reports.context import Paper
    from trustrepair.reports.kinds import SUMMARY_KINDS
    from trustrepair.services.profile_services import ProfileServices
    from trustrepair.services.summary import SummaryRequest, SummaryService
    from trustrepair.ui import transfer_actions
    from trustrepair.ui.dialogs.summary_dialog import SummaryDialog

    app = QApplication.instance() or QApplication(["trustrepair-bench"])
    vault, library, _ = _open_profile(data_dir, passphrase)
    out = Path(tempfile.mkdtemp(prefix="trustrepair-bench-heavy-"))
    pdf = out / "summary.pdf"
    services = ProfileServices(vault.store, library)
    dialog = SummaryDialog(services.summary())
    dialog.show()
    app.processEvents()
    SummaryDialog.ask_save_path = classmethod(lambda cls, *a: pdf)  # type: ignore[method-assign]
    probe = Probe()
    collections = CollectionTimes()
    # The floor: the same probe with nothing running, for a few seconds, in the same process
    # (what this machine's load alone does to a 2-ms timer).
    probe.start()
    idle_until = time.perf_counter() + 3
    while time.perf_counter() < idle_until:
        app.processEvents()
        time.sleep(0.0005)
    idle_block = probe.stop()
    probe.start()
    started = time.perf_counter()
    dialog.save_pdf()
    pdf_s = time.perf_counter() - started
    pdf_block = probe.stop()
    saved = dialog.status.text()
    dialog.close()
    app.processEvents()

    target = (out / "export.json", "a passphrase for the benchmark export")
    transfer_actions.ExportTarget.ask = classmethod(  # type: ignore[method-assign]
        lambda cls, *a: target
    )
    from trustrepair.services import notifier

    notifier.subscribe(lambda *a: None)  # the outcome message, shown nowhere
    probe.start()
    started = time.perf_counter()
    exported = transfer_actions.export_profile(None, vault)
    export_s = time.perf_counter() - started
    export_block = probe.stop()
    result: dict[str, Any] = {
        "answers": vault.store.count_answers(),
        "idle_block_max_ms": idle_block["max_ms"],
        "longest_collection_ms": collections.stop(),
        "pdf_s": pdf_s,
        "pdf_written": pdf.exists(),
        "pdf_status": saved[:80] if not pdf.exists() else "",
        "pdf_block_max_ms": pdf_block["max_ms"],
        "pdf_block_p99_ms": pdf_block["p99_ms"],
        "export_s": export_s,
        "exported": exported,
        "export_mib": round((out / "export.json").stat().st_size / 2**20, 1) if exported else 0,
        "export_block_max_ms": export_block["max_ms"],
        "export_block_p99_ms": export_block["p99_ms"],
    }
    if check and pdf.exists():
        context = SummaryService(vault.store, library).build(
            SummaryRequest(SUMMARY_KINDS["me"], Paper.A4)
        )
        result.update(pdf_holds_every_answer(context, pdf))
    vault.close()
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    return result


def quick_hide(data_dir: Path, passphrase: str | None, delays: list[int]) -> dict[str, Any]:
    """Quick-hide while File → Export… runs: from the moment it is asked for (a precise timer
    falling due, as a key press would arrive) to the neutral cover painted and flushed, once
    for each of ``delays`` (ms into the export); the longest is the figure."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from trustrepair import app as bootstrap
    from trustrepair import paths
    from trustrepair.services import notifier
    from trustrepair.services.app_settings import AppSettings
    from trustrepair.services.vaults import Vaults
    from trustrepair.ui import transfer_actions, worker
    from trustrepair.ui.main_window import MainWindow

    paths.set_data_dir(data_dir)
    qapp = QApplication.instance() or QApplication(["trustrepair-bench"])
    vaults = Vaults(paths.profiles_dir())
    window = MainWindow(vaults, bootstrap.load_content, AppSettings(paths.settings_file()))
    window.show()
    out = Path(tempfile.mkdtemp(prefix="trustrepair-bench-hide-"))
    target = (out / "export.json", "a passphrase for the benchmark export")
    transfer_actions.ExportTarget.ask = classmethod(  # type: ignore[method-assign]
        lambda cls, *a: target
    )
    notifier.subscribe(lambda *a: None)
    painted: list[float] = []
    original = window.repaint

    def repaint() -> None:
        original()
        painted.append(time.perf_counter())

    window.repaint = repaint  # type: ignore[method-assign]
    timings: list[float] = []
    running: list[bool] = []
    for delay in delays:
        window.open_vault(vaults.open(PROFILE, passphrase))
        qapp.processEvents()

        def hide() -> None:
            running.append(bool(worker._running))  # the export is still running
            window.quick_hide()

        timer = QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(hide)
        painted.clear()
        due = time.perf_counter() + delay / 1000
        timer.start(delay)
        # Runs the export behind its progress window (a nested event loop) until the lock
        # that quick-hide begins stops it.
        transfer_actions.export_open_profile(window)
        if painted:
            timings.append((painted[0] - due) * 1000)
        window.leave_hidden()
        qapp.processEvents()
    window.close()
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    return {
        "quick_hide_ms": max(timings) if timings else None,
        "timings_ms": [round(t, 1) for t in timings],
        "delays_ms": delays,
        "export_running": running,
    }


def pdf_holds_every_answer(context: Any, pdf: Path) -> dict[str, Any]:
    """Whether every answer of ``context`` is found, in order, in ``pdftotext``'s reading of
    ``pdf`` (the footer lines taken out)."""
    import shutil
    import subprocess

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return {"skipped": "pdftotext is missing (poppler-utils)"}
    footer = f"{context.title} · {context.profile_name}"
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = len(re.findall(rf"{re.escape(footer)}\s+page \d+ of \d+", text))
    text = re.sub(rf"{re.escape(footer)}\s+page \d+ of \d+", "", text)

    values = _answer_texts(context)
    parts = len(values)
    missing = _missing_in_order(text, values)
    return {
        "summary_complete": missing == 0 and context.item_count > 0,
        "complete_answers": context.item_count,
        "texts": parts,
        "missing": missing,
        "pages": pages,
    }


# ---------------------------------------------------------------------- summary complete


def _answer_texts(context: Any) -> list[str]:
    """Every answer text a summary context holds, in the order the template prints them."""
    from trustrepair.reports.context import AnswerKind

    values: list[str] = []
    for section in context.sections:
        for exercise in section.exercises:
            for item in exercise.items:
                if item.kind is AnswerKind.TEXT:
                    values.append(item.text)
                elif item.kind is AnswerKind.LIST:
                    values.extend(item.entries)
                elif item.kind is AnswerKind.TICKS:
                    values.extend(tick.label for tick in item.ticks)
                elif item.commitment:
                    values.append(item.commitment.text)
    return values


def _missing_in_order(text: str, values: list[str]) -> int:
    """How many of ``values`` are not found in ``text`` one after another (white space and
    Unicode forms ignored, as a PDF's text extraction changes them)."""
    import unicodedata

    def squeezed(value: str) -> str:
        return "".join(unicodedata.normalize("NFKC", value).split())

    body = squeezed(text)
    position = missing = 0
    for value in values:
        found = body.find(squeezed(value), position)
        if found < 0:
            missing += 1
        else:
            position = found + len(squeezed(value))
    return missing


def summary_complete(
    data_dir: Path, volume_pages: int, passphrase: str | None, name: str = PROFILE
) -> dict[str, Any]:
    """Whether every answer of the profile's ``me`` summary is in its PDF, in order: each
    exercise's newest time through, then every promise of the ledger and every answer of
    every earlier time through; and whether its charts' tables hold every rating and its
    ledger every promise of the vault.

    ``volume_pages`` > 0 makes volumes that many A4 pages tall, so a small profile is cut into
    volumes too (0: the real volume height, under Qt's layout limit).
    """
    import shutil
    import subprocess
    from dataclasses import replace

    from trustrepair.reports.context import Paper
    from trustrepair.reports.environment import render_html
    from trustrepair.reports.kinds import SUMMARY_KINDS
    from trustrepair.services.summary import SummaryRequest, SummaryService
    from trustrepair.ui import printing

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return {"skipped": "pdftotext is missing (poppler-utils)"}
    printing.ensure_gui_application()
    if volume_pages:
        printing.VOLUME_HEIGHT = volume_pages * 3000.0  # A4 body height at LAYOUT_DPI
    volumes: list[int] = []
    lay_out = printing.lay_out

    def counting_lay_out(*args: Any, **kwargs: Any) -> Any:
        paged = lay_out(*args, **kwargs)
        volumes.append(len(paged.volumes))
        return paged

    printing.lay_out = counting_lay_out  # type: ignore[assignment]
    from trustrepair.services.promises import PromiseLedger
    from trustrepair.services.trends import Audience, TrendsService

    vault, library, _ = _open_profile(data_dir, passphrase, name)
    started = time.perf_counter()
    context = SummaryService(vault.store, library).build(
        SummaryRequest(SUMMARY_KINDS["me"], Paper.A4)
    )
    built_s = time.perf_counter() - started
    lines = TrendsService(vault.store, library).over_time(Audience.own(partners=False)).lines
    ratings = sum(len(line.points) for line in lines)
    promises = len(PromiseLedger(vault.store, library).promises())
    entries = vault.store.count_entries()
    vault.close()
    started = time.perf_counter()
    footer = f"{context.title} · {context.profile_name}"
    out = Path(tempfile.mkdtemp(prefix="trustrepair-bench-complete-")) / "summary.pdf"
    html = render_html(replace(context, for_qt=True))
    pages = printing.write_pdf(html, out, Paper.A4, title=context.title, footer_text=footer)
    written_s = time.perf_counter() - started
    text = subprocess.run(
        [pdftotext, "-raw", str(out), "-"],  # in drawing order: a table's cells stay whole
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    shutil.rmtree(out.parent, ignore_errors=True)
    text = re.sub(rf"{re.escape(footer)}\s+page \d+ of \d+", "", text)

    # The answers, then the time parts in the template's order: the ledger's promises, then
    # earlier times.
    values = _answer_texts(context)
    values += [row.text for row in context.ledger.rows] if context.ledger else []
    values += [line.text for entry in context.earlier for line in entry.lines]
    parts = len(values)
    missing = _missing_in_order(text, values)
    rows = [len(chart.rows) for chart in context.charts]
    tables_whole = (not rows or rows[0] == ratings) and (
        promises == (len(context.ledger.rows) if context.ledger else 0)
    )
    return {
        "summary_complete": missing == 0 and context.item_count > 0 and tables_whole,
        "entries": entries,
        "ratings": ratings,
        "chart_rows": rows,
        "promises": promises,
        "earlier_times": len(context.earlier),
        "build_s": built_s,
        "answers": context.item_count,
        "texts": parts,
        "missing": missing,
        "pages": pages,
        "volumes": volumes[-1] if volumes else None,
        "volume_pages": volume_pages or None,
        "pdf_s": written_s,
        "seconds": time.perf_counter() - started,
    }


def main() -> int:
    """Run one measurement and print its JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "what",
        choices=[
            "ui-block",
            "summary",
            "summary-complete",
            "home",
            "desk",
            "summary-dialog",
            "over-time",
            "heavy-work",
            "quick-hide",
        ],
    )
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--bursts", type=int, default=4)
    parser.add_argument("--chars", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--volume-pages", type=int, default=0)
    parser.add_argument("--no-passphrase", action="store_true")
    parser.add_argument("--profile", default=PROFILE)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--assignments", type=int, default=2000)
    parser.add_argument("--check", action="store_true", help="heavy-work: check the PDF")
    parser.add_argument("--delays", default="100,400,900", help="quick-hide: ms into export")
    args = parser.parse_args()
    passphrase = None if args.no_passphrase else PASSPHRASE
    if args.what == "ui-block":
        result = ui_block(args.data_dir, args.bursts, args.chars, passphrase)
    elif args.what == "home":
        result = home(args.data_dir, passphrase)
    elif args.what == "desk":
        result = desk(args.data_dir, args.clients, args.assignments, args.repeats)
    elif args.what == "over-time":
        result = over_time(args.data_dir, args.repeats, passphrase)
    elif args.what == "heavy-work":
        result = heavy_work(args.data_dir, passphrase, args.check)
    elif args.what == "quick-hide":
        delays = [int(d) for d in args.delays.split(",") if d]
        result = quick_hide(args.data_dir, passphrase, delays)
    elif args.what == "summary-dialog":
        result = summary_dialog(args.data_dir, args.repeats, passphrase)
    elif args.what == "summary-complete":
        result = summary_complete(args.data_dir, args.volume_pages, passphrase, args.profile)
    else:
        result = summary(args.data_dir, args.repeats, passphrase)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stderr.flush()
    # Skip interpreter teardown: PySide objects destroyed during finalisation can abort the
    # process after the figures were printed, which would only add noise.
    os._exit(code)
