"""Read the shipped helplines file (``resources/helplines.yaml``) into the domain model."""

from __future__ import annotations

from functools import lru_cache

from pydantic import ValidationError

from trustrepair.content import yamlnodes
from trustrepair.content.problems import ContentError, Problem
from trustrepair.domain.helplines import Helplines
from trustrepair.resources import path_of, read_text

HELPLINES_FILE = "helplines.yaml"


@lru_cache(maxsize=1)
def load_helplines() -> Helplines:
    """The shipped helplines, validated once per run.

    Raises:
        ContentError: if the file is not valid (a bug in the shipped data: a test loads it).
    """
    shown = str(path_of(HELPLINES_FILE))
    try:
        located = yamlnodes.load(read_text(HELPLINES_FILE))
        return Helplines.model_validate(located.data)
    except yamlnodes.YamlProblem as exc:
        raise ContentError([Problem(shown, exc.line, exc.column, exc.message)]) from None
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error.get("loc", ()))
            line, column = located.position(loc)
            where = ".".join(str(part) for part in loc) or "the file"
            problems.append(Problem(shown, line, column, f"{where}: {error.get('msg')}"))
        raise ContentError(problems) from None
