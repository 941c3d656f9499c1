"""Verbs for a counsellor and clients: assign, assignment import, assignments, share,
shared import, clients, client show. Files travel by hand; everything kept is in the vaults.

The passphrase of an encrypted share file comes from ``--share-passphrase-file FILE`` or
``$TRUSTREPAIR_SHARE_PASSPHRASE`` (or a prompt in a terminal), never from argv.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from trustrepair.cli import EXIT_OK, err, out
from trustrepair.cli.vault import add_vault_args, open_from_args, read_secret
from trustrepair.content.library import Library, default_folders, load_library
from trustrepair.domain.counsel import AssignedExercise, SharedExercise
from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr
from trustrepair.services import counsel
from trustrepair.services.vaults import OpenVault

ENV_SHARE_PASSPHRASE = "TRUSTREPAIR_SHARE_PASSPHRASE"  # noqa: S105 - a variable name


def register(subparsers: Any) -> None:
    """Add this module's verbs."""
    p = subparsers.add_parser(
        "assign",
        help="counsellor: write an assignment file for a client",
        description="Write an assignment file: exercises with an optional note and date, and "
        "optionally custom exercises (YAML files, assigned too). --note and --due apply to every "
        "exercise in this file. The file holds nothing anyone wrote and is not encrypted.",
    )
    add_vault_args(p)
    p.add_argument("--client", required=True, metavar="LABEL", help="how you name this client")
    p.add_argument(
        "--exercise", action="append", default=[], metavar="ID", help="repeat for several"
    )
    p.add_argument("--note", default="", metavar="TEXT", help="a note shown with the exercises")
    p.add_argument("--due", metavar="YYYY-MM-DD", help="a date to aim for")
    p.add_argument(
        "--custom", action="append", default=[], type=Path, metavar="FILE.yaml", help="repeatable"
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_assign)

    p = subparsers.add_parser("assignment", help="client: open an assignment from a counsellor")
    sub = p.add_subparsers(dest="assignment_verb", metavar="ACTION", required=True)
    c = sub.add_parser(
        "import",
        help="check an assignment file and keep it in your profile",
        description="Everything in the file is checked first; nothing is kept if anything "
        "is wrong.",
    )
    c.add_argument("file", type=Path, metavar="FILE")
    add_vault_args(c)
    c.set_defaults(handler=cmd_assignment_import)

    p = subparsers.add_parser("assignments", help="client: list the exercises you were given")
    add_vault_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_assignments)

    p = subparsers.add_parser(
        "share",
        help="client: write a file for your counsellor with the answers you marked as shared",
        description="Only answers you marked as shared, for the exercises you choose (default: "
        "the ones assigned to you), with how far you got. Never the safety check or your "
        "profile's description. Use --dry-run to see exactly what would be included.",
    )
    add_vault_args(p)
    p.add_argument(
        "--exercise", action="append", default=None, metavar="ID", help="repeat for several"
    )
    p.add_argument("--out", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="only list what would be included")
    p.add_argument(
        "--encrypt",
        action="store_true",
        help=f"encrypt with a passphrase you agree with your counsellor "
        f"(--share-passphrase-file or ${ENV_SHARE_PASSPHRASE})",
    )
    _add_share_passphrase_arg(p)
    p.set_defaults(handler=cmd_share)

    p = subparsers.add_parser("shared", help="counsellor: read a file a client shared")
    sub = p.add_subparsers(dest="shared_verb", metavar="ACTION", required=True)
    c = sub.add_parser(
        "import",
        help="keep a client's shared answers in your profile (newest answer wins)",
    )
    c.add_argument("file", type=Path, metavar="FILE")
    add_vault_args(c)
    _add_share_passphrase_arg(c)
    c.set_defaults(handler=cmd_shared_import)

    p = subparsers.add_parser("clients", help="counsellor: list your clients")
    add_vault_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_clients)

    p = subparsers.add_parser("client", help="counsellor: what one client shared")
    sub = p.add_subparsers(dest="client_verb", metavar="ACTION", required=True)
    c = sub.add_parser("show", help="a client's shared answers by exercise, with status")
    c.add_argument("label", metavar="LABEL")
    add_vault_args(c)
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_client_show)


def _add_share_passphrase_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--share-passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"the share file's passphrase ('-' for standard input; default: "
        f"${ENV_SHARE_PASSPHRASE} or a prompt)",
    )


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator[OpenVault]:
    vault = open_from_args(args)
    try:
        yield vault
    finally:
        vault.close()


def _library() -> Library:
    return load_library(default_folders())


# ---------------------------------------------------------------------- counsellor
def cmd_assign(args: argparse.Namespace) -> int:
    """Check and write an assignment file; remember it in the counsellor's vault."""
    if args.due is not None and not counsel.is_day(args.due):
        raise UserFacingError(tr("--due needs a date like 2026-12-31."))
    custom = [counsel.read_custom_file(path) for path in args.custom]
    library = _library()
    ids = list(args.exercise)
    for _name, text in custom:
        packet_id = _custom_id(text)
        if packet_id is not None and packet_id not in ids:
            ids.append(packet_id)
    if not ids:
        raise UserFacingError(tr("Choose at least one exercise with --exercise ID."))
    items = [AssignedExercise(i, args.note.strip(), args.due) for i in ids]
    with _opened(args) as vault:
        packet = counsel.write_assignment(
            vault.store, library, args.client, items, args.out, custom_sources=custom
        )
    out(
        tr("Wrote an assignment of {n} exercise(s) for {client} to {path}.").format(
            n=len(packet.exercises), client=packet.client, path=args.out
        )
    )
    err(tr(counsel.ASSIGNMENT_NOTE))
    return EXIT_OK


def _custom_id(text: str) -> str | None:
    from trustrepair.content.loader import load_bytes

    result = load_bytes(text.encode("utf-8"), "custom")
    return result.exercise.id if result.exercise is not None else None


def cmd_shared_import(args: argparse.Namespace) -> int:
    """Keep what a client shared, under their label."""
    passphrase = None
    if counsel.is_encrypted_share(args.file):
        passphrase = _share_passphrase(args)
    with _opened(args) as vault:
        result = counsel.import_shared(
            vault.store, args.file, passphrase=passphrase, library=_library()
        )
    out(
        tr(
            "Kept what {client} shared: {n} exercise(s), {a} answer(s) new or updated, "
            "{k} kept (already newer here)."
        ).format(
            client=result.client, n=result.exercises, a=result.answers_stored, k=result.answers_kept
        )
    )
    return EXIT_OK


def cmd_clients(args: argparse.Namespace) -> int:
    """List client labels with a few numbers (no answers)."""
    with _opened(args) as vault:
        found = counsel.clients(vault.store)
    if args.json:
        out(
            json.dumps(
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
                ],
                ensure_ascii=False,
            )
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


def cmd_client_show(args: argparse.Namespace) -> int:
    """A client's shared answers by exercise, with status."""
    with _opened(args) as vault:
        exercises = counsel.client_exercises(vault.store, args.label)
    if args.json:
        out(json.dumps([_exercise_json(e) for e in exercises], ensure_ascii=False, indent=2))
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


def _exercise_json(exercise: SharedExercise) -> dict[str, Any]:
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
def cmd_assignment_import(args: argparse.Namespace) -> int:
    """Check an assignment file, then keep it in the client's vault."""
    library = _library()
    with _opened(args) as vault:
        packet = counsel.import_assignment(vault.store, library, args.file)
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


def cmd_assignments(args: argparse.Namespace) -> int:
    """The exercises this profile was given, with notes and dates."""
    library = _library()
    with _opened(args) as vault:
        received = counsel.received_assignments(vault.store)
        mine = counsel.client_library(vault.store, library)
    if args.json:
        out(
            json.dumps(
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
                ],
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    if not received:
        out(tr("No exercises from a counsellor yet."))
    for a in received:
        due = tr(" (by {due})").format(due=a.due) if a.due else ""
        out(f"{_title(mine, a.exercise_id)}{due}  ·  {a.counsellor}")
        if a.note:
            out(f"  {a.note}")
    return EXIT_OK


def _title(library: Library, exercise_id: str) -> str:
    exercise = library.get(exercise_id)
    return exercise.title if exercise is not None else exercise_id


def cmd_share(args: argparse.Namespace) -> int:
    """List exactly what would be shared; write it unless --dry-run."""
    if not args.dry_run and args.out is None:
        raise UserFacingError(tr("Give --out FILE, or --dry-run to only see what would go."))
    passphrase = _share_passphrase(args) if args.encrypt and not args.dry_run else None
    library = _library()
    with _opened(args) as vault:
        plan = counsel.plan_share(
            vault.store, counsel.client_library(vault.store, library), args.exercise
        )
    for line in counsel.describe_plan(plan):
        (out if args.dry_run else err)(line)
    if args.dry_run:
        return EXIT_OK
    note = counsel.write_share(plan, args.out, passphrase=passphrase)
    out(
        tr("Wrote {n} answer(s) from {e} exercise(s) to {path}.").format(
            n=plan.answer_count, e=len(plan.exercises), path=args.out
        )
    )
    err(note)
    return EXIT_OK


def _share_passphrase(args: argparse.Namespace) -> str:
    secret = read_secret(
        args.share_passphrase_file,
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
