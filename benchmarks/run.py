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

BUDGETS: dict[str, float | dict[str, float]] = {
    "startup_ratio": 1.35,
    "startup_memory_ratio": 1.3,
    "startup_memory_ratio_warm": 2.0,
    "library_load_ratio": 2.0,
    "autosave_p99_ms": 5.0,
    "ui_block_max_ms": 50.0,
    "quick_hide_ms": 50.0,
    "summary_ratio": 3.0,
    "summary_dialog_open_ms": 300.0,
    "desk_open_ms": 300.0,
    "desk_filter_ms": 50.0,
    "cli_write_vs_jrnl": {"2000": 1.0, "20000": 0.33},
    "cli_read_vs_jrnl": {"2000": 1.0, "20000": 0.33},
    "over_time_open_ms": 200.0,
    "time_block_max_ms": 50.0,
    "time_block_ratio": 1.5,
}
"""Every budget is an upper limit; the jrnl ratios have one per journal size (entries)."""
KEYS = (
    *BUDGETS,
    "summary_complete",
    "vault_open_s",
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
    large_answers: int  # the profile of the heavy work: the PDF, the export, quick-hide
    complete_volume_pages: int  # smoke: volumes of N pages, to cut a small summary too
    journal_sizes: tuple[int, ...]
    journal_repeats: int
    hide_delays: tuple[int, ...]
    install_peer: bool


MODES = {
    "smoke": Mode(
        "smoke", 20, 1, (), 200, 20, (), 40, 1, 1, 8, 1, 1, 200, 2, (20,), 1, (50,), False
    ),
    "quick": Mode(
        "quick",
        1000,
        3,
        (),
        100_000,
        300,
        (),
        2000,
        25,
        3,
        40,
        3,
        3,
        100_000,
        0,
        (2000, 20_000),
        7,
        (100, 400, 900, 1600, 2500),
        True,
    ),
    "full": Mode(
        "full",
        1000,
        5,
        (100, 1000, 10_000),
        100_000,
        1000,
        (1000, 10_000, 100_000),
        2000,
        21,
        8,
        40,
        5,
        5,
        100_000,
        0,
        (200, 2000, 20_000),
        11,
        (100, 400, 900, 1600, 2500, 3500),
        True,
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
    loaded = 0
    for index in range(repeats):
        # In pairs, in turns floor-first and ours-first.
        for side in ("plain", "ours")[:: -1 if index % 2 else 1]:
            start = time.perf_counter()
            if side == "plain":
                plain()
                plain_s.append(time.perf_counter() - start)
            else:
                loaded = ours()
                ours_s.append(time.perf_counter() - start)
    shutil.rmtree(folder, ignore_errors=True)
    pairs = paired(ours_s, plain_s)
    return {
        "files": files,
        "loaded": loaded,
        "bytes": size,
        "ours_s": median(ours_s),
        "plain_yaml_s": median(plain_s),
        "ratio": pairs["ratio"],
        "spread": pairs.get("spread"),
        "pairs": pairs["pairs"],
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
    for index in range(repeats):
        for side in ("plain", "ours")[:: -1 if index % 2 else 1]:
            start = time.perf_counter()
            if side == "plain":
                json.loads(text)
                plain_s.append(time.perf_counter() - start)
            else:
                parsed = parse_json_text(text, export.BUDGET, what="an export")
                transfer.parse_export(parsed, library=library)
                ours_s.append(time.perf_counter() - start)
    pairs = paired(ours_s, plain_s)
    return {
        "answers": answers,
        "megabytes": len(text) / 1e6,
        "ours_s": median(ours_s),
        "json_loads_s": median(plain_s),
        "ratio": pairs["ratio"],
        "spread": pairs.get("spread"),
        "pairs": pairs["pairs"],
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
        # The floor, save for save: one plain SQLite upsert committed the same way (WAL,
        # synchronous=FULL: one fsync) on the same disk, no encryption, alternating with ours,
        # so a busy disk shows in both.
        import sqlite3

        floor_db = sqlite3.connect(data_dir / "floor.db", isolation_level=None)
        floor_db.execute("PRAGMA journal_mode=WAL")
        floor_db.execute("PRAGMA synchronous=FULL")
        floor_db.execute("CREATE TABLE IF NOT EXISTS answers (k TEXT PRIMARY KEY, v TEXT)")
        latencies, floor = [], []
        for index in range(saves):
            start = time.perf_counter()
            walk.stage_answer(step.id, text[: 40 + index % 200])
            walk.flush()
            latencies.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            floor_db.execute(
                "INSERT INTO answers VALUES ('step', ?) ON CONFLICT (k) DO UPDATE SET v = "
                "excluded.v",
                [text[: 40 + index % 200]],
            )
            floor.append((time.perf_counter() - start) * 1000)
        floor_db.close()
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
        "floor_p50_ms": percentile(floor, 50),
        "floor_p99_ms": percentile(floor, 99),
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


# ---------------------------------------------------------------------- the peer: jrnl
JOURNAL_WORDS = 30
"""Words of each entry's text, both sides (jrnl: a six-word title and the text; here: a
six-word item and the text of the exercise's text step)."""


def cli_vs_jrnl(work: Path, sizes: tuple[int, ...], repeats: int, install: bool) -> dict[str, Any]:
    """The command line against jrnl, each over an encrypted journal of the same entries:
    "write one entry" (``trustrepair answer``, the text on standard input; ``jrnl TEXT``) and
    "read the latest" (``trustrepair history --exercise ID --last 1``; ``jrnl -n 1``), each a
    fresh process, in back-to-back pairs in turns, ``repeats`` pairs per size and verb.
    """
    import peer
    from common import (
        JOURNAL_EXERCISE,
        JOURNAL_PROFILE,
        JOURNAL_STEP,
        PASSPHRASE,
        make_journal_profile,
    )

    executable, why = peer.jrnl_executable(install=install)
    if executable is None:
        return {"skipped": why}
    ours = shutil.which("trustrepair", path=str(Path(python()).parent))
    ours_argv = [ours] if ours else [python(), "-m", "trustrepair"]
    result: dict[str, Any] = {"jrnl": peer.jrnl_version(executable), "sizes": []}
    for size in sizes:
        data_dir = work / f"journal-{size}"
        home = work / f"jrnl-{size}"
        home.mkdir(parents=True)
        made = make_journal_profile(data_dir, size, JOURNAL_WORDS)
        made_jrnl = peer.make_journal(executable, home, size, JOURNAL_WORDS)
        env = child_env(data_dir, TRUSTREPAIR_PASSPHRASE=PASSPHRASE)
        profile = ["--profile", JOURNAL_PROFILE]
        write_argv = [*ours_argv, "answer", *profile]
        write_argv += ["--exercise", JOURNAL_EXERCISE, "--step", JOURNAL_STEP]
        read_argv = [*ours_argv, "history", *profile, "--exercise", JOURNAL_EXERCISE]
        read_argv += ["--last", "1"]

        # Once each before timing: the page cache, compiled modules, jrnl's first run.
        _timed(read_argv, None, env)
        peer.run_jrnl(executable, home, peer.jrnl_read_argv(executable))
        timed: dict[str, list[float]] = {k: [] for k in ("ow", "jw", "or", "jr")}
        checked = True
        for index in range(repeats):
            text = f"It showed me you can be thoughtful, time {index} of {size}."
            for side in ("ours", "jrnl")[:: -1 if index % 2 else 1]:
                if side == "ours":
                    timed["ow"].append(_timed(write_argv, text + "\n", env)[0])
                else:
                    timed["jw"].append(peer.run_jrnl(executable, home, [str(executable), text])[0])
            for side in ("jrnl", "ours")[:: -1 if index % 2 else 1]:
                if side == "ours":
                    seconds, shown = _timed(read_argv, None, env)
                    timed["or"].append(seconds)
                else:
                    seconds, shown = peer.run_jrnl(
                        executable, home, peer.jrnl_read_argv(executable)
                    )
                    timed["jr"].append(seconds)
                checked &= text in shown
        write = paired(timed["ow"], timed["jw"])
        read = paired(timed["or"], timed["jr"])
        result["sizes"].append(
            {
                "entries": size,
                "answers": made["answers"],
                "jrnl_bytes": made_jrnl["journal_bytes"],
                "write_ratio": write["ratio"],
                "write_spread": write.get("spread"),
                "write_s": median(timed["ow"]),
                "jrnl_write_s": median(timed["jw"]),
                "read_ratio": read["ratio"],
                "read_spread": read.get("spread"),
                "read_s": median(timed["or"]),
                "jrnl_read_s": median(timed["jr"]),
                "pairs": write["pairs"],
                "latest_read_back": checked,
            }
        )
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
    return result


def _timed(argv: list[str], text: str | None, env: dict[str, str]) -> tuple[float, str]:
    """Seconds one command took, spawn to exit (``text`` on its standard input), and what it
    printed; a failure stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(
        argv, input=text, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{argv[1]} failed: {done.stderr[-300:]}")
    return seconds, done.stdout


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


def summary_complete(history_dir: Path, mode: Mode) -> dict[str, Any]:
    """Every answer of a small ``me`` summary is in its PDF, cut into volumes of a few pages
    (the smoke run's check; the other modes check the 100,000-answer PDF of the heavy work)."""
    args = ["summary-complete", "--data-dir", str(history_dir)]
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


def heavy_work(large_dir: Path, mode: Mode) -> dict[str, Any]:
    """The window's longest stall while the Summary dialog saves the large profile's ``me``
    summary as a PDF and while File → Export… writes it encrypted; the PDF checked for every
    answer (child process)."""
    args = ["heavy-work", "--data-dir", str(large_dir)]
    if not mode.complete_volume_pages:
        args.append("--check")
    return _worker(args, timeout=3600)


def quick_hide(large_dir: Path, mode: Mode) -> dict[str, Any]:
    """Quick-hide at several moments of a running export of the large profile (child)."""
    delays = ",".join(str(d) for d in mode.hide_delays)
    return _worker(["quick-hide", "--data-dir", str(large_dir), "--delays", delays])


def summary_dialog(large_dir: Path, mode: Mode) -> dict[str, Any]:
    """File → Summary… over the large profile: opening and switching kind (child)."""
    return _worker(
        ["summary-dialog", "--data-dir", str(large_dir), "--repeats", str(mode.open_repeats)]
    )


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
    load_before = os.getloadavg()
    try:
        say(f"building a profile with {mode.history_answers} answers")
        history_dir = work / "history"
        details["history"] = make_history_profile(
            history_dir, mode.history_answers, words=history_words(mode)
        )

        say("start-up (fresh processes, to the first frame and after the warm-up)")
        details["startup"] = startup(history_dir, mode.startup_runs)
        report["startup_ratio"] = details["startup"].get("ratio")
        report["startup_memory_ratio"] = details["startup"].get("memory_ratio")
        report["startup_memory_ratio_warm"] = details["startup"].get("memory_ratio_warm")

        say("unlock to home (large history)")
        details["home_after_unlock"] = _worker(["home", "--data-dir", str(history_dir)])

        say("vault open (key derivation)")
        details["vault_open"] = vault_open(history_dir, mode.open_repeats)
        report["vault_open_s"] = details["vault_open"]["median_s"]

        say("typing in the player")
        details["ui_block"] = ui_block(history_dir, mode)

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

        say("summary PDF against Qt printing the same HTML, paginated alike")
        details["summary"] = summary(history_dir, mode)
        report["summary_ratio"] = details["summary"].get("summary_ratio")

        say(f"the command line against jrnl at {', '.join(map(str, mode.journal_sizes))}")
        details["cli_vs_jrnl"] = cli_vs_jrnl(
            work, mode.journal_sizes, mode.journal_repeats, mode.install_peer
        )
        for key, field in (
            ("cli_write_vs_jrnl", "write_ratio"),
            ("cli_read_vs_jrnl", "read_ratio"),
        ):
            sizes = details["cli_vs_jrnl"].get("sizes", [])
            report[key] = {str(row["entries"]): row[field] for row in sizes} or None

        say(f"building a profile with {mode.large_answers} answers")
        large_dir = work / "large"
        details["large"] = make_history_profile(
            large_dir, mode.large_answers, words=history_words(mode)
        )

        say(f"the Summary dialog over {mode.large_answers} answers")
        details["summary_dialog"] = summary_dialog(large_dir, mode)
        report["summary_dialog_open_ms"] = details["summary_dialog"].get("summary_dialog_open_ms")

        say("quick-hide while an export runs")
        details["quick_hide"] = quick_hide(large_dir, mode)
        report["quick_hide_ms"] = details["quick_hide"].get("quick_hide_ms")

        say(f"saving a PDF of {mode.large_answers} answers and exporting them, the window probed")
        details["heavy_work"] = heavy_work(large_dir, mode)
        stalls = [
            details["ui_block"].get("ui_block_max_ms"),
            details["heavy_work"].get("pdf_block_max_ms"),
            details["heavy_work"].get("export_block_max_ms"),
        ]
        if all(value is not None for value in stalls):
            report["ui_block_max_ms"] = max(stalls)
        if mode.complete_volume_pages:
            say("summary completeness (small volumes)")
            details["summary_complete"] = summary_complete(history_dir, mode)
        else:
            details["summary_complete"] = details["heavy_work"]
        report["summary_complete"] = details["summary_complete"].get("summary_complete")
        shutil.rmtree(large_dir, ignore_errors=True)

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
    report["budgets_met"] = {key: _met(report[key], limit) for key, limit in BUDGETS.items()}
    report["mode"] = mode.name
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["machine"] = machine()
    report["machine"]["load_average_before"] = [round(v, 2) for v in load_before]
    report["machine"]["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    report["details"] = details
    return report


def _met(value: Any, limit: float | dict[str, float]) -> bool | dict[str, bool | None] | None:
    """Whether ``value`` is within ``limit`` (None: not measured; per size for the jrnl keys,
    only the sizes measured)."""
    if value is None:
        return None
    if isinstance(limit, dict):
        met = {
            size: bool(value[size] <= bound)
            for size, bound in limit.items()
            if value.get(size) is not None
        }
        return met or None
    return bool(value <= limit)


def history_words(mode: Mode) -> int:
    """Words per text answer in the history profile: 13 gives the ~200-page `me` summary."""
    return 10 if mode.name == "smoke" else 13


# ---------------------------------------------------------------------- output
def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        return " / ".join(_fmt(v) for v in value.values())
    if isinstance(value, float):
        return f"{value:.3g}{unit}"
    return f"{value}{unit}"


def table(report: dict[str, Any]) -> str:
    """The report as a readable table."""
    d = report["details"]
    notes = {
        "startup_ratio": _startup_note(d.get("startup", {})),
        "startup_memory_ratio": _memory_note(d.get("startup", {}), "paint"),
        "startup_memory_ratio_warm": _memory_note(d.get("startup", {}), "peak"),
        "library_load_ratio": _skip_or(
            d.get("library", {}),
            "{ours_s:.2f} s vs {plain_yaml_s:.2f} s for {files} files, {pairs} pairs {spread}",
        ),
        "autosave_p99_ms": _skip_or(
            d.get("autosave", {}),
            "p50 {p50_ms:.2f} ms, max {max_ms:.1f} ms, {answers} answers; plain SQLite "
            "p99 {floor_p99_ms:.2f} ms",
        ),
        "ui_block_max_ms": _block_note(d),
        "quick_hide_ms": _skip_or(
            d.get("quick_hide", {}), "at {delays_ms} ms into an export: {timings_ms} ms"
        ),
        "summary_ratio": _skip_or(
            d.get("summary", {}),
            "{pages} vs {floor_pages} pages: {summary_s:.2f} s vs {summary_floor_s:.2f} s {spread}",
        ),
        "summary_dialog_open_ms": _skip_or(
            d.get("summary_dialog", {}),
            "{answers} answers, {rows} rows; switching kind {switch_kind_ms:.0f} ms",
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
        "cli_write_vs_jrnl": _jrnl_note(d.get("cli_vs_jrnl", {}), "write"),
        "cli_read_vs_jrnl": _jrnl_note(d.get("cli_vs_jrnl", {}), "read"),
        "summary_complete": _skip_or(
            d.get("summary_complete", {}),
            "{complete_answers} answers, {missing} missing, {pages} pages",
        )
        or _skip_or(
            d.get("summary_complete", {}),
            "{answers} answers, {missing} missing: {pages} pages in {volumes} volume(s)",
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
            "Over time, Promises, home ({due_shown} due) {home_ms:.0f} ms, after its first "
            "build ({first_home_ms:.0f} ms); p99 {time_block_p99_ms:.0f} ms",
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
    machine_line = report["machine"]
    lines = [
        f"trustrepair benchmarks ({report['mode']}, {report['seconds']} s) on "
        f"{machine_line['nproc']} × {machine_line['cpu']}, load average "
        f"{machine_line.get('load_average_before')} → {machine_line.get('load_average_after')}",
        "",
        f"{'measure':<26} {'value':>13} {'budget':>13}  ok   notes",
        "-" * 110,
    ]
    for key in KEYS:
        budget = BUDGETS.get(key)
        met = report["budgets_met"].get(key)
        if isinstance(met, dict):
            mark = "yes" if all(met.values()) else "NO"
        else:
            mark = "" if budget is None or met is None else ("yes" if met else "NO")
        lines.append(
            f"{key:<26} {_fmt(report[key]):>13} {_fmt_budget(budget):>13}  {mark:<4} "
            f"{notes.get(key, '')}"
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
        (
            "the command line against jrnl",
            d.get("cli_vs_jrnl", {}).get("sizes"),
            "{entries:>6} entries: write {write_s:.2f} s vs {jrnl_write_s:.2f} s "
            "(ratio {write_ratio:.2f}), read the latest {read_s:.2f} s vs {jrnl_read_s:.2f} s "
            "(ratio {read_ratio:.2f})",
        ),
    ):
        if rows:
            lines += ["", name + ":"] + ["  " + fmt.format(**row) for row in rows]
    return "\n".join(lines)


def _fmt_budget(budget: float | dict[str, float] | None) -> str:
    if budget is None:
        return "—"
    if isinstance(budget, dict):
        return " / ".join(f"≤ {v:g}" for v in budget.values())
    return "≤ " + _fmt(budget)


def _block_note(d: dict[str, Any]) -> str:
    typing = d.get("ui_block", {}).get("ui_block_max_ms")
    heavy = d.get("heavy_work", {})
    if "skipped" in heavy or typing is None:
        return _skip_or(heavy, "") or _skip_or(d.get("ui_block", {}), "")
    return (
        f"typing {typing:.1f} ms; saving the PDF {heavy.get('pdf_block_max_ms', 0):.1f} ms; "
        f"exporting {heavy.get('export_block_max_ms', 0):.1f} ms; idle probe "
        f"{heavy.get('idle_block_max_ms', 0):.1f} ms ({heavy.get('answers')} answers)"
    )


def _jrnl_note(part: dict[str, Any], verb: str) -> str:
    if "skipped" in part:
        return "skipped: " + str(part["skipped"])[:100]
    rows = part.get("sizes", [])
    return "; ".join(
        f"{row['entries']}: {row[verb + '_s']:.2f} s vs jrnl {row['jrnl_' + verb + '_s']:.2f} s "
        f"{row[verb + '_spread']}"
        for row in rows
    )


def _skip_or(part: dict[str, Any], fmt: str) -> str:
    if "skipped" in part:
        return "skipped: " + str(part["skipped"])[:120]
    try:
        return fmt.format(**part)
    except (KeyError, ValueError, TypeError):
        return ""


def _startup_note(part: dict[str, Any]) -> str:
    if "app_s" in part:
        return (
            f"median of {part.get('pairs')} pairs {part.get('spread')}; app {part['app_s']:.3f} s "
            f"vs bare window {part['floor_s']:.3f} s to the first frame; warmed up "
            f"{part.get('app_warm_s', 0):.2f} s"
        )
    return _skip_or(part, "")


def _memory_note(part: dict[str, Any], when: str) -> str:
    app, floor = part.get(f"app_{when}_rss_mib"), part.get(f"floor_{when}_rss_mib")
    if app and floor:
        moment = "at the first frame" if when == "paint" else "after the warm-up (peak)"
        return f"app {app:.0f} MiB vs bare window {floor:.0f} MiB, {moment}"
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
