"""trustrepair benchmarks: start-up, library load, autosave, typing, summaries, unlock, rekey,
import, the counsellor's desk, five years of entries.

Every figure that has a budget is a ratio to a floor measured in the same run on the same
machine (or, for latencies, an absolute time), so the numbers travel between machines.

    python benchmarks/run.py --smoke --json   # seconds: every measurement once, tiny inputs (CI)
    python benchmarks/run.py --quick          # under a minute on 2 cores
    python benchmarks/run.py                  # full: more repeats, plus growth tables

Start-up, typing and summaries run in fresh child processes; nothing touches a real home
(every measurement uses its own temporary data dir). See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH_DIR,
    REPO,
    TIMELINE_PROFILE,
    child_env,
    fill_store,
    generate_exercise_files,
    history_rows,
    make_history_profile,
    make_timeline_profile,
    median,
    percentile,
    python,
)

MARKER = "TRUSTREPAIR_BENCH_IDLE"
WARM_MARKER = "TRUSTREPAIR_BENCH_WARM"
IDLE_ENV = "TRUSTREPAIR_BENCH_EXIT_WHEN_IDLE"

BUDGETS: dict[str, tuple[str, float]] = {
    "startup_ratio": ("<=", 1.5),
    "startup_memory_ratio": ("<=", 1.6),
    "library_load_ratio": ("<=", 2.0),
    "autosave_p99_ms": ("<=", 5.0),
    "ui_block_max_ms": ("<=", 50.0),
    "summary_ratio": ("<=", 3.0),
    "desk_open_ms": ("<=", 300.0),
    "desk_filter_ms": ("<=", 50.0),
    "over_time_open_ms": ("<=", 200.0),
    "time_block_max_ms": ("<=", 50.0),
    "time_block_ratio": ("<=", 1.5),
}
KEYS = (
    *BUDGETS,
    "vault_open_s",
    "summary_complete",
    "passphrase_change_s",
    "import_check_ratio",
    "time_summary_complete",
)


@dataclass(frozen=True)
class Mode:
    """How much work each measurement does."""

    name: str
    library_files: int
    library_repeats: int
    library_growth: tuple[int, ...]
    answers: int
    saves: int
    answer_growth: tuple[int, ...]
    history_answers: int
    startup_runs: int
    bursts: int
    burst_chars: int
    summary_repeats: int
    open_repeats: int
    complete_answers: int  # 0: check the history profile's summary
    complete_volume_pages: int  # 0: real volumes; N: volumes of N pages, to cut small ones


MODES = {
    "smoke": Mode("smoke", 20, 1, (), 200, 20, (), 40, 1, 1, 8, 1, 1, 0, 2),
    "quick": Mode("quick", 1000, 1, (), 100_000, 300, (), 2000, 25, 3, 40, 1, 3, 0, 25),
    "full": Mode(
        "full",
        1000,
        3,
        (100, 1000, 10_000),
        100_000,
        1000,
        (1000, 10_000, 100_000),
        2000,
        21,
        8,
        40,
        3,
        5,
        100_000,
        0,
    ),
}


# ---------------------------------------------------------------------- machine
def machine() -> dict[str, Any]:
    """nproc, CPU model, memory, Python and Qt versions."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory_gib = round(pages / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": memory_gib,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


# ---------------------------------------------------------------------- library
def library_load(work: Path, files: int, repeats: int) -> dict[str, Any]:
    """Load + validate ``files`` generated exercises ÷ ruamel's default YAML() on the same."""
    from ruamel.yaml import YAML

    from trustrepair.content.library import load_library

    folder = work / f"library-{files}"
    paths = generate_exercise_files(folder, files)
    size = sum(p.stat().st_size for p in paths)

    def plain() -> None:
        yaml = YAML()
        for path in paths:
            yaml.load(path.read_text(encoding="utf-8"))

    def ours() -> int:
        library = load_library([folder])
        if library.skipped:
            raise SystemExit(f"generated files were rejected: {library.problems[:3]}")
        return len(library.exercises)

    plain_s, ours_s = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        plain()
        plain_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        loaded = ours()
        ours_s.append(time.perf_counter() - start)
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "files": files,
        "loaded": loaded,
        "bytes": size,
        "ours_s": median(ours_s),
        "plain_yaml_s": median(plain_s),
        "ratio": median(ours_s) / median(plain_s),
        "ours_ms_per_file": median(ours_s) / files * 1000,
    }


# ---------------------------------------------------------------------- import check
def import_check(answers: int, repeats: int) -> dict[str, Any]:
    """Reading and checking an export of ``answers`` answers (bounded JSON, the models, the
    library's steps) ÷ plain ``json.loads`` of the same text."""
    from trustrepair.content.library import load_library
    from trustrepair.formats import export
    from trustrepair.formats.jsonfile import parse_json_text
    from trustrepair.resources import exercises_root
    from trustrepair.services import transfer

    library = load_library([exercises_root()])
    steps = [(e.id, s.id) for e in library.ordered() for s in e.steps if s.kind == "text"]
    document = {
        "format": "trustrepair-export",
        "version": 1,
        "profile": {"name": "Bench"},
        "answers": [
            {
                "exercise_id": steps[i % len(steps)][0],
                "step_id": f"{steps[i % len(steps)][1]}-{i}",
                "value": "words of an answer, as people write them " * 4,
                "shared": i % 3 == 0,
                "updated_at": "2026-01-01T00:00:00.000Z",
            }
            for i in range(answers)
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    plain_s, ours_s = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        json.loads(text)
        plain_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        parsed = parse_json_text(text, export.BUDGET, what="an export")
        transfer.parse_export(parsed, library=library)
        ours_s.append(time.perf_counter() - start)
    return {
        "answers": answers,
        "megabytes": len(text) / 1e6,
        "ours_s": median(ours_s),
        "json_loads_s": median(plain_s),
        "ratio": median(ours_s) / median(plain_s),
    }


# ---------------------------------------------------------------------- autosave
def autosave(work: Path, answers: int, saves: int, *, change: bool = False) -> dict[str, Any]:
    """stage_answer + flush latency (one committed write) with ``answers`` answers stored.

    With ``change``, the same vault then measures a passphrase change (:func:`passphrase_change`).
    """
    from trustrepair import paths
    from trustrepair.content.library import load_library
    from trustrepair.domain.enums import Relationship, Track
    from trustrepair.domain.profile import ProfileInfo
    from trustrepair.resources import exercises_root
    from trustrepair.services.vaults import Vaults
    from trustrepair.services.walk import ExerciseWalk

    data_dir = work / f"autosave-{answers}"
    paths.set_data_dir(data_dir)
    library = load_library([exercises_root()])
    # No passphrase: the vault is still SQLCipher-encrypted, only key derivation is skipped.
    vaults = Vaults(paths.profiles_dir())
    vault = vaults.create(ProfileInfo("Autosave", Track.HURT, Relationship.ROMANTIC), None)
    start = time.perf_counter()
    try:
        fill_store(vault.store, history_rows(library, answers))
    finally:
        vault.close()
    fill_s = time.perf_counter() - start
    # Reopened, as a person's vault is: the answers were saved over months, not just now.
    vault = vaults.open("Autosave", None)
    try:
        exercise = library.get("naming-what-happened") or library.ordered()[0]
        step = next(s for s in exercise.steps if s.kind == "text")
        walk = ExerciseWalk(vault.store, exercise)
        text = "It hurt more than I could say at the time, and it still does some days. " * 4
        latencies = []
        for index in range(saves):
            start = time.perf_counter()
            walk.stage_answer(step.id, text[: 40 + index % 200])
            walk.flush()
            latencies.append((time.perf_counter() - start) * 1000)
        stored = vault.store.count_answers()
    finally:
        vault.close()
    db_bytes = sum(p.stat().st_size for p in data_dir.rglob("vault.db*") if p.is_file())
    result = {
        "answers": stored,
        "saves": saves,
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies),
        "fill_s": fill_s,
        "db_mib": round(db_bytes / 2**20, 1),
    }
    if change:
        result["passphrase_change"] = passphrase_change(data_dir, "Autosave")
    shutil.rmtree(data_dir, ignore_errors=True)
    paths.set_data_dir(None)
    return result


CHANGE_CHILD = """
import json, sys, time
from pathlib import Path
from trustrepair.services.vaults import Vaults
from trustrepair.storage import backup
vaults = Vaults(Path(sys.argv[1]) / "profiles")
name = sys.argv[2]
with vaults.open(name, None) as vault:
    while len(vault.backups()) < backup.KEEP:
        vault.backup_now()
    backups = len(vault.backups())
start = time.perf_counter()
vaults.change_passphrase(name, None, "a passphrase for the benchmark")
print(json.dumps({"seconds": time.perf_counter() - start, "backups": backups}), flush=True)
"""


def passphrase_change(data_dir: Path, name: str) -> dict[str, Any]:
    """A passphrase change (re-encrypting the vault and its backups) in a fresh process.

    The vault is first given its full set of backups (outside the timing); the change adds a
    passphrase with the real Argon2id cost. Peak RSS is the child's own (``launcher.py``).
    """
    proc = subprocess.run(
        [
            python(),
            "-S",
            "-I",
            str(BENCH_DIR / "launcher.py"),
            python(),
            "-c",
            CHANGE_CHILD,
            str(data_dir),
            name,
        ],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=600,
        check=False,
    )
    found: dict[str, Any] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            found.update(json.loads(line))
        elif line.startswith("BENCH_RUSAGE"):
            found["peak_rss_mib"] = round(int(line.split()[1]) / 1024, 1)
    if "seconds" not in found:
        return {"skipped": f"child failed: {proc.stderr.strip()[-600:]}"}
    return found


# ---------------------------------------------------------------------- vault open
def vault_open(history_dir: Path, repeats: int) -> dict[str, Any]:
    """Unlock time with the passphrase, key derivation included (fresh objects each time)."""
    from common import PASSPHRASE, PROFILE

    from trustrepair import paths
    from trustrepair.services.vaults import Vaults

    paths.set_data_dir(history_dir)
    times = []
    for _ in range(repeats):
        vaults = Vaults(paths.profiles_dir())
        start = time.perf_counter()
        vault = vaults.open(PROFILE, PASSPHRASE)
        times.append(time.perf_counter() - start)
        vault.close()
    paths.set_data_dir(None)
    return {"median_s": median(times), "runs": times}


# ---------------------------------------------------------------------- start-up
def _spawn_until_marker(argv: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Seconds from spawn to the first-frame marker and to the warmed-up marker, the peak RSS
    (MiB) the child reported at each, and its own peak RSS over its whole life.

    The command is started through ``launcher.py`` so its peak RSS is its own (see there);
    the spawn moment is the launcher's ``time.monotonic()``, the same clock as ours.
    """
    launcher = [python(), "-S", "-I", str(BENCH_DIR / "launcher.py"), *argv]
    proc = subprocess.Popen(
        launcher, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO, text=True
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read(stream: Any) -> None:
        for line in stream:
            lines.put((time.monotonic(), line))
        lines.put((time.monotonic(), ""))

    reader = threading.Thread(target=read, args=(proc.stdout,), daemon=True)
    reader.start()
    spawned = time.monotonic()
    found: dict[str, Any] = {"seconds": None, "warm_s": None, "paint_rss_mib": None}
    found.update(warm_rss_mib=None, peak_rss_mib=None)
    deadline = time.monotonic() + timeout
    while True:
        try:
            at, line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        words = line.split()
        if line.startswith("BENCH_SPAWN_AT"):
            spawned = float(words[1])
        elif words and words[0] == MARKER:
            found["seconds"] = at - spawned
            found["paint_rss_mib"] = _mib(words)
        elif words and words[0] == WARM_MARKER:
            found["warm_s"] = at - spawned
            found["warm_rss_mib"] = _mib(words)
        elif line.startswith("BENCH_RUSAGE"):
            found["peak_rss_mib"] = int(words[1]) / 1024
        elif not line:
            break
    if found["seconds"] is None or found["peak_rss_mib"] is None:
        proc.kill()
        for child in _children(proc.pid):
            os.kill(child, 9)
    proc.wait()
    reader.join(timeout=5)
    stderr = proc.stderr.read() if proc.stderr else ""
    found["stderr_tail"] = stderr[-400:] if found["seconds"] is None else ""
    return found


def _mib(words: list[str]) -> float | None:
    """The KiB figure after a marker, in MiB (None if the child could not read it)."""
    kib = int(words[1]) if len(words) > 1 and words[1].isdigit() else 0
    return kib / 1024 if kib else None


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (Linux /proc), to stop a command that hung."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def startup(history_dir: Path, runs: int) -> dict[str, Any]:
    """The real app to its first frame on the screen ÷ a bare QMainWindow to its first frame:
    fresh processes, in back-to-back pairs, in turns floor-first and app-first.

    The app runs as shipped: its warm-up starts after the first frame, and the process goes
    on until the warm-up is done, so the peak memory is read at the first frame *and* once
    warmed up (the floor has nothing to warm up: its figures are read at its first frame).
    """
    floor_argv = [python(), str(BENCH_DIR / "startup_floor.py")]
    app_argv = [python(), "-m", "trustrepair"]
    result: dict[str, Any] = {}
    if not (REPO / "trustrepair" / "app.py").exists():
        result["skipped"] = "trustrepair/app.py does not exist yet"
        app_argv = []
    env = child_env(history_dir, **{IDLE_ENV: "1"})
    floors, apps = [], []
    _spawn_until_marker(floor_argv, env, 60)  # warm the page cache for both
    if app_argv:
        # First start after install or an update: no parse cache yet (also warms the cache).
        shutil.rmtree(history_dir / "cache", ignore_errors=True)
        result["app_cold_cache_s"] = _spawn_until_marker(app_argv, env, 60)["seconds"]
    for index in range(runs):
        # Back-to-back pairs, so each pair sees the same machine, and neither side always
        # follows the other.
        order = [(floors, floor_argv), (apps, app_argv)]
        for into, argv in order[::-1] if index % 2 else order:
            if argv:
                into.append(_spawn_until_marker(argv, env, 60))
    good_floors = [r for r in floors if r["seconds"] is not None]
    result["floor_s"] = median([r["seconds"] for r in good_floors])
    result["floor_paint_rss_mib"] = median([r["paint_rss_mib"] or 0 for r in good_floors])
    result["floor_peak_rss_mib"] = median([r["peak_rss_mib"] or 0 for r in good_floors])
    ok = [r for r in apps if r["seconds"] is not None]
    if apps and not ok:
        result["skipped"] = "the app never printed its marker: " + apps[-1]["stderr_tail"]
    if not ok:
        return result
    result["app_s"] = median([r["seconds"] for r in ok])
    result["app_warm_s"] = median([r["warm_s"] for r in ok if r["warm_s"] is not None])
    result["app_paint_rss_mib"] = median([r["paint_rss_mib"] or 0 for r in ok])
    result["app_warm_rss_mib"] = median([r["warm_rss_mib"] or 0 for r in ok])
    result["app_peak_rss_mib"] = median([r["peak_rss_mib"] or 0 for r in ok])
    pairs = [
        (app, floor)
        for app, floor in zip(apps, floors, strict=True)
        if app["seconds"] is not None and floor["seconds"] is not None
    ]
    # The median of the pairs' ratios: a burst of load from a neighbour on this shared
    # machine slows one pair, and the median drops it. The ratio of the two medians is kept
    # beside it, and the spread of the pairs.
    result.update(paired([a["seconds"] for a, _ in pairs], [f["seconds"] for _, f in pairs]))
    result["ratio_of_medians"] = result["app_s"] / result["floor_s"]
    result["memory_ratio"] = result["app_paint_rss_mib"] / result["floor_paint_rss_mib"]
    # After the warm-up: the app's peak over its whole life (which ends just after the
    # warm-up) against the floor's over its whole life.
    result["memory_ratio_warm"] = result["app_peak_rss_mib"] / result["floor_peak_rss_mib"]
    return result


def paired(ours: list[float], floor: list[float]) -> dict[str, Any]:
    """The median of the pairs' ratios, with their spread: the lowest, the quartiles and the
    highest ratio, and how many pairs."""
    ratios = sorted(o / f for o, f in zip(ours, floor, strict=True) if f > 0)
    if not ratios:
        return {"ratio": None, "pairs": 0}
    return {
        "ratio": median(ratios),
        "pairs": len(ratios),
        "spread": [
            round(ratios[0], 3),
            round(percentile(ratios, 25), 3),
            round(percentile(ratios, 75), 3),
            round(ratios[-1], 3),
        ],
    }


# ---------------------------------------------------------------------- Qt workers
def _worker(args: list[str], timeout: float = 600) -> dict[str, Any]:
    proc = subprocess.run(
        [python(), str(BENCH_DIR / "gui_worker.py"), *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"skipped": f"worker failed ({proc.returncode}): {proc.stderr.strip()[-600:]}"}
    return dict(json.loads(lines[-1]))


def ui_block(history_dir: Path, mode: Mode) -> dict[str, Any]:
    """Longest GUI-thread stall while typing in the player (child process)."""
    return _worker(
        [
            "ui-block",
            "--data-dir",
            str(history_dir),
            "--bursts",
            str(mode.bursts),
            "--chars",
            str(mode.burst_chars),
        ]
    )


def desk(work: Path, mode: Mode) -> dict[str, Any]:
    """A counsellor's desk of 200 clients and 2,000 assignments: opening it and filtering it
    (child process; the smoke run uses a tenth of that)."""
    clients = 20 if mode.name == "smoke" else 200
    return _worker(
        [
            "desk",
            "--data-dir",
            str(work / "desk"),
            "--clients",
            str(clients),
            "--assignments",
            str(clients * 10),
            "--repeats",
            str(max(1, mode.open_repeats)),
        ]
    )


def summary(history_dir: Path, mode: Mode) -> dict[str, Any]:
    """PDF summary ÷ QTextDocument printing the same HTML (child process)."""
    if not (REPO / "trustrepair" / "ui" / "printing.py").exists():
        return {"skipped": "trustrepair/ui/printing.py does not exist yet"}
    return _worker(
        ["summary", "--data-dir", str(history_dir), "--repeats", str(mode.summary_repeats)]
    )


def summary_complete(work: Path, history_dir: Path, mode: Mode) -> dict[str, Any]:
    """Every answer of a ``me`` summary is in its PDF (pdftotext), across volumes (child)."""
    data_dir = history_dir
    if mode.complete_answers:
        data_dir = work / "complete"
        make_history_profile(data_dir, mode.complete_answers, words=history_words(mode))
    args = ["summary-complete", "--data-dir", str(data_dir)]
    if mode.complete_volume_pages:
        args += ["--volume-pages", str(mode.complete_volume_pages)]
    return _worker(args, timeout=1800)


TIMELINE = {"smoke": (120, 20)}
"""Days of daily entries and promises for the timeline (every other mode: five years)."""


def timeline(work: Path, mode: Mode) -> dict[str, Any]:
    """Five years of daily entries (~1,800) and 300 promises: the home screen with its due
    list, the Over time screen until drawn, the Promises page, and the window's longest
    stall throughout; the same walk over a new profile is the floor; then whether the ``me``
    summary holds every entry, rating and promise (child processes)."""
    days, promises = TIMELINE.get(mode.name, (1800, 300))
    long_dir, floor_dir = work / "timeline", work / "timeline-floor"
    made = make_timeline_profile(long_dir, days, promises)
    make_timeline_profile(floor_dir, 0, 0)
    repeats = ["--repeats", str(max(1, mode.open_repeats))]
    floor = _worker(["over-time", "--data-dir", str(floor_dir), *repeats])
    walk = _worker(["over-time", "--data-dir", str(long_dir), *repeats])
    complete = _worker(
        ["summary-complete", "--data-dir", str(long_dir), "--profile", TIMELINE_PROFILE],
        timeout=1800,
    )
    result: dict[str, Any] = {**made, "walk": walk, "floor": floor, "summary": complete}
    if walk.get("time_block_max_ms") and floor.get("time_block_max_ms"):
        result["time_block_ratio"] = walk["time_block_max_ms"] / floor["time_block_max_ms"]
    return result


# ---------------------------------------------------------------------- orchestration
def run(mode: Mode, progress: bool) -> dict[str, Any]:
    """Every measurement for ``mode``; returns the report object."""

    def say(text: str) -> None:
        if progress:
            print(f"… {text}", file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="trustrepair-bench-"))
    details: dict[str, Any] = {}
    report: dict[str, Any] = dict.fromkeys(KEYS)
    started = time.perf_counter()
    try:
        say(f"building a profile with {mode.history_answers} answers")
        history_dir = work / "history"
        details["history"] = make_history_profile(
            history_dir, mode.history_answers, words=history_words(mode)
        )

        say("start-up (fresh processes)")
        details["startup"] = startup(history_dir, mode.startup_runs)
        report["startup_ratio"] = details["startup"].get("ratio")
        report["startup_memory_ratio"] = details["startup"].get("memory_ratio")

        say("unlock to home (large history)")
        details["home_after_unlock"] = _worker(["home", "--data-dir", str(history_dir)])

        say("vault open (key derivation)")
        details["vault_open"] = vault_open(history_dir, mode.open_repeats)
        report["vault_open_s"] = details["vault_open"]["median_s"]

        say("typing in the player")
        details["ui_block"] = ui_block(history_dir, mode)
        report["ui_block_max_ms"] = details["ui_block"].get("ui_block_max_ms")

        say("the counsellor's desk (200 clients, 2,000 assignments)")
        details["desk"] = desk(work, mode)
        report["desk_open_ms"] = details["desk"].get("desk_open_ms")
        report["desk_filter_ms"] = details["desk"].get("desk_filter_ms")

        say("five years of entries and 300 promises: home, Over time, Promises, summary")
        details["timeline"] = timeline(work, mode)
        report["over_time_open_ms"] = details["timeline"]["walk"].get("over_time_open_ms")
        report["time_block_max_ms"] = details["timeline"]["walk"].get("time_block_max_ms")
        report["time_block_ratio"] = details["timeline"].get("time_block_ratio")
        report["time_summary_complete"] = details["timeline"]["summary"].get("summary_complete")

        say("summary PDF")
        details["summary"] = summary(history_dir, mode)
        report["summary_ratio"] = details["summary"].get("summary_ratio")

        answers = mode.complete_answers or mode.history_answers
        say(f"summary completeness ({answers} answers, every one in the PDF)")
        details["summary_complete"] = summary_complete(work, history_dir, mode)
        report["summary_complete"] = details["summary_complete"].get("summary_complete")

        say(f"autosave, then a passphrase change, with {mode.answers} answers")
        details["autosave"] = autosave(work, mode.answers, mode.saves, change=True)
        report["autosave_p99_ms"] = details["autosave"]["p99_ms"]
        report["passphrase_change_s"] = details["autosave"]["passphrase_change"].get("seconds")

        say(f"import check ({mode.answers} answers)")
        details["import_check"] = import_check(mode.answers, mode.library_repeats)
        report["import_check_ratio"] = details["import_check"]["ratio"]

        say(f"library load ({mode.library_files} files)")
        details["library"] = library_load(work, mode.library_files, mode.library_repeats)
        report["library_load_ratio"] = details["library"]["ratio"]

        if mode.answer_growth:
            details["autosave_growth"] = []
            for count in mode.answer_growth:
                say(f"autosave growth: {count} answers")
                details["autosave_growth"].append(autosave(work, count, mode.saves))
        if mode.library_growth:
            details["library_growth"] = []
            for count in mode.library_growth:
                say(f"library growth: {count} files")
                repeats = 1 if count > 1000 else mode.library_repeats
                details["library_growth"].append(library_load(work, count, repeats))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["budgets_met"] = {
        key: (None if report[key] is None else bool(report[key] <= limit))
        for key, (_, limit) in BUDGETS.items()
    }
    report["mode"] = mode.name
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["machine"] = machine()
    report["details"] = details
    return report


def history_words(mode: Mode) -> int:
    """Words per text answer in the history profile: 13 gives the ~200-page `me` summary."""
    return 10 if mode.name == "smoke" else 13


# ---------------------------------------------------------------------- output
def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}{unit}"
    return f"{value}{unit}"


def table(report: dict[str, Any]) -> str:
    """The report as a readable table."""
    d = report["details"]
    notes = {
        "startup_ratio": _startup_note(d.get("startup", {})),
        "startup_memory_ratio": _memory_note(d.get("startup", {})),
        "library_load_ratio": "{ours_s:.2f} s vs {plain_yaml_s:.2f} s for {files} files".format(
            **d["library"]
        )
        if "library" in d
        else "",
        "autosave_p99_ms": "p50 {p50_ms:.2f} ms, max {max_ms:.1f} ms, {answers} answers".format(
            **d["autosave"]
        )
        if "autosave" in d
        else "",
        "ui_block_max_ms": _skip_or(
            d.get("ui_block", {}),
            "{keys} keys, {autosaves} saves, p99 {ui_block_p99_ms:.1f} ms",
        ),
        "summary_ratio": _skip_or(
            d.get("summary", {}), "{pages} pages: {summary_s:.2f} s vs {summary_floor_s:.2f} s"
        ),
        "vault_open_s": "Argon2id + SQLCipher open, median",
        "desk_open_ms": _skip_or(
            d.get("desk", {}),
            "{clients} clients, {assignments} assignments: median of opens, max "
            "{desk_open_max_ms:.0f} ms",
        ),
        "desk_filter_ms": _skip_or(
            d.get("desk", {}), "slowest search or filter; median {desk_filter_median_ms:.1f} ms"
        ),
        "summary_complete": _skip_or(
            d.get("summary_complete", {}),
            "{answers} answers, {missing} missing: {pages} pages in {volumes} volume(s), "
            "{pdf_s:.0f} s",
        ),
        "passphrase_change_s": _skip_or(
            d.get("autosave", {}).get("passphrase_change", {}),
            "re-encrypting {backups} backups too; peak RSS {peak_rss_mib:.0f} MiB",
        ),
        "over_time_open_ms": _skip_or(
            d.get("timeline", {}).get("walk", {}),
            "{entries} entries, {points} ratings: median of opens, max "
            "{over_time_open_max_ms:.0f} ms; Promises ({promises}) {promises_open_ms:.0f} ms",
        ),
        "time_block_max_ms": _skip_or(
            d.get("timeline", {}).get("walk", {}),
            "home ({due_shown} due) {home_ms:.0f} ms, Over time, Promises; p99 "
            "{time_block_p99_ms:.0f} ms",
        ),
        "time_block_ratio": _skip_or(
            d.get("timeline", {}).get("floor", {}),
            "÷ the same walk over a new profile ({time_block_max_ms:.0f} ms)",
        ),
        "time_summary_complete": _skip_or(
            d.get("timeline", {}).get("summary", {}),
            "{entries} entries: {earlier_times} earlier times, {promises} promises, "
            "{ratings} ratings; {missing} missing in {pages} pages",
        ),
        "import_check_ratio": _skip_or(
            d.get("import_check", {}),
            "{answers} answers ({megabytes:.0f} MB): {ours_s:.2f} s vs json.loads "
            "{json_loads_s:.2f} s",
        ),
    }
    lines = [
        f"trustrepair benchmarks ({report['mode']}, {report['seconds']} s) on "
        f"{report['machine']['nproc']} × {report['machine']['cpu']}",
        "",
        f"{'measure':<22} {'value':>9} {'budget':>8}  ok   notes",
        "-" * 96,
    ]
    for key in KEYS:
        budget = BUDGETS.get(key)
        met = report["budgets_met"].get(key)
        mark = "" if budget is None or met is None else ("yes" if met else "NO")
        lines.append(
            f"{key:<22} {_fmt(report[key]):>9} {('≤ ' + _fmt(budget[1])) if budget else '—':>8}"
            f"  {mark:<4} {notes.get(key, '')}"
        )
    for name, rows, fmt in (
        (
            "library growth",
            d.get("library_growth"),
            "{files:>6} files: {ours_s:7.2f} s ({ours_ms_per_file:.2f} ms/file), ratio {ratio:.2f}",
        ),
        (
            "autosave growth",
            d.get("autosave_growth"),
            "{answers:>6} answers: p50 {p50_ms:.2f} ms, p99 {p99_ms:.2f} ms, max {max_ms:.1f} ms",
        ),
    ):
        if rows:
            lines += ["", name + ":"] + ["  " + fmt.format(**row) for row in rows]
    return "\n".join(lines)


def _skip_or(part: dict[str, Any], fmt: str) -> str:
    if "skipped" in part:
        return "skipped: " + str(part["skipped"])[:120]
    try:
        return fmt.format(**part)
    except (KeyError, ValueError, TypeError):
        return ""


def _startup_note(part: dict[str, Any]) -> str:
    if "app_s" in part:
        pairs = len(part.get("pair_ratios", ()))
        return (
            f"median of {pairs} paired starts; app {part['app_s']:.2f} s vs bare window "
            f"{part['floor_s']:.2f} s"
        )
    return _skip_or(part, "")


def _memory_note(part: dict[str, Any]) -> str:
    if "app_peak_rss_mib" in part:
        return (
            f"app {part['app_peak_rss_mib']:.0f} MiB vs bare window "
            f"{part['floor_peak_rss_mib']:.0f} MiB"
        )
    return ""


def main(argv: list[str] | None = None) -> int:
    """Parse options, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="under a minute on 2 cores")
    group.add_argument("--smoke", action="store_true", help="seconds; proves the script works")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    mode = MODES["smoke" if args.smoke else "quick" if args.quick else "full"]
    report = run(mode, progress=not args.json)
    print(json.dumps(report, indent=2) if args.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
