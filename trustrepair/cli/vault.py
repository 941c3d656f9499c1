"""Verbs over profiles and vaults: profile create, profiles, passphrase change, export, import,
backup, backups, restore.

Passphrases never come from argv: ``--passphrase-file FILE`` (``-`` for standard input), the
``TRUSTREPAIR_PASSPHRASE`` environment variable, or a prompt when run in a terminal. Other verbs
that open a vault reuse :func:`add_vault_args` and :func:`open_from_args`.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from trustrepair import paths
from trustrepair.cli import EXIT_OK, err, out
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.errors import UserFacingError, WrongPassphrase
from trustrepair.i18n import tr
from trustrepair.services import transfer
from trustrepair.services.vaults import (
    NO_PASSPHRASE_WARNING,
    RECOVERY_KEY_NOTE,
    OpenVault,
    Vaults,
)
from trustrepair.storage import keys
from trustrepair.storage.db import DatabaseUnreadable

# Names of environment variables, not secrets:
ENV_PASSPHRASE = "TRUSTREPAIR_PASSPHRASE"  # noqa: S105
ENV_NEW_PASSPHRASE = "TRUSTREPAIR_NEW_PASSPHRASE"  # noqa: S105
ENV_EXPORT_PASSPHRASE = "TRUSTREPAIR_EXPORT_PASSPHRASE"  # noqa: S105


# ---------------------------------------------------------------------- shared helpers
def add_vault_args(parser: argparse.ArgumentParser, *, profile_required: bool = True) -> None:
    """Add ``--profile NAME`` and ``--passphrase-file FILE`` to a verb that opens a vault."""
    parser.add_argument("--profile", required=profile_required, metavar="NAME", help="profile name")
    add_passphrase_arg(parser)


def add_passphrase_arg(parser: argparse.ArgumentParser) -> None:
    """Add ``--passphrase-file FILE``."""
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"read the passphrase from FILE ('-' for standard input; default: ${ENV_PASSPHRASE}, "
        "or a prompt in a terminal)",
    )


def vaults() -> Vaults:
    """The profiles of the data dir in use."""
    return Vaults(paths.profiles_dir())


def read_secret(file: Path | None, env: str, prompt: str | None) -> str | None:
    """A secret from FILE, else the environment variable, else a terminal prompt, else None.

    One trailing newline is removed from a file; nothing else is stripped.
    """
    if file is not None:
        try:
            text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserFacingError(tr("Could not read {path}.").format(path=file)) from exc
        return text.removesuffix("\n").removesuffix("\r")
    if os.environ.get(env):
        return os.environ[env]
    if prompt is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def passphrase_from_args(args: argparse.Namespace, *, prompt: str | None = None) -> str | None:
    """The passphrase given for this command (file, environment or prompt)."""
    return read_secret(getattr(args, "passphrase_file", None), ENV_PASSPHRASE, prompt)


def open_from_args(args: argparse.Namespace, store: Vaults | None = None) -> OpenVault:
    """Open the vault named by ``args.profile`` with the passphrase given for this command.

    Raises the services' errors (WrongPassphrase, VaultInUse, ProfileNotFound ...); after a
    wrong passphrase it first waits the throttle's pause, like the window does.
    """
    all_vaults = store or vaults()
    ref = all_vaults.find(args.profile)
    passphrase = None
    if ref.has_passphrase:
        passphrase = passphrase_from_args(
            args, prompt=tr("Passphrase for {name}: ").format(name=ref.name)
        )
        if passphrase is None:
            raise WrongPassphrase(
                tr(
                    "The profile {name!r} has a passphrase: give it with --passphrase-file FILE "
                    "or ${env}."
                ).format(name=ref.name, env=ENV_PASSPHRASE)
            )
    try:
        return all_vaults.open(ref.name, passphrase)
    except WrongPassphrase:
        time.sleep(all_vaults.retry_after(ref.name))
        raise


def _show_recovery_key(key: str, out_file: Path | None) -> None:
    if out_file is not None:
        try:
            with open(out_file, "x", encoding="utf-8") as handle:
                handle.write(f"{tr(RECOVERY_KEY_NOTE)}\n\n{key}\n")
            out_file.chmod(0o600)
        except OSError as exc:
            # Never lose the key: fall back to showing it.
            err(
                tr("Could not write {path} ({reason}); here it is instead.").format(
                    path=out_file, reason=exc.strerror or exc
                )
            )
            out_file = None
        else:
            out(
                tr(
                    "The recovery key was written to {path}. Keep that file safe and private."
                ).format(path=out_file)
            )
            return
    out(tr(RECOVERY_KEY_NOTE))
    out()
    out(f"    {key}")
    out()


def _recovery_key_from_text(text: str) -> str:
    """The recovery key in a file we wrote (a note, then the key) or typed by hand."""
    for line in reversed(text.splitlines()):
        try:
            return keys.normalise_recovery_key(line)
        except keys.KeyUnwrapError:
            continue
    return text


# ---------------------------------------------------------------------- register
def register(subparsers: Any) -> None:
    """Add this module's verbs."""
    p = subparsers.add_parser("profile", help="create a profile")
    sub = p.add_subparsers(dest="profile_verb", metavar="ACTION", required=True)
    c = sub.add_parser(
        "create",
        help="create a profile with its own encrypted vault",
        description="Create a profile. A recovery key is shown once: keep it safe.",
    )
    c.add_argument("name", metavar="NAME")
    secret = c.add_mutually_exclusive_group()
    secret.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"read the new passphrase from FILE (default: ${ENV_PASSPHRASE} or a prompt)",
    )
    secret.add_argument(
        "--no-passphrase",
        action="store_true",
        help="no passphrase: anyone with access to this account can read the profile",
    )
    c.add_argument("--track", choices=[t.value for t in Track], default=Track.HURT.value)
    c.add_argument(
        "--relationship",
        choices=[r.value for r in Relationship],
        default=Relationship.ROMANTIC.value,
    )
    c.add_argument(
        "--recovery-key-out",
        type=Path,
        metavar="FILE",
        help="write the recovery key to FILE (a new file) instead of printing it",
    )
    c.add_argument(
        "--counsellor",
        action="store_true",
        help="a counsellor's profile: assign exercises and read what clients share",
    )
    c.set_defaults(handler=cmd_profile_create)

    p = subparsers.add_parser("profiles", help="list profile names")
    p.add_argument("--json", action="store_true", help="a JSON list of names")
    p.set_defaults(handler=cmd_profiles)

    p = subparsers.add_parser("passphrase", help="change a profile's passphrase")
    sub = p.add_subparsers(dest="passphrase_verb", metavar="ACTION", required=True)
    c = sub.add_parser(
        "change",
        help="re-wrap the profile's key under a new passphrase",
        description=f"The current passphrase comes from --passphrase-file or ${ENV_PASSPHRASE} "
        f"(or use --recovery-key-file); the new one from --new-passphrase-file or "
        f"${ENV_NEW_PASSPHRASE}.",
    )
    add_vault_args(c)
    c.add_argument(
        "--recovery-key-file",
        type=Path,
        metavar="FILE",
        help="unlock with the recovery key in FILE instead of the current passphrase",
    )
    new = c.add_mutually_exclusive_group()
    new.add_argument("--new-passphrase-file", type=Path, metavar="FILE")
    new.add_argument("--no-passphrase", action="store_true", help="remove the passphrase")
    c.add_argument("--new-recovery-key", action="store_true", help="also replace the recovery key")
    c.add_argument(
        "--recovery-key-out",
        type=Path,
        metavar="FILE",
        help="write a new recovery key to FILE instead of printing it",
    )
    c.set_defaults(handler=cmd_passphrase_change)

    p = subparsers.add_parser("export", help="export a profile to a JSON file")
    add_vault_args(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument(
        "--encrypt",
        action="store_true",
        help=f"encrypt the file (passphrase from --export-passphrase-file, "
        f"${ENV_EXPORT_PASSPHRASE}, or the profile's passphrase)",
    )
    p.add_argument("--export-passphrase-file", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_export)

    p = subparsers.add_parser(
        "import",
        help="merge an export file into a profile",
        description="Merge an export into a profile (created if missing, with the passphrase "
        "given or --no-passphrase). The whole file is checked first; nothing is written on error.",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    add_vault_args(p)
    p.add_argument(
        "--no-passphrase",
        action="store_true",
        help="if the profile has to be created, create it without a passphrase",
    )
    p.add_argument(
        "--export-passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"passphrase of an encrypted export (default: ${ENV_EXPORT_PASSPHRASE} or "
        "the profile's passphrase)",
    )
    p.set_defaults(handler=cmd_import)

    p = subparsers.add_parser("backup", help="make an encrypted backup of a profile now")
    add_vault_args(p)
    p.set_defaults(handler=cmd_backup)

    p = subparsers.add_parser("backups", help="list a profile's backups (no passphrase needed)")
    p.add_argument("--profile", required=True, metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_backups)

    p = subparsers.add_parser(
        "restore",
        help="restore a backup (the current data is backed up first)",
    )
    add_vault_args(p)
    p.add_argument("backup", metavar="BACKUP", help="a backup name from 'trustrepair backups'")
    p.set_defaults(handler=cmd_restore)


# ---------------------------------------------------------------------- handlers
def cmd_profile_create(args: argparse.Namespace) -> int:
    """Create a profile; print its recovery key once."""
    passphrase: str | None = None
    if not args.no_passphrase:
        passphrase = passphrase_from_args(args, prompt=tr("New passphrase: "))
        if passphrase is None:
            raise UserFacingError(
                tr(
                    "Please give a passphrase with --passphrase-file FILE or ${env}, or choose "
                    "--no-passphrase."
                ).format(env=ENV_PASSPHRASE)
            )
        typed = args.passphrase_file is None and not os.environ.get(ENV_PASSPHRASE)
        if typed and getpass.getpass(tr("The same passphrase again: ")) != passphrase:
            raise UserFacingError(tr("The two passphrases are different; nothing was created."))
    info = ProfileInfo(
        args.name,
        Track(args.track),
        Relationship(args.relationship),
        role=Role.COUNSELLOR if args.counsellor else Role.PERSON,
    )
    vault = vaults().create(info, passphrase)
    try:
        out(tr("Created the profile {name!r}.").format(name=vault.ref.name))
        if args.no_passphrase:  # only once it exists: a refused name needs no warning
            err(tr("Warning: ") + tr(NO_PASSPHRASE_WARNING))
        if vault.recovery_key:
            _show_recovery_key(vault.recovery_key, args.recovery_key_out)
    finally:
        vault.close()
    return EXIT_OK


def cmd_profiles(args: argparse.Namespace) -> int:
    """Print profile names only."""
    names = [ref.name for ref in vaults().list()]
    if args.json:
        out(json.dumps(names, ensure_ascii=False))
    else:
        for name in names:
            out(name)
    return EXIT_OK


def cmd_passphrase_change(args: argparse.Namespace) -> int:
    """Re-wrap the profile's key; the data is not rewritten."""
    all_vaults = vaults()
    ref = all_vaults.find(args.profile)
    recovery = None
    old = None
    if args.recovery_key_file is not None:
        recovery = _recovery_key_from_text(read_secret(args.recovery_key_file, "", None) or "")
    elif ref.has_passphrase:
        old = passphrase_from_args(args, prompt=tr("Current passphrase: "))
        if old is None:
            raise WrongPassphrase(
                tr(
                    "Give the current passphrase with --passphrase-file FILE or ${env}, or use "
                    "--recovery-key-file."
                ).format(env=ENV_PASSPHRASE)
            )
    new: str | None = None
    if args.no_passphrase:
        err(tr("Warning: ") + tr(NO_PASSPHRASE_WARNING))
    else:
        new = read_secret(args.new_passphrase_file, ENV_NEW_PASSPHRASE, tr("New passphrase: "))
        if new is None:
            raise UserFacingError(
                tr("Give the new passphrase with --new-passphrase-file FILE or ${env}.").format(
                    env=ENV_NEW_PASSPHRASE
                )
            )
    try:
        fresh = all_vaults.change_passphrase(
            ref.name, old, new, recovery_key=recovery, new_recovery_key=args.new_recovery_key
        )
    except WrongPassphrase:
        time.sleep(all_vaults.retry_after(ref.name))
        raise
    out(
        tr("The passphrase of {name!r} was changed.").format(name=ref.name)
        if new is not None
        else tr("The passphrase of {name!r} was removed.").format(name=ref.name)
    )
    if fresh:
        _show_recovery_key(fresh, args.recovery_key_out)
        all_vaults.confirm_recovery_key(ref.name, fresh)  # shown: it replaces the old key now
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Export a profile where the person chose; warn if unencrypted."""
    vault = open_from_args(args)
    try:
        export_passphrase = None
        if args.encrypt:
            export_passphrase = read_secret(
                args.export_passphrase_file,
                ENV_EXPORT_PASSPHRASE,
                tr("Passphrase for the export: "),
            ) or passphrase_from_args(args)
            if not export_passphrase:
                raise UserFacingError(
                    tr(
                        "Give a passphrase for the encrypted export with --export-passphrase-file "
                        "FILE or ${env}."
                    ).format(env=ENV_EXPORT_PASSPHRASE)
                )
        note = transfer.export_profile(vault.store, args.out, passphrase=export_passphrase)
    finally:
        vault.close()
    out(tr("Exported {name!r} to {path}.").format(name=vault.ref.name, path=args.out))
    err(note)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Validate an export, then merge it into a profile (creating it if asked)."""
    from trustrepair.content.library import default_folders, load_library

    all_vaults = vaults()
    try:
        exists = all_vaults.find(args.profile)
    except UserFacingError:
        exists = None
    passphrase = None
    needs_passphrase = exists.has_passphrase if exists is not None else not args.no_passphrase
    if needs_passphrase:
        passphrase = passphrase_from_args(
            args, prompt=tr("Passphrase for {name}: ").format(name=args.profile)
        )
    file_passphrase = None
    # Read once: FILE may be a pipe (``<(command)``, ``/dev/stdin``) that cannot be read again.
    document = transfer.load_json_file(args.file)
    if transfer.is_encrypted_document(document):
        file_passphrase = (
            read_secret(
                args.export_passphrase_file, ENV_EXPORT_PASSPHRASE, tr("Passphrase of the export: ")
            )
            or passphrase
        )
    if exists is None and passphrase is None and not args.no_passphrase:
        raise UserFacingError(
            tr(
                "There is no profile called {name!r} yet. To create it, give a passphrase with "
                "--passphrase-file FILE or ${env}, or choose --no-passphrase."
            ).format(name=args.profile, env=ENV_PASSPHRASE)
        )
    if exists is None and args.no_passphrase:
        err(tr("Warning: ") + tr(NO_PASSPHRASE_WARNING))
    library = load_library(default_folders())
    try:
        result = transfer.import_file(
            all_vaults,
            args.file,
            args.profile,
            passphrase=passphrase,
            create_passphrase=passphrase if exists is None else None,
            allow_no_passphrase=bool(args.no_passphrase),
            file_passphrase=file_passphrase,
            library=library,
            document=document,
        )
    except WrongPassphrase:
        if exists is not None:
            time.sleep(all_vaults.retry_after(exists.name))
        raise
    if result.created:
        out(tr("Created the profile {name!r}.").format(name=result.profile))
        if result.assumed:
            out(
                tr(
                    "The file did not say {fields}; the profile starts as someone who was hurt "
                    "by a partner. You can change that in the window."
                ).format(fields=tr(" or ").join(result.assumed))
            )
    out(
        tr("Imported into {name!r}: {a} new answers, {u} updated, {k} kept (newer here).").format(
            name=result.profile,
            a=result.answers_added,
            u=result.answers_updated,
            k=result.answers_kept,
        )
    )
    if result.recovery_key:
        _show_recovery_key(result.recovery_key, None)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    """Make an encrypted backup now."""
    vault = open_from_args(args)
    try:
        info = vault.backup_now()
    finally:
        vault.close()
    out(tr("Backup made: {name}").format(name=info.name))
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    """List backups with dates (names and dates only; nothing private)."""
    found = vaults().backups(args.profile)
    if args.json:
        out(
            json.dumps(
                [
                    {"name": b.name, "created_at": b.created_at.isoformat(), "reason": b.reason}
                    for b in found
                ]
            )
        )
    else:
        for b in found:
            out(f"{b.name}  {b.created_at:%Y-%m-%d %H:%M} UTC  {b.reason}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a backup (the current data is backed up first, or kept aside if unreadable)."""
    all_vaults = vaults()
    try:
        vault = open_from_args(args, all_vaults)
    except DatabaseUnreadable:
        # The data file cannot be read: restore without opening it (it is kept aside).
        ref = all_vaults.find(args.profile)
        passphrase = passphrase_from_args(args) if ref.has_passphrase else None
        all_vaults.restore_backup(ref.name, args.backup, passphrase).close()
    else:
        try:
            vault.restore(args.backup)
        finally:
            vault.close()
    out(
        tr("Restored {name}. The data from before is kept as a backup too.").format(
            name=args.backup
        )
    )
    return EXIT_OK
