"""Opening a profile's vault from the command line: the one way every verb does it.

A verb that works on a profile takes :func:`vault_options` (``--profile NAME`` and
``--passphrase-file FILE``) and opens it with ``with unlock(profile, passphrase_file) as
vault:``. Passphrases never come from argv: ``--passphrase-file FILE`` (``-`` for standard
input), else an environment variable, else a prompt when run in a terminal. After a wrong
passphrase every verb waits the throttle's pause before it ends, like the window does
(:func:`pause_after_wrong_passphrase`), so a script cannot try passphrases faster.
"""

from __future__ import annotations

import getpass
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trustrepair import paths
from trustrepair.cli.faults import doing
from trustrepair.cli.options import Handler, secret_file_option
from trustrepair.cli.output import err, terminal_text
from trustrepair.errors import UserFacingError, WrongPassphrase
from trustrepair.i18n import tr
from trustrepair.services.startup import LazyVaults, unlock_soon

if TYPE_CHECKING:
    # Imported when a vault is opened, not before: the key derivation starts first and the
    # vault stack (SQLCipher, sqlite-utils, the models) is imported while it runs.
    from trustrepair.services.vaults import OpenVault, ProfileRef, Vaults

# Names of environment variables, not secrets:
ENV_PASSPHRASE = "TRUSTREPAIR_PASSPHRASE"  # noqa: S105

PASSPHRASE_FILE_HELP = (
    f"Read the passphrase from FILE ('-' for standard input; default: ${ENV_PASSPHRASE}, "
    "or a prompt in a terminal)."
)


def vault_options(who: str = "NAME") -> Callable[[Handler], Handler]:
    """``--profile NAME`` and ``--passphrase-file FILE``, for a verb that opens a vault.

    ``who`` names the profile in help (``COUNSELLOR`` for the counsellor's verbs).
    """

    def decorate(handler: Handler) -> Handler:
        handler = secret_file_option("--passphrase-file", PASSPHRASE_FILE_HELP)(handler)
        profile = click.option("--profile", required=True, metavar=who, help="The profile.")
        return profile(handler)

    return decorate


def profile_vaults() -> Vaults:
    """The profiles of the data dir in use."""
    return LazyVaults(paths.profiles_dir()).real


MAX_SECRET_BYTES = 64 * 1024
"""The longest passphrase or recovery-key file read (far beyond any passphrase): a device
such as ``/dev/zero`` or a huge file is refused, never read into memory."""


def read_secret(file: Path | None, env: str, prompt: str | None) -> str | None:
    """A secret from FILE, else the environment variable, else a terminal prompt, else None.

    FILE is read as a file that comes in (:func:`trustrepair.files.read_bounded`): a plain
    file or a pipe (``<(command)``, ``-``) of at most :data:`MAX_SECRET_BYTES`; a pipe that
    stays silent is given up. One trailing newline is removed; nothing else is stripped.
    """
    if file is not None:
        return _secret_text(file)
    if env and os.environ.get(env):
        return os.environ[env]
    if prompt is not None and sys.stdin.isatty():
        return getpass.getpass(terminal_text(prompt))
    return None


def required_secret(file: Path | None, env: str, prompt: str, missing: UserFacingError) -> str:
    """:func:`read_secret`, raising ``missing`` (which says how to give it) when not given."""
    secret = read_secret(file, env, prompt)
    if secret is None:
        raise missing
    return secret


def _secret_text(file: Path) -> str:
    from trustrepair.files import read_bounded

    what = tr("a passphrase or recovery-key file")
    if str(file) == "-":
        stream = getattr(sys.stdin, "buffer", None)
        raw = (
            stream.read(MAX_SECRET_BYTES + 1)
            if stream is not None
            else sys.stdin.read(MAX_SECRET_BYTES + 1).encode("utf-8")
        )
    else:
        raw = read_bounded(file, MAX_SECRET_BYTES, what=what, pipes=True)
    if len(raw) > MAX_SECRET_BYTES:
        raise UserFacingError(
            tr("Could not read {path}: it is too large to be {what}.").format(
                path="-" if str(file) == "-" else file, what=what
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserFacingError(tr("Could not read {path}.").format(path=file)) from exc
    return text.removesuffix("\n").removesuffix("\r")


def passphrase_for(ref: ProfileRef, passphrase_file: Path | None) -> str | None:
    """The passphrase given for ``ref`` (None if it has none); a plain refusal if not given."""
    if not ref.has_passphrase:
        return None
    return required_secret(
        passphrase_file,
        ENV_PASSPHRASE,
        tr("Passphrase for {name}: ").format(name=ref.name),
        WrongPassphrase(
            tr(
                "The profile {name!r} has a passphrase: give it with --passphrase-file FILE "
                "or ${env}."
            ).format(name=ref.name, env=ENV_PASSPHRASE)
        ),
    )


@contextmanager
def pause_after_wrong_passphrase(vaults: Vaults, name: str) -> Iterator[None]:
    """Wait the throttle's pause before a wrong passphrase (or recovery key) ends the verb."""
    try:
        yield
    except WrongPassphrase:
        time.sleep(vaults.retry_after(name))
        raise


def unlock(
    profile: str,
    passphrase_file: Path | None,
    vaults: Vaults | None = None,
    *,
    meanwhile: Callable[[], object] | None = None,
) -> OpenVault:
    """Open the profile's vault with the passphrase given for this command.

    ``meanwhile`` is what the verb will need once the vault is open and can do before (load
    the exercise library, import its services): it runs while the key is derived.

    Raises the services' errors (WrongPassphrase, VaultInUse, ProfileNotFound …). The vault
    is a context manager: ``with unlock(...) as vault:`` closes (locks) it at the end.
    """
    # The profile and its passphrase are found from the plaintext metadata, and the key
    # derivation started, before the vault stack is imported (while the key is derived).
    lazy = LazyVaults.over(vaults) if vaults is not None else LazyVaults(paths.profiles_dir())
    ref = lazy.find(profile)
    passphrase = passphrase_for(ref, passphrase_file)
    if passphrase is not None:
        unlock_soon(ref, passphrase)
    real = lazy.real
    if meanwhile is not None:
        meanwhile()
    return open_profile(real, ref, passphrase)


def open_profile(vaults: Vaults, ref: ProfileRef, passphrase: str | None) -> OpenVault:
    """Open ``ref`` with a passphrase already read (for a verb that needs it once more)."""
    what = tr("open the profile {name!r}").format(name=ref.name)
    with pause_after_wrong_passphrase(vaults, ref.name), doing(what):
        vault = vaults.open(ref.name, passphrase)
    tell_notices(vault)
    return vault


def tell_notices(vault: OpenVault) -> None:
    """What the person is owed being told once, on standard error (standard output stays the
    verb's own, for scripts)."""
    from trustrepair.services.notices import take_notices

    for notice in take_notices(vault.store):
        err(f"trustrepair: {notice.title}: {notice.text}")
