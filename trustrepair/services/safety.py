"""The private safety check that gates every exercise for two people.

Its answers stay in the person's own vault and are never shown to anyone else, never shared
and never included in a summary for someone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from trustrepair.content.library import Library
from trustrepair.domain.answers import Status
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.profile import SafetyResult
from trustrepair.domain.step_kinds import raises_concern
from trustrepair.services import profile_settings
from trustrepair.storage.store import VaultStore, now_iso

SETTING_KEY = "safety_check"


class JointAccess(StrEnum):
    """Whether exercises for two are offered, and if not, why."""

    ALLOWED = "allowed"
    CHECK_NEEDED = "check_needed"
    CONCERN = "concern"
    UNAVAILABLE = "unavailable"  # the library has no safety check (a broken install)


JOINT_EXPLANATIONS: dict[JointAccess, str] = {
    JointAccess.ALLOWED: "",
    JointAccess.CHECK_NEEDED: (
        "Exercises for two people open after a short private safety check. "
        "You do it alone, and your answers are never shown to anyone."
    ),
    JointAccess.CONCERN: (
        "From what you shared in the safety check, exercises done together are not the right "
        "tool for now. This is not a judgement of you. When someone feels afraid, controlled or "
        "unsafe, working side by side can put them at more risk. A counsellor or a support line "
        "can help you think about what is safe. You can keep using the exercises for one person, "
        "and you can take the check again if things change."
    ),
    JointAccess.UNAVAILABLE: (
        "Exercises for two people are not available because the safety check could not be "
        "loaded. Please reinstall trustrepair."
    ),
}


@dataclass(frozen=True)
class SafetyService:
    """Reads and records the outcome of the safety check for one vault."""

    store: VaultStore
    library: Library

    def exercise(self) -> Exercise | None:
        """The safety-check exercise from the library."""
        return self.library.safety_check()

    def result(self) -> SafetyResult | None:
        """The last completed check, if any."""
        raw = profile_settings.get(self.store, SETTING_KEY)
        if raw is None:
            return None
        return SafetyResult(completed_at=raw["completed_at"], concern=raw["concern"])

    def record(self) -> SafetyResult:
        """Evaluate the saved answers of the check and remember the outcome."""
        exercise = self.exercise()
        if exercise is None:
            raise LookupError("the library has no safety check")
        answers = {k: a.value for k, a in self.store.answers_for(exercise.id).items()}
        result = SafetyResult(completed_at=now_iso(), concern=raises_concern(exercise, answers))
        self.store.set_setting(
            SETTING_KEY, {"completed_at": result.completed_at, "concern": result.concern}
        )
        return result

    def access(self) -> JointAccess:
        """Whether joint exercises are offered now."""
        exercise = self.exercise()
        if exercise is None:
            return JointAccess.UNAVAILABLE
        result = self.result()
        if result is None:
            progress = self.store.get_progress(exercise.id)
            if progress is not None and progress.status is Status.COMPLETED:
                result = self.record()
            else:
                return JointAccess.CHECK_NEEDED
        return JointAccess.CONCERN if result.concern else JointAccess.ALLOWED

    def reset(self) -> None:
        """Forget the outcome so the check can be taken again."""
        self.store.set_setting(SETTING_KEY, None)
