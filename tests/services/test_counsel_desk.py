"""Tests for trustrepair.services.counsel_desk: both sides of counselling, bound to a profile."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import fingerprint_of
from trustrepair.content.library import Library
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.services import assignments, counsel
from trustrepair.services.counsel_desk import ClientDesk, CounsellorDesk
from trustrepair.services.vaults import OpenVault


def test_an_assignment_and_a_share_go_round_through_the_desks(
    tmp_path: Path, counsellor: OpenVault, vault: OpenVault, library: Library
):
    """The counsellor's desk writes an assignment; the client's desk offers it, plans a share
    of the shared answer only; the counsellor's desk keeps it and shows it under the client."""
    lee = CounsellorDesk(counsellor.store, library)
    sam = ClientDesk(vault.store, counsel.client_library(vault.store, library))
    assignment = tmp_path / "assignment.json"
    packet = lee.write_assignment("Sam R.", [AssignedExercise("naming-what-happened")], assignment)
    assert packet.client == "Sam R."
    assert [a.exercise_id for a in lee.sent_assignments("Sam R.")] == ["naming-what-happened"]

    assignments.import_assignment(
        vault.store, library, assignment, accept_sender=fingerprint_of(counsellor)
    )
    assert [a.exercise_id for a in sam.received_assignments()] == ["naming-what-happened"]
    vault.store.save_answer("naming-what-happened", "what-happened", "for Dr Lee", shared=True)
    vault.store.save_answer("naming-what-happened", "how-it-felt", "only mine", shared=False)
    vault.store.save_answer("your-reactions-make-sense", "x", "worked on, not assigned")
    assigned, worked = sam.offered_for_sharing()
    assert assigned == {"naming-what-happened"}
    assert {"naming-what-happened", "your-reactions-make-sense"} <= worked
    plan = sam.plan_share(["naming-what-happened"])
    assert plan.answer_count == 1

    shared = tmp_path / "share.json"
    sam.write_share(plan, shared)
    result = lee.import_shared(shared, None, fingerprint_of(vault))
    assert result.client == "Sam R." and result.answers_stored == 1
    assert [c.label for c in lee.clients()] == ["Sam R."]
    (exercise,) = lee.client_exercises("Sam R.")
    assert [a.text for a in exercise.answers] == ["for Dr Lee"]
