"""Tests for trustrepair.services.safety: the private check gates exercises for two."""

from __future__ import annotations

from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.exercise import ChecklistStep, ChoiceStep, MultiChoiceStep
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services import joint
from trustrepair.services.safety import JOINT_EXPLANATIONS, JointAccess, SafetyService
from trustrepair.services.vaults import Vaults
from trustrepair.services.walk import ExerciseWalk
from trustrepair.storage.store import VaultStore


def _answer_check(
    store: VaultStore, library: Library, *, concern: bool, finish: bool = True
) -> None:
    """Answer every question of the shipped safety check, with or without a concern (a new
    time through it if the last one was finished)."""
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
    if finish:
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


def test_a_retake_starts_blank_and_the_last_finished_check_stands_until_it_is_done(
    store: VaultStore, library: Library
) -> None:
    """Taking the check again opens a new, blank time at its introduction; while it is only
    part done the last finished check decides; finishing it decides anew; the earlier time is
    kept exactly as it was."""
    check = library.safety_check()
    assert check is not None
    _answer_check(store, library, concern=False)
    service = SafetyService(store, library)
    service.record()
    assert service.access() is JointAccess.ALLOWED
    first = store.history(check.id)[0]
    again = ExerciseWalk(store, check)
    assert again.position.at_intro and again.is_new_time
    assert all(again.value(step.id) is None for step in check.steps)  # nothing pre-selected
    _answer_check(store, library, concern=True, finish=False)
    assert service.in_progress()
    assert service.access() is JointAccess.ALLOWED  # changing an answer decides nothing yet
    store.mark_completed(check.id)
    assert service.record().concern and service.access() is JointAccess.CONCERN
    history = store.history(check.id)
    assert len(history) == 2
    assert history[1].entry == first.entry and history[1].answers == first.answers
    assert [r.concern for r in service.checks()] == [True, False]


def test_closing_work_for_two_needs_no_reason_and_only_this_person_reopens(
    store: VaultStore, library: Library
) -> None:
    """close_joint() closes at once, even after a clear check; reopen_joint() in this vault
    opens it again; a concern and a closure are each a reason of their own."""
    _answer_check(store, library, concern=False)
    service = SafetyService(store, library)
    service.close_joint()
    assert service.access() is JointAccess.CLOSED and service.closed_at() is not None
    assert service.reasons() == [JointAccess.CLOSED]
    service.reopen_joint()
    assert service.access() is JointAccess.ALLOWED and service.reasons() == []
    service.close_joint()
    _answer_check(store, library, concern=True)
    service.record()
    assert service.reasons() == [JointAccess.CONCERN, JointAccess.CLOSED]


def _concerns(library: Library) -> list[tuple[str, str]]:
    """Every (step, option) of the shipped check that raises a concern."""
    check = library.safety_check()
    assert check is not None
    found = []
    for step in check.steps:
        if isinstance(step, ChoiceStep | MultiChoiceStep):
            found.extend((step.id, o.id) for o in step.options if o.concern)
    return found


def test_the_pair_reads_the_same_words_whatever_concern_closed_it(
    vaults: Vaults, library: Library
) -> None:
    """Fear, harm, threats, control, one's own use of force, one's own thoughts of suicide,
    or the button: the pair reads one neutral text, which fits each; the person who raised a
    concern reads, alone, words that fit it too, with where to turn."""
    sam = vaults.create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC))
    alex = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC))
    with sam, alex:
        _answer_check(alex.store, library, concern=False)
        SafetyService(alex.store, library).record()
        concerns = _concerns(library)
        assert {"own-behaviour", "own-safety", "afraid", "harmed"} <= {s for s, _ in concerns}
        seen = set()
        for step_id, option in concerns:
            check = library.safety_check()
            assert check is not None
            _answer_check(sam.store, library, concern=False, finish=False)
            step = check.step(step_id)
            value = [option] if isinstance(step, MultiChoiceStep) else option
            sam.store.save_answer(check.id, step_id, value)
            sam.store.mark_completed(check.id)
            service = SafetyService(sam.store, library)
            service.record()
            assert service.access() is JointAccess.CONCERN, (step_id, option)
            for first, second in ((sam, alex), (alex, sam)):
                seen.add(joint.check_pair(first, second, library).message)
        SafetyService(sam.store, library).close_joint()
        _answer_check(sam.store, library, concern=False)
        SafetyService(sam.store, library).record()
        seen.add(joint.check_pair(sam, alex, library).message)
    assert len(seen) == 1
    words = seen.pop()
    assert words.startswith(str(joint.NOT_OPEN))
    assert "closed them" not in words and "concern" not in words
    private = str(JOINT_EXPLANATIONS[JointAccess.CONCERN])
    for fits in ("afraid", "hurt or frightened", "harming themselves", "crisis lines"):
        assert fits in private
    assert "stop hurting someone" in private and "Help and safety" in private
