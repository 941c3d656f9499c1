"""The ``summary`` verb: a printable summary as HTML or PDF.

PDF needs Qt's text layout, so :mod:`trustrepair.ui.printing` is imported lazily and only for
``.pdf`` output: the single documented exception to "no Qt below ui/" (see pyproject.toml).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from trustrepair.cli import EXIT_OK, EXIT_USAGE, err, out
from trustrepair.cli.vault import add_vault_args, open_from_args
from trustrepair.content.library import default_folders, load_library
from trustrepair.domain.enums import Stage
from trustrepair.i18n import tr
from trustrepair.reports.context import Paper, ReportKind
from trustrepair.reports.environment import render_html
from trustrepair.services.summary import SummaryRequest, SummaryService, save_text_file
from trustrepair.services.vaults import OpenVault

FORMATS = (".pdf", ".html", ".htm")

NOT_ENCRYPTED = (
    "Note: {path} is not encrypted. Anyone who can open the file can read it; "
    "delete it when you no longer need it."
)


def register(subparsers: Any) -> None:
    """Add this module's verbs."""
    p = subparsers.add_parser(
        "summary",
        help="save a printable summary as PDF or HTML",
        description="Save a printable summary of one profile's answers. The format follows the "
        "file's extension (.pdf or .html). The saved file is not encrypted.",
    )
    add_vault_args(p)
    p.add_argument(
        "--kind",
        required=True,
        choices=[k.value for k in ReportKind],
        help="me: everything I wrote; us: only what I shared; counsellor: chosen exercises "
        "with status; agreement: commitments, amends and boundaries to sign",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="FILE.pdf or FILE.html")
    p.add_argument(
        "--exercise",
        action="append",
        default=None,
        metavar="ID",
        help="only this exercise (repeat for several)",
    )
    p.add_argument(
        "--stage",
        action="append",
        default=None,
        choices=[s.value for s in Stage],
        help="only this stage (repeat for several)",
    )
    p.add_argument("--paper", choices=[p.value for p in Paper], default=Paper.A4.value)
    p.set_defaults(handler=cmd_summary)


@contextmanager
def _open_vault(args: argparse.Namespace) -> Iterator[OpenVault]:
    opened = open_from_args(args)
    try:
        yield opened
    finally:
        opened.close()


def cmd_summary(args: argparse.Namespace) -> int:
    """Write the summary file and say plainly that it is not encrypted."""
    target: Path = args.out
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        err(
            tr(
                "trustrepair: cannot tell the format from {name!r}: use a name ending in .pdf "
                "or .html"
            ).format(name=str(target))
        )
        return EXIT_USAGE
    request = SummaryRequest(
        kind=ReportKind(args.kind),
        paper=Paper(args.paper),
        stages=frozenset(Stage(s) for s in args.stage) if args.stage else None,
        exercise_ids=frozenset(args.exercise) if args.exercise else None,
    )
    library = load_library(default_folders())
    if args.exercise:
        unknown = sorted(set(args.exercise) - set(library.exercises))
        if unknown:
            err(tr("trustrepair: no exercise with the id {ids}").format(ids=", ".join(unknown)))
            return EXIT_USAGE
    with _open_vault(args) as opened:
        context = SummaryService(opened.store, library).build(request)
    if suffix == ".pdf":
        from dataclasses import replace

        from trustrepair.ui import printing  # lazy: Qt only for PDF output

        pages = printing.write_pdf(
            render_html(replace(context, for_qt=True)),
            target,
            request.paper,
            title=context.title,
            footer_text=f"{context.title} · {context.profile_name}",
        )
        out(tr("Saved a summary of {pages} page(s) to {path}.").format(pages=pages, path=target))
    else:
        save_text_file(target, render_html(context))
        out(tr("Saved the summary to {path}.").format(path=target))
    out(tr(NOT_ENCRYPTED).format(path=target))
    return EXIT_OK
