"""Verbs about time: what a profile went through, and when (``history``), one more answer to
an exercise (``answer``), and reminders in the person's own calendar (``calendar``).

``history`` and ``answer`` import the vault stack, the models and the library inside the
handler, after :func:`~trustrepair.cli.unlock.unlock` has started the key derivation, so the
two overlap.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trustrepair.cli import EXIT_OK
from trustrepair.cli import library as libraries
from trustrepair.cli.faults import doing
from trustrepair.cli.options import exercise_option, json_option, out_option
from trustrepair.cli.output import out, out_json
from trustrepair.cli.unlock import unlock, vault_options
from trustrepair.errors import UserFacingError
from trustrepair.i18n import ngettext, tr

if TYPE_CHECKING:
    from trustrepair.content.library import Library
    from trustrepair.domain.answers import JSONValue
    from trustrepair.domain.exercise import Exercise
    from trustrepair.services.history import ReadableEntry
    from trustrepair.services.walk import ExerciseWalk
    from trustrepair.storage.store import VaultStore

ANSWER_LIMIT = 1_000_000
"""The most an answer given on standard input may hold, in bytes (read no further)."""


@click.command()
@vault_options()
@exercise_option("Only this exercise (repeat for several).")
@click.option(
    "--last",
    type=click.IntRange(min=1),
    metavar="N",
    help="Only the newest N times through (of all the exercises shown).",
)
@json_option(
    "A JSON list, newest first, of {exercise_id, started_at, completed_at (null while "
    "unfinished), answers: {step_id: value}}."
)
def history(
    profile: str,
    passphrase_file: Path | None,
    exercise_ids: tuple[str, ...],
    last: int | None,
    as_json: bool,
) -> int:
    """Every time the profile went through an exercise, newest first, with its answers.

    Without --json, each time is a line with its dates, and each answer an indented line.
    With --last N, only the newest N are read and shown.
    """
    from trustrepair.services.history import HistoryService, history_document

    documents: list[dict[str, object]] = []
    readable: list[ReadableEntry] = []
    # Without --json the answers are shown with their exercises' words: the library loads
    # while the key is derived.
    only = set(exercise_ids) or None

    def meanwhile() -> None:
        if not as_json:
            libraries.shipped_library(only)

    with unlock(profile, passphrase_file, meanwhile=meanwhile) as vault:
        records = (
            [r for exercise_id in exercise_ids for r in vault.store.history(exercise_id, last=last)]
            if exercise_ids
            else vault.store.history(last=last)
        )
        if len(exercise_ids) > 1:
            records.sort(key=lambda r: (r.entry.started_at, r.entry.id), reverse=True)
        if last is not None:
            records = records[:last]
        if as_json:
            documents = [history_document(r) for r in records]
        else:
            needed = {r.entry.exercise_id for r in records}
            library = libraries.library_holding(vault.store, needed, only)
            readable = HistoryService(vault.store, library).read_all(records)
    if as_json:
        out_json(documents)
        return EXIT_OK
    if not readable:
        out(tr("Nothing yet."))
    for entry in readable:
        state = (
            tr("finished {date}").format(date=entry.completed_at)
            if entry.completed_at
            else tr("not finished")
        )
        out(f"{entry.title}  ·  {tr('started')} {entry.started_at}  ·  {state}")
        for line in entry.lines:
            out(f"  {line.prompt}")
            for text in line.text.splitlines() or [""]:
                out(f"    {text}")
    return EXIT_OK


@click.command()
@vault_options()
@click.option("--exercise", "exercise_id", required=True, metavar="ID", help="The exercise.")
@click.option("--step", "step_id", required=True, metavar="ID", help="The step it answers.")
@click.option("--share", is_flag=True, help="Share this answer (counsellor, 'us' summaries).")
def answer(
    profile: str, passphrase_file: Path | None, exercise_id: str, step_id: str, share: bool
) -> int:
    """Answer one step of an exercise, from standard input.

    The answer continues the exercise's current time through, as the window would: a
    repeatable exercise that was finished begins a new time. A text step takes the text as
    it is (one trailing newline dropped); any other step takes JSON (7, "choice-id",
    ["a", "b"], {"text": "…", "date": "2026-03-01"}). A new answer is private unless --share.
    """
    if passphrase_file is not None and str(passphrase_file) == "-":
        raise click.UsageError(
            tr("the answer comes from standard input: give the passphrase another way.")
        )
    raw = sys.stdin.buffer.read(ANSWER_LIMIT + 1)
    if len(raw) > ANSWER_LIMIT:
        raise UserFacingError(
            ngettext(
                "That answer is longer than {limit} byte; nothing was saved.",
                "That answer is longer than {limit} bytes; nothing was saved.",
                ANSWER_LIMIT,
            ).format(limit=f"{ANSWER_LIMIT:,}")
        )
    try:
        text = raw.decode("utf-8").removesuffix("\n").removesuffix("\r")
    except UnicodeDecodeError:
        raise UserFacingError(tr("The answer is not UTF-8 text; nothing was saved.")) from None

    def meanwhile() -> None:  # while the key is derived
        import trustrepair.services.walk  # noqa: F401 - imported now, used below

        libraries.shipped_library({exercise_id})

    with unlock(profile, passphrase_file, meanwhile=meanwhile) as vault:
        from trustrepair.domain.answers import InvalidAnswer
        from trustrepair.domain.step_kinds import takes_answer
        from trustrepair.services.walk import ExerciseWalk

        exercise = libraries.library_holding(vault.store, {exercise_id}, {exercise_id}).get(
            exercise_id
        )
        if exercise is None:
            raise click.UsageError(tr("no exercise with the id {ids}").format(ids=exercise_id))
        try:
            step = exercise.step(step_id)
        except KeyError:
            raise click.UsageError(
                tr("the exercise {exercise!r} has no step {step!r}").format(
                    exercise=exercise_id, step=step_id
                )
            ) from None
        if not takes_answer(step):
            raise UserFacingError(
                tr("The step {step!r} is for reading; it takes no answer.").format(step=step_id)
            )
        value = _parse_value(step.kind, text)
        walk = _walk_for(vault.store, libraries.shipped_library(), exercise) or ExerciseWalk(
            vault.store, exercise
        )
        if step.id not in {s.id for s in walk.steps()} and walk.only is not None:
            raise UserFacingError(
                tr(
                    "The step {step!r} is not one you can answer now in this exercise at a "
                    "distance (it is the other person's, fixed, or for later)."
                ).format(step=step_id)
            )
        try:
            walk.stage_answer(step.id, value)
        except InvalidAnswer as exc:
            raise UserFacingError(
                tr("That does not fit the step {step!r}: {reason}").format(step=step_id, reason=exc)
            ) from None
        walk.flush()
        if share:
            walk.set_shared(step.id, True)
        entry = walk.entry
    started = entry.started_at if entry is not None else ""
    out(tr("Saved the answer to {step} ({started}).").format(step=step_id, started=started))
    return EXIT_OK


def _walk_for(store: VaultStore, library: Library, exercise: Exercise) -> ExerciseWalk | None:
    """Your part's walk, when you began this exercise for two at a distance."""
    from trustrepair.domain.enums import Mode

    if exercise.mode is not Mode.PARALLEL:
        return None
    from trustrepair.services.distance import DistanceWork

    work = DistanceWork(store, library, exercise)
    return work.walk() if work.is_begun() else None


def _parse_value(kind: str, text: str) -> JSONValue:
    """What standard input gave, as the step's kind takes it."""
    if kind == "text":
        return text
    from trustrepair.errors import ImportFormatError
    from trustrepair.formats.jsonfile import Budget, parse_json_text

    try:
        budget = Budget(max_bytes=ANSWER_LIMIT, max_values=100_000)
        value: JSONValue = parse_json_text(text, budget, what=tr("an answer"))
    except ImportFormatError:
        raise UserFacingError(
            tr("A {kind} step takes its answer as JSON; that is not JSON.").format(kind=kind)
        ) from None
    return value


@click.command()
@vault_options()
@out_option("Where to write the calendar file (.ics).")
def calendar(profile: str, passphrase_file: Path | None, target: Path) -> int:
    """A calendar file of reminders: open promises with a date, and the exercises you chose a
    rhythm for (Settings → Reminders), each with an alarm.

    Import it into your own calendar program. Every event is titled with your neutral word
    ("Check-in" unless you chose another): no answer, no promise text, no program name.
    """
    from trustrepair.services.reminders import ReminderService

    with unlock(profile, passphrase_file) as vault, doing(tr("write the calendar")):
        service = ReminderService(vault.store, libraries.profile_library(vault.store))
        events = service.write_calendar(target)
    out(
        ngettext("Wrote {n} reminder to {path}.", "Wrote {n} reminders to {path}.", events).format(
            n=events, path=target
        )
    )
    return EXIT_OK
