"""Options several verbs share, declared once: where to write, which exercises, JSON output,
files that secrets are read from, and a choice among an enum's values."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TypeVar

import click

Handler = TypeVar("Handler", bound=Callable[..., int])


def out_option(help_text: str, *, required: bool = True) -> Callable[[Handler], Handler]:
    """``--out FILE``, passed to the handler as ``target``."""
    return click.option(
        "--out",
        "target",
        required=required,
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="FILE",
        help=help_text,
    )


def exercise_option(help_text: str) -> Callable[[Handler], Handler]:
    """``--exercise ID`` (repeatable), passed to the handler as ``exercise_ids``."""
    return click.option("--exercise", "exercise_ids", multiple=True, metavar="ID", help=help_text)


def json_option(help_text: str) -> Callable[[Handler], Handler]:
    """``--json``, passed to the handler as ``as_json``."""
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def secret_file_option(name: str, help_text: str) -> Callable[[Handler], Handler]:
    """An option naming a file a secret is read from (never the secret itself)."""
    return click.option(
        name, type=click.Path(path_type=Path, allow_dash=True), metavar="FILE", help=help_text
    )


def choice_option(
    name: str, values: type[Enum], help_text: str, default: Enum | None = None
) -> Callable[[Handler], Handler]:
    """An option taking one of ``values``' values (the handler gets the value as text)."""
    return click.option(
        name,
        type=click.Choice([member.value for member in values]),
        default=None if default is None else default.value,
        show_default=default is not None,
        help=help_text,
    )
