"""Problems in content files, located by line and column, and the error that lists them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trustrepair.errors import UserFacingError


@dataclass(frozen=True)
class Problem:
    """One problem in one content file, located by line and column (1-based)."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ContentError(UserFacingError):
    """One or more exercise files are invalid (each :class:`Problem` says where and what)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
