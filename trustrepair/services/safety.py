"""The private safety check that gates every exercise for two people, and closing work for two.

Its answers stay in the person's own vault and are never shown to anyone else, never shared
and never included in a summary for someone else. Each time a person takes the check is a
dated entry of its own (the check is repeatable and always starts blank); the newest finished
one decides. While a new time is only part done, the last finished one still stands.

Either person can also close work for two at any time, with one button and no reason. Only
the person whose vault holds the closure can open it again, signed in on their own. What a
pair sees when work for two is closed never says whether a check or a closure did it, nor
whose (see :func:`trustrepair.services.joint.check_pair`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from trustrepair.content.library import Library
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.profile import SafetyResult
from trustrepair.domain.step_kinds import raises_concern
from trustrepair.i18n import N_, Marked
from trustrepair.services import profile_settings
from trustrepair.storage.store import VaultStore, now_iso

SETTING_KEY = "safety_check"
"""The outcome of the newest finished check, kept beside its entry (older vaults hold only
this)."""
CLOSED_KEY = "joint_closed"
"""Set when this person closed work for two: ``{"closed_at": timestamp}``."""


class JointAccess(StrEnum):
    """Whether exercises for two are offered, and if not, why (told only to the person)."""

    ALLOWED = "allowed"
    CHECK_NEEDED = "check_needed"
    CONCERN = "concern"
    CLOSED = "closed"  # this person closed work for two
    UNAVAILABLE = "unavailable"  # the library has no safety check (a broken install)


CLOSED_FOR_NOW = N_("Exercises for two are closed for now.")
"""The only words shown where someone else might be looking (whatever closed them)."""

JOINT_EXPLANATIONS: dict[JointAccess, Marked] = {
    JointAccess.ALLOWED: Marked(""),  # nothing to explain; never shown
    JointAccess.CHECK_NEEDED: N_(
        "Exercises for two people open after a short private safety check. "
        "You do it alone, and your answers are never shown to anyone."
    ),
    JointAccess.CONCERN: N_(
        "From what you answered in the safety check, exercises done together are not the right "
        "tool for now. This is not a judgement of you. When someone is afraid or controlled, "
        "has hurt or frightened the other person, or is carrying thoughts of harming "
        "themselves, working through hard things side by side can add risk and weight, and "
        "other help comes first. Help and safety lists crisis lines, support lines, and lines "
        "for people who want to stop hurting someone; a counsellor can help you think about "
        "what is safe. You can keep using the exercises for one person, and you can take the "
        "check again when things change."
    ),
    JointAccess.CLOSED: N_(
        "You closed exercises for two. Nobody was told why, and nobody needs to be. They stay "
        "closed until you open them again here, signed in on your own; nobody else can open "
        "them for you."
    ),
    JointAccess.UNAVAILABLE: N_(
        "Exercises for two people are not available because the safety check could not be "
        "loaded. Please reinstall trustrepair."
    ),
}


@dataclass(frozen=True)
class SafetyService:
    """The safety check's dated entries and outcome, and closing work for two, for one vault."""

    store: VaultStore
    library: Library

    def exercise(self) -> Exercise | None:
        """The safety-check exercise from the library."""
        return self.library.safety_check()

    # ------------------------------------------------------------------ the check
    def checks(self) -> list[SafetyResult]:
        """Every finished time through the check, newest first (shown only to the person)."""
        exercise = self.exercise()
        if exercise is None:
            return []
        found = []
        for record in self.store.history(exercise.id):
            if record.entry.completed_at is None:
                continue
            answers = {k: a.value for k, a in record.answers.items()}
            found.append(SafetyResult(record.entry.completed_at, raises_concern(exercise, answers)))
        return found

    def result(self) -> SafetyResult | None:
        """The newest finished check, if any (its entry, or the outcome kept beside it)."""
        kept = profile_settings.get(self.store, SETTING_KEY)
        candidates = self.checks()[:1]
        if kept is not None:
            candidates.append(SafetyResult(kept["completed_at"], kept["concern"]))
        if not candidates:
            return None
        return max(candidates, key=lambda r: r.completed_at)

    def in_progress(self) -> bool:
        """Whether a time through the check was begun and not finished yet."""
        exercise = self.exercise()
        if exercise is None:
            return False
        entry = self.store.current_entry(exercise.id)
        return entry is not None and entry.completed_at is None

    def record(self) -> SafetyResult:
        """Evaluate the check just finished (the newest entry) and keep its outcome."""
        exercise = self.exercise()
        if exercise is None:
            raise LookupError("the library has no safety check")
        answers = {k: a.value for k, a in self.store.answers_for(exercise.id).items()}
        entry = self.store.current_entry(exercise.id)
        stamp = entry.completed_at if entry is not None and entry.completed_at else now_iso()
        result = SafetyResult(completed_at=stamp, concern=raises_concern(exercise, answers))
        self.store.set_setting(
            SETTING_KEY, {"completed_at": result.completed_at, "concern": result.concern}
        )
        return result

    def check_access(self) -> JointAccess:
        """What the check alone says: taken and clear, raised a concern, or not taken."""
        if self.exercise() is None:
            return JointAccess.UNAVAILABLE
        result = self.result()
        if result is None:
            return JointAccess.CHECK_NEEDED
        return JointAccess.CONCERN if result.concern else JointAccess.ALLOWED

    # ------------------------------------------------------------------ closing
    def closed_at(self) -> str | None:
        """When this person closed work for two, or None when they have not."""
        raw = self.store.get_setting(CLOSED_KEY)
        if isinstance(raw, dict) and isinstance(raw.get("closed_at"), str):
            return str(raw["closed_at"])
        return None

    def close_joint(self) -> None:
        """Close work for two (one button, no reason asked; kept until this person reopens)."""
        if self.closed_at() is None:
            self.store.set_setting(CLOSED_KEY, {"closed_at": now_iso()})

    def reopen_joint(self) -> None:
        """Open work for two again: only from this person's own profile, signed in alone."""
        self.store.delete_setting(CLOSED_KEY)

    # ------------------------------------------------------------------ together
    def access(self) -> JointAccess:
        """Whether joint exercises are offered now, and the first reason if not."""
        check = self.check_access()
        if check in (JointAccess.UNAVAILABLE, JointAccess.CONCERN):
            return check
        if self.closed_at() is not None:
            return JointAccess.CLOSED
        return check

    def reasons(self) -> list[JointAccess]:
        """Every reason work for two is closed for this person (the check, their closure)."""
        found: list[JointAccess] = []
        check = self.check_access()
        if check in (JointAccess.UNAVAILABLE, JointAccess.CONCERN):
            found.append(check)
        if self.closed_at() is not None:
            found.append(JointAccess.CLOSED)
        return found
