"""A counsellor's desk: every client, what was assigned to them and what came back.

For each client: the exercises assigned (the newest assignment of each, by title, never by
id), their dates and which are overdue, the last file received, and per exercise how far the
client got (:class:`~trustrepair.domain.counsel.DeskStatus`). Counts count only what was
assigned. The window and the command line both arrange the desk with :func:`arrange`, so a
sort or a filter means the same in both; :func:`client_json` is the one shape
``clients --json`` and ``client show --json`` print.

A client can be archived (put aside) and brought back; archived labels are a per-profile
setting, so they travel in exports. Labels match regardless of case and spacing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from trustrepair.content.library import Library
from trustrepair.domain.answers import Status
from trustrepair.domain.counsel import (
    DeskClient,
    DeskExercise,
    DeskStatus,
    SentAssignment,
    SharedExercise,
)
from trustrepair.domain.profile import Role
from trustrepair.errors import UserFacingError
from trustrepair.formats.fields import parse_instant
from trustrepair.formats.settings import ARCHIVED_CLIENTS
from trustrepair.i18n import N_, Marked, ngettext, tr, translated
from trustrepair.services import profile_settings
from trustrepair.services.counsel import label_key, require_role
from trustrepair.storage.counsel import CounselStore, ExerciseReport
from trustrepair.storage.store import VaultStore


class DeskSort(StrEnum):
    """How the desk is ordered."""

    OVERDUE = "overdue"
    """Most overdue first, then the nearest date, then by name."""
    NAME = "name"
    ACTIVITY = "activity"
    """The latest file received or assignment made first."""


class DeskShow(StrEnum):
    """Which clients the desk shows."""

    ACTIVE = "active"
    """Everyone not archived."""
    OVERDUE = "overdue"
    """Clients not archived with an overdue exercise."""
    ARCHIVED = "archived"
    ALL = "all"


SORT_WORDS: dict[DeskSort, Marked] = {
    DeskSort.OVERDUE: N_("Overdue first"),
    DeskSort.NAME: N_("By name"),
    DeskSort.ACTIVITY: N_("By last activity"),
}
SHOW_WORDS: dict[DeskShow, Marked] = {
    DeskShow.ACTIVE: N_("Current clients"),
    DeskShow.OVERDUE: N_("With something overdue"),
    DeskShow.ARCHIVED: N_("Archived"),
    DeskShow.ALL: N_("Everyone"),
}
STATUS_WORDS: dict[DeskStatus, Marked] = {
    DeskStatus.NOT_STARTED: N_("not started"),
    DeskStatus.IN_PROGRESS: N_("in progress"),
    DeskStatus.DONE: N_("done"),
    DeskStatus.SHARED_BACK: N_("shared back"),
}


# ---------------------------------------------------------------------- building
def build_desk(store: VaultStore, library: Library, today: date | None = None) -> list[DeskClient]:
    """Every client, by label, with what was assigned and what came back.

    ``library`` is the counsellor's (with their own exercises), for titles; a title kept
    with the assignment, or the one the client's file gave, stands in when it has none.
    An exercise's status is what the client's newest file said of it (assigning it again
    changes nothing there: the next file tells how the new go is going).
    """
    require_role(store, Role.COUNSELLOR)
    counsel = CounselStore(store.db)
    day = (today or date.today()).isoformat()
    archived = archived_keys(store)
    sent: dict[str, list[SentAssignment]] = {}
    for item in counsel.latest_sent():
        sent.setdefault(item.client, []).append(item)
    reports: dict[str, dict[str, ExerciseReport]] = {}
    for report in counsel.reports():
        reports.setdefault(report.client, {})[report.exercise_id] = report
    clients = []
    for label in counsel.labels():
        assigned = sent.get(label, [])
        told = reports.get(label, {})
        exercises = tuple(_exercise(item, told, library, assigned, day) for item in assigned)
        ids = {item.exercise_id for item in assigned}
        clients.append(
            DeskClient(
                label=label,
                archived=label_key(label) in archived,
                exercises=exercises,
                last_received=max((r.shared_at for r in told.values()), default=None),
                last_assigned=max((item.created_at for item in assigned), default=None),
                also_shared=tuple(r.title for i, r in told.items() if i not in ids),
                answers_shared=sum(r.answers for r in told.values()),
            )
        )
    return clients


def _exercise(
    item: SentAssignment,
    told: dict[str, ExerciseReport],
    library: Library,
    assigned: Sequence[SentAssignment],
    day: str,
) -> DeskExercise:
    report = told.get(item.exercise_id)
    progress = report.status if report is not None else Status.NOT_STARTED
    answers = report.answers if report is not None else 0
    done = progress is Status.COMPLETED
    if done:
        status = DeskStatus.SHARED_BACK if answers else DeskStatus.DONE
    elif progress is Status.IN_PROGRESS:
        status = DeskStatus.IN_PROGRESS
    else:
        status = DeskStatus.NOT_STARTED
    after_title = None
    if item.after is not None:
        before = next((a for a in assigned if a.exercise_id == item.after), None)
        after_title = _title(item.after, before, told.get(item.after), library)
    return DeskExercise(
        exercise_id=item.exercise_id,
        title=_title(item.exercise_id, item, told.get(item.exercise_id), library),
        note=item.note,
        due=item.due,
        assigned_at=item.created_at,
        status=status,
        overdue=item.due is not None and item.due < day and not done,
        after=item.after,
        after_title=after_title,
        progress=progress,
        answers_shared=answers,
        reported_at=report.shared_at if report is not None else None,
    )


def _title(
    exercise_id: str,
    sent: SentAssignment | None,
    report: ExerciseReport | None,
    library: Library,
) -> str:
    exercise = library.get(exercise_id)
    if exercise is not None:
        return exercise.title
    if sent is not None and sent.title:
        return sent.title
    if report is not None:
        return report.title
    return tr("An exercise no longer in your library")


# ---------------------------------------------------------------------- arranging
def sort_key(sort: DeskSort) -> Any:
    """The key :func:`sorted` orders clients by for ``sort`` (the window's too)."""
    if sort is DeskSort.NAME:
        return lambda c: (label_key(c.label), c.label)
    if sort is DeskSort.ACTIVITY:
        return lambda c: (-_seconds(c.last_activity), label_key(c.label))
    return lambda c: (-c.overdue, c.next_due or "9999-12-31", label_key(c.label))


def _seconds(stamp: str | None) -> float:
    """A stored stamp as seconds since 1970 (none: before everything)."""
    instant = parse_instant(stamp) if stamp else None
    return instant.timestamp() if instant is not None else float("-inf")


def shows(client: DeskClient, show: DeskShow, search: str = "") -> bool:
    """Whether ``client`` is on the desk for ``show`` and ``search`` (label or a title)."""
    if show is DeskShow.ARCHIVED and not client.archived:
        return False
    if show in (DeskShow.ACTIVE, DeskShow.OVERDUE) and client.archived:
        return False
    if show is DeskShow.OVERDUE and not client.overdue:
        return False
    needle = " ".join(search.split()).casefold()
    if not needle:
        return True
    if needle in label_key(client.label):
        return True
    return any(needle in e.title.casefold() for e in client.exercises)


def arrange(
    clients: Iterable[DeskClient],
    sort: DeskSort = DeskSort.OVERDUE,
    show: DeskShow = DeskShow.ACTIVE,
    search: str = "",
) -> list[DeskClient]:
    """The clients ``show`` and ``search`` keep, in ``sort``'s order."""
    return sorted((c for c in clients if shows(c, show, search)), key=sort_key(sort))


# ---------------------------------------------------------------------- archiving
def archived_keys(store: VaultStore) -> set[str]:
    """The archived clients, as :func:`label_key` keys."""
    labels = profile_settings.get(store, ARCHIVED_CLIENTS, [])
    return {label_key(label) for label in labels}


def find_client(store: VaultStore, label: str) -> str:
    """The client ``label`` names (exactly, else regardless of case and spacing)."""
    require_role(store, Role.COUNSELLOR)
    labels = CounselStore(store.db).labels()
    if label in labels:
        return label
    match = next((x for x in labels if label_key(x) == label_key(label)), None)
    if match is None:
        raise UserFacingError(tr("There is no client called {label!r}.").format(label=label))
    return match


def set_archived(store: VaultStore, label: str, archived: bool) -> str:
    """Archive a client (put them aside from the desk) or bring them back; their
    assignments and what they shared stay as they are. Returns the client's label."""
    found = find_client(store, label)
    labels = [
        x
        for x in profile_settings.get(store, ARCHIVED_CLIENTS, [])
        if label_key(x) != label_key(found)
    ]
    if archived:
        labels.append(found)
    store.set_setting(ARCHIVED_CLIENTS, sorted(labels, key=label_key))
    return found


# ---------------------------------------------------------------------- one client
def labels(store: VaultStore) -> list[str]:
    """Every client's label (with something assigned or shared), by label."""
    require_role(store, Role.COUNSELLOR)
    return CounselStore(store.db).labels()


def client_exercises(store: VaultStore, label: str) -> list[SharedExercise]:
    """What one client shared, by exercise (exact label, then regardless of case)."""
    return CounselStore(store.db).client_exercises(find_client(store, label))


def client(
    store: VaultStore, library: Library, label: str, today: date | None = None
) -> DeskClient:
    """One client's line of the desk."""
    found = find_client(store, label)
    return next(c for c in build_desk(store, library, today) if c.label == found)


def sent_assignments(store: VaultStore, client: str | None = None) -> list[SentAssignment]:
    """Assignments the counsellor made (for one client, or all), newest first."""
    require_role(store, Role.COUNSELLOR)
    return CounselStore(store.db).sent(client)


# ---------------------------------------------------------------------- words and JSON
def exercise_words(exercise: DeskExercise) -> str:
    """One assigned exercise in a line: status, date (overdue marked), what opens it."""
    parts = [translated(STATUS_WORDS[exercise.status])]
    if exercise.answers_shared and exercise.status is not DeskStatus.SHARED_BACK:
        n = exercise.answers_shared
        parts.append(ngettext("{n} answer shared", "{n} answers shared", n).format(n=n))
    if exercise.due:
        if exercise.overdue:
            parts.append(tr("overdue since {day}").format(day=exercise.due))
        else:
            parts.append(tr("due {day}").format(day=exercise.due))
    if exercise.after_title:
        parts.append(tr("opens after {title}").format(title=exercise.after_title))
    return " · ".join(parts)


def counts_words(client: DeskClient) -> str:
    """The client's numbers in a line: assigned, done, overdue, next date."""
    parts = [
        ngettext("{done} of {n} done", "{done} of {n} done", client.assigned).format(
            done=client.done, n=client.assigned
        )
    ]
    if client.overdue:
        parts.append(
            ngettext("{n} overdue", "{n} overdue", client.overdue).format(n=client.overdue)
        )
    upcoming = [e.due for e in client.exercises if e.due and not e.done and not e.overdue]
    if upcoming:
        parts.append(tr("next due {day}").format(day=min(upcoming)))
    if not client.assigned:
        parts = [tr("nothing assigned")]
    return " · ".join(parts)


def received_words(client: DeskClient) -> str:
    """When the last file came, and whether the client is archived."""
    if client.last_received:
        words = tr("last file received {day}").format(day=client.last_received[:10])
    else:
        words = tr("no file received yet")
    if client.archived:
        words += " · " + tr("archived")
    return words


def client_json(client: DeskClient) -> dict[str, Any]:
    """The facts of one client, as ``clients --json`` and ``client show --json`` print them."""
    return {
        "label": client.label,
        "archived": client.archived,
        "last_received": client.last_received,
        "last_activity": client.last_activity,
        "next_due": client.next_due,
        "counts": {
            "assigned": client.assigned,
            "done": client.done,
            "overdue": client.overdue,
            "answers_shared": client.answers_shared,
        },
        "assigned": [
            {
                "exercise_id": e.exercise_id,
                "title": e.title,
                "status": e.status.value,
                "progress": e.progress.value,
                "due": e.due,
                "overdue": e.overdue,
                "note": e.note,
                "after": e.after,
                "after_title": e.after_title,
                "assigned_at": e.assigned_at,
                "reported_at": e.reported_at,
                "answers_shared": e.answers_shared,
            }
            for e in client.exercises
        ],
        "also_shared": list(client.also_shared),
    }
