"""Working with a counsellor, bound to one open profile: what the window's views receive.

A view gets a desk instead of the profile's store: :class:`CounsellorDesk` for a counsellor's
clients screen, :class:`ClientDesk` for a client's home card and share dialog. Each method is
one call into :mod:`trustrepair.services.counsel`, which holds the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trustrepair.services import counsel, signing

if TYPE_CHECKING:
    from trustrepair.content.library import Library
    from trustrepair.domain.counsel import (
        AssignedExercise,
        ClientOverview,
        ReceivedAssignment,
        SentAssignment,
        SharedExercise,
    )
    from trustrepair.storage.store import VaultStore


class CounsellorDesk:
    """A counsellor's side: their clients, what each shared, and the assignments sent."""

    def __init__(self, store: VaultStore, library: Library) -> None:
        self._store = store
        self.library = library

    def clients(self) -> list[ClientOverview]:
        """Every client, with how much was assigned and done."""
        return counsel.clients(self._store)

    def client_exercises(self, label: str) -> list[SharedExercise]:
        """What the client ``label`` shared, by exercise."""
        return counsel.client_exercises(self._store, label)

    def sent_assignments(self, label: str) -> list[SentAssignment]:
        """The exercises assigned to the client ``label``."""
        return counsel.sent_assignments(self._store, label)

    def write_assignment(
        self, client: str, exercises: Sequence[AssignedExercise], path: Path
    ) -> counsel.AssignmentPacket:
        """Write an assignment file for ``client`` and remember it was sent."""
        return counsel.write_assignment(self._store, self.library, client, exercises, path)

    def import_shared(
        self, path: Path, passphrase: str | None, accept_sender: str | None = None
    ) -> counsel.SharedImport:
        """Keep what a client shared in the file at ``path`` (``accept_sender``: the
        fingerprint accepted for a first file from this client)."""
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

    def __init__(self, store: VaultStore, library: Library) -> None:
        self._store = store
        self.library = library

    def received_assignments(self) -> list[ReceivedAssignment]:
        """The exercises counsellors assigned, newest first."""
        return counsel.received_assignments(self._store)

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
