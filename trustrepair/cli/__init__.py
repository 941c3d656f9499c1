"""The headless command line: thin verbs over the services, no Qt on these paths.

Verbs live in sub-modules, each with a ``register(subparsers)`` function; this module builds
the parser, applies ``--data-dir`` and turns :class:`UserFacingError` into a message and exit 1
(never a traceback). Exit codes: 0 success, 1 a problem the person can fix, 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from trustrepair import __version__, paths
from trustrepair.errors import UserFacingError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every verb registered."""
    from trustrepair.cli import content, counsel, summary, vault

    parser = argparse.ArgumentParser(
        prog="trustrepair",
        description=(
            "Private, structured exercises for rebuilding trust. With no verb, opens the window. "
            "This program is not therapy."
        ),
    )
    parser.add_argument("--version", action="version", version=f"trustrepair {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where profiles and settings live (default: ${paths.ENV_DATA_DIR} or the "
        "platform's data folder)",
    )
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB")
    for module in (content, vault, summary, counsel):
        module.register(subparsers)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv`` and apply ``--data-dir``."""
    args = build_parser().parse_args(list(argv))
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    return args


def run(args: argparse.Namespace) -> int:
    """Run the verb chosen in ``args``."""
    handler: Handler = args.handler
    try:
        return handler(args)
    except UserFacingError as exc:
        print(f"trustrepair: {exc.message}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print("trustrepair: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def main(argv: Sequence[str]) -> int:
    """Parse and run a headless verb (callers handle the no-verb case)."""
    args = parse(argv)
    if args.verb is None:
        build_parser().print_help()
        return EXIT_USAGE
    return run(args)


def out(text: str = "") -> None:
    """Print to standard output (one place, so tests and pipes behave)."""
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    """Print a message for the person to standard error."""
    sys.stderr.write(text + "\n")
