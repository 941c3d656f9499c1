"""Small builders shared by tests (not fixtures: plain functions)."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trustrepair.content.loader import load_bytes
from trustrepair.domain.exercise import Exercise
from trustrepair.services import signing
from trustrepair.services.profile_services import ProfileServices

SAMPLE_YAML = """\
id: sample
title: A sample exercise
stage: acknowledgement
tracks: [hurt, repairing]
relationships: [romantic, friendship, professional]
mode: solo
minutes: 10
models: [trust-foundations]
summary: For tests.
intro: Hello.
steps:
  - id: read
    kind: reading
    text: Why this matters.
  - id: words
    kind: text
    prompt: Write something.
    help: Anything at all.
  - id: pain
    kind: scale
    prompt: How heavy is it?
    min_label: light
    max_label: heavy
  - id: heavy
    kind: text
    prompt: What makes it heavy?
    when: {step: pain, at_least: 7}
  - id: needs
    kind: list
    prompt: What would help?
    optional: true
  - id: promise
    kind: commitment
    prompt: One promise
"""


def sample_exercise(text: str = SAMPLE_YAML) -> Exercise:
    """The sample exercise, loaded through the real loader."""
    result = load_bytes(text.encode(), "sample.yaml")
    assert result.exercise is not None, result.problems
    return result.exercise


CUSTOM_EXERCISE_YAML = """\
id: between-sessions
title: Between our sessions
stage: rebuilding
tracks: [hurt, repairing]
relationships: [romantic, friendship, professional]
mode: solo
minutes: 10
models: [trust-foundations]
summary: A few notes to bring to our next session.
intro: Write a little each day.
steps:
  - id: noticed
    kind: text
    prompt: What did you notice this week?
"""
"""A counsellor's own exercise, as an assignment file carries it."""


EVERY_KIND_YAML = """\
id: every-kind
title: One step of every kind
stage: acknowledgement
tracks: [hurt, repairing]
relationships: [romantic, friendship, professional]
mode: solo
minutes: 10
models: [trust-foundations]
summary: For tests.
intro: Hello.
steps:
  - id: reading
    kind: reading
    text: Why this matters.
  - id: text
    kind: text
    prompt: Write something.
  - id: scale
    kind: scale
    prompt: How heavy is it?
    min: 1
    max: 5
    min_label: {default: light, professional: slight}
    max_label: heavy
  - id: choice
    kind: choice
    prompt: Which one?
    options:
      - {id: calm, label: {default: Calm, romantic: Calm with you}}
      - {id: afraid, label: Afraid, concern: true}
  - id: multi-choice
    kind: multi_choice
    prompt: Which ones?
    options:
      - {id: sad, label: Sad}
      - {id: angry, label: Angry}
      - {id: tired, label: Tired}
  - id: checklist
    kind: checklist
    prompt: What is done?
    items:
      - {id: called, label: Called}
      - {id: wrote, label: Wrote, concern: true}
  - id: list
    kind: list
    prompt: What would help?
  - id: commitment
    kind: commitment
    prompt: One promise
"""
"""An exercise with one step of each kind (a step's id is its kind, with hyphens)."""

SAMPLE_VALUES: dict[str, object] = {
    "text": "Some words\non two lines",
    "scale": 4,
    "choice": "afraid",
    "multi_choice": ["tired", "sad"],
    "checklist": ["wrote"],
    "list": ["Call weekly", "Listen"],
    "commitment": {"text": "Call weekly", "date": "2026-12-31", "kept": True},
}
"""A value that fits each step kind of EVERY_KIND_YAML (none for a reading)."""


def player_parts(store: Any, library: Any, exercise: Exercise) -> tuple[Any, Any, Any]:
    """What a PlayerView receives for ``exercise`` in ``store``: walk, safety, relationship."""
    services = ProfileServices(store, library)
    return services.walk(exercise), services.safety(), services.profile().relationship


def home_parts(store: Any, library: Any) -> tuple[Any, Any]:
    """What a HomeView receives: the overview and the client's side of counselling."""
    services = ProfileServices(store, library)
    return services.overview(), services.client_desk()


class TookTooLong(AssertionError):
    """A call that must answer at once did not (it would have hung)."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail the test if the block runs longer than ``seconds`` (a guard around calls that
    once hung, such as opening a FIFO: SIGALRM interrupts even a blocking system call)."""

    def expire(_signum: int, _frame: object) -> None:
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def as_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """An export document as release 0.1.0 wrote it: one set of answers and one progress row
    per exercise (the newest entry of each), partner answers beside them."""
    newest: dict[str, dict[str, Any]] = {}
    for entry in document.get("entries", []):
        have = newest.get(entry["exercise_id"])
        if have is None or entry["started_at"] > have["started_at"]:
            newest[entry["exercise_id"]] = entry
    old = {k: v for k, v in document.items() if k not in ("entries", "promise_changes")}
    old["version"] = 1
    old["answers"] = [
        {
            "exercise_id": ex,
            "step_id": step,
            "value": value,
            "shared": step in entry["shared"],
            "revealed": step in entry.get("revealed", []),
            "updated_at": entry["answered_at"].get(step, entry["updated_at"]),
        }
        for ex, entry in sorted(newest.items())
        for step, value in sorted(entry["answers"].items())
    ]
    old["progress"] = [
        {
            "exercise_id": ex,
            "status": "completed" if entry["completed_at"] else "in_progress",
            "current_step": entry["current_step"],
            "started_at": entry["started_at"],
            "completed_at": entry["completed_at"],
            "updated_at": entry["updated_at"],
        }
        for ex, entry in sorted(newest.items())
    ]
    old["partner_answers"] = [
        {
            "exercise_id": ex,
            **{k: p[k] for k in ("step_id", "partner_name", "value", "revealed_at")},
        }
        for ex, entry in sorted(newest.items())
        for p in entry["partner_answers"]
    ]
    return old


CHECK_IN_YAML = """\
id: weekly-check
title: A weekly check
stage: rebuilding
tracks: [hurt, repairing]
relationships: [romantic, friendship, professional]
mode: solo
minutes: 5
models: [trust-foundations]
summary: For tests.
intro: Each week.
repeat:
  rhythm: weekly
  prefill: [focus]
steps:
  - id: focus
    kind: text
    prompt: What are you working on?
  - id: trust
    kind: scale
    prompt: How much do you trust them this week?
    min_label: not at all
    max_label: fully
    series: trust
  - id: week
    kind: text
    prompt: How was the week?
    quote: {step: week, from: previous}
  - id: heard
    kind: text
    prompt: Say back what you wrote.
    quote: week
    optional: true
  - id: promise
    kind: commitment
    prompt: A small promise for the week.
    optional: true
"""
"""A repeatable exercise: a prefilled step, a rating that feeds a series, two quotes."""


def check_in_exercise() -> Exercise:
    """The repeatable test exercise, loaded through the real loader."""
    return sample_exercise(CHECK_IN_YAML)


def walk_through(walk: Any, answers: dict[str, Any], *, finish: bool = True) -> None:
    """Begin (if on the intro) and answer each step shown, then finish (or stop)."""
    if walk.position.at_intro:
        walk.start()
    while walk.current is not None:
        step = walk.current
        if step.id in answers:
            walk.stage_answer(step.id, answers[step.id])
        if not finish and walk.position.index + 1 >= walk.position.total:
            walk.flush()
            return
        walk.next()


def fingerprint_of(vault: Any) -> str:
    """The fingerprint a profile signs its files with: what a receiver accepts its first
    file by (the window asks; the command line takes ``--accept-sender``)."""
    return signing.identity(vault.store).fingerprint


def write_signed(path: Path, vault: Any, document: dict[str, Any]) -> Path:
    """``document`` signed by ``vault``'s profile and written as trustrepair writes it (for
    files that are wrong in some other way than their signature)."""
    path.write_text(signing.signed_text(vault.store, document), encoding="utf-8")
    return path
