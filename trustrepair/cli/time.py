"""Verbs about time: what a profile went through, and when (``history``), and reminders in
the person's own calendar (``calendar``)."""

from __future__ import annotations

from pathlib import Path

import click

from trustrepair.cli import EXIT_OK
from trustrepair.cli import library as libraries
from trustrepair.cli.faults import doing
from trustrepair.cli.options import exercise_option, json_option, out_option
from trustrepair.cli.output import out, out_json
from trustrepair.cli.unlock import unlock, vault_options
from trustrepair.i18n import tr
from trustrepair.services.history import HistoryService, ReadableEntry
from trustrepair.services.reminders import ReminderService


@click.command()
@vault_options()
@exercise_option("Only this exercise (repeat for several).")
@json_option(
    "A JSON list, newest first, of {exercise_id, started_at, completed_at (null while "
    "unfinished), answers: {step_id: value}}."
)
def history(
    profile: str, passphrase_file: Path | None, exercise_ids: tuple[str, ...], as_json: bool
) -> int:
    """Every time the profile went through an exercise, newest first, with its answers.

    Without --json, each time is a line with its dates, and each answer an indented line.
    """
    documents: list[dict[str, object]] = []
    readable: list[ReadableEntry] = []
    with unlock(profile, passphrase_file) as vault:
        service = HistoryService(vault.store, libraries.profile_library(vault.store))
        records = service.records()
        if exercise_ids:
            wanted = set(exercise_ids)
            records = [r for r in records if r.entry.exercise_id in wanted]
        if as_json:
            documents = [service.document(r) for r in records]
        else:
            readable = service.read_all(records)
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
@out_option("Where to write the calendar file (.ics).")
def calendar(profile: str, passphrase_file: Path | None, target: Path) -> int:
    """A calendar file of reminders: open promises with a date, and the exercises you chose a
    rhythm for (Settings → Reminders), each with an alarm.

    Import it into your own calendar program. Every event is titled with your neutral word
    ("Check-in" unless you chose another): no answer, no promise text, no program name.
    """
    with unlock(profile, passphrase_file) as vault, doing(tr("write the calendar")):
        service = ReminderService(vault.store, libraries.profile_library(vault.store))
        events = service.write_calendar(target)
    out(tr("Wrote {n} reminder(s) to {path}.").format(n=events, path=target))
    return EXIT_OK
