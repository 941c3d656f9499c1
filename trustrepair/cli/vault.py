"""Verbs over profiles and vaults: profile create, profiles, passphrase change, export, import,
backup, backups, restore.

Passphrases never come from argv (see :mod:`trustrepair.cli.unlock`): new and export
passphrases have their own ``--…-file`` options and environment variables.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import click

from trustrepair.cli import EXIT_OK, not_both
from trustrepair.cli.faults import doing
from trustrepair.cli.options import choice_option, json_option, out_option, secret_file_option
from trustrepair.cli.output import err, out, out_json
from trustrepair.cli.unlock import (
    ENV_PASSPHRASE,
    PASSPHRASE_FILE_HELP,
    open_profile,
    passphrase_for,
    pause_after_wrong_passphrase,
    profile_vaults,
    read_secret,
    required_secret,
    unlock,
    vault_options,
)
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.errors import UserFacingError, WrongPassphrase
from trustrepair.i18n import tr, translated
from trustrepair.services import transfer
from trustrepair.services.vaults import NO_PASSPHRASE_WARNING, RECOVERY_KEY_NOTE
from trustrepair.storage import keys
from trustrepair.storage.db import DatabaseUnreadable

# Names of environment variables, not secrets:
ENV_NEW_PASSPHRASE = "TRUSTREPAIR_NEW_PASSPHRASE"  # noqa: S105
ENV_EXPORT_PASSPHRASE = "TRUSTREPAIR_EXPORT_PASSPHRASE"  # noqa: S105


def _show_recovery_key(key: str, out_file: Path | None) -> None:
    if out_file is not None:
        try:
            # Created private: the key never sits readable by others, not even for a moment.
            descriptor = os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with open(descriptor, "w", encoding="utf-8") as handle:
                handle.write(f"{translated(RECOVERY_KEY_NOTE)}\n\n{key}\n")
        except OSError as exc:
            # Never lose the key: fall back to showing it.
            err(
                tr("Could not write {path} ({reason}); here it is instead.").format(
                    path=out_file, reason=exc.strerror or exc
                )
            )
        else:
            out(
                tr(
                    "The recovery key was written to {path}. Keep that file safe and private."
                ).format(path=out_file)
            )
            return
    out(translated(RECOVERY_KEY_NOTE))
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


# ---------------------------------------------------------------------- profile create
@click.group()
def profile() -> None:
    """Create a profile."""


@profile.command("create")
@click.argument("name")
@secret_file_option(
    "--passphrase-file",
    f"Read the new passphrase from FILE ('-' for standard input; default: ${ENV_PASSPHRASE} "
    "or a prompt).",
)
@click.option(
    "--no-passphrase",
    is_flag=True,
    help="No passphrase: anyone with access to this account can read the profile.",
)
@choice_option("--track", Track, "Whether you were hurt or are repairing.", Track.HURT)
@choice_option(
    "--relationship", Relationship, "Who the other person is to you.", Relationship.ROMANTIC
)
@click.option(
    "--recovery-key-out",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Write the recovery key to FILE (a new file) instead of printing it.",
)
@click.option(
    "--counsellor",
    is_flag=True,
    help="A counsellor's profile: assign exercises and read what clients share.",
)
def profile_create(
    name: str,
    passphrase_file: Path | None,
    no_passphrase: bool,
    track: str,
    relationship: str,
    recovery_key_out: Path | None,
    counsellor: bool,
) -> int:
    """A new profile with its own encrypted vault; prints the recovery key once.

    Keep the recovery key safe: it opens the profile if the passphrase is forgotten.
    --counsellor makes a counsellor's profile, which assigns exercises and reads what clients
    share (docs/counsellor.md).
    """
    not_both(passphrase_file=passphrase_file, no_passphrase=no_passphrase)
    passphrase: str | None = None
    if not no_passphrase:
        passphrase = required_secret(
            passphrase_file,
            ENV_PASSPHRASE,
            tr("New passphrase: "),
            UserFacingError(
                tr(
                    "Please give a passphrase with --passphrase-file FILE or ${env}, or choose "
                    "--no-passphrase."
                ).format(env=ENV_PASSPHRASE)
            ),
        )
        typed = passphrase_file is None and not os.environ.get(ENV_PASSPHRASE)
        if typed and getpass.getpass(tr("The same passphrase again: ")) != passphrase:
            raise UserFacingError(tr("The two passphrases are different; nothing was created."))
    info = ProfileInfo(
        name,
        Track(track),
        Relationship(relationship),
        role=Role.COUNSELLOR if counsellor else Role.PERSON,
    )
    with doing(tr("create the profile {name!r}").format(name=name)):
        vault = profile_vaults().create(info, passphrase)
    with vault:
        out(tr("Created the profile {name!r}.").format(name=vault.ref.name))
        if no_passphrase:  # only once it exists: a refused name needs no warning
            err(tr("Warning: ") + translated(NO_PASSPHRASE_WARNING))
        if vault.recovery_key:
            _show_recovery_key(vault.recovery_key, recovery_key_out)
    return EXIT_OK


# ---------------------------------------------------------------------- profiles
@click.command()
@json_option("A JSON list of names.")
def profiles(as_json: bool) -> int:
    """The profile names (no passphrase needed)."""
    names = [ref.name for ref in profile_vaults().list()]
    if as_json:
        out_json(names)
    else:
        for name in names:
            out(name)
    return EXIT_OK


# ---------------------------------------------------------------------- passphrase change
@click.group()
def passphrase() -> None:
    """A profile's passphrase."""


@passphrase.command("change")
@click.option("--profile", required=True, metavar="NAME", help="The profile.")
@secret_file_option("--passphrase-file", PASSPHRASE_FILE_HELP)
@secret_file_option(
    "--recovery-key-file",
    "Unlock with the recovery key in FILE instead of the current passphrase.",
)
@secret_file_option(
    "--new-passphrase-file",
    f"Read the new passphrase from FILE (default: ${ENV_NEW_PASSPHRASE} or a prompt).",
)
@click.option("--no-passphrase", is_flag=True, help="Remove the passphrase.")
@click.option(
    "--new-recovery-key",
    is_flag=True,
    help="Accepted for older scripts: every change makes a new recovery key.",
)
@click.option(
    "--recovery-key-out",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Write a new recovery key to FILE instead of printing it.",
)
def passphrase_change(
    profile: str,
    passphrase_file: Path | None,
    recovery_key_file: Path | None,
    new_passphrase_file: Path | None,
    no_passphrase: bool,
    new_recovery_key: bool,
    recovery_key_out: Path | None,
) -> int:
    """Lock a profile under a new passphrase (or none) and a new recovery key; the old ones
    stop working.

    The profile and its backups are re-encrypted under a new key, so the old passphrase and
    the old recovery key open nothing afterwards, not even with an old copy of the profile's
    files. The current passphrase comes from --passphrase-file or $TRUSTREPAIR_PASSPHRASE (or
    use --recovery-key-file); the new one from --new-passphrase-file or
    $TRUSTREPAIR_NEW_PASSPHRASE. The same passphrase again gives a new recovery key only.
    """
    not_both(new_passphrase_file=new_passphrase_file, no_passphrase=no_passphrase)
    all_vaults = profile_vaults()
    ref = all_vaults.find(profile)
    recovery = None
    old = None
    if recovery_key_file is not None:
        recovery = _recovery_key_from_text(read_secret(recovery_key_file, "", None) or "")
    elif ref.has_passphrase:
        old = required_secret(
            passphrase_file,
            ENV_PASSPHRASE,
            tr("Current passphrase: "),
            WrongPassphrase(
                tr(
                    "Give the current passphrase with --passphrase-file FILE or ${env}, or use "
                    "--recovery-key-file."
                ).format(env=ENV_PASSPHRASE)
            ),
        )
    new: str | None = None
    if no_passphrase:
        err(tr("Warning: ") + translated(NO_PASSPHRASE_WARNING))
    else:
        new = required_secret(
            new_passphrase_file,
            ENV_NEW_PASSPHRASE,
            tr("New passphrase: "),
            UserFacingError(
                tr("Give the new passphrase with --new-passphrase-file FILE or ${env}.").format(
                    env=ENV_NEW_PASSPHRASE
                )
            ),
        )
    what = tr("change the passphrase of {name!r}").format(name=ref.name)
    with pause_after_wrong_passphrase(all_vaults, ref.name), doing(what):
        fresh = all_vaults.change_passphrase(
            ref.name, old, new, recovery_key=recovery, new_recovery_key=new_recovery_key
        )
    out(
        tr(
            "The passphrase of {name!r} was changed. The old passphrase and the old recovery "
            "key no longer open it."
        ).format(name=ref.name)
        if new is not None
        else tr("The passphrase of {name!r} was removed.").format(name=ref.name)
    )
    if fresh:
        _show_recovery_key(fresh, recovery_key_out)
        all_vaults.confirm_recovery_key(ref.name, fresh)  # shown: recorded as kept
    return EXIT_OK


# ---------------------------------------------------------------------- export / import
@click.command()
@vault_options()
@out_option("Where to write the export.")
@click.option(
    "--encrypt",
    is_flag=True,
    help=f"Encrypt the file (passphrase from --export-passphrase-file, "
    f"${ENV_EXPORT_PASSPHRASE}, or the profile's passphrase).",
)
@secret_file_option("--export-passphrase-file", "Read the export's passphrase from FILE.")
def export(
    profile: str,
    passphrase_file: Path | None,
    target: Path,
    encrypt: bool,
    export_passphrase_file: Path | None,
) -> int:
    """Everything a profile holds, as JSON (docs/export-format.md).

    A plain file is not encrypted; --encrypt wraps it with a passphrase.
    """
    all_vaults = profile_vaults()
    ref = all_vaults.find(profile)
    profile_passphrase = passphrase_for(ref, passphrase_file)
    with open_profile(all_vaults, ref, profile_passphrase) as vault:
        export_passphrase = None
        if encrypt:
            export_passphrase = (
                read_secret(
                    export_passphrase_file,
                    ENV_EXPORT_PASSPHRASE,
                    tr("Passphrase for the export: "),
                )
                or profile_passphrase
            )
            if not export_passphrase:
                raise UserFacingError(
                    tr(
                        "Give a passphrase for the encrypted export with --export-passphrase-file "
                        "FILE or ${env}."
                    ).format(env=ENV_EXPORT_PASSPHRASE)
                )
        with doing(tr("export to {path}").format(path=target)):
            note = transfer.export_profile(vault.store, target, passphrase=export_passphrase)
    out(tr("Exported {name!r} to {path}.").format(name=vault.ref.name, path=target))
    err(note)
    return EXIT_OK


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@vault_options()
@click.option(
    "--no-passphrase",
    is_flag=True,
    help="If the profile has to be created, create it without a passphrase.",
)
@secret_file_option(
    "--export-passphrase-file",
    f"Passphrase of an encrypted export (default: ${ENV_EXPORT_PASSPHRASE} or the profile's "
    "passphrase).",
)
def import_(
    file: Path,
    profile: str,
    passphrase_file: Path | None,
    no_passphrase: bool,
    export_passphrase_file: Path | None,
) -> int:
    """Merge an export into a profile (all or nothing; newer answers win).

    The profile is created if missing, with the passphrase given or --no-passphrase. The
    whole file is checked first; nothing is written on error. FILE may be a pipe
    (<(command), /dev/stdin).
    """
    from trustrepair.content.cache import load_default_library

    all_vaults = profile_vaults()
    try:
        exists = all_vaults.find(profile)
    except UserFacingError:
        exists = None
    passphrase = None
    needs_passphrase = exists.has_passphrase if exists is not None else not no_passphrase
    if needs_passphrase:
        passphrase = read_secret(
            passphrase_file, ENV_PASSPHRASE, tr("Passphrase for {name}: ").format(name=profile)
        )
    file_passphrase = None
    # Read once: FILE may be a pipe (``<(command)``, ``/dev/stdin``) that cannot be read again.
    document = transfer.load_json_file(file, pipes=True)
    if transfer.is_encrypted_document(document):
        file_passphrase = (
            read_secret(
                export_passphrase_file, ENV_EXPORT_PASSPHRASE, tr("Passphrase of the export: ")
            )
            or passphrase
        )
    if exists is None and passphrase is None and not no_passphrase:
        raise UserFacingError(
            tr(
                "There is no profile called {name!r} yet. To create it, give a passphrase with "
                "--passphrase-file FILE or ${env}, or choose --no-passphrase."
            ).format(name=profile, env=ENV_PASSPHRASE)
        )
    if exists is None and no_passphrase:
        err(tr("Warning: ") + translated(NO_PASSPHRASE_WARNING))
    library = load_default_library()
    what = tr("import into {name!r}").format(name=profile)
    with pause_after_wrong_passphrase(all_vaults, profile), doing(what):
        result = transfer.import_file(
            all_vaults,
            file,
            profile,
            passphrase=passphrase,
            create_passphrase=passphrase if exists is None else None,
            allow_no_passphrase=no_passphrase,
            file_passphrase=file_passphrase,
            library=library,
            document=document,
        )
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


# ---------------------------------------------------------------------- backups
@click.command()
@vault_options()
def backup(profile: str, passphrase_file: Path | None) -> int:
    """An encrypted backup now (backups are also made automatically, the last seven kept)."""
    with unlock(profile, passphrase_file) as vault, doing(tr("make a backup")):
        info = vault.backup_now()
    out(tr("Backup made: {name}").format(name=info.name))
    return EXIT_OK


@click.command()
@click.option("--profile", required=True, metavar="NAME", help="The profile.")
@json_option("A JSON list of objects.")
def backups(profile: str, as_json: bool) -> int:
    """A profile's backups, newest first (names and dates only: no passphrase needed)."""
    found = profile_vaults().backups(profile)
    if as_json:
        out_json(
            [
                {"name": b.name, "created_at": b.created_at.isoformat(), "reason": b.reason}
                for b in found
            ]
        )
    else:
        for b in found:
            out(f"{b.name}  {b.created_at:%Y-%m-%d %H:%M} UTC  {b.reason}")
    return EXIT_OK


@click.command()
@vault_options()
@click.argument("backup_name", metavar="BACKUP")
def restore(profile: str, passphrase_file: Path | None, backup_name: str) -> int:
    """Restore a backup named by 'trustrepair backups'; the current state is backed up first.

    If the current data file cannot be read at all, it is kept aside instead.
    """
    all_vaults = profile_vaults()
    ref = all_vaults.find(profile)
    passphrase = passphrase_for(ref, passphrase_file)
    what = tr("restore {name}").format(name=backup_name)
    try:
        vault = open_profile(all_vaults, ref, passphrase)
    except DatabaseUnreadable:
        # The data file cannot be read: restore without opening it (it is kept aside).
        with pause_after_wrong_passphrase(all_vaults, ref.name), doing(what):
            all_vaults.restore_backup(ref.name, backup_name, passphrase).close()
    else:
        with vault, doing(what):
            vault.restore(backup_name)
    out(
        tr("Restored {name}. The data from before is kept as a backup too.").format(
            name=backup_name
        )
    )
    return EXIT_OK
