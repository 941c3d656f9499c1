"""Verbs about the exercise library: ``validate``, ``exercises``, ``schema``.

None of them opens a vault, so none imports the vault or crypto stack.
"""

from __future__ import annotations

from pathlib import Path

import click

from trustrepair.cli import EXIT_OK, EXIT_PROBLEM, not_both
from trustrepair.cli.options import json_option
from trustrepair.cli.output import err, out, out_json, out_lines
from trustrepair.content.library import default_folders, load_library, validate_paths
from trustrepair.content.loader import display_path, iter_files
from trustrepair.content.markdown import library_markdown
from trustrepair.domain.exercise import Exercise


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
def validate(paths: tuple[Path, ...]) -> int:
    """Check exercise files or folders (default: the whole library): one PATH:LINE:COL:
    message line per problem; exit 0 when valid, 1 when not.
    """
    targets: list[Path] = list(paths) or default_folders()
    missing = [p for p in targets if not p.exists()]
    problems = validate_paths([p for p in targets if p.exists()])
    for path in missing:
        reason = "a link that leads nowhere" if path.is_symlink() else "no such file or folder"
        out(f"{display_path(path)}:1:1: {reason}")
    for path in paths:  # only folders named on purpose: the user folder may be empty
        if path.is_dir() and not iter_files([path]):
            out(f"{display_path(path)}:1:1: this folder holds no exercise files (.yaml or .yml)")
            missing.append(path)
    for problem in problems:
        out(str(problem))
    if problems or missing:
        return EXIT_PROBLEM
    return EXIT_OK


def exercise_summary(exercise: Exercise) -> dict[str, object]:
    """The JSON shape of one exercise in ``exercises --json``."""
    return {
        "id": exercise.id,
        "title": exercise.title,
        "stage": exercise.stage.value,
        "tracks": [t.value for t in exercise.tracks],
        "relationships": [r.value for r in exercise.relationships],
        "mode": exercise.mode.value,
        "minutes": exercise.minutes,
        "models": [m.value for m in exercise.models],
        "summary": exercise.summary,
        "questions": [q.value for q in exercise.questions],
        "theme": exercise.theme.value if exercise.theme else None,
        "safety_check": exercise.safety_check,
        "steps": [{"id": s.id, "kind": s.kind} for s in exercise.steps],
    }


@click.command()
@json_option("A JSON list of objects.")
@click.option("--markdown", is_flag=True, help="A Markdown table (docs/exercises.md).")
def exercises(as_json: bool, markdown: bool) -> int:
    """The exercise library, as a table, JSON or Markdown.

    Problems in files that were skipped go to standard error.
    """
    not_both(json=as_json, markdown=markdown)
    library = load_library(default_folders())
    for problem in library.problems:
        err(f"skipped: {problem}")
    ordered = library.ordered()
    if as_json:
        out_json([exercise_summary(e) for e in ordered], indent=2)
    elif markdown:
        out_lines(library_markdown(ordered).rstrip("\n"))
    else:
        for e in ordered:
            tracks = "+".join(t.value for t in e.tracks)
            out(f"{e.stage.value:<16} {e.id:<40} {e.mode.value:<9} {tracks:<15} {e.title}")
    return EXIT_OK


@click.command()
def schema() -> int:
    """The JSON Schema of an exercise file."""
    document = Exercise.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "trustrepair exercise"
    out_json(document, indent=2)
    return EXIT_OK
