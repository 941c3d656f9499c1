"""Tests for trustrepair.services.overview: the path a person sees on the home screen."""

from __future__ import annotations

from trustrepair.content.library import Library
from trustrepair.domain.answers import Status
from trustrepair.domain.enums import STAGE_ORDER, Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services.overview import OverviewService
from trustrepair.services.walk import ExerciseWalk
from trustrepair.storage.store import VaultStore


def test_only_fitting_exercises_are_offered(store: VaultStore, library: Library) -> None:
    """A hurt partner sees hurt-track romantic exercises only, every stage present."""
    overview = OverviewService(store, library).overview()
    assert [s.stage for s in overview.stages] == list(STAGE_ORDER)
    for stage in overview.stages:
        for entry in stage.entries:
            assert Track.HURT in entry.exercise.tracks
            assert Relationship.ROMANTIC in entry.exercise.relationships
            assert not entry.exercise.safety_check


def test_joint_exercises_are_locked_until_the_check(store: VaultStore, library: Library) -> None:
    """Exercises for two are listed but locked; solo ones are open."""
    entries = [e for s in OverviewService(store, library).overview().stages for e in s.entries]
    assert entries
    for entry in entries:
        assert entry.locked == entry.exercise.mode.is_joint


def test_continue_where_you_left_off(store: VaultStore, library: Library) -> None:
    """The exercise last worked on is offered to continue, and its stage counts progress."""
    service = OverviewService(store, library)
    first = service.next_suggestion()
    assert first is not None
    walk = ExerciseWalk(store, first)
    walk.start()
    overview = service.overview()
    assert overview.continue_with == first
    for _ in range(len(walk.steps()) + 1):
        walk.next()
    stage = next(s for s in service.overview().stages if s.stage is first.stage)
    assert stage.completed == 1
    assert any(e.status is Status.COMPLETED for e in stage.entries)


def test_profile_change_changes_the_path(store: VaultStore, library: Library) -> None:
    """Switching to the repairing track offers that track's exercises."""
    store.save_profile(ProfileInfo("Sam", Track.REPAIRING, Relationship.PROFESSIONAL))
    overview = OverviewService(store, library).overview()
    ids = [e.exercise.id for s in overview.stages for e in s.entries]
    assert ids
    assert all(Track.REPAIRING in library.exercises[i].tracks for i in ids)
