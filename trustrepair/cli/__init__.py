"""The headless command line: thin click commands over the services, no Qt on these paths.

Verbs live in sub-modules, one per group of verbs (:mod:`.content`, :mod:`.vault`,
:mod:`.summary`, :mod:`.counsel`). The root group knows each verb only by name and module
(:data:`VERBS`) and imports the module of the verb that runs, so ``trustrepair validate``
never loads the vault and crypto stack, and ``--version`` loads neither. :func:`main` runs
the group and turns every expected problem into one plain line on standard error: exit 1 for
a problem the person can fix, 2 for a usage mistake, never a traceback.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

import click

from trustrepair import __version__, paths
from trustrepair.cli import faults
from trustrepair.cli.output import err, err_lines, out_lines
from trustrepair.errors import UserFacingError
from trustrepair.i18n import tr

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

VERBS: dict[str, str] = {
    "validate": "trustrepair.cli.content:validate",
    "exercises": "trustrepair.cli.content:exercises",
    "schema": "trustrepair.cli.content:schema",
    "profiles": "trustrepair.cli.vault:profiles",
    "profile": "trustrepair.cli.vault:profile",
    "passphrase": "trustrepair.cli.vault:passphrase",
    "export": "trustrepair.cli.vault:export",
    "import": "trustrepair.cli.vault:import_",
    "backup": "trustrepair.cli.vault:backup",
    "backups": "trustrepair.cli.vault:backups",
    "restore": "trustrepair.cli.vault:restore",
    "history": "trustrepair.cli.time:history",
    "calendar": "trustrepair.cli.time:calendar",
    "answer": "trustrepair.cli.time:answer",
    "summary": "trustrepair.cli.summary:summary",
    "assign": "trustrepair.cli.counsel:assign",
    "assignment": "trustrepair.cli.counsel:assignment",
    "assignments": "trustrepair.cli.counsel:assignments",
    "share": "trustrepair.cli.counsel:share",
    "shared": "trustrepair.cli.counsel:shared",
    "clients": "trustrepair.cli.counsel:clients",
    "client": "trustrepair.cli.counsel:client",
    "fingerprint": "trustrepair.cli.counsel:fingerprint",
    "senders": "trustrepair.cli.counsel:senders",
    "sender": "trustrepair.cli.counsel:sender",
    "distance": "trustrepair.cli.distance:distance",
}
"""Every verb, in the order ``--help`` and the README list them: name -> ``module:command``."""

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class LazyGroup(click.Group):
    """The root group: a verb's module is imported only when that verb is looked up."""

    verbs: ClassVar[dict[str, str]] = VERBS

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Verb names in their documented order (without importing them)."""
        return [
            *self.verbs,
            *(name for name in super().list_commands(ctx) if name not in self.verbs),
        ]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command of ``cmd_name``, importing its module now."""
        target = self.verbs.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command

    def invoke(self, ctx: click.Context) -> object:
        """Run the verb; a closed pipe is passed on as :class:`PipeClosed` (click would exit 1)."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            raise PipeClosed from exc


class PipeClosed(Exception):
    """The reader of standard output went away (``trustrepair exercises | head -1``)."""


NO_VERB_HELP = "With no verb, opens the window."
ROOT_HELP = f"""Private, structured exercises for rebuilding trust. This program is not therapy.

{NO_VERB_HELP} Passphrases are never taken from the command line: verbs that open a vault
read them from --passphrase-file FILE or $TRUSTREPAIR_PASSPHRASE, or ask in a terminal.
"""


def _use_data_dir(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        paths.set_data_dir(value)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings=CONTEXT_SETTINGS,
    help=ROOT_HELP,
)
@click.version_option(
    __version__, "--version", prog_name="trustrepair", message="%(prog)s %(version)s"
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    expose_value=False,
    is_eager=True,
    callback=_use_data_dir,
    help=f"Where profiles and settings live (default: ${paths.ENV_DATA_DIR}, else the "
    "platform's data folder).",
)
@click.pass_context
def cli(ctx: click.Context) -> int:
    """The root group (its help is :data:`ROOT_HELP`): the window, or one verb."""
    if ctx.invoked_subcommand is not None:
        return EXIT_OK
    open_window = ctx.obj
    if not callable(open_window):  # run as a library, not as the program
        out_lines(ctx.get_help())
        return EXIT_USAGE
    code = open_window()
    return code if isinstance(code, int) else EXIT_OK


def not_both(**given: object) -> None:
    """Refuse two options that exclude each other (a usage mistake)."""
    chosen = [name for name, value in given.items() if value]
    if len(chosen) > 1:
        options = " and ".join("--" + name.replace("_", "-") for name in chosen)
        raise click.UsageError(tr("{options} cannot be used together.").format(options=options))


def main(argv: Sequence[str] | None = None, *, window: Callable[[], int] | None = None) -> int:
    """Run the command line on ``argv`` and return the exit code (never raise, never a
    traceback).

    ``window`` opens the window when no verb is given (``trustrepair --data-dir DIR``); the
    entry point passes it, so this package never imports the window itself.
    """
    # What the person needs to know is said on standard error by the verbs themselves; the
    # services' log records (a cache that could not be written, say) are not for them.
    logging.getLogger("trustrepair").addHandler(logging.NullHandler())
    try:
        result = cli.main(
            args=list(sys.argv[1:] if argv is None else argv),
            prog_name="trustrepair",
            standalone_mode=False,
            obj=window,
        )
    except click.UsageError as exc:
        _usage_problem(exc)
        return EXIT_USAGE
    except click.ClickException as exc:
        err(f"trustrepair: {exc.format_message()}")
        return exc.exit_code
    except click.Abort as exc:
        if isinstance(exc.__cause__, EOFError):
            err("trustrepair: " + tr("the input ended before an answer was given."))
            return EXIT_PROBLEM
        err("trustrepair: " + tr("interrupted; nothing half-written was kept."))
        return EXIT_INTERRUPTED
    except UserFacingError as exc:
        lines = exc.message.split("\n")
        err(f"trustrepair: {lines[0]}")
        if len(lines) > 1:
            err_lines("\n".join(lines[1:]))
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        err("trustrepair: " + tr("interrupted; nothing half-written was kept."))
        return EXIT_INTERRUPTED
    except (PipeClosed, BrokenPipeError):
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        err(f"trustrepair: {faults.sentence(exc)}")
        return EXIT_PROBLEM
    except Exception as exc:  # a database error below the services, or a bug
        err(f"trustrepair: {faults.sentence(exc)}")
        return EXIT_PROBLEM
    return result if isinstance(result, int) else EXIT_OK


def _usage_problem(exc: click.UsageError) -> None:
    command = exc.ctx.command_path if exc.ctx is not None else "trustrepair"
    err(
        "trustrepair: "
        + exc.format_message()
        + " "
        + tr("See '{command} --help'.").format(command=command)
    )


def _silence_stdout() -> None:
    """After the reader of a pipe went away: nothing more to say (not even at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
