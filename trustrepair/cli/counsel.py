"""Verbs for a counsellor and clients: assign, assignment import, assignments, share,
shared import, clients, client show / archive / unarchive, fingerprint, senders, sender
forget. Files travel by hand; everything kept is in the vaults.

Assignment and share files are signed. The first file from a sender is refused unless
``--accept-sender FINGERPRINT`` gives the fingerprint the person compared with the sender (by
phone or in person); later files must be signed with the same key.

The passphrase of an encrypted share file comes from ``--share-passphrase-file FILE`` or
``$TRUSTREPAIR_SHARE_PASSPHRASE`` (or a prompt in a terminal), never from argv.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import click

from trustrepair.cli import EXIT_OK
from trustrepair.cli import library as libraries
from trustrepair.cli.faults import doing
from trustrepair.cli.options import (
    choice_option,
    exercise_option,
    json_option,
    out_option,
    secret_file_option,
)
from trustrepair.cli.output import err, out, out_json
from trustrepair.cli.unlock import read_secret, unlock, vault_options
from trustrepair.domain.counsel import AssignedExercise, DeskClient, SharedExercise
from trustrepair.errors import UserFacingError
from trustrepair.i18n import N_, ngettext, tr, translated
from trustrepair.services import assignments as assigning
from trustrepair.services import counsel, desk, signing

ENV_SHARE_PASSPHRASE = "TRUSTREPAIR_SHARE_PASSPHRASE"  # noqa: S105 - a variable name

share_passphrase_option = secret_file_option(
    "--share-passphrase-file",
    f"The share file's passphrase ('-' for standard input; default: ${ENV_SHARE_PASSPHRASE} "
    "or a prompt).",
)
merge_option = click.option(
    "--merge",
    is_flag=True,
    help="If the label differs from a client's only in capitals or spaces, they are the same "
    "client: keep it under theirs (without it, nothing is changed and you are asked).",
)


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
@exercise_option("An exercise to assign, in the order given (repeatable).")
@click.option(
    "--custom",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE.yaml",
    help="A custom exercise, assigned too, after the --exercise ones unless listed there "
    "(repeatable).",
)
@click.option("--note", default="", metavar="TEXT", help="A note for every exercise.")
@click.option("--due", metavar="YYYY-MM-DD", help="A date to aim for, for every exercise.")
@click.option(
    "--note-for",
    "notes_for",
    multiple=True,
    metavar="ID=TEXT",
    help="A note for one exercise (repeatable; replaces --note for it).",
)
@click.option(
    "--due-for",
    "dues_for",
    multiple=True,
    metavar="ID=YYYY-MM-DD",
    help="A date for one exercise (repeatable; replaces --due for it).",
)
@click.option(
    "--after",
    "afters",
    multiple=True,
    metavar="ID=EARLIER",
    help="ID opens once EARLIER (also assigned) is done (repeatable).",
)
@click.option(
    "--in-order", is_flag=True, help="Each exercise opens once the one before it is done."
)
@merge_option
@out_option(
    "Where to write the assignment (default: assignment-LABEL-DATE.json here).", required=False
)
def assign(
    profile: str,
    passphrase_file: Path | None,
    client: str,
    exercise_ids: tuple[str, ...],
    custom: tuple[Path, ...],
    note: str,
    due: str | None,
    notes_for: tuple[str, ...],
    dues_for: tuple[str, ...],
    afters: tuple[str, ...],
    in_order: bool,
    merge: bool,
    target: Path | None,
) -> int:
    """Counsellor: an assignment file for a client.

    Exercises in order, each with an optional note, a date to aim for and the exercise that
    opens it; custom exercises (YAML files) are assigned too and kept in your profile to
    assign again (by id, without --custom). Dates that have passed are refused. The file
    holds nothing anyone wrote and is not encrypted.
    """
    sources = [assigning.read_custom_file(path) for path in custom]
    ids = list(dict.fromkeys(exercise_ids))
    for _name, text in sources:
        custom_id = _custom_id(text)
        if custom_id is not None and custom_id not in ids:
            ids.append(custom_id)
    if not ids:
        raise UserFacingError(tr("Choose at least one exercise with --exercise ID."))
    notes = _pairs(notes_for, "--note-for", ids)
    dues = _pairs(dues_for, "--due-for", ids)
    opens = _pairs(afters, "--after", ids)
    if in_order:
        opens = {later: earlier for earlier, later in pairwise(ids)} | opens
    items = [
        AssignedExercise(
            i, notes.get(i, note).strip(), dues.get(i, due) or None, opens.get(i) or None
        )
        for i in ids
    ]
    writing = doing(tr("write the assignment"))
    with unlock(profile, passphrase_file) as vault, writing:
        mine = libraries.profile_library(vault.store)
        path = target or Path(assigning.assignment_file_name(client))
        packet = assigning.write_assignment(
            vault.store, mine, client, items, path, custom_sources=sources, merge=merge
        )
    out(
        ngettext(
            "Wrote an assignment of {n} exercise for {client} to {path}.",
            "Wrote an assignment of {n} exercises for {client} to {path}.",
            len(packet.exercises),
        ).format(n=len(packet.exercises), client=packet.client, path=path)
    )
    err(translated(assigning.ASSIGNMENT_NOTE))
    return EXIT_OK


def _pairs(given: tuple[str, ...], option: str, ids: list[str]) -> dict[str, str]:
    """``ID=VALUE`` options as a dict; the id must be one assigned."""
    found: dict[str, str] = {}
    for text in given:
        key, sep, value = text.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.UsageError(tr("{option} takes ID=VALUE").format(option=option))
        if key not in ids:
            raise UserFacingError(
                tr("{option} names {id!r}, which is not assigned here.").format(
                    option=option, id=key
                )
            )
        found[key] = value.strip()
    return found


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
@merge_option
@accept_sender_option
def shared_import(
    file: Path,
    profile: str,
    passphrase_file: Path | None,
    share_passphrase_file: Path | None,
    merge: bool,
    accept_sender: str | None,
) -> int:
    """Counsellor: keep what a client shared (newest answer wins; signed by the client)."""
    passphrase = None
    if counsel.is_encrypted_share(file):
        passphrase = _share_passphrase(share_passphrase_file)
    packet = counsel.read_shared(file, passphrase)
    with unlock(profile, passphrase_file) as vault, doing(tr("keep what was shared")):
        mine = libraries.profile_library(vault.store)
        try:
            result = counsel.keep_shared(
                vault.store, packet, library=mine, merge=merge, accept_sender=accept_sender
            )
        except signing.UnknownSender as exc:
            raise _first_file(exc) from None
    out(
        tr("Kept what {client} shared: {exercises}, {new}, {kept}.").format(
            client=result.client,
            exercises=ngettext("{n} exercise", "{n} exercises", result.exercises).format(
                n=result.exercises
            ),
            new=ngettext(
                "{n} answer new or updated", "{n} answers new or updated", result.answers_stored
            ).format(n=result.answers_stored),
            kept=ngettext(
                "{n} kept (already newer here)",
                "{n} kept (already newer here)",
                result.answers_kept,
            ).format(n=result.answers_kept),
        )
    )
    return EXIT_OK


@click.command()
@vault_options("COUNSELLOR")
@choice_option(
    "--sort",
    desk.DeskSort,
    "Overdue first, by name, or by last activity (newest first).",
    desk.DeskSort.OVERDUE,
)
@choice_option(
    "--show",
    desk.DeskShow,
    "Current clients, those with something overdue, the archived, or everyone.",
    desk.DeskShow.ACTIVE,
)
@click.option("--search", default="", metavar="TEXT", help="Only labels or titles with TEXT.")
@json_option("A JSON list of clients (the same facts as 'client show --json').")
def clients(
    profile: str, passphrase_file: Path | None, sort: str, show: str, search: str, as_json: bool
) -> int:
    """Counsellor: your clients, with what was assigned and what came back (no answers).

    Per client: each assigned exercise by title, its date (overdue marked) and how far the
    client got (not started, in progress, done, shared back), and the last file received.
    Counts count only what was assigned.
    """
    with unlock(profile, passphrase_file) as vault:
        found = desk.build_desk(vault.store, libraries.profile_library(vault.store))
    shown = desk.arrange(found, desk.DeskSort(sort), desk.DeskShow(show), search)
    if as_json:
        out_json([desk.client_json(c) for c in shown], indent=2)
        return EXIT_OK
    if not found:
        out(tr("No clients yet. Prepare an assignment with 'trustrepair assign'."))
    elif not shown:
        out(tr("No client fits that: try --show all."))
    for c in shown:
        _client_lines(c)
    return EXIT_OK


def _client_lines(client: DeskClient) -> None:
    out(f"{client.label}  ·  {desk.counts_words(client)}  ·  {desk.received_words(client)}")
    for exercise in client.exercises:
        mark = "!" if exercise.overdue else "•"
        out(f"  {mark} {exercise.title} — {desk.exercise_words(exercise)}")
    if client.also_shared:
        out("  " + tr("also shared: {titles}").format(titles=", ".join(client.also_shared)))


@click.group()
def client() -> None:
    """Counsellor: one client."""


@client.command("show")
@click.argument("label")
@vault_options("COUNSELLOR")
@json_option("One JSON object: the facts of 'clients --json', and what was shared.")
def client_show(label: str, profile: str, passphrase_file: Path | None, as_json: bool) -> int:
    """Counsellor: one client: what was assigned, and what they shared, by exercise."""
    with unlock(profile, passphrase_file) as vault:
        facts = desk.client(vault.store, libraries.profile_library(vault.store), label)
        exercises = desk.client_exercises(vault.store, facts.label)
    if as_json:
        out_json(
            desk.client_json(facts) | {"shared": [_exercise_json(e) for e in exercises]},
            indent=2,
        )
        return EXIT_OK
    _client_lines(facts)
    out()
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


@client.command("archive")
@click.argument("label")
@vault_options("COUNSELLOR")
def client_archive(label: str, profile: str, passphrase_file: Path | None) -> int:
    """Counsellor: put a client aside ('clients --show archived' lists them; nothing is lost)."""
    found = _set_archived(label, profile, passphrase_file, archived=True)
    out(
        tr("{label} is archived; 'trustrepair client unarchive' brings them back.").format(
            label=found
        )
    )
    return EXIT_OK


@client.command("unarchive")
@click.argument("label")
@vault_options("COUNSELLOR")
def client_unarchive(label: str, profile: str, passphrase_file: Path | None) -> int:
    """Counsellor: bring an archived client back to the desk."""
    found = _set_archived(label, profile, passphrase_file, archived=False)
    out(tr("{label} is back on your desk.").format(label=found))
    return EXIT_OK


def _set_archived(label: str, profile: str, passphrase_file: Path | None, *, archived: bool) -> str:
    with unlock(profile, passphrase_file) as vault:
        return desk.set_archived(vault.store, label, archived=archived)


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
@click.option("--dry-run", is_flag=True, help="Only show what the file holds and would change.")
@accept_sender_option
def assignment_import(
    file: Path, profile: str, passphrase_file: Path | None, dry_run: bool, accept_sender: str | None
) -> int:
    """Keep an assignment from a counsellor (all or nothing; signed by the counsellor).

    Everything in the file is checked first; nothing is kept if anything is wrong. What the
    file holds, and what keeping it changes, is listed (only listed with --dry-run). A file
    made before one you kept never replaces it.
    """
    shipped = libraries.shipped_library()
    with unlock(profile, passphrase_file) as vault, doing(tr("keep the assignment")):
        try:
            preview = assigning.preview_assignment(
                vault.store, shipped, file, accept_sender=accept_sender
            )
        except signing.UnknownSender as exc:
            raise _first_file(exc) from None
        if not dry_run:
            assigning.keep_assignment(vault.store, preview)
    for line in assigning.describe_preview(preview):
        (out if dry_run else err)(line)
    if dry_run:
        return EXIT_OK
    packet = preview.packet
    out(
        ngettext(
            "{counsellor} gave you {n} exercise; it is kept.",
            "{counsellor} gave you {n} exercises; they are kept.",
            len(packet.exercises),
        ).format(n=len(packet.exercises), counsellor=packet.counsellor)
    )
    if packet.custom:
        out(
            ngettext(
                "{n} of them was written by your counsellor, and is now in your library.",
                "{n} of them were written by your counsellor, and are now in your library.",
                len(packet.custom),
            ).format(n=len(packet.custom))
        )
    return EXIT_OK


@click.command()
@vault_options()
@json_option("A JSON list of objects.")
def assignments(profile: str, passphrase_file: Path | None, as_json: bool) -> int:
    """The exercises a counsellor gave you, with notes, dates and how far you got."""
    with unlock(profile, passphrase_file) as vault:
        mine = libraries.profile_library(vault.store)
        given = assigning.client_assignments(vault.store, mine)
        received = {a.exercise_id: a for a in assigning.received_assignments(vault.store)}
    if as_json:
        out_json(
            [
                {
                    "counsellor": a.counsellor,
                    "exercise_id": a.exercise_id,
                    "title": a.title,
                    "note": a.note,
                    "due": a.due,
                    "overdue": a.overdue,
                    "status": a.status.value,
                    "after_title": a.after_title,
                    "assigned_at": received[a.exercise_id].assigned_at,
                }
                for a in given
            ]
        )
        return EXIT_OK
    if not given:
        out(tr("No exercises from a counsellor yet."))
    for a in given:
        facts = [translated(_STATUS[a.status.value])]
        if a.due and a.overdue:
            facts.append(tr("aim for {day} (passed)").format(day=a.due))
        elif a.due:
            facts.append(tr("aim for {day}").format(day=a.due))
        if a.after_title:
            facts.append(tr("after {title}").format(title=a.after_title))
        out(f"{a.title}  ·  {' · '.join(facts)}  ·  {a.counsellor}")
        for line in a.note.splitlines():
            out(f"  {line}")
    return EXIT_OK


_STATUS = {
    "not_started": N_("not started"),
    "in_progress": N_("in progress"),
    "completed": N_("done"),
}


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
    with unlock(profile, passphrase_file) as vault:
        plan = counsel.plan_share(
            vault.store, libraries.profile_library(vault.store), list(exercise_ids) or None
        )
        for line in counsel.describe_plan(plan):
            (out if dry_run else err)(line)
        if dry_run or target is None:
            return EXIT_OK
        with doing(tr("write {path}").format(path=target)):
            note = counsel.write_share(vault.store, plan, target, passphrase=passphrase)
    out(
        tr("Wrote {answers} from {exercises} to {path}.").format(
            answers=ngettext("{n} answer", "{n} answers", plan.answer_count).format(
                n=plan.answer_count
            ),
            exercises=ngettext("{n} exercise", "{n} exercises", len(plan.exercises)).format(
                n=len(plan.exercises)
            ),
            path=target,
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
                role=translated(ROLE_WORDS[sender_.role]),
                fingerprint=sender_.fingerprint,
                day=sender_.pinned_at[:10],
            )
        )
    return EXIT_OK


ROLE_WORDS = {
    signing.SenderRole.COUNSELLOR: N_("your counsellor"),
    signing.SenderRole.CLIENT: N_("a client"),
    signing.SenderRole.PARTNER: N_("your partner"),
}


@click.group()
def sender() -> None:
    """Someone whose files you accepted."""


@sender.command("forget")
@click.argument("name")
@vault_options()
@choice_option(
    "--role", signing.SenderRole, "Which one, when the name is both (see 'trustrepair senders')."
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
            "The key of {name} is forgotten. Their next file shows its fingerprint: compare it "
            "with them before you accept it."
        ).format(name=name)
    )
    return EXIT_OK
