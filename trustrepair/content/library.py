"""The exercise library: every valid exercise from the shipped and user folders, indexed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trustrepair.content.loader import LoadResult, display_path, iter_files, load_file
from trustrepair.content.problems import Problem
from trustrepair.domain.enums import STAGE_ORDER, Relationship, Stage, Track
from trustrepair.domain.exercise import Exercise


@dataclass(frozen=True)
class SkippedFile:
    """A file left out of the library, with the reasons."""

    path: Path
    problems: tuple[Problem, ...]


@dataclass
class Library:
    """Valid exercises by id, in stage order, plus the files that were skipped."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    skipped: list[SkippedFile] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """Every problem in every skipped file."""
        return [p for s in self.skipped for p in s.problems]

    def get(self, exercise_id: str) -> Exercise | None:
        """The exercise with this id, if the library has it."""
        return self.exercises.get(exercise_id)

    def ordered(self) -> list[Exercise]:
        """All exercises, by stage, then order, then title."""
        stage_index = {s: i for i, s in enumerate(STAGE_ORDER)}
        return sorted(
            self.exercises.values(), key=lambda e: (stage_index[e.stage], e.order, e.title)
        )

    def for_person(self, track: Track, relationship: Relationship) -> list[Exercise]:
        """Exercises offered to a person on ``track`` in ``relationship``, in path order."""
        return [e for e in self.ordered() if e.fits(track, relationship) and not e.safety_check]

    def by_stage(self, exercises: Sequence[Exercise] | None = None) -> dict[Stage, list[Exercise]]:
        """Group exercises (default: all) by stage, every stage present."""
        groups: dict[Stage, list[Exercise]] = {s: [] for s in STAGE_ORDER}
        for exercise in self.ordered() if exercises is None else exercises:
            groups[exercise.stage].append(exercise)
        return groups

    def with_extra(self, exercises: Iterable[Exercise], source: Path) -> Library:
        """A copy that also holds ``exercises`` (e.g. custom ones kept in a vault).

        An id the library already has keeps its exercise; an extra safety check is ignored,
        so nothing added can replace the real one.
        """
        combined = Library(dict(self.exercises), dict(self.sources), list(self.skipped))
        for exercise in exercises:
            if exercise.id not in combined.exercises and not exercise.safety_check:
                combined.exercises[exercise.id] = exercise
                combined.sources[exercise.id] = source / f"{exercise.id}.yaml"
        return combined

    def safety_check(self) -> Exercise | None:
        """The private safety check that gates joint exercises."""
        for exercise in self.ordered():
            if exercise.safety_check:
                return exercise
        return None


def load_library(folders: Iterable[Path]) -> Library:
    """Load every YAML file below ``folders``; bad files are skipped with their problems."""
    library = Library()
    for path in iter_files(folders):
        result = load_file(path)
        _add(library, result)
    return library


def _add(library: Library, result: LoadResult) -> None:
    if result.exercise is None:
        library.skipped.append(SkippedFile(result.path, result.problems))
        return
    exercise = result.exercise
    other = library.sources.get(exercise.id)
    if other is not None:
        library.skipped.append(
            SkippedFile(
                result.path,
                (
                    Problem(
                        display_path(result.path),
                        1,
                        1,
                        f"the id {exercise.id!r} is already used by {display_path(other)}",
                    ),
                ),
            )
        )
        return
    library.exercises[exercise.id] = exercise
    library.sources[exercise.id] = result.path


def default_folders() -> list[Path]:
    """The shipped exercises, then the person's own folder in the data dir."""
    from trustrepair import paths, resources

    own = paths.user_exercises_dir()
    return [resources.exercises_root(), *([own] if own.is_dir() else [])]


def validate_paths(paths: Sequence[Path]) -> list[Problem]:
    """Every problem in the given files or folders, including ids used twice."""
    return load_library(paths).problems
