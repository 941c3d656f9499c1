"""Tests for trustrepair.services.joint: the gate for two, roles, parallel reveal, together mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlite_utils import Database

from tests.helpers import as_version_1
from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import UserFacingError, WrongPassphrase
from trustrepair.services import joint
from trustrepair.services.joint import CellState, GateOutcome, JointSession, Phase
from trustrepair.services.safety import SETTING_KEY
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.storage import migrations

ALEX_PASSPHRASE = "alex's own passphrase"


def _exercise(mode: str, steps: list[dict[str, Any]], **extra: Any) -> Exercise:
    return Exercise.model_validate(
        {
            "id": f"pair-{mode}",
            "title": f"A {mode} exercise",
            "stage": "amends",
            "tracks": ["hurt", "repairing"],
            "relationships": ["romantic", "friendship", "professional"],
            "mode": mode,
            "minutes": 10,
            "models": ["trust-foundations"],
            "summary": "For two.",
            "intro": "Hello both.",
            "steps": steps,
            **extra,
        }
    )


PARALLEL_STEPS: list[dict[str, Any]] = [
    {"id": "why", "kind": "reading", "who": "both", "text": "Why separately."},
    {"id": "needs", "kind": "text", "who": "hurt", "prompt": "What do you need?"},
    {"id": "offers", "kind": "text", "who": "repairing", "prompt": "What will you offer?"},
    {
        "id": "time",
        "kind": "scale",
        "who": "both",
        "prompt": "How long?",
        "min_label": "short",
        "max_label": "long",
    },
    {"id": "secret", "kind": "text", "who": "both", "prompt": "Anything else?", "optional": True},
]

TOGETHER_STEPS: list[dict[str, Any]] = [
    {"id": "how", "kind": "reading", "who": "both", "text": "Take turns."},
    {"id": "hurt-speaks", "kind": "text", "who": "hurt", "prompt": "Speaker: how was it?"},
    {"id": "rep-reflects", "kind": "text", "who": "repairing", "prompt": "Reflect it back."},
    {"id": "agree", "kind": "text", "who": "both", "prompt": "What do you agree?"},
]


@pytest.fixture
def parallel() -> Exercise:
    """A small parallel exercise with steps for each role and for both."""
    return _exercise("parallel", PARALLEL_STEPS)


@pytest.fixture
def together() -> Exercise:
    """A small together exercise: the hurt speaks, the repairing reflects, both agree."""
    return _exercise("together", TOGETHER_STEPS)


@pytest.fixture
def alex(vaults: Vaults, vault: OpenVault) -> Iterator[OpenVault]:
    """The partner: Alex, who broke trust, with their own passphrase-protected vault."""
    opened = vaults.create(
        ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC), passphrase=ALEX_PASSPHRASE
    )
    yield opened
    opened.close()


def _checked(vault: OpenVault, *, concern: bool = False) -> None:
    vault.store.set_setting(
        SETTING_KEY, {"completed_at": "2026-01-01T00:00:00Z", "concern": concern}
    )


def _rows(vault: OpenVault, table: str) -> list[dict[str, Any]]:
    """Read a table of a vault directly, bypassing the services."""
    assert vault.db is not None
    return list(vault.db.query(f"SELECT * FROM {table}"))


def _answer(session: JointSession, value: Any) -> None:
    step = session.current
    assert step is not None
    session.stage_answer(step.id, value)
    session.next()


def _banner(session: JointSession) -> str:
    """The turn banner of the shared step shown now."""
    turn = session.current_turn
    assert turn is not None
    return session.turn_text(turn)


def _walk_private(session: JointSession, values: dict[str, Any]) -> None:
    """Answer the current person's private steps with ``values`` (reading steps just pass)."""
    assert session.phase is Phase.PRIVATE
    session.confirm_handover()
    while session.phase is Phase.PRIVATE:
        step = session.current
        assert step is not None
        if step.id in values:
            _answer(session, values[step.id])
        else:
            session.next()


# ---------------------------------------------------------------------- gate
def test_gate_ready_when_both_checks_passed(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """Two people whose private checks both passed may begin."""
    _checked(vault)
    _checked(alex)
    assert joint.check_pair(vault, alex, library).ready


def test_gate_names_who_still_needs_the_check(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """A missing check is named, and that person is asked to take it alone, in their own
    profile — never beside the other ("look away or leave the room" is gone)."""
    _checked(vault)
    gate = joint.check_pair(vault, alex, library)
    assert gate.outcome is GateOutcome.CHECK_NEEDED
    assert gate.needs_check == ("Alex",)
    assert "Alex has not taken it yet" in gate.message
    assert "alone" in gate.message and "look away" not in gate.message


@pytest.mark.parametrize("who_has_concern", ["Sam", "Alex"])
def test_gate_concern_is_neutral_about_whose(
    vault: OpenVault, alex: OpenVault, library: Library, who_has_concern: str
) -> None:
    """A concern closes joint work with the same neutral message, never saying whose check."""
    _checked(vault, concern=who_has_concern == "Sam")
    _checked(alex, concern=who_has_concern == "Alex")
    gate = joint.check_pair(vault, alex, library)
    assert gate.outcome is GateOutcome.NOT_OPEN
    assert gate.show_help and gate.needs_check == ()
    assert "Sam" not in gate.message and "Alex" not in gate.message
    assert gate.message.startswith("Exercises for two are closed for now.")


def test_gate_concern_wins_over_a_missing_check(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """If one has a concern and the other has no check yet, nobody is sent to do the check."""
    _checked(vault, concern=True)
    gate = joint.check_pair(vault, alex, library)
    assert gate.outcome is GateOutcome.NOT_OPEN
    assert "Alex" not in gate.message


def test_a_profile_cannot_pair_with_itself(
    vaults: Vaults, vault: OpenVault, alex: OpenVault
) -> None:
    """The signed-in profile is neither offered as a partner nor accepted as one."""
    assert joint.partner_names(vaults, vault) == ["Alex"]
    with pytest.raises(UserFacingError, match="already signed in"):
        joint.open_partner(vaults, vault, "sam", None)


def test_partner_opens_with_their_own_passphrase(
    vaults: Vaults, vault: OpenVault, alex: OpenVault
) -> None:
    """The partner's vault opens only with their own passphrase, beside the first one."""
    alex.close()
    with pytest.raises(WrongPassphrase):
        joint.open_partner(vaults, vault, "Alex", "not it")
    second = joint.open_partner(vaults, vault, "Alex", ALEX_PASSPHRASE)
    try:
        assert second.is_open and vault.is_open
        assert second.store.get_profile() is not None
    finally:
        second.close()


# ---------------------------------------------------------------------- roles
def test_roles_come_from_the_tracks(
    vault: OpenVault, alex: OpenVault, library: Library, parallel: Exercise
) -> None:
    """Different tracks decide the roles, whatever is asked for."""
    session = JointSession(library, parallel, vault, alex, first_role=Track.REPAIRING)
    assert not joint.needs_role_choice(vault, alex)
    assert session.by_role(Track.HURT).name == "Sam"
    assert session.by_role(Track.REPAIRING).name == "Alex"


def test_same_track_pair_chooses_roles(
    vaults: Vaults, vault: OpenVault, library: Library, parallel: Exercise
) -> None:
    """Two profiles on the same track choose who takes which role."""
    kim = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.FRIENDSHIP), passphrase=None)
    try:
        assert joint.needs_role_choice(vault, kim)
        session = JointSession(library, parallel, vault, kim, first_role=Track.REPAIRING)
        assert session.first.role is Track.REPAIRING and session.second.role is Track.HURT
        assert session.relationship is Relationship.ROMANTIC  # the signed-in person's wording
    finally:
        kim.close()


def test_solo_exercise_is_refused(vault: OpenVault, alex: OpenVault, library: Library) -> None:
    """Only exercises for two can be walked as a pair."""
    solo = next(e for e in library.exercises.values() if not e.mode.is_joint)
    with pytest.raises(UserFacingError):
        JointSession(library, solo, vault, alex)


# ---------------------------------------------------------------------- parallel
def _parallel_to_reveal(session: JointSession, *, sam_holds: tuple[str, ...] = ()) -> None:
    session.begin()
    assert session.awaiting_handover and session.current_person.name == "Sam"
    _walk_private(session, {"needs": "Sam needs honesty", "time": 8, "secret": "Sam's secret"})
    assert session.phase is Phase.CHOOSE
    assert [s.id for s in session.answered_steps()] == ["needs", "time", "secret"]
    for step_id in sam_holds:
        session.set_reveal(step_id, False)
    session.confirm_choices()
    assert session.awaiting_handover and session.current_person.name == "Alex"
    _walk_private(session, {"offers": "Alex offers openness", "time": 3})
    session.confirm_choices()
    assert session.phase is Phase.REVEAL and session.awaiting_handover
    session.confirm_handover()


def test_parallel_each_person_sees_only_their_steps(
    vault: OpenVault, alex: OpenVault, library: Library, parallel: Exercise
) -> None:
    """In the private turns the hurt and the repairing person each get their own steps."""
    session = JointSession(library, parallel, vault, alex)
    assert [s.id for s in session.steps_for(0)] == ["why", "needs", "time", "secret"]
    assert [s.id for s in session.steps_for(1)] == ["why", "offers", "time", "secret"]


def test_progress_in_a_private_turn_never_moves_back(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """A follow-up that appears in one person's private turn adds a step but keeps the bar where
    it was; one that stays hidden moves it on; the other person's turn starts again from 0."""
    follow_up = {
        "id": "more",
        "kind": "text",
        "who": "both",
        "prompt": "Say more about that.",
        "optional": True,
        "when": {"step": "time", "at_least": 7},
    }
    steps = [*PARALLEL_STEPS[:4], follow_up, PARALLEL_STEPS[4]]
    session = JointSession(library, _exercise("parallel", steps), vault, alex)
    session.begin()
    session.confirm_handover()
    seen = []
    while session.current is not None and session.current.id != "time":
        seen.append(session.progress)
        if session.current.id == "needs":
            session.stage_answer("needs", "Honesty")
        session.next()
    before, total = session.progress, session.total
    session.stage_answer("time", 9)
    assert session.total == total + 1
    assert session.progress == before
    session.stage_answer("time", 2)
    assert session.progress == before
    seen.append(before)
    session.next()
    assert session.current is not None and session.current.id == "secret"
    seen.append(session.progress)
    assert seen == sorted(seen) and len(set(seen)) == len(seen) and seen[-1] == 1.0


def test_nothing_crosses_before_both_reveal(
    vault: OpenVault, alex: OpenVault, library: Library, parallel: Exercise
) -> None:
    """Until both have chosen, the other vault holds none of the first person's answers."""
    session = JointSession(library, parallel, vault, alex)
    session.begin()
    _walk_private(session, {"needs": "Sam needs honesty", "time": 8})
    session.confirm_choices()
    assert _rows(alex, "partner_answers") == []
    assert _rows(alex, "answers") == []
    assert {r["step_id"] for r in _rows(vault, "answers")} == {"needs", "time"}


def test_held_back_answers_never_reach_the_other_vault(
    vault: OpenVault, alex: OpenVault, library: Library, parallel: Exercise
) -> None:
    """A held-back answer stays only in its writer's vault; revealed ones are copied."""
    session = JointSession(library, parallel, vault, alex)
    _parallel_to_reveal(session, sam_holds=("secret",))
    copied = {r["step_id"]: r for r in _rows(alex, "partner_answers")}
    assert set(copied) == {"needs", "time"}
    assert {r["partner_name"] for r in copied.values()} == {"Sam"}
    every_value = " ".join(
        str(r)
        for t in ("answers", "partner_answers", "settings", "entries")
        for r in _rows(alex, t)
    )
    assert "Sam's secret" not in every_value
    revealed = {r["step_id"]: bool(r["revealed"]) for r in _rows(vault, "answers")}
    assert revealed == {"needs": True, "time": True, "secret": False}
    assert not any(r["shared"] for r in _rows(vault, "answers"))
    assert {r["step_id"] for r in _rows(vault, "partner_answers")} == {"offers", "time"}


def test_reveal_rows_show_both_sides_and_kept_private(
    vault: OpenVault, alex: OpenVault, library: Library, parallel: Exercise
) -> None:
    """The reveal puts both answers side by side; a held-back one shows as kept private."""
    session = JointSession(library, parallel, vault, alex)
    _parallel_to_reveal(session, sam_holds=("secret",))
    rows = {row.step.id: row for row in session.reveal_rows()}
    assert list(rows) == ["needs", "offers", "time", "secret"]
    assert [c.state for c in rows["needs"].cells] == [CellState.SHOWN, CellState.NOT_THEIRS]
    assert [c.value for c in rows["time"].cells] == [8, 3]
    secret = rows["secret"].cells
    assert secret[0].state is CellState.KEPT_PRIVATE and secret[0].value is None
    assert secret[1].state is CellState.NOT_ANSWERED
    for _ in rows:
        session.next()
    assert session.phase is Phase.FINISHED
    assert vault.store.get_progress(parallel.id).status.value == "completed"  # type: ignore[union-attr]
    assert alex.store.get_progress(parallel.id).status.value == "completed"  # type: ignore[union-attr]


def test_parallel_resumes_after_rebuilding(
    vault: OpenVault, alex: OpenVault, library: Library, parallel: Exercise
) -> None:
    """Closing and reopening the pair resumes at the same turn and step, behind a hand-over."""
    session = JointSession(library, parallel, vault, alex)
    session.begin()
    session.confirm_handover()
    session.next()
    session.stage_answer("needs", "half-written")
    session.stop()
    again = JointSession(library, parallel, vault, alex)
    assert again.phase is Phase.PRIVATE and again.current_person.name == "Sam"
    assert again.awaiting_handover
    assert again.current is not None and again.current.id == "needs"
    assert again.value("needs") == "half-written"
    # Signed in the other way round, it is still Sam's turn, and Sam still goes first.
    swapped = JointSession(library, parallel, alex, vault)
    assert swapped.current_person.name == "Sam" and swapped.first.name == "Sam"
    assert swapped.host.name == "Alex" and swapped.guest.role is Track.HURT


def test_is_resuming_only_with_the_same_partner(
    vaults: Vaults, vault: OpenVault, alex: OpenVault, library: Library, parallel: Exercise
) -> None:
    """A pair that stopped part-way is resuming; the same exercise with someone else is not."""
    assert not joint.is_resuming(vault, parallel.id, "Alex")
    session = JointSession(library, parallel, vault, alex)
    session.begin()
    session.stop()
    assert joint.is_resuming(vault, parallel.id, "Alex")
    assert not joint.is_resuming(vault, parallel.id, "Kim")
    assert not joint.is_resuming(vault, "another-exercise", "Alex")


def test_resume_keeps_held_back_choices(
    vault: OpenVault, alex: OpenVault, library: Library, parallel: Exercise
) -> None:
    """A choice to hold an answer back survives closing the pair."""
    session = JointSession(library, parallel, vault, alex)
    session.begin()
    _walk_private(session, {"needs": "n", "time": 2, "secret": "s"})
    session.set_reveal("secret", False)
    session.stop()
    again = JointSession(library, parallel, vault, alex)
    assert again.phase is Phase.CHOOSE and not again.will_reveal("secret")
    assert "secret" not in str(_rows(alex, "settings"))


# ---------------------------------------------------------------------- together
def test_together_saves_each_answer_with_its_owner(
    vault: OpenVault, alex: OpenVault, library: Library, together: Exercise
) -> None:
    """A role's answer goes to its writer, with a copy for the other; shared ones to both."""
    session = JointSession(library, together, vault, alex)
    session.begin()
    assert session.phase is Phase.TURNS and not session.awaiting_handover
    assert _banner(session).startswith("Both of you")
    session.next()
    assert _banner(session) == "Sam writes, Alex listens"
    _answer(session, "It was hard")
    assert _banner(session) == "Alex writes, Sam listens"
    _answer(session, "I heard it was hard")
    assert _banner(session) == "Both of you: talk it over, then write what you agree"
    _answer(session, "Weekly walks")
    assert session.phase is Phase.FINISHED
    sam = {r["step_id"]: r["value"] for r in _rows(vault, "answers")}
    alex_own = {r["step_id"]: r["value"] for r in _rows(alex, "answers")}
    assert sam == {"hurt-speaks": '"It was hard"', "agree": '"Weekly walks"'}
    assert alex_own == {"rep-reflects": '"I heard it was hard"', "agree": '"Weekly walks"'}
    assert [(r["step_id"], r["partner_name"]) for r in _rows(alex, "partner_answers")] == [
        ("hurt-speaks", "Sam")
    ]
    assert [(r["step_id"], r["partner_name"]) for r in _rows(vault, "partner_answers")] == [
        ("rep-reflects", "Alex")
    ]


def test_together_resumes_at_the_same_step(
    vault: OpenVault, alex: OpenVault, library: Library, together: Exercise
) -> None:
    """Stopping for now and coming back opens the same shared step with its answers."""
    session = JointSession(library, together, vault, alex)
    session.begin()
    session.next()
    _answer(session, "It was hard")
    session.stop()
    again = JointSession(library, together, vault, alex)
    assert again.phase is Phase.TURNS and not again.awaiting_handover
    assert again.current is not None and again.current.id == "rep-reflects"
    assert again.value("hurt-speaks") == "It was hard"


def test_unsaved_answers_are_flushed_by_stop(
    vault: OpenVault, alex: OpenVault, library: Library, together: Exercise
) -> None:
    """Stop for now writes what was typed but not yet autosaved."""
    session = JointSession(library, together, vault, alex)
    session.begin()
    session.next()
    session.stage_answer("hurt-speaks", "typed")
    assert session.dirty
    session.stop()
    assert not session.dirty
    assert vault.store.answers_for(together.id)["hurt-speaks"].value == "typed"


def test_joint_exercises_for_a_relationship(library: Library) -> None:
    """The setup offers the shipped exercises for two, in path order."""
    found = joint.joint_exercises(library, Relationship.ROMANTIC)
    assert found and all(e.mode.is_joint for e in found)
    assert any(e.mode.value == "parallel" for e in found)
    assert any(e.mode.value == "together" for e in found)


# ---------------------------------------------------------------------- storage
def test_partner_answers_migration_applies_twice() -> None:
    """The partner_answers migration is idempotent and creates its table."""
    db = Database(memory=True)
    migrations.apply(db)
    migrations.apply(db)
    assert "partner_answers" in db.table_names()
    assert migrations.pending(db) == []


# ---------------------------------------------------------------------- summaries
def test_us_summary_draws_only_on_what_was_shared(vault: OpenVault, library: Library) -> None:
    """`us` holds what the person ticked Share on, never what a partner revealed or what the
    person only revealed."""
    from trustrepair.reports.kinds import SUMMARY_KINDS
    from trustrepair.services.summary import SummaryRequest, SummaryService

    exercise_id = "agreeing-an-amends-plan"
    vault.store.save_answer(exercise_id, "hurt-needs", ["Only revealed"], revealed=True)
    vault.store.save_answer(exercise_id, "worry", "Ticked share", shared=True)
    vault.store.save_partner_answers("Alex", [(exercise_id, "repairing-offers", ["Call daily"])])
    service = SummaryService(vault.store, library)
    us = service.build(SummaryRequest(kind=SUMMARY_KINDS["us"]))
    items = [(i.author, i.text) for s in us.sections for e in s.exercises for i in e.items]
    assert items == [("", "Ticked share")]
    html = service.render_html(SummaryRequest(kind=SUMMARY_KINDS["us"]))
    assert "Call daily" not in html and "Only revealed" not in html
    for kind in (SUMMARY_KINDS["me"], SUMMARY_KINDS["counsellor"]):
        assert "Call daily" not in service.render_html(SummaryRequest(kind=kind))


# ---------------------------------------------------------------------- export and import
def test_export_carries_partner_answers_and_import_merges_them(
    vaults: Vaults, vault: OpenVault, library: Library
) -> None:
    """An export holds what a partner revealed; importing merges it, newest revealed_at wins."""
    from trustrepair.services import transfer

    ex = "agreeing-an-amends-plan"
    vault.store.save_partner_answers(
        "Alex", [(ex, "repairing-offers", ["Call daily"])], revealed_at="2026-02-01T10:00:00.000Z"
    )
    document = as_version_1(transfer.build_export(vault.store))
    assert document["partner_answers"] == [
        {
            "exercise_id": ex,
            "step_id": "repairing-offers",
            "partner_name": "Alex",
            "value": ["Call daily"],
            "revealed_at": "2026-02-01T10:00:00.000Z",
        }
    ]
    data = transfer.parse_export(document, library=library)
    kim = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC), passphrase=None)
    try:
        kim.store.save_partner_answers(
            "Alex", [(ex, "repairing-offers", ["Older"])], revealed_at="2026-01-01T10:00:00.000Z"
        )
        transfer.merge_into(kim.store, data)
        assert [p.value for p in kim.store.all_partner_answers()] == [["Call daily"]]
        older = transfer.parse_export(
            {
                **document,
                "partner_answers": [
                    {
                        **document["partner_answers"][0],
                        "value": ["Old"],
                        "revealed_at": "2025-01-01T00:00:00Z",
                    }
                ],
            },
            library=library,
        )
        transfer.merge_into(kim.store, older)
        assert [p.value for p in kim.store.all_partner_answers()] == [["Call daily"]]
    finally:
        kim.close()


def test_import_rejects_a_malformed_partner_answer(vault: OpenVault, library: Library) -> None:
    """A partner answer without a name or with a value that does not fit its step is refused."""
    from trustrepair.errors import ImportFormatError
    from trustrepair.services import transfer

    document = as_version_1(transfer.build_export(vault.store))
    document["partner_answers"] = [
        {"exercise_id": "agreeing-an-amends-plan", "step_id": "timeline", "value": "never"},
    ]
    with pytest.raises(ImportFormatError, match="partner_answers"):
        transfer.parse_export(document, library=library)


def test_after_reveal_steps_are_done_together_and_saved_in_both(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """Steps marked after_reveal are written side by side after the reveal, into both vaults."""
    later = [
        {"id": "agreed", "kind": "text", "who": "both", "prompt": "Agree.", "after_reveal": True},
        {"id": "review", "kind": "text", "who": "both", "prompt": "When?", "after_reveal": True},
    ]
    exercise = _exercise("parallel", PARALLEL_STEPS + later)
    assert joint.after_reveal_steps(exercise) == {"agreed", "review"}
    session = JointSession(library, exercise, vault, alex)
    assert "agreed" not in [s.id for s in session.steps_for(0)]
    _parallel_to_reveal(session)
    assert "agreed" not in [row.step.id for row in session.reveal_rows()]
    for _ in session.reveal_rows():
        session.next()
    assert session.phase is Phase.TURNS and session.current is not None
    assert session.current.id == "agreed"
    _answer(session, "Walk on Sundays")
    _answer(session, "In a month")
    assert session.phase is Phase.FINISHED
    for person in (vault, alex):
        saved = person.store.answers_for(exercise.id)
        assert saved["agreed"].value == "Walk on Sundays" and saved["agreed"].revealed
        assert not saved["agreed"].shared


# ---------------------------------------------------------------------- each, in turn
EACH_STEPS: list[dict[str, Any]] = [
    {"id": "how", "kind": "reading", "who": "both", "text": "Take turns."},
    {"id": "feelings", "kind": "text", "who": "each", "title": "Your feelings", "prompt": "How?"},
    {
        "id": "accept",
        "kind": "choice",
        "who": "each",
        "prompt": "Can you accept the apology?",
        "options": [{"id": "yes", "label": "Yes"}, {"id": "more", "label": "I need more"}],
    },
    {
        "id": "more",
        "kind": "text",
        "who": "each",
        "when": {"step": "accept", "equals": "more"},
        "prompt": "What do you still need?",
    },
    {"id": "agree", "kind": "text", "who": "both", "prompt": "What do you agree?"},
]


@pytest.fixture
def each_together() -> Exercise:
    """A together exercise where each person names their own feelings and answers in turn."""
    return _exercise("together", EACH_STEPS)


def _turns(session: JointSession) -> list[tuple[str, str | None]]:
    return [
        (t.step.id, None if t.writer is None else session.people[t.writer].name)
        for t in session.shared_turns()
    ]


def test_each_step_is_two_turns_saved_with_their_writers(
    vault: OpenVault, alex: OpenVault, library: Library, each_together: Exercise
) -> None:
    """An `each` step: the hurt person's turn, then the other's; each answer in its own vault."""
    session = JointSession(library, each_together, alex, vault)  # Alex signed in, Sam joined
    session.begin()
    session.next()
    assert _banner(session) == "Sam: your feelings. Alex listens."
    assert session.answer_before() is None
    _answer(session, "Sam felt dismissed")
    assert _banner(session) == "Alex: your feelings. Sam listens."
    assert session.value("feelings") is None  # Alex's own answer, not Sam's
    assert session.answer_before() == ("Sam", "Sam felt dismissed")
    _answer(session, "Alex felt criticised")
    assert _banner(session) == "Sam: your turn. Alex listens."  # no title: plain wording
    _answer(session, "yes")
    _answer(session, "yes")
    _answer(session, "Walk when calm")
    assert session.phase is Phase.FINISHED
    sam = {r["step_id"]: r["value"] for r in _rows(vault, "answers")}
    alex_own = {r["step_id"]: r["value"] for r in _rows(alex, "answers")}
    assert sam == {
        "feelings": '"Sam felt dismissed"',
        "accept": '"yes"',
        "agree": '"Walk when calm"',
    }
    assert alex_own == {
        "feelings": '"Alex felt criticised"',
        "accept": '"yes"',
        "agree": '"Walk when calm"',
    }
    copies = {
        name: sorted(
            (r["step_id"], r["partner_name"], r["value"]) for r in _rows(v, "partner_answers")
        )
        for name, v in (("Sam", vault), ("Alex", alex))
    }
    assert copies == {
        "Sam": [("accept", "Alex", '"yes"'), ("feelings", "Alex", '"Alex felt criticised"')],
        "Alex": [("accept", "Sam", '"yes"'), ("feelings", "Sam", '"Sam felt dismissed"')],
    }


def test_each_condition_is_read_from_the_writers_own_answer(
    vault: OpenVault, alex: OpenVault, library: Library, each_together: Exercise
) -> None:
    """A follow-up on an `each` answer is asked only of the person whose answer calls for it."""
    session = JointSession(library, each_together, vault, alex)
    session.begin()
    session.next()
    _answer(session, "a")
    _answer(session, "b")
    _answer(session, "yes")  # Sam accepts
    _answer(session, "more")  # Alex still needs something
    assert _turns(session)[5:] == [("more", "Alex"), ("agree", None)]
    assert _banner(session) == "Alex: your turn. Sam listens."
    assert session.answer_before() is None  # Sam had no turn at this step


def test_each_resumes_between_the_two_turns(
    vault: OpenVault, alex: OpenVault, library: Library, each_together: Exercise
) -> None:
    """Stopping after the first person answered resumes at the second's turn, either way round."""
    session = JointSession(library, each_together, vault, alex)
    session.begin()
    session.next()
    _answer(session, "Sam's feelings")
    session.stage_answer("feelings", "Alex, half-typed")
    session.stop()
    for first, second in ((vault, alex), (alex, vault)):
        again = JointSession(library, each_together, first, second)
        turn = again.current_turn
        assert turn is not None and turn.step.id == "feelings"
        assert turn.writer is not None and again.people[turn.writer].name == "Alex"
        assert again.value("feelings") == "Alex, half-typed"
        assert again.answer_before() == ("Sam", "Sam's feelings")


def test_each_order_follows_the_roles_a_same_track_pair_chose(
    vaults: Vaults, vault: OpenVault, library: Library, each_together: Exercise
) -> None:
    """Two profiles on the same track: whoever took the hurt role goes first."""
    kim = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.FRIENDSHIP), passphrase=None)
    try:
        session = JointSession(library, each_together, vault, kim, first_role=Track.REPAIRING)
        assert _turns(session)[1:3] == [("feelings", "Kim"), ("feelings", "Sam")]
    finally:
        kim.close()


def test_each_in_parallel_mode_is_answered_privately_like_both(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """In parallel mode an `each` step is in both private turns and revealed side by side."""
    steps = [{**s, "who": "each"} if s["id"] == "time" else s for s in PARALLEL_STEPS]
    session = JointSession(library, _exercise("parallel", steps), vault, alex)
    assert "time" in [s.id for s in session.steps_for(0)]
    assert "time" in [s.id for s in session.steps_for(1)]
    _parallel_to_reveal(session)
    rows = {row.step.id: row for row in session.reveal_rows()}
    assert [c.value for c in rows["time"].cells] == [8, 3]


def test_answers_written_in_turn_are_revealed_not_shared(
    vault: OpenVault, alex: OpenVault, each_together: Exercise
) -> None:
    """Taking turns reveals each answer to the partner (both saw it written); nothing written
    at the shared screen is shared with a counsellor or in the `us` summary by that."""
    from trustrepair.reports.kinds import SUMMARY_KINDS
    from trustrepair.services.summary import SummaryRequest, SummaryService

    library = Library()
    library.exercises[each_together.id] = each_together
    session = JointSession(library, each_together, vault, alex)
    session.begin()
    session.next()
    _answer(session, "Sam felt dismissed")
    _answer(session, "Alex felt criticised")
    session.stop()
    for me, own in ((vault, "Sam felt dismissed"), (alex, "Alex felt criticised")):
        saved = me.store.answers_for(each_together.id)["feelings"]
        assert saved.value == own and saved.revealed and not saved.shared
        html = SummaryService(me.store, library).render_html(
            SummaryRequest(kind=SUMMARY_KINDS["us"])
        )
        assert "Sam felt" not in html and "Alex felt" not in html


def test_each_after_the_reveal_takes_turns_on_the_shared_screen(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """A parallel exercise's after-reveal `each` step is two turns, saved with each writer."""
    fair = {
        "id": "fair",
        "kind": "scale",
        "who": "each",
        "after_reveal": True,
        "prompt": "How fair does it feel to you?",
        "min_label": "not",
        "max_label": "very",
    }
    exercise = _exercise("parallel", [*PARALLEL_STEPS, fair])
    session = JointSession(library, exercise, vault, alex)
    _parallel_to_reveal(session)
    for _ in session.reveal_rows():
        session.next()
    assert _turns(session) == [("fair", "Sam"), ("fair", "Alex")]
    _answer(session, 4)
    assert session.answer_before() == ("Sam", 4)
    _answer(session, 9)
    assert session.phase is Phase.FINISHED
    assert vault.store.answers_for(exercise.id)["fair"].value == 4
    assert alex.store.answers_for(exercise.id)["fair"].value == 9


def test_a_repeated_together_exercise_starts_new_entries_and_quotes(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """Going through a repeatable exercise for two again makes a new entry in both vaults
    (the first left as it was); the listener's step quotes what the speaker wrote."""
    steps = [dict(s) for s in TOGETHER_STEPS]
    steps[2]["quote"] = "hurt-speaks"
    exercise = _exercise("together", steps, repeat={"rhythm": "weekly"})
    session = JointSession(library, exercise, vault, alex)
    session.begin()
    session.next()
    _answer(session, "It was hard")
    quoted = session.quoted(exercise.step("rep-reflects"))
    assert quoted is not None and quoted.value == "It was hard"
    _answer(session, "I heard it was hard")
    _answer(session, "Weekly walks")
    assert session.phase is Phase.FINISHED
    first = [r.values() for r in vault.store.history(exercise.id)]
    again = JointSession(library, exercise, vault, alex)
    assert again.value("hurt-speaks") is None  # a new time: nothing filled in
    again.begin()
    again.next()
    _answer(again, "Better this week")
    for person in (vault, alex):
        assert person.store.count_entries() == 2
    assert [r.values() for r in vault.store.history(exercise.id)][1:] == first
