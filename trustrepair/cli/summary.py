"""The ``summary`` verb: a printable summary as HTML or PDF.

PDF needs Qt's text layout, so :mod:`trustrepair.ui.printing` is imported lazily and only for
``.pdf`` output: the single documented exception to "no Qt below ui/" (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

import click

from trustrepair.cli import EXIT_OK
from trustrepair.cli import library as libraries
from trustrepair.cli.faults import doing
from trustrepair.cli.options import choice_option, exercise_option, out_option
from trustrepair.cli.output import out
from trustrepair.cli.unlock import unlock, vault_options
from trustrepair.domain.enums import Stage
from trustrepair.i18n import N_, ngettext, tr, translated
from trustrepair.reports.context import Paper, SummaryContext
from trustrepair.reports.environment import render_html
from trustrepair.reports.kinds import SUMMARY_KIND_NAMES, SUMMARY_KINDS, summary_kinds_help
from trustrepair.services.summary import SummaryRequest, SummaryService, save_text_file

FORMATS = (".pdf", ".html", ".htm")

NOT_ENCRYPTED = N_(
    "Note: {path} is not encrypted. Anyone who can open the file can read it; "
    "delete it when you no longer need it."
)


@click.command()
@vault_options()
@click.option(
    "--kind",
    required=True,
    type=click.Choice(SUMMARY_KIND_NAMES),
    help=summary_kinds_help(),
)
@out_option("FILE.pdf or FILE.html: the format follows the extension.")
@exercise_option("Only this exercise (repeat for several).")
@click.option(
    "--stage",
    "stages",
    multiple=True,
    type=click.Choice([s.value for s in Stage]),
    help="Only this stage (repeat for several).",
)
@choice_option("--paper", Paper, "The paper size of a PDF.", Paper.A4)
@click.option(
    "--partner",
    metavar="NAME",
    default=None,
    help="For the agreement: the partner it was made with, in exercises for two (default: "
    "the latest). It is the same document from either person's profile.",
)
@click.option(
    "--with-safety-check",
    is_flag=True,
    help="Also print the private safety check (me only; left out unless asked for).",
)
@click.option(
    "--with-description",
    is_flag=True,
    help="Also print your private description of what happened (me only; left out unless "
    "asked for).",
)
def summary(
    profile: str,
    passphrase_file: Path | None,
    kind: str,
    target: Path,
    exercise_ids: tuple[str, ...],
    stages: tuple[str, ...],
    paper: str,
    partner: str | None,
    with_safety_check: bool,
    with_description: bool,
) -> int:
    """A printable summary of a profile's answers, as PDF or HTML (by the file's extension).

    The saved file is not encrypted. The agreement made in exercises for two holds both
    people's revealed commitments, wishes and agreed items, each with its author, and both
    names to sign.
    """
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise click.UsageError(
            tr("cannot tell the format from {name!r}: use a name ending in .pdf or .html").format(
                name=str(target)
            )
        )
    request = SummaryRequest(
        kind=SUMMARY_KINDS[kind],
        paper=Paper(paper),
        stages=frozenset(Stage(s) for s in stages) if stages else None,
        exercise_ids=frozenset(exercise_ids) if exercise_ids else None,
        partner=partner,
        with_safety_check=with_safety_check,
        with_description=with_description,
    )
    with unlock(profile, passphrase_file) as opened:
        library = libraries.profile_library(opened.store)
        unknown = sorted(set(exercise_ids) - set(library.exercises))
        if unknown:
            raise click.UsageError(
                tr("no exercise with the id {ids}").format(ids=", ".join(unknown))
            )
        service = SummaryService(opened.store, library)
        if partner is not None and partner not in service.partners():
            raise click.UsageError(
                tr("{name!r} has not worked with {partner!r} in an exercise for two").format(
                    name=profile, partner=partner
                )
            )
        context = service.build(request)
    with doing(tr("save the summary to {path}").format(path=target)):
        _save(context, target, request.paper)
    out(translated(NOT_ENCRYPTED).format(path=target))
    return EXIT_OK


def _save(context: SummaryContext, target: Path, paper: Paper) -> None:
    if target.suffix.lower() == ".pdf":
        from dataclasses import replace

        from trustrepair.ui import printing  # lazy: Qt only for PDF output

        pages = printing.write_pdf(
            render_html(replace(context, for_qt=True)),
            target,
            paper,
            title=context.title,
            footer_text=f"{context.title} · {context.profile_name}",
        )
        out(
            ngettext(
                "Saved a summary of {pages} page to {path}.",
                "Saved a summary of {pages} pages to {path}.",
                pages,
            ).format(pages=pages, path=target)
        )
    else:
        save_text_file(target, render_html(context))
        out(tr("Saved the summary to {path}.").format(path=target))
