"""Which answers go into which summary, and how each answer kind reads on paper."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from trustrepair.content.library import Library
from trustrepair.domain.enums import Stage
from trustrepair.domain.exercise import Exercise
from trustrepair.reports.context import Paper
from trustrepair.reports.kinds import SUMMARY_KINDS, SummaryKind
from trustrepair.services.summary import SummaryRequest, SummaryService, format_date
from trustrepair.storage.store import VaultStore

ME, US, COUNSELLOR, AGREEMENT = (SUMMARY_KINDS[n] for n in ("me", "us", "counsellor", "agreement"))

COMMON: dict[str, Any] = {
    "tracks": ["hurt", "repairing"],
    "relationships": ["romantic", "friendship", "professional"],
    "mode": "solo",
    "minutes": 10,
    "models": ["trust-repair-evidence"],
    "summary": "A test exercise.",
    "intro": "Intro.",
}


def sample_library() -> Library:
    """A small library with every step kind, the safety check, amends and boundaries."""
    exercises = [
        {
            "id": "check",
            "title": "Private check",
            "stage": "acknowledgement",
            "safety_check": True,
            "steps": [
                {
                    "id": "afraid",
                    "kind": "choice",
                    "prompt": "Afraid?",
                    "options": [
                        {"id": "no", "label": "No"},
                        {"id": "yes", "label": "Yes", "concern": True},
                    ],
                },
            ],
        },
        {
            "id": "feelings",
            "title": "Feelings",
            "stage": "remorse",
            "steps": [
                {"id": "intro", "kind": "reading", "text": "Read this."},
                {
                    "id": "story",
                    "kind": "text",
                    "title": "Your story",
                    "prompt": {
                        "default": "What happened?",
                        "romantic": "What did your partner do?",
                    },
                },
                {
                    "id": "pain",
                    "kind": "scale",
                    "prompt": "How much?",
                    "min_label": "None",
                    "max_label": "Unbearable",
                },
                {
                    "id": "pick",
                    "kind": "choice",
                    "prompt": "Pick one",
                    "options": [{"id": "a", "label": "Apples"}, {"id": "b", "label": "Bananas"}],
                },
                {
                    "id": "many",
                    "kind": "multi_choice",
                    "prompt": "Pick some",
                    "options": [{"id": "x", "label": "Ex"}, {"id": "y", "label": "Why"}],
                },
                {
                    "id": "ticks",
                    "kind": "checklist",
                    "prompt": "Tick",
                    "items": [{"id": "one", "label": "First"}, {"id": "two", "label": "Second"}],
                },
            ],
        },
        {
            "id": "plan",
            "title": "Amends plan",
            "stage": "amends",
            "steps": [
                {"id": "steps", "kind": "list", "prompt": "What will you do?"},
                {"id": "promise", "kind": "commitment", "prompt": "Promise"},
                {"id": "why", "kind": "text", "prompt": "Why?"},
            ],
        },
        {
            "id": "limits",
            "title": "My limits",
            "stage": "boundaries",
            "steps": [
                {"id": "needs", "kind": "list", "prompt": "What do you need?"},
                {"id": "words", "kind": "text", "prompt": "In your words"},
            ],
        },
    ]
    library = Library()
    for data in exercises:
        exercise = Exercise.model_validate({**COMMON, **data})
        library.exercises[exercise.id] = exercise
        library.sources[exercise.id] = Path(f"{exercise.id}.yaml")
    return library


@pytest.fixture
def service(store: VaultStore) -> SummaryService:
    """A summary service over the test vault and the sample library, with answers."""
    store.save_answer("check", "afraid", "no")
    store.save_answer("feelings", "story", "PRIVATE STORY\nsecond line", shared=False)
    store.save_answer("feelings", "pain", 7, shared=True)
    store.save_answer("feelings", "pick", "b", shared=True)
    store.save_answer("feelings", "many", ["x", "y"], shared=True)
    store.save_answer("feelings", "ticks", ["two"], shared=True)
    store.save_answer("plan", "steps", ["SHARED AMEND", "  "], shared=True)
    store.save_answer(
        "plan",
        "promise",
        {"text": "SHARED PROMISE", "date": "2027-01-31", "kept": None},
        shared=True,
    )
    store.save_answer("plan", "why", "SHARED WHY", shared=True)
    store.save_answer("limits", "needs", ["SHARED NEED"], shared=True)
    store.save_answer("limits", "words", "PRIVATE LIMIT", shared=False)
    store.mark_completed("feelings")
    return SummaryService(store, sample_library())


def all_text(service: SummaryService, kind: SummaryKind, **choices: Any) -> str:
    return service.render_html(SummaryRequest(kind, **choices))


def test_me_holds_everything_with_the_private_description(service: SummaryService) -> None:
    """`me` shows private answers; the safety check and the private description once ticked."""
    html = all_text(service, ME, with_safety_check=True, with_description=True)
    assert "PRIVATE STORY" in html
    assert "PRIVATE LIMIT" in html
    assert "Private check" in html
    assert "a private description" in html


def test_me_prints_privately_by_default(service: SummaryService) -> None:
    """Unless the person ticks them, the safety check and the description stay off paper."""
    html = all_text(service, ME)
    assert "PRIVATE STORY" in html
    for secret in ("Private check", "Afraid?", "a private description"):
        assert secret not in html


@pytest.mark.parametrize("kind", [US, COUNSELLOR, AGREEMENT], ids=lambda kind: kind.name)
def test_other_kinds_hold_no_private_answer_safety_check_or_description(
    service: SummaryService, kind: SummaryKind
) -> None:
    """Private answers, the safety check and the description never leave `me`."""
    context = service.build(SummaryRequest(kind))
    html = all_text(service, kind)
    for secret in (
        "PRIVATE STORY",
        "PRIVATE LIMIT",
        "a private description",
        "Private check",
        "Afraid?",
    ):
        assert secret not in html
    assert "check" not in {ex.id for s in context.sections for ex in s.exercises}


def test_safety_check_stays_out_even_when_marked_shared(service: SummaryService) -> None:
    """A shared flag on a safety-check answer does not put it in `us`."""
    service.store.set_shared("check", "afraid", True)
    assert "Afraid?" not in all_text(service, US)
    assert "Afraid?" in all_text(service, ME, with_safety_check=True)


def test_answer_kinds_read_plainly(service: SummaryService) -> None:
    """Scale, choice, multi-choice, checklist, list and commitment answers are resolved."""
    context = service.build(SummaryRequest(ME))
    items = {i.key: i for s in context.sections for ex in s.exercises for i in ex.items}
    assert items["feelings/pain"].text == "7 of 10 (None … Unbearable)"
    assert items["feelings/pick"].text == "Bananas"
    assert items["feelings/many"].entries == ("Ex", "Why")
    assert [(t.label, t.ticked) for t in items["feelings/ticks"].ticks] == [
        ("First", False),
        ("Second", True),
    ]
    assert items["plan/steps"].entries == ("SHARED AMEND",)
    promise = items["plan/promise"].commitment
    assert promise is not None and promise.date == "31 January 2027" and promise.kept == "Open"
    assert items["feelings/story"].prompt == "What did your partner do?"  # relationship wording
    assert items["feelings/story"].text == "PRIVATE STORY\nsecond line"
    assert "feelings/intro" not in items  # readings are not answers


def test_agreement_has_commitments_amends_and_boundaries(service: SummaryService) -> None:
    """`agreement` gathers commitments, list steps in amends and list/text steps in boundaries."""
    context = service.build(SummaryRequest(AGREEMENT))
    agreement = context.agreement
    assert agreement is not None
    assert [e.item.commitment.text for e in agreement.commitments if e.item.commitment] == [
        "SHARED PROMISE"
    ]
    assert [e.item.entries for e in agreement.amends] == [("SHARED AMEND",)]
    assert [e.item.key for e in agreement.boundaries] == ["limits/needs"]
    html = all_text(service, AGREEMENT)
    assert "SHARED WHY" not in html  # a text step in amends is not part of the plan
    assert html.count("Signature") == 2


def test_counsellor_lists_only_chosen_exercises_with_status(service: SummaryService) -> None:
    """`counsellor` includes only the chosen exercises and says how far each got."""
    context = service.build(SummaryRequest(COUNSELLOR, exercise_ids=frozenset({"feelings"})))
    exercises = [ex for s in context.sections for ex in s.exercises]
    assert [ex.id for ex in exercises] == ["feelings"]
    assert exercises[0].status == "Completed"
    assert "SHARED AMEND" not in all_text(service, COUNSELLOR, exercise_ids=frozenset({"feelings"}))


def test_stage_filter_and_left_out_answers(service: SummaryService) -> None:
    """Unchosen stages and answers the person left out do not appear; the count is noted."""
    request = SummaryRequest(
        ME,
        stages=frozenset({Stage.REMORSE}),
        leave_out=frozenset({"feelings/pick"}),
    )
    context = service.build(request)
    assert [s.stage for s in context.sections] == [Stage.REMORSE]
    keys = {i.key for s in context.sections for ex in s.exercises for i in ex.items}
    assert "feelings/pick" not in keys and "feelings/pain" in keys
    assert context.left_out == 1


def test_answers_to_removed_exercises_are_kept_in_me(service: SummaryService) -> None:
    """Answers whose exercise left the library still appear in `me`, never lost."""
    service.store.save_answer("gone-exercise", "old-step", "OLD WORDS")
    assert "OLD WORDS" in all_text(service, ME)
    assert "OLD WORDS" not in all_text(service, US)


def test_a_value_that_no_longer_fits_its_step_is_shown_as_is(service: SummaryService) -> None:
    """A stored value of the wrong shape (content changed) is shown, not dropped or crashed on."""
    service.store.save_answer("feelings", "pain", "a lot, in words")
    assert "a lot, in words" in all_text(service, ME)


def test_title_date_and_paper(service: SummaryService) -> None:
    """The context carries the title, the chosen date and paper, and the profile name."""
    context = service.build(SummaryRequest(US, paper=Paper.LETTER, today=date(2026, 3, 5)))
    assert context.generated == "5 March 2026"
    assert context.paper is Paper.LETTER
    assert context.profile_name == "Sam"
    assert "size: letter" in service.render_html(SummaryRequest(US, paper=Paper.LETTER))


def test_format_date_handles_missing_and_odd_values() -> None:
    """Dates read as "2 January 2027"; empty or malformed stamps give an empty string."""
    assert format_date("2027-01-02") == "2 January 2027"
    assert format_date("") == ""
    assert format_date("not a date") == ""


def test_save_html_writes_a_private_file(service: SummaryService, tmp_path: Path) -> None:
    """The saved HTML is whole and readable only by its owner."""
    target = tmp_path / "summary.html"
    service.save_html(SummaryRequest(US), target)
    assert "Bananas" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o077 == 0
