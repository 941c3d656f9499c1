"""The counsellor's desk: titles, dates, overdue, status per exercise, counts, arranging,
archiving, and labels that match regardless of case."""

from __future__ import annotations

from datetime import date

import pytest

from trustrepair.content.library import Library
from trustrepair.domain.answers import Status
from trustrepair.domain.counsel import AssignedExercise, DeskStatus, SharedAnswer, SharedExercise
from trustrepair.errors import UserFacingError
from trustrepair.services import counsel, desk
from trustrepair.services.desk import DeskShow, DeskSort
from trustrepair.services.vaults import OpenVault
from trustrepair.storage.counsel import CounselStore

TODAY = date(2026, 12, 10)
ANSWER = SharedAnswer("what-happened", 1, "What happened?", "words", "words", "")


def sent(
    store, client: str, items: list[AssignedExercise], at: str, titles: dict | None = None
) -> None:
    """Remember an assignment as the counsellor's window would have written it."""
    CounselStore(store.db).save_sent(
        client, [(i, (titles or {}).get(i.exercise_id, "")) for i in items], created_at=at
    )


def shared(store, client: str, at: str, *exercises: SharedExercise) -> None:
    """Keep a share file made at ``at``."""
    CounselStore(store.db).save_shared(client, exercises, shared_at=at)


def done(exercise_id: str, title: str, *, answers: int = 0) -> SharedExercise:
    """A finished exercise as a client's file reports it."""
    stamped = tuple(
        SharedAnswer(f"s{i}", i, "Q", "a", "a", "2026-12-01T10:00:00.000Z") for i in range(answers)
    )
    return SharedExercise(exercise_id, title, Status.COMPLETED, answers=stamped)


@pytest.fixture
def lee(counsellor: OpenVault):
    """A counsellor with three clients: one overdue, one finished, one never heard from."""
    store = counsellor.store
    sent(
        store,
        "Sam R.",
        [
            AssignedExercise("naming-what-happened", "Gently.", "2026-12-01"),
            AssignedExercise("between-sessions", "", "2026-12-20", "naming-what-happened"),
        ],
        "2026-11-20T09:00:00.000Z",
        {"between-sessions": "Between our sessions"},
    )
    shared(
        store,
        "Sam R.",
        "2026-11-25T18:00:00.000Z",
        SharedExercise("naming-what-happened", "Naming what happened to me", Status.IN_PROGRESS),
        done("your-reactions-make-sense", "Your reactions make sense"),
    )
    sent(
        store,
        "Alex",
        [AssignedExercise("what-i-need-to-feel-safe", due="2026-12-05")],
        "2026-11-01T09:00:00.000Z",
    )
    shared(
        store, "Alex", "2026-12-02T08:00:00.000Z", done("what-i-need-to-feel-safe", "T", answers=2)
    )
    sent(store, "Bea", [AssignedExercise("naming-what-happened")], "2026-12-08T09:00:00.000Z")
    return store


def by_label(store, library: Library) -> dict:
    """The desk, by label."""
    return {c.label: c for c in desk.build_desk(store, library, TODAY)}


def test_the_desk_shows_titles_dates_overdue_and_status_per_exercise(lee, library):
    """Titles (a custom one kept with its assignment), dates, overdue marks, statuses, the
    last file, and what opens what — never a raw id."""
    sam = by_label(lee, library)["Sam R."]
    naming, between = sam.exercises
    assert (naming.title, naming.due, naming.overdue) == (
        "Naming what happened to me",
        "2026-12-01",
        True,
    )
    assert naming.status is DeskStatus.IN_PROGRESS and naming.note == "Gently."
    assert (between.title, between.overdue, between.status) == (
        "Between our sessions",
        False,
        DeskStatus.NOT_STARTED,
    )
    assert between.after_title == "Naming what happened to me"
    assert sam.last_received == "2026-11-25T18:00:00.000Z"
    assert sam.also_shared == ("Your reactions make sense",)
    alex = by_label(lee, library)["Alex"]
    assert alex.exercises[0].status is DeskStatus.SHARED_BACK
    assert not alex.exercises[0].overdue  # done before its date passed: never overdue
    assert by_label(lee, library)["Bea"].exercises[0].status is DeskStatus.NOT_STARTED


def test_counts_count_only_what_was_assigned(lee, library):
    """An exercise the client shared without its being assigned is not counted as done."""
    sam = by_label(lee, library)["Sam R."]
    assert (sam.assigned, sam.done, sam.overdue) == (2, 0, 1)
    assert desk.counts_words(sam) == "0 of 2 done · 1 overdue · next due 2026-12-20"


def test_assigning_again_shows_the_newest_note_and_keeps_what_was_reported(counsellor, library):
    """The newest assignment of an exercise gives its note and date; its status stays what
    the client last reported, and it is counted once."""
    store = counsellor.store
    sent(
        store,
        "Sam",
        [AssignedExercise("naming-what-happened", "First.")],
        "2026-11-01T09:00:00.000Z",
    )
    shared(store, "Sam", "2026-11-05T09:00:00.000Z", done("naming-what-happened", "N"))
    assert by_label(store, library)["Sam"].exercises[0].status is DeskStatus.DONE
    again = AssignedExercise("naming-what-happened", "Again.", "2026-12-20")
    sent(store, "Sam", [again], "2026-11-10T09:00:00.000Z")
    [exercise] = by_label(store, library)["Sam"].exercises
    assert (exercise.note, exercise.due, exercise.status) == (
        "Again.",
        "2026-12-20",
        DeskStatus.DONE,
    )


def test_an_older_share_opened_later_does_not_change_the_status(counsellor, library):
    """The status follows the file made last, compared as instants, not the one opened last."""
    store = counsellor.store
    sent(store, "Sam", [AssignedExercise("naming-what-happened")], "2026-11-01T09:00:00.000Z")
    shared(store, "Sam", "2026-11-20T09:00:00.000Z", done("naming-what-happened", "N"))
    progress = SharedExercise("naming-what-happened", "N", Status.IN_PROGRESS)
    shared(store, "Sam", "2026-11-10T09:00:00.000Z", progress)
    client = by_label(store, library)["Sam"]
    assert client.exercises[0].status is DeskStatus.DONE
    assert client.last_received == "2026-11-20T09:00:00.000Z"


@pytest.mark.parametrize(
    ("sort", "show", "search", "expected"),
    [
        (DeskSort.OVERDUE, DeskShow.ACTIVE, "", ["Sam R.", "Alex", "Bea"]),
        (DeskSort.NAME, DeskShow.ACTIVE, "", ["Alex", "Bea", "Sam R."]),
        (DeskSort.ACTIVITY, DeskShow.ACTIVE, "", ["Bea", "Alex", "Sam R."]),
        (DeskSort.NAME, DeskShow.OVERDUE, "", ["Sam R."]),
        (DeskSort.NAME, DeskShow.ACTIVE, "sam", ["Sam R."]),
        (DeskSort.NAME, DeskShow.ACTIVE, "FEEL SAFE", ["Alex"]),
    ],
)
def test_sort_filter_and_search(lee, library, sort, show, search, expected):
    """Overdue first, by name, by last activity; only overdue; a search by label or title."""
    arranged = desk.arrange(desk.build_desk(lee, library, TODAY), sort, show, search)
    assert [c.label for c in arranged] == expected


def test_archive_and_unarchive_a_client(lee, library):
    """An archived client leaves the current desk and comes back, whatever the label's case."""
    assert desk.set_archived(lee, "sam r.", archived=True) == "Sam R."
    clients = desk.build_desk(lee, library, TODAY)
    assert [c.label for c in desk.arrange(clients, show=DeskShow.ACTIVE)] == ["Alex", "Bea"]
    assert [c.label for c in desk.arrange(clients, show=DeskShow.ARCHIVED)] == ["Sam R."]
    assert len(desk.arrange(clients, show=DeskShow.ALL)) == 3
    desk.set_archived(lee, "SAM R.", archived=False)
    assert not by_label(lee, library)["Sam R."].archived
    with pytest.raises(UserFacingError, match="no client called 'Nobody'"):
        desk.set_archived(lee, "Nobody", archived=True)


def test_client_json_carries_the_desk_facts(lee, library):
    """The JSON of a client has each assigned exercise's title, date, overdue and status."""
    facts = desk.client_json(desk.client(lee, library, "sam r.", TODAY))
    assert facts["label"] == "Sam R." and facts["last_received"] == "2026-11-25T18:00:00.000Z"
    assert facts["counts"] == {"assigned": 2, "done": 0, "overdue": 1, "answers_shared": 0}
    first = facts["assigned"][0]
    assert (first["title"], first["due"], first["overdue"], first["status"]) == (
        "Naming what happened to me",
        "2026-12-01",
        True,
        "in_progress",
    )


def test_labels_match_regardless_of_case_and_merging_is_asked(lee):
    """A label differing only in capitals or spaces is refused until merging is asked for."""
    with pytest.raises(counsel.SimilarLabel) as found:
        counsel.known_label(lee, "  sam   r. ", merge=False)
    assert found.value.existing == "Sam R." and "Nothing was changed" in str(found.value)
    assert counsel.known_label(lee, "sam r.", merge=True) == "Sam R."
    assert counsel.known_label(lee, "Sam R.", merge=False) == "Sam R."
    assert counsel.known_label(lee, "Sam T.", merge=False) == "Sam T."
