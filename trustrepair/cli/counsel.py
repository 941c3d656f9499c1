"""Verbs for a counsellor and clients: assign, assignment import, assignments, share,
shared import, clients, client show, fingerprint. Files travel by hand; everything kept is in
the vaults.

Assignment and share files are signed. The first file from a sender is refused unless
``--accept-sender FINGERPRINT`` gives the fingerprint the person compared with the sender (by
phone or in person); later files must be signed with the same key.

The passphrase of an encrypted share file comes from ``--share-passphrase-file FILE`` or
``$TRUSTREPAIR_SHARE_PASSPHRASE`` (or a prompt in a terminal), never from argv.
"""

from __future__ import annotations

from pathlib import Path

import click

from trustrepair.cli import EXIT_OK
from trustrepair.cli.faults import doing
from trustrepair.cli.options import exercise_option, json_option, out_option, secret_file_option
from trustrepair.cli.output import err, out, out_json
from trustrepair.cli.unlock import read_secret, unlock, vault_options
from trustrepair.content.library import Library, default_folders, load_library
from trustrepair.domain.counsel import AssignedExercise, SharedExercise
from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr
from trustrepair.services import counsel, signing

ENV_SHARE_PASSPHRASE = "TRUSTREPAIR_SHARE_PASSPHRASE"  # noqa: S105 - a variable name

share_passphrase_option = secret_file_option(
    "--share-passphrase-file",
    f"The share file's passphrase ('-' for standard input; default: ${ENV_SHARE_PASSPHRASE} "
    "or a prompt).",
)


def _library() -> Library:
    return load_library(default_folders())


accept_sender_option = click.option(
    "--accept-sender",
    metavar="FINGERPRINT",
    help="For the first file from someone: the fingerprint you compared with them (by phone or "
    "in person). Later files must be signed with the same key.",
)


def _first_file(exc: signing.UnknownSender) -> UserFacingError:
    """The refusal of a first file from a sender, with what to do on the command line."""
    return UserFacingError(
        exc.message
        + "\n"
        + tr(
            "If it matches, run the same command again with --accept-sender {fingerprint}."
        ).format(fingerprint=exc.fingerprint)
    )


# ---------------------------------------------------------------------- counsellor
@click.command()
@vault_options("COUNSELLOR")
@click.option("--client", required=True, metavar="LABEL", help="How you name this client.")
@exercise_option("Repeat for several.")
@click.option("--note", default="", metavar="TEXT", help="A note shown with the exercises.")
@click.option("--due", metavar="YYYY-MM-DD", help="A date to aim for.")
@click.option(
    "--custom",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE.yaml",
    help="A custom exercise, assigned too (repeatable).",
)
@out_option("Where to write the assignment.")
def assign(
    profile: str,
    passphrase_file: Path | None,
    client: str,
    exercise_ids: tuple[str, ...],
    note: str,
    due: str | None,
    custom: tuple[Path, ...],
    target: Path,
) -> int:
    """Counsellor: an assignment file for a client.

    Exercises with an optional note and date, and optionally custom exercises (YAML files,
    assigned too). --note and --due apply to every exercise in this file. The file holds
    nothing anyone wrote and is not encrypted.
    """
    if due is not None and not counsel.is_day(due):
        raise UserFacingError(tr("--due needs a date like 2026-12-31."))
    sources = [counsel.read_custom_file(path) for path in custom]
    library = _library()
    ids = list(exercise_ids)
    for _name, text in sources:
        packet_id = _custom_id(text)
        if packet_id is not None and packet_id not in ids:
            ids.append(packet_id)
    if not ids:
        raise UserFacingError(tr("Choose at least one exercise with --exercise ID."))
    items = [AssignedExercise(i, note.strip(), due) for i in ids]
    writing = doing(tr("write the assignment to {path}").format(path=target))
    with unlock(profile, passphrase_file) as vault, writing:
        packet = counsel.write_assignment(
            vault.store, library, client, items, target, custom_sources=sources
        )
    out(
        tr("Wrote an assignment of {n} exercise(s) for {client} to {path}.").format(
            n=len(packet.exercises), client=packet.client, path=target
        )
    )
    err(tr(counsel.ASSIGNMENT_NOTE))
    return EXIT_OK


def _custom_id(text: str) -> str | None:
    from trustrepair.content.loader import load_bytes

    result = load_bytes(text.encode("utf-8"), "custom")
    return result.exercise.id if result.exercise is not None else None


@click.group()
def shared() -> None:
    """Counsellor: a file a client shared."""


@shared.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@vault_options("COUNSELLOR")
@share_passphrase_option
@accept_sender_option
def shared_import(
    file: Path,
    profile: str,
    passphrase_file: Path | None,
    share_passphrase_file: Path | None,
    accept_sender: str | None,
) -> int:
    """Counsellor: keep what a client shared (newest answer wins; signed by the client)."""
    passphrase = None
    if counsel.is_encrypted_share(file):
        passphrase = _share_passphrase(share_passphrase_file)
    library = _library()
    with unlock(profile, passphrase_file) as vault, doing(tr("keep what was shared")):
        try:
            result = counsel.import_shared(
                vault.store,
                file,
                passphrase=passphrase,
                library=library,
                accept_sender=accept_sender,
            )
        except signing.UnknownSender as exc:
            raise _first_file(exc) from None
    out(
        tr(
            "Kept what {client} shared: {n} exercise(s), {a} answer(s) new or updated, "
            "{k} kept (already newer here)."
        ).format(
            client=result.client, n=result.exercises, a=result.answers_stored, k=result.answers_kept
        )
    )
    return EXIT_OK


@click.command()
@vault_options("COUNSELLOR")
@json_option("A JSON list of objects.")
def clients(profile: str, passphrase_file: Path | None, as_json: bool) -> int:
    """Counsellor: your clients, with a few numbers (no answers)."""
    with unlock(profile, passphrase_file) as vault:
        found = counsel.clients(vault.store)
    if as_json:
        out_json(
            [
                {
                    "label": c.label,
                    "assigned": c.assigned,
                    "exercises_shared": c.exercises,
                    "completed": c.completed,
                    "answers": c.answers,
                    "last_shared_at": c.last_shared_at,
                }
                for c in found
            ]
        )
        return EXIT_OK
    if not found:
        out(tr("No clients yet. Prepare an assignment with 'trustrepair assign'."))
    for c in found:
        last = (c.last_shared_at or "")[:10] or tr("nothing shared yet")
        out(
            tr(
                "{label}  ·  {assigned} assigned, {completed} done, {answers} answers  ·  {last}"
            ).format(
                label=c.label,
                assigned=c.assigned,
                completed=c.completed,
                answers=c.answers,
                last=last,
            )
        )
    return EXIT_OK


@click.group()
def client() -> None:
    """Counsellor: one client."""


@client.command("show")
@click.argument("label")
@vault_options("COUNSELLOR")
@json_option("A JSON list of exercises.")
def client_show(label: str, profile: str, passphrase_file: Path | None, as_json: bool) -> int:
    """Counsellor: what one client shared, by exercise, with status."""
    with unlock(profile, passphrase_file) as vault:
        exercises = counsel.client_exercises(vault.store, label)
    if as_json:
        out_json([_exercise_json(e) for e in exercises], indent=2)
        return EXIT_OK
    if not exercises:
        out(tr("Nothing shared yet."))
    for exercise in exercises:
        out(f"{exercise.title}  [{counsel.status_words(exercise)}]")
        if not exercise.answers:
            out("  " + tr("(no answers shared)"))
        for answer in exercise.answers:
            out(f"  {answer.prompt or answer.step_id}")
            for line in answer.text.splitlines() or [""]:
                out(f"    {line}")
        out()
    return EXIT_OK


def _exercise_json(exercise: SharedExercise) -> dict[str, object]:
    return {
        "exercise_id": exercise.exercise_id,
        "title": exercise.title,
        "status": exercise.status.value,
        "started_at": exercise.started_at,
        "completed_at": exercise.completed_at,
        "answers": [
            {
                "step_id": a.step_id,
                "prompt": a.prompt,
                "value": a.value,
                "text": a.text,
                "updated_at": a.updated_at,
            }
            for a in exercise.answers
        ],
    }


# ---------------------------------------------------------------------- client
@click.group()
def assignment() -> None:
    """An assignment from a counsellor."""


@assignment.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@vault_options()
@accept_sender_option
def assignment_import(
    file: Path, profile: str, passphrase_file: Path | None, accept_sender: str | None
) -> int:
    """Keep an assignment from a counsellor (all or nothing; signed by the counsellor).

    Everything in the file is checked first; nothing is kept if anything is wrong.
    """
    library = _library()
    with unlock(profile, passphrase_file) as vault, doing(tr("keep the assignment")):
        try:
            packet = counsel.import_assignment(
                vault.store, library, file, accept_sender=accept_sender
            )
        except signing.UnknownSender as exc:
            raise _first_file(exc) from None
    out(
        tr("Kept {n} exercise(s) from {counsellor}.").format(
            n=len(packet.exercises), counsellor=packet.counsellor
        )
    )
    if packet.custom:
        out(
            tr("{n} of them written by your counsellor, now in your library.").format(
                n=len(packet.custom)
            )
        )
    return EXIT_OK


@click.command()
@vault_options()
@json_option("A JSON list of objects.")
def assignments(profile: str, passphrase_file: Path | None, as_json: bool) -> int:
    """The exercises a counsellor gave you, with notes and dates."""
    library = _library()
    with unlock(profile, passphrase_file) as vault:
        received = counsel.received_assignments(vault.store)
        mine = counsel.client_library(vault.store, library)
    if as_json:
        out_json(
            [
                {
                    "counsellor": a.counsellor,
                    "exercise_id": a.exercise_id,
                    "title": _title(mine, a.exercise_id),
                    "note": a.note,
                    "due": a.due,
                    "assigned_at": a.assigned_at,
                }
                for a in received
            ]
        )
        return EXIT_OK
    if not received:
        out(tr("No exercises from a counsellor yet."))
    for a in received:
        due = tr(" (by {due})").format(due=a.due) if a.due else ""
        out(f"{_title(mine, a.exercise_id)}{due}  ·  {a.counsellor}")
        if a.note:
            for line in a.note.splitlines():
                out(f"  {line}")
    return EXIT_OK


def _title(library: Library, exercise_id: str) -> str:
    exercise = library.get(exercise_id)
    return exercise.title if exercise is not None else exercise_id


@click.command()
@vault_options()
@exercise_option("Only this exercise (repeat for several; default: the ones assigned to you).")
@out_option("Where to write the file.", required=False)
@click.option("--dry-run", is_flag=True, help="Only list what would be included.")
@click.option(
    "--encrypt",
    is_flag=True,
    help=f"Encrypt with a passphrase you agree with your counsellor "
    f"(--share-passphrase-file or ${ENV_SHARE_PASSPHRASE}).",
)
@share_passphrase_option
def share(
    profile: str,
    passphrase_file: Path | None,
    exercise_ids: tuple[str, ...],
    target: Path | None,
    dry_run: bool,
    encrypt: bool,
    share_passphrase_file: Path | None,
) -> int:
    """A file for your counsellor with only the answers you marked as shared.

    For the exercises you choose (default: the ones assigned to you), with how far you got.
    Never the safety check or your profile's description. Use --dry-run to see exactly what
    would be included.
    """
    if not dry_run and target is None:
        raise UserFacingError(tr("Give --out FILE, or --dry-run to only see what would go."))
    passphrase = _share_passphrase(share_passphrase_file) if encrypt and not dry_run else None
    library = _library()
    with unlock(profile, passphrase_file) as vault:
        plan = counsel.plan_share(
            vault.store, counsel.client_library(vault.store, library), list(exercise_ids) or None
        )
        for line in counsel.describe_plan(plan):
            (out if dry_run else err)(line)
        if dry_run or target is None:
            return EXIT_OK
        with doing(tr("write {path}").format(path=target)):
            note = counsel.write_share(vault.store, plan, target, passphrase=passphrase)
    out(
        tr("Wrote {n} answer(s) from {e} exercise(s) to {path}.").format(
            n=plan.answer_count, e=len(plan.exercises), path=target
        )
    )
    err(note)
    return EXIT_OK


def _share_passphrase(share_passphrase_file: Path | None) -> str:
    secret = read_secret(
        share_passphrase_file,
        ENV_SHARE_PASSPHRASE,
        tr("The passphrase you agreed for this file: "),
    )
    if not secret:
        raise UserFacingError(
            tr("Give the file's passphrase with --share-passphrase-file FILE or ${env}.").format(
                env=ENV_SHARE_PASSPHRASE
            )
        )
    return secret


@click.command()
@vault_options()
def fingerprint(profile: str, passphrase_file: Path | None) -> int:
    """Your fingerprint: read it to those you exchange files with, to compare with theirs."""
    with unlock(profile, passphrase_file) as vault:
        own = signing.identity(vault.store)
    out(own.fingerprint)
    return EXIT_OK


@click.command()
@vault_options()
@json_option("A JSON list of objects.")
def senders(profile: str, passphrase_file: Path | None, as_json: bool) -> int:
    """The people whose files you accepted, with their fingerprints."""
    with unlock(profile, passphrase_file) as vault:
        pinned = signing.senders(vault.store)
    if as_json:
        out_json(
            [
                {
                    "role": s.role.value,
                    "name": s.name,
                    "fingerprint": s.fingerprint,
                    "accepted_at": s.pinned_at,
                    "newest_file_at": s.last_file_at,
                }
                for s in pinned
            ],
            indent=2,
        )
        return EXIT_OK
    if not pinned:
        out(tr("You have not accepted a file from anyone yet."))
    for sender_ in pinned:
        out(
            tr("{name}  ·  {role}  ·  {fingerprint}  ·  since {day}").format(
                name=sender_.name,
                role=tr(ROLE_WORDS[sender_.role]),
                fingerprint=sender_.fingerprint,
                day=sender_.pinned_at[:10],
            )
        )
    return EXIT_OK


ROLE_WORDS = {
    signing.SenderRole.COUNSELLOR: "your counsellor",
    signing.SenderRole.CLIENT: "a client",
    signing.SenderRole.PARTNER: "your partner",
}


@click.group()
def sender() -> None:
    """Someone whose files you accepted."""


@sender.command("forget")
@click.argument("name")
@vault_options()
@click.option(
    "--role",
    type=click.Choice([r.value for r in signing.SenderRole]),
    help="Which one, when the name is both (see 'trustrepair senders').",
)
def sender_forget(name: str, profile: str, passphrase_file: Path | None, role: str | None) -> int:
    """Forget someone's key (they made a new one): their next file asks for its fingerprint."""
    with unlock(profile, passphrase_file) as vault:
        matches = [s for s in signing.senders(vault.store) if s.name == name]
        if role is not None:
            matches = [s for s in matches if s.role.value == role]
        if not matches:
            raise UserFacingError(
                tr("You have not accepted a file from {name!r}.").format(name=name)
            )
        if len(matches) > 1:
            raise UserFacingError(
                tr("{name!r} is more than one sender: say which with --role.").format(name=name)
            )
        signing.forget_sender(vault.store, matches[0].role, name)
    out(
        tr(
            "Forgot the key of {name}. Their next file shows its fingerprint: compare it with "
            "them before you accept it."
        ).format(name=name)
    )
    return EXIT_OK
