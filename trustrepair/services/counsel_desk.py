"""Working with a counsellor, bound to one open profile: what the window's views receive.

A view gets a desk instead of the profile's store: :class:`CounsellorDesk` for a counsellor's
clients screen and assignment dialog, :class:`ClientDesk` for a client's home card, the
exercise's note, the assignment preview and the share dialog. Each method is one call into
:mod:`~trustrepair.services.desk`, :mod:`~trustrepair.services.assignments` or
:mod:`~trustrepair.services.counsel`, which hold the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from trustrepair.services import assignments, counsel, desk, signing

if TYPE_CHECKING:
    from trustrepair.content.library import Library
    from trustrepair.domain.counsel import (
        AssignedExercise,
        DeskClient,
        ReceivedAssignment,
        SentAssignment,
        SharedExercise,
    )
    from trustrepair.domain.exercise import Exercise
    from trustrepair.storage.store import VaultStore


class CounsellorDesk:
    """A counsellor's side: their clients, what each shared, and the assignments sent.

    ``library`` is the counsellor's (:func:`counsel.client_library`): the shipped exercises
    and the ones they wrote. ``today`` fixes the day overdue is judged by (tests set it).
    """

    def __init__(self, store: VaultStore, library: Library, today: date | None = None) -> None:
        self._store = store
        self.library = library
        self.today = today

    def day(self) -> date:
        """The day dates are judged by."""
        return self.today or date.today()

    def clients(self) -> list[DeskClient]:
        """Every client, with what was assigned and what came back."""
        return desk.build_desk(self._store, self.library, self.day())

    def labels(self) -> list[str]:
        """Every client's label."""
        return [c.label for c in self.clients()]

    def client_exercises(self, label: str) -> list[SharedExercise]:
        """What the client ``label`` shared, by exercise."""
        return desk.client_exercises(self._store, label)

    def sent_assignments(self, label: str) -> list[SentAssignment]:
        """The exercises assigned to the client ``label``, newest first."""
        return desk.sent_assignments(self._store, label)

    def set_archived(self, label: str, archived: bool) -> str:
        """Archive a client or bring them back; returns their label."""
        return desk.set_archived(self._store, label, archived)

    def check_custom(self, path: Path) -> tuple[Exercise, str, str]:
        """A custom exercise file checked as it is attached: ``(exercise, name, text)``;
        problems name the file, line and column."""
        return assignments.check_custom(self.library, path)

    def file_name(self, client: str) -> str:
        """The file name to suggest for an assignment for ``client``."""
        return assignments.assignment_file_name(client, self.day())

    def check_due(self, day: str | None) -> None:
        """Refuse a date that is not one, or that has passed."""
        assignments.check_due(day, self.day())

    def similar_label(self, label: str) -> str | None:
        """An existing client's label that ``label`` matches only in capitals or spaces."""
        try:
            counsel.known_label(self._store, label, merge=False)
        except counsel.SimilarLabel as similar:
            return similar.existing
        return None

    def write_assignment(
        self,
        client: str,
        exercises: Sequence[AssignedExercise],
        path: Path,
        custom_sources: Sequence[tuple[str, str]] = (),
        *,
        merge: bool = False,
    ) -> assignments.AssignmentPacket:
        """Write an assignment file for ``client`` and remember it was sent."""
        packet = assignments.write_assignment(
            self._store,
            self.library,
            client,
            exercises,
            path,
            custom_sources,
            merge=merge,
            today=self.day(),
        )
        self.library = counsel.client_library(self._store, counsel.shipped_part(self.library))
        return packet

    def read_shared(self, path: Path, passphrase: str | None) -> counsel.SharedPacket:
        """A share file, checked (nothing is kept yet)."""
        return counsel.read_shared(path, passphrase)

    def keep_shared(
        self,
        packet: counsel.SharedPacket,
        *,
        merge: bool = False,
        accept_sender: str | None = None,
    ) -> counsel.SharedImport:
        """Keep what a client shared in a checked file (``accept_sender``: the fingerprint
        accepted for a first file from this client)."""
        return counsel.keep_shared(
            self._store,
            packet,
            library=self.library,
            merge=merge,
            accept_sender=accept_sender,
        )

    def import_shared(
        self, path: Path, passphrase: str | None, accept_sender: str | None = None
    ) -> counsel.SharedImport:
        """Keep what a client shared in the file at ``path``."""
        return counsel.import_shared(
            self._store,
            path,
            passphrase=passphrase,
            library=self.library,
            accept_sender=accept_sender,
        )

    def fingerprint(self) -> str:
        """This counsellor's own fingerprint, to read to clients."""
        return signing.identity(self._store).fingerprint


class ClientDesk:
    """A client's side: the assignments received, and what may be shared back."""

    def __init__(self, store: VaultStore, library: Library, today: date | None = None) -> None:
        self._store = store
        self.library = library
        self.today = today

    def received_assignments(self) -> list[ReceivedAssignment]:
        """The exercises counsellors assigned, newest first."""
        return assignments.received_assignments(self._store)

    def assigned(self) -> list[assignments.ClientAssignment]:
        """Each assigned exercise once, with status, date, overdue and what opens it."""
        return assignments.client_assignments(self._store, self.library, self.today)

    def counsellor_note(self, exercise_id: str) -> tuple[str, str] | None:
        """``(counsellor, note)`` for an assigned exercise with a note, else None."""
        return assignments.counsellor_note(self._store, exercise_id)

    def preview_assignment(
        self, path: Path, base: Library, accept_sender: str | None = None
    ) -> assignments.AssignmentPreview:
        """What an assignment file holds and what keeping it changes (nothing is kept).

        ``base`` is the shipped and the person's own library, without custom exercises;
        ``accept_sender`` the fingerprint accepted for a first file from this counsellor.
        """
        return assignments.preview_assignment(self._store, base, path, accept_sender=accept_sender)

    def keep_assignment(
        self, preview: assignments.AssignmentPreview
    ) -> assignments.AssignmentPreview:
        """Keep a previewed assignment."""
        return assignments.keep_assignment(self._store, preview)

    def offered_for_sharing(self) -> tuple[set[str], set[str]]:
        """``(assigned, worked)``: exercise ids assigned, and ids with progress or answers."""
        assigned = {a.exercise_id for a in self.received_assignments()}
        store = self._store
        worked = set(store.all_progress()) | {a.exercise_id for a in store.all_answers()}
        return assigned, worked

    def plan_share(self, exercise_ids: Sequence[str]) -> counsel.SharePlan:
        """Exactly what a share file of ``exercise_ids`` would hold."""
        return counsel.plan_share(self._store, self.library, exercise_ids)

    def write_share(
        self, plan: counsel.SharePlan, path: Path, passphrase: str | None = None
    ) -> str:
        """Write ``plan`` to ``path``, signed by this profile; returns the note to show."""
        return counsel.write_share(self._store, plan, path, passphrase=passphrase)

    def fingerprint(self) -> str:
        """This profile's own fingerprint, to read to a counsellor."""
        return signing.identity(self._store).fingerprint
