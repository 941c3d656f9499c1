"""Private means private: after every flow for two — side by side in each mode, and at a
distance — both vaults are exported and searched for every answer that was not revealed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import fingerprint_of
from trustrepair.content.library import Library
from trustrepair.domain.answers import is_answered
from trustrepair.domain.enums import Mode, Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.services import counsel, distance, transfer
from trustrepair.services.joint import JointSession, Phase
from trustrepair.services.safety import SETTING_KEY
from trustrepair.services.vaults import OpenVault, Vaults

PARALLEL = "agreeing-an-amends-plan"
SOLO = "naming-what-happened"


def _checked(vault: OpenVault) -> None:
    vault.store.set_setting(
        SETTING_KEY, {"completed_at": "2026-01-01T00:00:00.000Z", "concern": False}
    )


def _pair(root: Path, *, apart: bool) -> tuple[OpenVault, OpenVault]:
    """Sam and Alex, each with a private answer of their own; one data folder, or two."""
    homes = (Vaults(root / "sam"), Vaults(root / "alex")) if apart else (Vaults(root),) * 2
    sam = homes[0].create(ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC))
    alex = homes[1].create(ProfileInfo("Alex", Track.REPAIRING, Relationship.ROMANTIC))
    for vault, name in ((sam, "SAM"), (alex, "ALEX")):
        _checked(vault)
        vault.store.save_answer(SOLO, "what-happened", f"{name}-PRIVATE-SOLO alone")
    return sam, alex


def _values(name: str, exercise_steps: list[Any], role: Track) -> dict[str, Any]:
    """A marked answer for each text or list step of ``role``'s part."""
    values: dict[str, Any] = {}
    for step in exercise_steps:
        who = step.who.value if step.who is not None else "both"
        if who not in ("both", "each", role.value) or step.after_reveal:
            continue
        if step.kind == "text":
            values[step.id] = f"{name}-{step.id} text"
        elif step.kind == "list":
            values[step.id] = [f"{name}-{step.id} item"]
        elif step.kind == "choice":
            values[step.id] = step.options[0].id  # type: ignore[attr-defined]
    return values


def _side_by_side_parallel(library: Library, sam: OpenVault, alex: OpenVault, tmp: Path) -> None:
    exercise = library.exercises[PARALLEL]
    session = JointSession(library, exercise, sam, alex)
    session.begin()
    for _ in range(2):
        person = session.current_person
        values = _values(person.name.upper(), list(exercise.steps), person.role)
        session.confirm_handover()
        for _ in range(len(exercise.steps)):
            if session.phase is not Phase.PRIVATE:
                break
            step = session.current
            assert step is not None
            if step.id in values:
                session.stage_answer(step.id, values[step.id])
            session.next()
        session.set_reveal("worry", False)
        session.confirm_choices()
    assert session.phase is Phase.REVEAL


def _side_by_side_together(library: Library, sam: OpenVault, alex: OpenVault, tmp: Path) -> None:
    exercise = next(e for e in library.ordered() if e.mode is Mode.TOGETHER and e.relationships)
    session = JointSession(library, exercise, sam, alex)
    session.begin()
    for _ in range(2 * len(exercise.steps)):
        if session.phase is not Phase.TURNS:
            break
        step = session.current
        assert step is not None
        if step.kind == "text":
            session.stage_answer(step.id, f"SAID-ALOUD {step.id}")
        elif step.kind == "choice":
            session.stage_answer(step.id, step.options[0].id)  # type: ignore[attr-defined]
        elif step.kind == "list":
            session.stage_answer(step.id, ["SAID-ALOUD item"])
        elif step.kind == "scale":
            session.stage_answer(step.id, 3)
        elif step.kind == "commitment":
            session.stage_answer(step.id, {"text": "SAID-ALOUD promise", "date": "2099-12-31"})
        elif step.kind in ("multi_choice", "checklist"):
            options = getattr(step, "options", None) or getattr(step, "items", [])
            session.stage_answer(step.id, [options[0].id])
        session.next()
    assert session.phase is Phase.FINISHED


def _at_a_distance(library: Library, sam: OpenVault, alex: OpenVault, tmp: Path) -> None:
    exercise = library.exercises[PARALLEL]
    works = {v.ref.name: distance.DistanceWork(v.store, library, exercise) for v in (sam, alex)}
    for name, work in works.items():
        walk = work.walk()
        for step_id, value in _values(name.upper(), list(exercise.steps), work.role).items():
            walk.stage_answer(step_id, value)
        walk.close()
        work.set_reveal("worry", False)
        work.confirm_choices()
    hello = works["Sam"].write_file(tmp / "hello.json")
    distance.open_partner_file(alex.store, library, hello.path, accept_sender=fingerprint_of(sam))
    answers = distance.DistanceWork(alex.store, library, exercise).write_file(tmp / "alex.json")
    distance.open_partner_file(sam.store, library, answers.path, accept_sender=fingerprint_of(alex))
    mine = distance.DistanceWork(sam.store, library, exercise).write_file(tmp / "sam.json")
    distance.open_partner_file(alex.store, library, mine.path)


FLOWS: dict[str, tuple[bool, Callable[[Library, OpenVault, OpenVault, Path], None]]] = {
    "side by side, each alone": (False, _side_by_side_parallel),
    "side by side, in turns": (False, _side_by_side_together),
    "at a distance": (True, _at_a_distance),
}


def _unrevealed(vault: OpenVault) -> list[str]:
    """Every text this person wrote and did not reveal (nor write in front of the other)."""
    found = []
    for record in vault.store.history():
        for answer in record.answers.values():
            if not answer.revealed and is_answered(answer.value):
                found.append(str(answer.value).strip("[]'\""))
    return found


@pytest.mark.parametrize("flow", list(FLOWS))
def test_no_unrevealed_answer_is_in_the_other_vault_or_any_shared_file(
    tmp_path: Path, library: Library, flow: str
) -> None:
    """After the flow, the other person's export holds none of one's unrevealed answers, and
    nothing was shared with a counsellor by revealing."""
    apart, run = FLOWS[flow]
    sam, alex = _pair(tmp_path / "data", apart=apart)
    with sam, alex:
        run(library, sam, alex, tmp_path)
        exports = {}
        for vault in (sam, alex):
            path = tmp_path / f"{vault.ref.name}.json"
            transfer.export_profile(vault.store, path)
            exports[vault.ref.name] = path.read_text(encoding="utf-8")
            begun = sorted({r.entry.exercise_id for r in vault.store.history()})
            plan = counsel.plan_share(vault.store, library, begun)
            assert plan.answer_count == 0, flow
        for vault, other in ((sam, "Alex"), (alex, "Sam")):
            secrets = _unrevealed(vault)
            assert any("PRIVATE-SOLO" in s for s in secrets)
            if flow != "side by side, in turns":
                assert any("worry" in s for s in secrets), flow
            for secret in secrets:
                assert secret not in exports[other], (flow, secret)
        files = "".join(
            p.read_text(encoding="utf-8")
            for p in tmp_path.glob("*.json")
            if p.stem not in ("Sam", "Alex")
        )
        for secret in _unrevealed(sam) + _unrevealed(alex):
            assert secret not in files
