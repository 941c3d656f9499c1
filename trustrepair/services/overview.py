"""What the home screen shows: the stages as a path, progress, and where to continue."""

from __future__ import annotations

from dataclasses import dataclass

from trustrepair.content.library import Library
from trustrepair.domain.answers import Progress, Status
from trustrepair.domain.enums import STAGE_ORDER, Stage
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.safety import JointAccess, SafetyService
from trustrepair.storage.store import VaultStore


@dataclass(frozen=True)
class ExerciseEntry:
    """One exercise as listed on the home screen."""

    exercise: Exercise
    status: Status
    locked: bool  # a joint exercise not open yet (safety check)


@dataclass(frozen=True)
class StageOverview:
    """One stage on the path."""

    stage: Stage
    entries: tuple[ExerciseEntry, ...]

    @property
    def completed(self) -> int:
        """How many exercises of this stage are finished."""
        return sum(1 for e in self.entries if e.status is Status.COMPLETED)

    @property
    def total(self) -> int:
        """How many exercises this stage offers the person."""
        return len(self.entries)


@dataclass(frozen=True)
class Overview:
    """Everything the home screen needs, computed in one go."""

    profile: ProfileInfo
    stages: tuple[StageOverview, ...]
    continue_with: Exercise | None
    joint_access: JointAccess


class OverviewService:
    """Computes the home screen for one vault."""

    def __init__(self, store: VaultStore, library: Library) -> None:
        self.store = store
        self.library = library
        self.safety = SafetyService(store, library)

    def overview(self) -> Overview:
        """The path for this profile: only exercises that fit its track and relationship."""
        profile = self.store.get_profile()
        if profile is None:
            raise LookupError("this vault has no profile yet")
        progress = self.store.all_progress()
        access = self.safety.access()
        offered = self.library.for_person(profile.track, profile.relationship)
        stages = []
        for stage, exercises in self.library.by_stage(offered).items():
            entries = tuple(
                ExerciseEntry(
                    exercise=e,
                    status=_status(progress.get(e.id)),
                    locked=e.mode.is_joint and access is not JointAccess.ALLOWED,
                )
                for e in exercises
            )
            stages.append(StageOverview(stage, entries))
        stages.sort(key=lambda s: STAGE_ORDER.index(s.stage))
        return Overview(profile, tuple(stages), self._continue_with(offered), access)

    def _continue_with(self, offered: list[Exercise]) -> Exercise | None:
        last = self.store.last_active()
        if last is not None:
            exercise = self.library.get(last.exercise_id)
            if exercise is not None:
                return exercise
        return None

    def next_suggestion(self) -> Exercise | None:
        """The first exercise on the path not yet finished (and open to the person)."""
        for stage in self.overview().stages:
            for entry in stage.entries:
                if entry.status is not Status.COMPLETED and not entry.locked:
                    return entry.exercise
        return None


def _status(progress: Progress | None) -> Status:
    return progress.status if progress is not None else Status.NOT_STARTED
