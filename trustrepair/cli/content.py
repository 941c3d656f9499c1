"""Verbs about the exercise library: ``validate``, ``exercises``, ``schema``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from trustrepair.cli import EXIT_OK, EXIT_PROBLEM, out
from trustrepair.content.library import default_folders, load_library, validate_paths
from trustrepair.content.loader import display_path, iter_files
from trustrepair.content.markdown import library_markdown
from trustrepair.domain.exercise import Exercise


def register(subparsers: Any) -> None:
    """Add this module's verbs."""
    p = subparsers.add_parser(
        "validate",
        help="check exercise files; one line per problem",
        description="Check exercise files or folders (default: the whole library). "
        "Exit 0 when valid, 1 when not.",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.set_defaults(handler=cmd_validate)

    p = subparsers.add_parser("exercises", help="list the exercise library")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="a JSON list of objects")
    fmt.add_argument("--markdown", action="store_true", help="a Markdown table (docs/exercises.md)")
    p.set_defaults(handler=cmd_exercises)

    p = subparsers.add_parser("schema", help="print the JSON Schema of an exercise file")
    p.set_defaults(handler=cmd_schema)


def cmd_validate(args: argparse.Namespace) -> int:
    """Print every problem as PATH:LINE:COL: message."""
    targets: list[Path] = list(args.paths) or default_folders()
    missing = [p for p in targets if not p.exists()]
    problems = validate_paths([p for p in targets if p.exists()])
    for path in missing:
        reason = "a link that leads nowhere" if path.is_symlink() else "no such file or folder"
        out(f"{display_path(path)}:1:1: {reason}")
    for path in args.paths:  # only folders named on purpose: the user folder may be empty
        if path.is_dir() and not iter_files([path]):
            out(f"{display_path(path)}:1:1: this folder holds no exercise files (.yaml or .yml)")
            missing.append(path)
    for problem in problems:
        out(str(problem))
    if problems or missing:
        return EXIT_PROBLEM
    return EXIT_OK


def exercise_summary(exercise: Exercise) -> dict[str, Any]:
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


def cmd_exercises(args: argparse.Namespace) -> int:
    """List the library (problems in skipped files go to standard error)."""
    from trustrepair.cli import err

    library = load_library(default_folders())
    for problem in library.problems:
        err(f"skipped: {problem}")
    exercises = library.ordered()
    if args.json:
        out(json.dumps([exercise_summary(e) for e in exercises], indent=2, ensure_ascii=False))
    elif args.markdown:
        out(library_markdown(exercises).rstrip("\n"))
    else:
        for e in exercises:
            tracks = "+".join(t.value for t in e.tracks)
            out(f"{e.stage.value:<16} {e.id:<40} {e.mode.value:<9} {tracks:<15} {e.title}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema generated from the models."""
    schema = Exercise.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "trustrepair exercise"
    out(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK
