"""The services of one open profile, made from its store: what the window hands its views.

Views receive services, never storage: a screen's ``build`` asks this for the services it
needs (``ProfileServices(vault.store, library).overview()``), and tests make views the same way.
Each method makes a fresh, cheap object bound to the store and the library given. The
records of storage that views show (:class:`BackupInfo`) are named here too, so that no view
imports storage (an import-linter contract in ``pyproject.toml`` keeps it so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trustrepair.storage.backup import BackupInfo as BackupInfo

if TYPE_CHECKING:
    from trustrepair.content.library import Library
    from trustrepair.domain.exercise import Exercise
    from trustrepair.domain.profile import ProfileInfo
    from trustrepair.services.counsel_desk import ClientDesk, CounsellorDesk
    from trustrepair.services.distance import DistanceDesk
    from trustrepair.services.history import HistoryService
    from trustrepair.services.notices import Notice
    from trustrepair.services.overview import OverviewService
    from trustrepair.services.promises import PromiseLedger
    from trustrepair.services.reminders import ReminderService
    from trustrepair.services.safety import SafetyService
    from trustrepair.services.summary import SummaryService
    from trustrepair.services.support import SupportLines
    from trustrepair.services.trends import TrendsService
    from trustrepair.services.walk import ExerciseWalk
    from trustrepair.storage.store import VaultStore


class ProfileServices:
    """Every service a screen of one open profile may need."""

    def __init__(self, store: VaultStore, library: Library) -> None:
        self._store = store
        self.library = library

    def profile(self) -> ProfileInfo:
        """Who the profile is (name, track, relationship, role)."""
        profile = self._store.get_profile()
        if profile is None:
            raise LookupError("this vault has no profile yet")
        return profile

    def take_notices(self) -> list[Notice]:
        """What the person is owed being told once (each is forgotten as it is taken)."""
        from trustrepair.services.notices import take_notices

        return take_notices(self._store)

    def overview(self) -> OverviewService:
        """The path on the home screen."""
        from trustrepair.services.overview import OverviewService

        return OverviewService(self._store, self.library)

    def safety(self) -> SafetyService:
        """The private safety check's outcome."""
        from trustrepair.services.safety import SafetyService

        return SafetyService(self._store, self.library)

    def distance(self) -> DistanceDesk:
        """Exercises for two done at a distance: this person's side, and the partner's files."""
        from trustrepair.services.distance import DistanceDesk

        return DistanceDesk(self._store, self.library)

    def walk(self, exercise: Exercise) -> ExerciseWalk:
        """One person's way through ``exercise``, saved as it goes."""
        from trustrepair.services.walk import ExerciseWalk

        return ExerciseWalk(self._store, exercise)

    def promises(self) -> PromiseLedger:
        """Every promise, where it stands, and what is due."""
        from trustrepair.services.promises import PromiseLedger

        return PromiseLedger(self._store, self.library)

    def reminders(self) -> ReminderService:
        """Reminders in the person's calendar, and what is due now."""
        from trustrepair.services.reminders import ReminderService

        return ReminderService(self._store, self.library)

    def trends(self) -> TrendsService:
        """Ratings, promises and appreciations over time."""
        from trustrepair.services.trends import TrendsService

        return TrendsService(self._store, self.library)

    def history(self) -> HistoryService:
        """Every time through each exercise, for looking back."""
        from trustrepair.services.history import HistoryService

        return HistoryService(self._store, self.library)

    def client_desk(self) -> ClientDesk:
        """A client's side of working with a counsellor."""
        from trustrepair.services.counsel_desk import ClientDesk

        return ClientDesk(self._store, self.library)

    def counsellor_desk(self) -> CounsellorDesk:
        """A counsellor's clients."""
        from trustrepair.services.counsel_desk import CounsellorDesk

        return CounsellorDesk(self._store, self.library)

    def summary(self) -> SummaryService:
        """Printable summaries."""
        from trustrepair.services.summary import SummaryService

        return SummaryService(self._store, self.library)

    def support_lines(self) -> SupportLines:
        """The person's own support lines, for Help and safety."""
        from trustrepair.services.support import SupportLines

        return SupportLines(self._store)
