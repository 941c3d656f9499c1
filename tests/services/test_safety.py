"""Tests for trustrepair.services.safety: the private check gates exercises for two."""

from __future__ import annotations

from trustrepair.content.library import Library
from trustrepair.domain.exercise import ChecklistStep, ChoiceStep, MultiChoiceStep
from trustrepair.services.safety import JointAccess, SafetyService
from trustrepair.services.walk import ExerciseWalk
from trustrepair.storage.store import VaultStore


def _answer_check(store: VaultStore, library: Library, *, concern: bool) -> None:
    """Answer every question of the shipped safety check, with or without a concern."""
    check = library.safety_check()
    assert check is not None
    walk = ExerciseWalk(store, check)
    raised = False
    for step in check.steps:
        if isinstance(step, ChoiceStep):
            safe = [o.id for o in step.options if not o.concern]
            worrying = [o.id for o in step.options if o.concern]
            if concern and worrying and not raised:
                walk.stage_answer(step.id, worrying[0])
                raised = True
            elif safe:
                walk.stage_answer(step.id, safe[0])
        elif isinstance(step, MultiChoiceStep | ChecklistStep):
            options = step.options if isinstance(step, MultiChoiceStep) else step.items
            worrying = [o.id for o in options if o.concern]
            if concern and worrying and not raised:
                walk.stage_answer(step.id, [worrying[0]])
                raised = True
    walk.flush()
    store.mark_completed(check.id)
    assert raised == concern


def test_joint_work_needs_the_check_first(store: VaultStore, library: Library) -> None:
    """Before the check is done, joint exercises are not open."""
    assert SafetyService(store, library).access() is JointAccess.CHECK_NEEDED


def test_check_without_concern_opens_joint_work(store: VaultStore, library: Library) -> None:
    """A completed check with no concern opens joint exercises."""
    _answer_check(store, library, concern=False)
    service = SafetyService(store, library)
    assert service.record().concern is False
    assert service.access() is JointAccess.ALLOWED


def test_any_concern_keeps_joint_work_closed(store: VaultStore, library: Library) -> None:
    """One worrying answer is enough to keep joint exercises closed, kindly explained."""
    _answer_check(store, library, concern=True)
    service = SafetyService(store, library)
    service.record()
    assert service.access() is JointAccess.CONCERN


def test_completed_check_is_evaluated_even_if_not_recorded(
    store: VaultStore, library: Library
) -> None:
    """A check finished but not yet evaluated (e.g. a crash) is evaluated on access."""
    _answer_check(store, library, concern=True)
    assert SafetyService(store, library).access() is JointAccess.CONCERN


def test_retaking_the_check(store: VaultStore, library: Library) -> None:
    """reset() forgets the outcome so the check can be taken again."""
    _answer_check(store, library, concern=False)
    service = SafetyService(store, library)
    service.record()
    service.reset()
    assert service.result() is None
