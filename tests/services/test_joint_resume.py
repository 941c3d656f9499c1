"""Resuming an exercise for two: quit in every phase, come back, and nothing is lost or redone.

Each test drives a pair with :func:`_advance` (the next natural click for the page shown), stops
after every possible number of clicks, opens the pair again — signed in either way round — and
checks that who went first, who has finished, each reveal choice and the place are all kept,
that both vaults hold the same state, and that nobody answers their private steps twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from trustrepair.content.library import Library
from trustrepair.domain.answers import is_answered
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.profile import ProfileInfo
from trustrepair.domain.step_kinds import takes_answer
from trustrepair.services.joint import JointSession, Phase
from trustrepair.services.vaults import OpenVault, Vaults

OWN_FIELDS = {"partner", "role", "held"}
"""What each vault keeps for its own person only; every other field must agree."""

STEPS: list[dict[str, Any]] = [
    {"id": "why", "kind": "reading", "who": "both", "text": "Why separately."},
    {"id": "needs", "kind": "text", "who": "hurt", "prompt": "What do you need?"},
    {"id": "offers", "kind": "text", "who": "repairing", "prompt": "What will you offer?"},
    {"id": "worry", "kind": "text", "who": "both", "prompt": "What worries you?"},
    {"id": "secret", "kind": "text", "who": "both", "prompt": "Anything else?", "optional": True},
    {"id": "agreed", "kind": "text", "who": "both", "prompt": "Agree.", "after_reveal": True},
    {"id": "review", "kind": "text", "who": "both", "prompt": "When?", "after_reveal": True},
]
TOGETHER_STEPS: list[dict[str, Any]] = [
    {"id": "how", "kind": "reading", "who": "both", "text": "Take turns."},
    {"id": "feelings", "kind": "text", "who": "each", "prompt": "How was it for you?"},
    {"id": "speak", "kind": "text", "who": "hurt", "prompt": "Say what hurt."},
    {"id": "reflect", "kind": "text", "who": "repairing", "prompt": "Say it back."},
    {"id": "agree", "kind": "text", "who": "both", "prompt": "What do you agree?"},
]


def _exercise(mode: str, steps: list[dict[str, Any]], number: int) -> Exercise:
    return Exercise.model_validate(
        {
            "id": f"pair-{mode}-{number}",
            "title": "For two",
            "stage": "amends",
            "tracks": ["hurt", "repairing"],
            "relationships": ["romantic", "friendship", "professional"],
            "mode": mode,
            "minutes": 10,
            "models": ["trust-foundations"],
            "summary": "For two.",
            "intro": "Hello both.",
            "steps": steps,
        }
    )


@pytest.fixture
def alex(vaults: Vaults, vault: OpenVault) -> Iterator[OpenVault]:
    """The partner, Alex, who is repairing the trust (Sam, the `vault` fixture, was hurt)."""
    opened = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.FRIENDSHIP), None)
    yield opened
    opened.close()


def _advance(session: JointSession, log: list[tuple[Phase, str]]) -> bool:
    """Do the next natural thing on the page shown; False when the exercise is finished."""
    if session.awaiting_handover:
        session.confirm_handover()
        return True
    phase = session.phase
    if phase is Phase.FINISHED:
        return False
    if phase is Phase.INTRO:
        session.begin()
        return True
    if phase is Phase.CHOOSE:
        log.append((phase, session.current_person.name))
        if session.current_person.name == "Sam" and session.will_reveal("secret"):
            session.set_reveal("secret", False)
        session.confirm_choices()
        return True
    if phase in (Phase.PRIVATE, Phase.TURNS):
        step = session.current
        assert step is not None
        if phase is Phase.PRIVATE:
            log.append((phase, f"{session.current_person.name}/{step.id}"))
        if takes_answer(step) and not is_answered(session.value(step.id)):
            turn = session.current_turn
            if phase is Phase.PRIVATE:
                who = session.current_person.name
            elif turn is not None and turn.writer is not None:
                who = session.people[turn.writer].name
            else:
                who = "both"
            session.stage_answer(step.id, f"{who}: {step.id}")
    session.next()
    return True


def _snapshot(session: JointSession) -> dict[str, Any]:
    """Everything a resume must keep, by name (independent of who is signed in)."""
    current = session.current
    return {
        "phase": session.phase,
        "first": session.first.name,
        "roles": {p.name: p.role for p in session.people},
        "answering": session.current_person.name if session.phase is Phase.PRIVATE else None,
        "step": current.id if current is not None else None,
        "index": session.index if session.phase is Phase.REVEAL else None,
        "done": {p.name for i, p in enumerate(session.people) if session.finished_private(i)},
        "held": {p.name: {s for s in session._held[i]} for i, p in enumerate(session.people)},
        "relationship": session.relationship,
    }


def _agree(session: JointSession) -> None:
    a, b = session.state_in(0), session.state_in(1)
    assert a and b, "both vaults remember the pair"
    assert {k: v for k, v in a.items() if k not in OWN_FIELDS} == {
        k: v for k, v in b.items() if k not in OWN_FIELDS
    }
    assert (a["partner"], b["partner"]) == (session.people[1].name, session.people[0].name)
    assert {a["role"], b["role"]} == {"hurt", "repairing"}


def _private_work_once(log: list[tuple[Phase, str]]) -> None:
    """Nobody answered a private step again after choosing what to reveal."""
    chose: set[str] = set()
    for phase, what in log:
        if phase is Phase.CHOOSE:
            assert what not in chose, f"{what} chose twice"
            chose.add(what)
        else:
            assert what.split("/")[0] not in chose, f"{what} asked again after finishing"


def _resume_everywhere(
    library: Library, sam: OpenVault, alex: OpenVault, mode: str, steps: list[dict[str, Any]]
) -> int:
    total = 0
    plain = _exercise(mode, steps, 0)
    library.exercises[plain.id] = plain
    session = JointSession(library, plain, sam, alex)
    while _advance(session, []):
        total += 1
    for stop_after in range(total + 1):
        for swap in (False, True):
            exercise = _exercise(mode, steps, 2 * stop_after + swap + 1)
            library.exercises[exercise.id] = exercise
            log: list[tuple[Phase, str]] = []
            session = JointSession(library, exercise, sam, alex)
            for _ in range(stop_after):
                _advance(session, log)
                _agree(session)
            before = _snapshot(session)
            session.stop()
            host, guest = (alex, sam) if swap else (sam, alex)
            again = JointSession(library, exercise, host, guest)
            assert _snapshot(again) == before, (stop_after, swap)
            assert again.host.name == host.ref.name
            while _advance(again, log):
                _agree(again)
            _private_work_once(log)
            for person in (sam, alex):
                progress = person.store.get_progress(exercise.id)
                assert progress is not None and progress.status.value == "completed"
    return total


def test_parallel_quit_in_every_phase_and_resume(vault: OpenVault, alex: OpenVault) -> None:
    """A parallel pair stopped after any click, resumed signed in either way round, keeps its
    place, who went first, who finished and what each held back, and finishes without anyone
    answering twice."""
    clicks = _resume_everywhere(Library(), vault, alex, "parallel", STEPS)
    assert clicks > 15  # every phase was passed through: intro, both turns, reveal, turns


def test_together_quit_in_every_phase_and_resume(vault: OpenVault, alex: OpenVault) -> None:
    """Taking turns, a pair stopped at any step (between two people's turns at an `each`
    step too) resumes at the same turn whoever signs in."""
    clicks = _resume_everywhere(Library(), vault, alex, "together", TOGETHER_STEPS)
    assert clicks >= len(TOGETHER_STEPS) + 1


def test_reveal_choices_survive_a_resume_after_the_reveal(
    vault: OpenVault, alex: OpenVault
) -> None:
    """What Sam held back stays held back after a resume: still out of Alex's vault, still
    shown as kept private."""
    library = Library()
    exercise = _exercise("parallel", STEPS, 99)
    library.exercises[exercise.id] = exercise
    session = JointSession(library, exercise, vault, alex)
    while session.phase is not Phase.REVEAL or session.awaiting_handover:
        _advance(session, [])
    session.stop()
    again = JointSession(library, exercise, alex, vault)
    assert again.phase is Phase.REVEAL
    sam = next(i for i, p in enumerate(again.people) if p.name == "Sam")
    assert not again.will_reveal("secret", sam)
    assert {a.step_id for a in alex.store.partner_answers_for(exercise.id)} == {"needs", "worry"}
    row = next(r for r in again.reveal_rows() if r.step.id == "secret")
    assert row.cells[sam].state.value == "kept_private"


def test_the_wording_is_the_one_the_pair_began_with(vault: OpenVault, alex: OpenVault) -> None:
    """Sam (romantic) began; resumed with Alex (friendship) signed in, the same wording."""
    library = Library()
    exercise = _exercise("parallel", STEPS, 98)
    library.exercises[exercise.id] = exercise
    session = JointSession(library, exercise, vault, alex)
    session.begin()
    session.stop()
    assert JointSession(library, exercise, alex, vault).relationship is Relationship.ROMANTIC


def test_the_newer_of_two_disagreeing_copies_wins(vault: OpenVault, alex: OpenVault) -> None:
    """If one vault missed the last write (a restored backup), the later copy is the truth."""
    library = Library()
    exercise = _exercise("parallel", STEPS, 97)
    library.exercises[exercise.id] = exercise
    session = JointSession(library, exercise, vault, alex)
    session.begin()
    old = session.state_in(1)
    session.confirm_handover()
    for _ in range(3):
        _advance(session, [])
    session.stop()
    alex.store.set_setting(f"joint:{exercise.id}", old)  # Alex's copy goes back in time
    for host, guest in ((vault, alex), (alex, vault)):
        again = JointSession(library, exercise, host, guest)
        assert again.phase is Phase.PRIVATE and again.current is not None
        assert again.current.id == "secret"
