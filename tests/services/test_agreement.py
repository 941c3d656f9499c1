"""One agreement for two: both people's commitments, wishes and agreed items, each attributed,
both names to sign, and the same document from either person's vault."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from trustrepair.content.library import Library
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.reports.kinds import SUMMARY_KINDS
from trustrepair.services.joint import JointSession, Phase
from trustrepair.services.summary import SummaryRequest, SummaryService
from trustrepair.services.vaults import OpenVault, Vaults

AGREEMENT = SUMMARY_KINDS["agreement"]
TODAY = date(2026, 5, 1)
PLAN = "agreeing-an-amends-plan"

SAM_WISHES = ["Tell me when X gets in touch", "No more late nights without a call"]
ALEX_OFFERS = ["Show my phone when asked", "Weekly walk together"]
AGREED = ["A weekly walk on Sundays", "Tell each other about any contact"]


@pytest.fixture
def alex(vaults: Vaults, vault: OpenVault) -> Iterator[OpenVault]:
    """Alex (repairing, a friendship profile: the pair's wording comes from where they began)."""
    opened = vaults.create(ProfileInfo("Alex", Track.REPAIRING, Relationship.FRIENDSHIP), None)
    yield opened
    opened.close()


def walk_amends_plan(
    library: Library,
    sam: OpenVault,
    alex: OpenVault,
    *,
    alex_holds: tuple[str, ...] = (),
) -> JointSession:
    """Sam and Alex do the shipped amends plan side by side, to the end."""
    exercise = library.get(PLAN)
    assert exercise is not None
    session = JointSession(library, exercise, sam, alex)
    session.begin()
    values: dict[str, dict[str, Any]] = {
        "Sam": {"hurt-needs": SAM_WISHES, "timeline": "months", "worry": "Sam's private worry"},
        "Alex": {"repairing-offers": ALEX_OFFERS, "timeline": "weeks", "worry": "Alex's worry"},
    }
    for _ in range(2):
        session.confirm_handover()
        name = session.current_person.name
        while session.phase is Phase.PRIVATE:
            step = session.current
            assert step is not None
            if step.id in values[name]:
                session.stage_answer(step.id, values[name][step.id])
            session.next()
        if name == "Sam":
            session.set_reveal("worry", False)
        for step_id in alex_holds if name == "Alex" else ():
            session.set_reveal(step_id, False)
        session.confirm_choices()
    session.confirm_handover()
    while session.phase is Phase.REVEAL:
        session.next()
    assert session.phase is Phase.TURNS
    session.stage_answer("agreed", AGREED)
    session.next()
    session.stage_answer(
        "review", {"text": "Review our amends plan together", "date": "2030-06-15"}
    )
    session.next()
    assert session.phase is Phase.FINISHED
    return session


def _agreement_html(vault: OpenVault, library: Library) -> str:
    request = SummaryRequest(kind=AGREEMENT, today=TODAY)
    return SummaryService(vault.store, library).render_html(request)


def test_the_agreement_is_one_document_from_either_vault(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """Printed from Sam's vault or Alex's, the agreement is the same, word for word."""
    walk_amends_plan(library, vault, alex)
    assert _agreement_html(vault, library) == _agreement_html(alex, library)


def test_both_people_are_in_it_attributed_with_both_names_to_sign(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """Sam's wishes, Alex's offers and what they agreed, each with its author; both names
    on the signature lines and in the heading."""
    walk_amends_plan(library, vault, alex)
    context = SummaryService(vault.store, library).build(
        SummaryRequest(kind=AGREEMENT, today=TODAY)
    )
    agreement = context.agreement
    assert agreement is not None
    assert agreement.signers == ("Alex", "Sam")
    assert context.profile_name == "Alex and Sam"
    amends = [(e.item.author, e.item.entries) for e in agreement.amends]
    assert amends == [
        ("Sam", tuple(SAM_WISHES)),
        ("Alex", tuple(ALEX_OFFERS)),
        ("Alex and Sam, together", tuple(AGREED)),
    ]
    commitments = [(e.item.author, e.item.commitment) for e in agreement.commitments]
    assert [a for a, _ in commitments] == ["Alex and Sam, together"]
    html = _agreement_html(vault, library)
    assert "Signature · Alex" in html and "Signature · Sam" in html
    assert html.count("Written by Sam</p>") == 1 and html.count("Written by Alex</p>") == 1


def test_nothing_held_back_or_private_reaches_the_agreement(
    vault: OpenVault, alex: OpenVault, library: Library
) -> None:
    """An answer held back, a private worry and a promise shared only with a counsellor
    never appear in the document made together."""
    walk_amends_plan(library, vault, alex, alex_holds=("repairing-offers",))
    vault.store.save_answer("promises-with-dates", "first", {"text": "Sam's solo promise"})
    vault.store.set_shared("promises-with-dates", "first", True)
    for person in (vault, alex):
        html = _agreement_html(person, library)
        for private in (*ALEX_OFFERS, "Sam's private worry", "Alex's worry", "solo promise"):
            assert private not in html
        assert SAM_WISHES[0] in html and AGREED[0] in html
    assert _agreement_html(vault, library) == _agreement_html(alex, library)


def test_without_work_for_two_it_is_the_persons_own(vault: OpenVault, library: Library) -> None:
    """With no partner, the agreement holds the person's shared promises, their name on the
    first line and the second left blank."""
    vault.store.save_answer(
        "promises-with-dates", "first", {"text": "Call when late", "date": "2026-06-01"}
    )
    vault.store.set_shared("promises-with-dates", "first", True)
    context = SummaryService(vault.store, library).build(SummaryRequest(kind=AGREEMENT))
    assert context.agreement is not None and context.agreement.signers == ("Sam",)
    assert [e.item.commitment.text for e in context.agreement.commitments] == ["Call when late"]  # type: ignore[union-attr]
    assert context.pair == ()
