"""Verbs for an exercise for two done at a distance, each person on their own computer:
``distance begin``, ``distance choose``, ``distance write``, ``distance open``, ``distance
status``, ``distance show``. Answers to one's own part go in with ``trustrepair answer``, as
for any exercise.

Files travel by hand. The first file from each person only introduces them (their keys); the
other accepts it with ``--accept-sender FINGERPRINT``, the fingerprint they compared by phone
or in person. Later files hold the revealed answers, sealed to the partner.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from trustrepair.cli import EXIT_OK
from trustrepair.cli import library as libraries
from trustrepair.cli.faults import doing
from trustrepair.cli.options import json_option, out_option
from trustrepair.cli.output import out, out_json
from trustrepair.cli.unlock import unlock, vault_options
from trustrepair.errors import UserFacingError
from trustrepair.i18n import ngettext, tr, translated

if TYPE_CHECKING:
    from trustrepair.services.distance import DistanceStatus, DistanceWork
    from trustrepair.storage.store import VaultStore

exercise_id_option = click.option(
    "--exercise", "exercise_id", required=True, metavar="ID", help="The exercise for two."
)
accept_sender_option = click.option(
    "--accept-sender",
    metavar="FINGERPRINT",
    help="For the first file from your partner: the fingerprint you compared with them (by "
    "phone or in person). Later files must be signed with the same key.",
)


def _work(store: VaultStore, exercise_id: str, role: str | None = None) -> DistanceWork:
    from trustrepair.domain.enums import Track
    from trustrepair.services.distance import DistanceWork

    library = libraries.library_holding(store, {exercise_id})
    exercise = library.exercises.get(exercise_id)
    if exercise is None:
        raise click.UsageError(tr("no exercise with the id {ids}").format(ids=exercise_id))
    return DistanceWork(store, library, exercise, role=Track(role) if role else None)


@click.group()
def distance() -> None:
    """An exercise for two at a distance: each on their own computer, files in between."""


@distance.command("begin")
@vault_options()
@exercise_id_option
@click.option(
    "--role",
    type=click.Choice(["hurt", "repairing"]),
    help="Your part in this exercise (default: your profile's).",
)
def distance_begin(
    profile: str, passphrase_file: Path | None, exercise_id: str, role: str | None
) -> int:
    """Begin an exercise for two at a distance: then answer your part with 'trustrepair answer'.

    Exercises taken in turns at one screen are for when you sit together; at a distance,
    choose one where each of you answers on your own.
    """
    from trustrepair.services import distance as service

    with unlock(profile, passphrase_file) as vault:
        work = _work(vault.store, exercise_id, role)
        work.begin()
        steps = [s.id for s in work.walk().steps()]
    out(translated(service.DISTANCE_INTRO))
    out(tr("Your steps: {steps}.").format(steps=", ".join(steps)))
    return EXIT_OK


@distance.command("choose")
@vault_options()
@exercise_id_option
@click.option(
    "--keep-private",
    "held",
    multiple=True,
    metavar="STEP",
    help="An answer to keep to yourself (repeat for several); every other answer is revealed.",
)
def distance_choose(
    profile: str, passphrase_file: Path | None, exercise_id: str, held: tuple[str, ...]
) -> int:
    """Choose what to reveal to your partner: everything you answered, but what you keep
    private. Your file can hold your answers after this."""
    with unlock(profile, passphrase_file) as vault:
        work = _work(vault.store, exercise_id)
        answered = {s.id for s in work.answered_steps()}
        unknown = sorted(set(held) - answered)
        if unknown:
            raise UserFacingError(
                tr("You have not answered {steps}: nothing was changed.").format(
                    steps=", ".join(unknown)
                )
            )
        for step_id in sorted(answered):
            work.set_reveal(step_id, step_id not in held)
        work.confirm_choices()
    out(
        ngettext(
            "{shown} answer to reveal, {kept} kept private.",
            "{shown} answers to reveal, {kept} kept private.",
            len(answered) - len(held),
        ).format(shown=len(answered) - len(held), kept=len(held))
    )
    return EXIT_OK


@distance.command("write")
@vault_options()
@exercise_id_option
@out_option("Where to write the file for your partner.")
def distance_write(
    profile: str, passphrase_file: Path | None, exercise_id: str, target: Path
) -> int:
    """Write the sealed file for your partner: your keys until you have opened a file from
    them, then the answers you chose to reveal (which fixes them)."""
    from trustrepair.services.distance import FileKind
    from trustrepair.services.signing import identity

    with unlock(profile, passphrase_file) as vault, doing(tr("write the file")):
        work = _work(vault.store, exercise_id)
        written = work.write_file(target)
        mine = identity(vault.store).fingerprint
    if written.kind is FileKind.INTRODUCTION:
        out(
            tr(
                "Wrote {path}: it introduces you, and holds none of your answers yet. Your "
                "fingerprint, to read to your partner: {fingerprint}. Once you have opened "
                "a file from them, write your file again: it will hold your answers."
            ).format(path=target, fingerprint=mine)
        )
    else:
        out(
            ngettext(
                "Wrote {path}: {n} answer, sealed for {partner}.",
                "Wrote {path}: {n} answers, sealed for {partner}.",
                written.revealed,
            ).format(path=target, n=written.revealed, partner=written.partner)
        )
        if written.opened_waiting:
            out(tr("Both sides can be seen now: 'trustrepair distance show'."))
    return EXIT_OK


@distance.command("open")
@click.argument("file", type=click.Path(path_type=Path))
@vault_options()
@accept_sender_option
def distance_open(
    file: Path, profile: str, passphrase_file: Path | None, accept_sender: str | None
) -> int:
    """Open a file from your partner (the exercise is the one it names)."""
    from trustrepair.services import distance as service
    from trustrepair.services import signing

    with unlock(profile, passphrase_file) as vault, doing(tr("open the file")):
        library = libraries.shipped_library()
        try:
            opened = service.open_partner_file(
                vault.store, library, file, accept_sender=accept_sender
            )
        except signing.UnknownSender as exc:
            raise UserFacingError(
                exc.message
                + "\n"
                + tr("If it matches, open it again with --accept-sender {fingerprint}.").format(
                    fingerprint=exc.fingerprint
                )
            ) from None
    if opened.kind is service.FileKind.INTRODUCTION:
        out(
            tr("Kept {partner}'s keys. Your file for them can hold your answers now.").format(
                partner=opened.partner
            )
        )
    elif opened.waiting:
        out(
            tr(
                "{partner}'s answers are here, still sealed: you will see both sides once you "
                "have written your own file."
            ).format(partner=opened.partner)
        )
    else:
        out(
            ngettext(
                "Opened {partner}'s file: {n} answer. 'trustrepair distance show' shows "
                "both sides.",
                "Opened {partner}'s file: {n} answers. 'trustrepair distance show' shows "
                "both sides.",
                opened.revealed,
            ).format(partner=opened.partner, n=opened.revealed)
        )
    return EXIT_OK


def _status_json(status: DistanceStatus) -> dict[str, object]:
    return {
        "exercise_id": status.exercise_id,
        "partner": status.partner,
        "role": status.role.value,
        "answered": status.answered,
        "chosen": status.chosen,
        "sealed_at": status.sealed_at,
        "has_partner_key": status.has_partner_key,
        "partner_waiting": status.partner_waiting,
        "opened_at": status.opened_at,
        "both_sides": status.can_reveal,
        "finished": status.finished,
    }


def _next_step(status: DistanceStatus) -> str:
    if status.can_reveal:
        return tr("both sides can be seen")
    if status.sealed_at is not None:
        return tr("your answers are sealed; waiting for your partner's file")
    if not status.has_partner_key:
        return tr("write your first file (it introduces you), and open your partner's")
    if not status.chosen:
        return tr("answer your part, then choose what to reveal")
    return tr("write your file: it holds your answers")


@distance.command("status")
@vault_options()
@json_option("A JSON list of {exercise_id, partner, role, answered, chosen, sealed_at, ...}.")
def distance_status(profile: str, passphrase_file: Path | None, as_json: bool) -> int:
    """Where you are in each exercise you began at a distance."""
    from trustrepair.services import distance as service

    with unlock(profile, passphrase_file) as vault:
        found = [_work(vault.store, ex).status() for ex in service.started(vault.store)]
    if as_json:
        out_json([_status_json(s) for s in found], indent=2)
        return EXIT_OK
    if not found:
        out(tr("No exercise begun at a distance."))
    for status in found:
        partner = status.partner or tr("(no file from your partner yet)")
        out(f"{status.exercise_id}  {partner}: {_next_step(status)}")
    return EXIT_OK


@distance.command("show")
@vault_options()
@exercise_id_option
@json_option("A JSON list of {step_id, prompt, sides: [{name, state, text}]}.")
def distance_show(
    profile: str, passphrase_file: Path | None, exercise_id: str, as_json: bool
) -> int:
    """Both sides, step by step, once you have written your file and opened your partner's."""
    from trustrepair.domain.exercise import resolve_text
    from trustrepair.services.joint import CellState, answer_text

    with unlock(profile, passphrase_file) as vault:
        work = _work(vault.store, exercise_id)
        rows = work.reveal_rows()
        if not rows:
            raise UserFacingError(work.waiting_text())
        states = {
            CellState.KEPT_PRIVATE: tr("(kept private)"),
            CellState.NOT_ANSWERED: tr("(not answered)"),
            CellState.NOT_THEIRS: tr("(not their step)"),
        }
        shown: list[dict[str, object]] = []
        for row in rows:
            sides: list[dict[str, str]] = []
            for cell in row.cells:
                text = (
                    answer_text(work.exercise, row.step, cell.value, work.relationship)
                    if cell.state is CellState.SHOWN
                    else states[cell.state]
                )
                sides.append({"name": cell.name, "state": cell.state.value, "text": text})
            wording = getattr(row.step, "prompt", None) or row.step.title
            prompt = resolve_text(wording, work.relationship) or row.step.id
            shown.append({"step_id": row.step.id, "prompt": prompt, "sides": sides})
    if as_json:
        out_json(shown, indent=2)
        return EXIT_OK
    for row_json in shown:
        out(str(row_json["prompt"]))
        sides_shown = row_json["sides"]
        assert isinstance(sides_shown, list)
        for side in sides_shown:
            lines = str(side["text"]).splitlines() or [""]
            out(f"  {side['name']}: {lines[0]}")
            for line in lines[1:]:
                out(f"    {line}")
    return EXIT_OK
