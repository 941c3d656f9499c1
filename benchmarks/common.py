"""Shared helpers for the benchmarks: statistics, generated exercise files, filled vaults.

Nothing here imports Qt, so the orchestrator (``run.py``) stays Qt-free and every Qt
measurement runs in a fresh child process.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
PASSPHRASE = "correct horse battery staple, for benchmarks only"
PROFILE = "Bench"

_TEXT = (
    "I felt hurt when it happened and I still think about it most evenings after work "
    "it is getting easier to talk about this with you we agreed to check in every Sunday "
    "sometimes the doubt comes back when your phone buzzes and I notice it before I can "
    "stop myself I want us to keep going slowly and honestly without pretending"
)
_WORDS = _TEXT.split(" ")


def median(values: list[float]) -> float:
    """The median (0.0 for no values)."""
    return statistics.median(values) if values else 0.0


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``fn`` took, and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def sentence(rng: random.Random, words: int) -> str:
    """Plausible answer text of about ``words`` words (never real answers)."""
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


# ---------------------------------------------------------------------- exercise files
def shipped_exercise_texts() -> list[str]:
    """The text of every shipped exercise file except the safety check."""
    from trustrepair.resources import exercises_root

    files = sorted(exercises_root().rglob("*.yaml"))
    return [p.read_text(encoding="utf-8") for p in files if "safety" not in p.parts]


_ID_LINE = re.compile(r"^id: (\S+)", re.MULTILINE)


def generate_exercise_files(folder: Path, count: int) -> list[Path]:
    """Write ``count`` valid exercise files (shipped ones with fresh ids) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = shipped_exercise_texts()
    paths = []
    for index in range(count):
        text = _ID_LINE.sub(
            lambda m, i=index: f"id: {m.group(1)}-g{i:05d}", texts[index % len(texts)], count=1
        )
        path = folder / f"generated-{index:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------------- answers
def value_for(step: Any, rng: random.Random, words: int = 60) -> Any:
    """A value that fits ``step``'s kind (None for reading steps)."""
    kind = step.kind
    if kind == "reading":
        return None
    if kind == "text":
        return sentence(rng, words)
    if kind == "scale":
        return rng.randint(step.min, step.max)
    if kind == "choice":
        return rng.choice(step.options).id
    if kind in ("multi_choice", "checklist"):
        options = step.options if kind == "multi_choice" else step.items
        return [o.id for o in options if rng.random() < 0.4]
    if kind == "list":
        return [sentence(rng, 8) for _ in range(rng.randint(1, 5))]
    if kind == "commitment":
        return {"text": sentence(rng, 20), "date": "2026-03-01", "kept": None}
    return sentence(rng, words)


def history_rows(library: Any, count: int, seed: int = 7, words: int = 60) -> Iterator[tuple]:
    """``count`` answers: every step of the shipped library, then older exercises' answers.

    A person can answer each step once, so beyond the library's steps the history is filed
    under exercise ids that are no longer in the library (what two years of updates to the
    content would leave behind); summaries show those as "earlier exercises".
    """
    rng = random.Random(seed)
    produced = 0
    for exercise in library.ordered():
        for step in exercise.steps:
            value = value_for(step, rng, words)
            if value is None:
                continue
            yield (exercise.id, step.id, value)
            produced += 1
            if produced >= count:
                return
    index = 0
    while produced < count:
        yield (
            f"earlier-exercise-{index // 10:05d}",
            f"step-{index % 10:02d}",
            sentence(rng, words),
        )
        index += 1
        produced += 1


def fill_store(store: Any, rows: Iterator[tuple], batch: int = 5000) -> None:
    """Save answers in large transactions (quick to build, same table as autosave)."""
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            store.save_answers(chunk)
            chunk = []
    if chunk:
        store.save_answers(chunk)


def mark_progress(store: Any, library: Any) -> None:
    """Every shipped exercise started, most completed, like two years of use."""
    for index, exercise in enumerate(library.ordered()):
        store.set_position(exercise.id, exercise.steps[0].id if exercise.steps else None)
        if index % 4:
            store.mark_completed(exercise.id)


def make_history_profile(
    data_dir: Path, answers: int, *, passphrase: str | None = PASSPHRASE, words: int = 60
) -> dict[str, Any]:
    """Create the ``Bench`` profile in ``data_dir`` holding ``answers`` answers."""
    from trustrepair import paths
    from trustrepair.content.library import load_library
    from trustrepair.domain.enums import Relationship, Track
    from trustrepair.domain.profile import ProfileInfo
    from trustrepair.resources import exercises_root
    from trustrepair.services.vaults import Vaults

    os.environ[paths.ENV_DATA_DIR] = str(data_dir)
    paths.set_data_dir(data_dir)
    library = load_library([exercises_root()])
    vaults = Vaults(paths.profiles_dir())
    info = ProfileInfo(PROFILE, Track.HURT, Relationship.ROMANTIC, "a benchmark profile")
    vault = vaults.create(info, passphrase)
    try:
        fill_store(vault.store, history_rows(library, answers, words=words))
        mark_progress(vault.store, library)
        stored = vault.store.count_answers()
    finally:
        vault.close()
    _remember_profile(data_dir)
    return {"answers": stored}


def _remember_profile(data_dir: Path) -> None:
    """Make the app open on this profile if it remembers a last profile (best effort)."""
    settings = data_dir / "settings.json"
    try:
        current = json.loads(settings.read_text(encoding="utf-8")) if settings.exists() else {}
    except ValueError:
        current = {}
    current.setdefault("last_profile", PROFILE)
    settings.write_text(json.dumps(current), encoding="utf-8")


def child_env(data_dir: Path | None = None, **extra: str) -> dict[str, str]:
    """Environment for a measured child process: offscreen Qt, the benchmark data dir."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users have compiled .pyc files
    if data_dir is not None:
        env["TRUSTREPAIR_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def python() -> str:
    """The interpreter running the benchmarks (the project's venv)."""
    return sys.executable


# ---------------------------------------------------------------------- a long timeline
TIMELINE_PROFILE = "Timeline"


def fill_timeline(
    store: Any, library: Any, days: int, promises: int, *, end: Any = None, seed: int = 11
) -> dict[str, int]:
    """``days`` days of entries, one a day, ending yesterday, and ``promises`` promises.

    Most days an appreciation; every seventh a check-in rating (trust, feeling heard); every
    few days promises, each marked kept, missed or talked over when its date came (one in
    twenty-five left unmarked: overdue), the latest still to come (due soon). Written
    straight through the store in a few transactions (as imports do), with past dates, so
    five years take seconds to build.
    """
    from datetime import UTC, date, datetime, timedelta

    from trustrepair.domain.promises import PromiseChange, PromiseStatus

    rng = random.Random(seed)
    last = end or (date.today() - timedelta(days=1))
    first = last - timedelta(days=days - 1)
    appreciation = library.get("noticing-and-appreciating")
    repair = library.get("noticing-the-repair")
    check_in = library.get("regular-check-in")
    pledges = library.get("promises-with-dates")
    made = 0

    def stamp(day: Any, hour: int) -> str:
        moment = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    with store.db.atomic():
        for offset in range(days):
            day = first + timedelta(days=offset)
            started = stamp(day, 19)
            if offset % 7 == 3 and repair is not None:
                entry = store.start_entry(repair.id, started_at=started)
                trust = max(0, min(10, 3 + offset * 5 // days + rng.randint(-2, 2)))
                store.save_answer(
                    repair.id, "overall", trust, entry_id=entry.id, updated_at=started
                )
                store.save_answer(
                    repair.id, "kept", [sentence(rng, 6)], entry_id=entry.id, updated_at=started
                )
            elif offset % 7 == 5 and check_in is not None:
                entry = store.start_entry(check_in.id, started_at=started)
                store.save_answer(
                    check_in.id, "heard", rng.randint(4, 9), entry_id=entry.id, updated_at=started
                )
                store.save_answer(
                    check_in.id,
                    "hurt-speaks",
                    sentence(rng, 20),
                    entry_id=entry.id,
                    updated_at=started,
                )
            elif appreciation is not None:
                entry = store.start_entry(appreciation.id, started_at=started)
                noticed = [sentence(rng, 5) for _ in range(rng.randint(1, 3))]
                store.save_answer(
                    appreciation.id, "noticed", noticed, entry_id=entry.id, updated_at=started
                )
            else:
                continue
            store.mark_completed(entry.exercise_id, entry_id=entry.id, at=started)
        per_entry = 3
        entries = -(-promises // per_entry)
        for index in range(entries):
            if pledges is None:
                break
            day = first + timedelta(days=int(index * (days - 1) / max(1, entries)))
            started = stamp(day, 8)
            entry = store.start_entry(pledges.id, started_at=started)
            for step_id in ("first", "second", "third")[: min(per_entry, promises - made)]:
                due = day + timedelta(days=rng.randint(3, 20))
                value = {"text": sentence(rng, 6), "date": due.isoformat(), "kept": None}
                store.save_answer(pledges.id, step_id, value, entry_id=entry.id, updated_at=started)
                made += 1
                if due < last and made % 25:
                    status = rng.choice(
                        [PromiseStatus.KEPT] * 6
                        + [PromiseStatus.MISSED] * 2
                        + [PromiseStatus.RENEGOTIATED]
                    )
                    store.add_promise_change(
                        PromiseChange(entry.id, step_id, status, "", stamp(due, 21))
                    )
            store.mark_completed(pledges.id, entry_id=entry.id, at=started)
    return {"entries": store.count_entries(), "promises": made}


def make_timeline_profile(
    data_dir: Path, days: int, promises: int, *, passphrase: str | None = PASSPHRASE
) -> dict[str, Any]:
    """Create the ``Timeline`` profile in ``data_dir``: ``days`` daily entries, promises."""
    from trustrepair import paths
    from trustrepair.content.library import load_library
    from trustrepair.domain.enums import Relationship, Track
    from trustrepair.domain.profile import ProfileInfo
    from trustrepair.resources import exercises_root
    from trustrepair.services.vaults import Vaults

    os.environ[paths.ENV_DATA_DIR] = str(data_dir)
    paths.set_data_dir(data_dir)
    library = load_library([exercises_root()])
    vaults = Vaults(paths.profiles_dir())
    info = ProfileInfo(TIMELINE_PROFILE, Track.HURT, Relationship.ROMANTIC, "five years")
    vault = vaults.create(info, passphrase)
    try:
        made = fill_timeline(vault.store, library, days, promises)
    finally:
        vault.close()
    return made


# ---------------------------------------------------------------------- a journal, for the peer
JOURNAL_PROFILE = "Journal"
JOURNAL_EXERCISE = "noticing-and-appreciating"
JOURNAL_STEP = "quality"
"""The text step the command line writes to, as a journal writes one entry."""


def make_journal_profile(
    data_dir: Path, entries: int, words: int, *, passphrase: str | None = PASSPHRASE
) -> dict[str, Any]:
    """Create the ``Journal`` profile in ``data_dir``: ``entries`` finished times through the
    daily appreciation exercise, one an hour, each with a text answer of about ``words``
    words and a one-item list (what a journal of ``entries`` entries holds, entry for entry).

    Written straight through the store in one transaction, with past dates.
    """
    from datetime import UTC, datetime, timedelta

    from trustrepair import paths
    from trustrepair.content.library import load_library
    from trustrepair.domain.enums import Relationship, Track
    from trustrepair.domain.profile import ProfileInfo
    from trustrepair.resources import exercises_root
    from trustrepair.services.vaults import Vaults

    os.environ[paths.ENV_DATA_DIR] = str(data_dir)
    paths.set_data_dir(data_dir)
    library = load_library([exercises_root()])
    if library.get(JOURNAL_EXERCISE) is None:
        raise SystemExit(f"the shipped library has no {JOURNAL_EXERCISE}")
    vaults = Vaults(paths.profiles_dir())
    info = ProfileInfo(JOURNAL_PROFILE, Track.HURT, Relationship.ROMANTIC, "a journal")
    vault = vaults.create(info, passphrase)
    rng = random.Random(11)
    first = datetime(2024, 1, 1, 9, tzinfo=UTC)
    try:
        store = vault.store
        with store.db.atomic():
            for index in range(entries):
                moment = first + timedelta(hours=index)
                stamp = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
                entry = store.start_entry(JOURNAL_EXERCISE, started_at=stamp)
                store.save_answer(
                    JOURNAL_EXERCISE,
                    "noticed",
                    [sentence(rng, 6)],
                    entry_id=entry.id,
                    updated_at=stamp,
                )
                store.save_answer(
                    JOURNAL_EXERCISE,
                    JOURNAL_STEP,
                    sentence(rng, words),
                    entry_id=entry.id,
                    updated_at=stamp,
                )
                store.mark_completed(JOURNAL_EXERCISE, entry_id=entry.id, at=stamp)
        made = {"entries": store.count_entries(), "answers": store.count_answers()}
    finally:
        vault.close()
    return made
