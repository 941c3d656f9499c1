"""Two people at one computer: each answers privately, then both reveal; or taking turns.

The person signed in (``first``) invites a partner, who unlocks their *own* profile with their
own passphrase; each vault stays encrypted with its own key. A :class:`JointSession` then holds
both open vaults, the library and one exercise, and decides everything the window shows:

* **The safety gate.** Each person's private safety check must allow joint work. If a check
  raised a concern, nobody is told whose: one neutral, kind message for both.
* **Roles.** Who was hurt and who is repairing comes from each profile's track; when both
  profiles have the same track, the two choose at the start.
* **Parallel mode.** The first person answers their steps privately and chooses what to reveal;
  the keyboard is handed over; the second does the same; then both reveal together, step by
  step. Only revealed answers are ever copied into the other vault (``partner_answers``).
* **Together mode.** One screen, steps in order, each saying whose turn it is. A role's answer
  is saved in that person's vault and copied to the other's; an answer for both is saved in both.
  A step for ``each`` becomes two turns (the hurt person first, then the one repairing): each
  answer is saved in its writer's vault and copied to the other's, since both saw it written.
  In parallel mode ``each`` is like ``both``: each answers privately, revealed later.

Progress is remembered in both vaults (setting ``joint:<exercise id>``) so the pair resumes
where they stopped, signed in either way round: who went first, who has finished their private
turn, the place, and each person's reveal choices (kept only in their own vault). Both copies
are written together and agree; should one miss a write, the later copy is used. Nobody is
asked to do finished work again.

Autosave works like the single player: :meth:`JointSession.stage_answer` keeps the value in
memory and :meth:`JointSession.flush` writes it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from trustrepair.content.library import Library
from trustrepair.domain.answers import (
    Answer,
    JSONValue,
    Status,
    condition_holds,
    is_answered,
    visible_steps,
)
from trustrepair.domain.enums import STAGE_ORDER, Mode, Relationship, Track
from trustrepair.domain.exercise import (
    AnyStep,
    CommitmentStep,
    Exercise,
    QuoteFrom,
    Who,
    resolve_text,
)
from trustrepair.domain.promises import check_promise_date
from trustrepair.domain.step_kinds import answer_as_text, takes_answer, validate_value
from trustrepair.errors import UserFacingError
from trustrepair.i18n import N_, tr, translated
from trustrepair.services import profile_settings
from trustrepair.services.safety import JointAccess, SafetyService
from trustrepair.services.summary import describe_answer
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.services.walk import QuotedAnswer
from trustrepair.storage.store import VaultStore, now_iso

log = logging.getLogger(__name__)

SETTING_PREFIX = "joint:"
"""Per-vault setting ``joint:<exercise id>`` holding where a pair is in that exercise."""

CHECK_NEEDED = N_(
    "Exercises for two open once each of you has taken the private safety check, alone, "
    "signed in to your own profile. {names} has not taken it yet. It takes about five "
    "minutes: next time you are signed in on your own, it is on your home screen and in "
    "Help and safety."
)
CHECK_NEEDED_BOTH = N_(
    "Exercises for two open once each of you has taken the private safety check, alone, "
    "signed in to your own profile. Neither of you has taken it yet. It takes about five "
    "minutes: next time each of you is signed in on your own, it is on your home screen and "
    "in Help and safety."
)
NOT_OPEN = N_(
    "Exercises for two are closed for now. Nobody has to give a reason, and this says "
    "nothing about either of you. Each of you, signed in on your own, can see on your home "
    "screen whether there is anything you can do."
)
HELP_POINTERS = N_(
    "If anything here worries you, Help and safety (F1) lists places to turn to, "
    "and a counsellor can help you think about what is safe."
)
SAME_PROFILE = N_(
    "That is the profile already signed in. Exercises for two need the other person's own profile."
)
NOT_FOR_TWO = N_("This exercise is for one person; choose an exercise for two.")


def setting_key(exercise_id: str) -> str:
    """The settings key where both vaults remember a joint exercise."""
    return SETTING_PREFIX + exercise_id


# ---------------------------------------------------------------------- the gate
class GateOutcome(StrEnum):
    """Whether a pair may start an exercise for two."""

    READY = "ready"
    CHECK_NEEDED = "check_needed"  # someone (named) still needs their private check
    NOT_OPEN = "not_open"  # a concern, or no check in the library: never say whose


@dataclass(frozen=True)
class Gate:
    """The safety gate's answer for two people.

    Attributes:
        outcome: What the window should do.
        message: Kind, plain text to show both people (never says whose check raised a concern).
        needs_check: Names of the people who still need their private check, in order.
        show_help: Whether to offer help and safety pointers.
    """

    outcome: GateOutcome
    message: str = ""
    needs_check: tuple[str, ...] = ()
    show_help: bool = False

    @property
    def ready(self) -> bool:
        """True when the pair may begin."""
        return self.outcome is GateOutcome.READY


def check_pair(first: OpenVault, second: OpenVault, library: Library) -> Gate:
    """Both people's safety checks and closures, combined without revealing either one's.

    A concern raised by a check and work for two closed with the button read the same, for
    both people, whoever it was: one neutral message, no names.
    """
    if first.ref.folder == second.ref.folder:
        raise UserFacingError(translated(SAME_PROFILE))
    people = [(first, SafetyService(first.store, library).access())]
    people.append((second, SafetyService(second.store, library).access()))
    closed = (JointAccess.CONCERN, JointAccess.CLOSED, JointAccess.UNAVAILABLE)
    if any(access in closed for _, access in people):
        return Gate(
            GateOutcome.NOT_OPEN,
            translated(NOT_OPEN) + "\n\n" + translated(HELP_POINTERS),
            show_help=True,
        )
    waiting = tuple(v.ref.name for v, access in people if access is JointAccess.CHECK_NEEDED)
    if len(waiting) == 2:
        return Gate(GateOutcome.CHECK_NEEDED, translated(CHECK_NEEDED_BOTH), needs_check=waiting)
    if waiting:
        return Gate(
            GateOutcome.CHECK_NEEDED,
            translated(CHECK_NEEDED).format(names=waiting[0]),
            needs_check=waiting,
        )
    return Gate(GateOutcome.READY)


def close_for_both(first: OpenVault, second: OpenVault, library: Library) -> Gate:
    """Close work for two from a screen both sit at: one button, no reason asked.

    Side by side nobody can tell who pressed it, so it is closed in both vaults and each
    person opens their own side again, signed in alone; joint work opens only when both have.
    The pair sees the same words as for any other closing.
    """
    for vault in (first, second):
        SafetyService(vault.store, library).close_joint()
    return check_pair(first, second, library)


def open_partner(vaults: Vaults, first: OpenVault, name: str, passphrase: str | None) -> OpenVault:
    """Unlock the partner's own profile with the passphrase they typed.

    Raises:
        UserFacingError: the name is the signed-in profile itself.
        WrongPassphrase, VaultInUse, ProfileNotFound, TooManyAttempts: from :meth:`Vaults.open`.
    """
    ref = vaults.find(name)
    if ref.folder == first.ref.folder:
        raise UserFacingError(translated(SAME_PROFILE))
    return vaults.open(ref.name, passphrase or None)


def partner_names(vaults: Vaults, first: OpenVault) -> list[str]:
    """The profiles that could join the signed-in person (everyone but themselves)."""
    return [r.name for r in vaults.list() if r.folder != first.ref.folder]


def joint_exercises(library: Library, relationship: Relationship) -> list[Exercise]:
    """Exercises for two that fit the relationship, in path order."""
    found = [
        e
        for e in library.exercises.values()
        if e.mode.is_joint and relationship in e.relationships and not e.safety_check
    ]
    return sorted(found, key=lambda e: (STAGE_ORDER.index(e.stage), e.order, e.title))


def is_resuming(first: OpenVault, exercise_id: str, partner: str) -> bool:
    """Whether ``first`` stopped ``exercise_id`` part-way with ``partner`` (their roles kept)."""
    return _read_state(first.store, exercise_id, partner) is not None


def needs_role_choice(first: OpenVault, second: OpenVault) -> bool:
    """Whether both profiles have the same track, so the two must choose roles."""
    a, b = first.store.get_profile(), second.store.get_profile()
    return a is None or b is None or a.track is b.track


# ---------------------------------------------------------------------- the session
class Phase(StrEnum):
    """Where a pair is in a joint exercise."""

    INTRO = "intro"
    PRIVATE = "private"  # parallel: one person answers their steps alone
    CHOOSE = "choose"  # parallel: that person chooses what to reveal
    REVEAL = "reveal"  # parallel: both look at the answers side by side
    TURNS = "turns"  # together: one shared screen, step by step
    FINISHED = "finished"


class CellState(StrEnum):
    """What one person's side of a reveal row shows."""

    SHOWN = "shown"
    KEPT_PRIVATE = "kept_private"
    NOT_ANSWERED = "not_answered"
    NOT_THEIRS = "not_theirs"  # the step was for the other person


@dataclass(frozen=True)
class RevealCell:
    """One person's side of one step on the reveal screen (a held-back value is never here)."""

    name: str
    state: CellState
    value: JSONValue = None


@dataclass(frozen=True)
class RevealRow:
    """One step on the reveal screen: both people's sides."""

    step: AnyStep
    cells: tuple[RevealCell, RevealCell]


@dataclass(frozen=True)
class Turn:
    """One entry on the shared screen: a step and who writes its answer.

    Attributes:
        step: The step shown.
        writer: Index into :attr:`JointSession.people` of the one who writes; None when the two
            write one shared answer (or read together).
    """

    step: AnyStep
    writer: int | None = None

    @property
    def each(self) -> bool:
        """Whether this is one person's turn at a step both answer for themselves."""
        return self.step.who is Who.EACH


@dataclass(frozen=True)
class Person:
    """One of the two, with their open vault and role in this exercise."""

    vault: OpenVault
    role: Track

    @property
    def name(self) -> str:
        """The profile name."""
        return self.vault.ref.name

    @property
    def store(self) -> VaultStore:
        """Their vault's store."""
        return self.vault.store


class JointSession:
    """Two people walking one exercise for two, resumable in both vaults.

    :attr:`people` are in the order they answer (parallel mode): the person signed in when the
    pair began goes first, and stays first whoever signs in to resume. :attr:`host` is the
    person signed in now; the other is :attr:`guest`.

    Args:
        library: The exercise library.
        exercise: A ``parallel`` or ``together`` exercise.
        first: The signed-in person's vault.
        second: The partner's vault.
        first_role: The signed-in person's role when both profiles have the same track
            (ignored otherwise; a resumed session keeps the roles it started with).
    """

    def __init__(
        self,
        library: Library,
        exercise: Exercise,
        first: OpenVault,
        second: OpenVault,
        *,
        first_role: Track | None = None,
    ) -> None:
        if not exercise.mode.is_joint:
            raise UserFacingError(translated(NOT_FOR_TWO))
        if first.ref.folder == second.ref.folder:
            raise UserFacingError(translated(SAME_PROFILE))
        self.library = library
        self.exercise = exercise
        profile_a, profile_b = first.store.get_profile(), second.store.get_profile()
        if profile_a is None or profile_b is None:
            raise UserFacingError(tr("Both profiles need to be set up first."))
        states = (
            _read_state(first.store, exercise.id, second.ref.name),
            _read_state(second.store, exercise.id, first.ref.name),
        )
        saved = _newest(states)
        role_a = _role_from_state(states[0])
        if role_a is None and states[1] is not None:
            role_b = _role_from_state(states[1])
            role_a = _other(role_b) if role_b is not None else None
        if role_a is None:
            if profile_a.track is not profile_b.track:
                role_a = profile_a.track
            else:
                role_a = first_role or profile_a.track
        host, guest = Person(first, role_a), Person(second, _other(role_a))
        # Whoever answered first stays first, whoever signs in this time.
        swapped = saved is not None and saved.get("first") == second.ref.name
        self.people: tuple[Person, Person] = (guest, host) if swapped else (host, guest)
        self.host_index = 1 if swapped else 0
        # The wording chosen when the pair began, so both see the same whoever signs in.
        self.relationship: Relationship = _relationship_from_state(saved) or profile_a.relationship
        self._after_reveal = after_reveal_steps(exercise)
        self._values: list[dict[str, JSONValue]] = [{}, {}]
        self._pending: list[dict[str, JSONValue]] = [{}, {}]
        self._held: list[set[str]] = [set(), set()]
        self._done: set[str] = set()
        """Names of the people who finished answering and choosing what to reveal."""
        self._stamp = ""
        self.phase = Phase.INTRO
        self.turn = 0  # whose private turn it is (parallel)
        self.index = 0
        self.awaiting_handover = False
        # A repeatable exercise finished last time is a new time through: new entries in both
        # vaults once the pair begins, the earlier ones left as they were.
        self._new_time = self._finished_last_time(saved)
        if self._new_time:
            self._prefill()
        else:
            self._load_answers()
            if saved is not None:
                self._restore(saved)

    # ------------------------------------------------------------------ who is who
    @property
    def mode(self) -> Mode:
        """``parallel`` or ``together``."""
        return self.exercise.mode

    @property
    def first(self) -> Person:
        """The one who answers first (parallel mode), whoever is signed in now."""
        return self.people[0]

    @property
    def second(self) -> Person:
        """The one who answers second."""
        return self.people[1]

    @property
    def host(self) -> Person:
        """The person signed in now (their profile stays open afterwards)."""
        return self.people[self.host_index]

    @property
    def guest(self) -> Person:
        """The partner signed in beside them (locked again when the pair leaves)."""
        return self.people[1 - self.host_index]

    def finished_private(self, who: int) -> bool:
        """Whether one person has answered and chosen what to reveal (parallel mode)."""
        return self.people[who].name in self._done

    def by_role(self, role: Track) -> Person:
        """The person in ``role``."""
        return self.people[0] if self.people[0].role is role else self.people[1]

    @property
    def current_person(self) -> Person:
        """Whose private turn it is (parallel mode)."""
        return self.people[self.turn]

    @property
    def other_person(self) -> Person:
        """The one looking away (parallel mode)."""
        return self.people[1 - self.turn]

    # ------------------------------------------------------------------ steps
    def steps_for(self, who: int) -> list[AnyStep]:
        """The steps one person sees in parallel mode: theirs and both, visible by their answers.

        Steps meant for after the reveal (see :func:`after_reveal_steps`) are not among them.
        """
        role = self.people[who].role
        later = self._after_reveal
        return [
            s
            for s in visible_steps(self.exercise, self._values[who])
            if (s.who in (None, Who.BOTH, Who.EACH) or s.who.value == role.value)
            and s.id not in later
        ]

    def shared_turns(self) -> list[Turn]:
        """The turns done side by side: all of together mode, or parallel mode's after-reveal.

        A step for ``each`` gives two turns, the hurt person's first; a condition on it is read
        from the writer's own answers. Any other step is shown if its condition holds for
        either person.
        """
        turns: list[Turn] = []
        for step in self.exercise.steps:
            if self.mode is Mode.PARALLEL and step.id not in self._after_reveal:
                continue
            if step.who is Who.EACH:
                turns.extend(Turn(step, w) for w in self._each_order() if self._shows(step, w))
            elif self._shows(step, None):
                owners = self._together_owners(step)
                turns.append(Turn(step, owners[0] if len(owners) == 1 else None))
        return turns

    def shared_steps(self) -> list[AnyStep]:
        """The steps done side by side (each once, however many turns it takes)."""
        steps: list[AnyStep] = []
        for turn in self.shared_turns():
            if turn.step not in steps:
                steps.append(turn.step)
        return steps

    def steps(self) -> list[AnyStep]:
        """The steps of the current phase (one entry per turn on the shared screen)."""
        if self.phase is Phase.TURNS:
            return [turn.step for turn in self.shared_turns()]
        if self.phase is Phase.PRIVATE:
            return self.steps_for(self.turn)
        return []

    @property
    def current_turn(self) -> Turn | None:
        """The turn shown now on the shared screen, else None."""
        if self.phase is not Phase.TURNS:
            return None
        turns = self.shared_turns()
        return turns[self.index] if 0 <= self.index < len(turns) else None

    def answer_before(self, turn: Turn | None = None) -> tuple[str, JSONValue] | None:
        """The first person's answer when ``turn`` (default: now) is the second at an ``each`` step.

        The second person sees it above their own so they can respond to it; None for any other
        turn, or when the first left it unanswered.
        """
        turn = self.current_turn if turn is None else turn
        if turn is None or not turn.each or turn.writer is None:
            return None
        first = self._each_order()[0]
        if turn.writer == first:
            return None
        value = self._values[first].get(turn.step.id)
        if not is_answered(value):
            return None
        return self.people[first].name, value

    @property
    def total(self) -> int:
        """How many steps (or reveal rows) the current phase has."""
        if self.phase is Phase.REVEAL:
            return len(self.reveal_rows())
        return len(self.steps())

    @property
    def progress(self) -> float:
        """How far through the current phase, 0.0 to 1.0, for a progress bar.

        Measured over every step the phase could show, whatever the answers: a follow-up step
        that appears adds to the count ("4 of 6" becomes "4 of 7") but never moves the bar
        back, and one that stays hidden moves it forward (as :attr:`ExerciseWalk.progress`).
        """
        if self.phase is Phase.FINISHED:
            return 1.0
        if self.phase is Phase.REVEAL:
            rows = len(self.reveal_rows())
            return min(self.index + 1, rows) / rows if rows else 0.0
        candidates: list[tuple[str, int | None]]
        place: tuple[str, int | None] | None
        if self.phase is Phase.PRIVATE:
            step = self.current
            role = self.people[self.turn].role
            later = self._after_reveal
            candidates = [
                (s.id, None)
                for s in self.exercise.steps
                if (s.who in (None, Who.BOTH, Who.EACH) or s.who.value == role.value)
                and s.id not in later
            ]
            place = (step.id, None) if step is not None else None
        elif self.phase is Phase.TURNS:
            turn = self.current_turn
            candidates = []
            for s in self.exercise.steps:
                if self.mode is Mode.PARALLEL and s.id not in self._after_reveal:
                    continue
                if s.who is Who.EACH:
                    candidates.extend((s.id, w) for w in self._each_order())
                else:
                    candidates.append((s.id, None))
            place = None
            if turn is not None:
                place = (turn.step.id, turn.writer if turn.step.who is Who.EACH else None)
        else:
            return 0.0
        if place is None or place not in candidates:
            return 1.0 if self.index >= self.total else 0.0
        return (candidates.index(place) + 1) / len(candidates)

    @property
    def current(self) -> AnyStep | None:
        """The step shown now (private or together phases), else None."""
        steps = self.steps()
        if 0 <= self.index < len(steps):
            return steps[self.index]
        return None

    def value(self, step_id: str) -> JSONValue:
        """The newest value of a step for whoever answers it now."""
        if self.phase is Phase.TURNS:
            turn = self.current_turn
            if turn is not None and turn.each and turn.step.id == step_id:
                assert turn.writer is not None
                return self._values[turn.writer].get(step_id)
            return self._together_values().get(step_id)
        return self._values[self.turn].get(step_id)

    def quoted(self, step: AnyStep) -> QuotedAnswer | None:
        """The earlier answer ``step`` shows read-only above its field (``quote:``), if any.

        From this time through: what the person answering now can see (their own private
        answers; on the shared screen, what was written there). From the time before: the
        signed-in person's earlier entry.
        """
        quote = step.quoted
        if quote is None:
            return None
        source = self.exercise.step(quote.step)
        if quote.from_ is QuoteFrom.THIS:
            value = self.value(quote.step)
            return QuotedAnswer(source, value, "", False) if is_answered(value) else None
        current = self.people[0].store.current_entry(self.exercise.id)
        for record in self.people[0].store.history(self.exercise.id):
            if current is not None and not self._new_time and record.entry.id == current.id:
                continue
            answer = record.answers.get(quote.step)
            if answer is not None and is_answered(answer.value):
                return QuotedAnswer(source, answer.value, record.entry.started_at, True)
        return None

    def can_advance(self) -> bool:
        """Whether Next is allowed: required input steps need an answer."""
        step = self.current
        if step is None or not takes_answer(step) or step.optional:
            return True
        return is_answered(self.value(step.id))

    def turn_text(self, turn: Turn) -> str:
        """The shared screen: whose turn it is, in plain words."""
        step = turn.step
        if turn.each and turn.writer is not None:
            writer, listener = self.people[turn.writer], self.people[1 - turn.writer]
            what = _lower_first(resolve_text(step.title, self.relationship).strip().rstrip("."))
            return tr("{writer}: {what}. {listener} listens.").format(
                writer=writer.name, what=what or tr("your turn"), listener=listener.name
            )
        if step.who in (Who.HURT, Who.REPAIRING):
            assert step.who is not None
            writer = self.by_role(Track(step.who.value))
            listener = self.people[1 - self.people.index(writer)]
            return tr("{writer} writes, {listener} listens").format(
                writer=writer.name, listener=listener.name
            )
        if not takes_answer(step):
            return tr("Both of you: read this together")
        return tr("Both of you: talk it over, then write what you agree")

    # ------------------------------------------------------------------ answering
    def stage_answer(self, step_id: str, value: JSONValue) -> None:
        """Keep a new value in memory for whoever answers the current step; :meth:`flush` saves."""
        step = self.current
        if step is None or step.id != step_id:
            raise ValueError("only the step shown now can be answered")
        normalised = validate_value(step, value)
        if isinstance(step, CommitmentStep):
            who = self.turn if self.phase is Phase.PRIVATE else 0
            saved = self.people[who].store.answers_for(self.exercise.id)
            before = saved[step_id].value if step_id in saved and not self._new_time else None
            check_promise_date(normalised, before, date.today())
        if self.phase is Phase.PRIVATE:
            self._values[self.turn][step_id] = normalised
            self._pending[self.turn][step_id] = normalised
            return
        turn = self.current_turn
        owners = self._together_owners(step)
        if turn is not None and turn.each and turn.writer is not None:
            owners = (turn.writer,)
        for who in owners:
            self._values[who][step_id] = normalised
            self._pending[who][step_id] = normalised

    @property
    def dirty(self) -> bool:
        """Whether anything is waiting to be written."""
        return any(self._pending)

    def flush(self) -> bool:
        """Write pending answers, each into its owner's vault. True if anything was written."""
        wrote = False
        for who in (0, 1):
            pending, self._pending[who] = self._pending[who], {}
            if not pending:
                continue
            person, other = self.people[who], self.people[1 - who]
            try:
                if self.phase is Phase.TURNS:
                    self._save_together(person, other, pending)
                else:
                    person.store.save_answers((self.exercise.id, k, v) for k, v in pending.items())
            except Exception:
                pending.update(self._pending[who])
                self._pending[who] = pending
                raise
            wrote = True
        return wrote

    def _save_together(self, person: Person, other: Person, pending: dict[str, Any]) -> None:
        ex = self.exercise.id
        stamp = now_iso()
        with person.store.db.atomic():
            for step_id, value in pending.items():
                # Written with both watching: revealed to the partner, never shared by that.
                person.store.save_answer(ex, step_id, value, revealed=True, updated_at=stamp)
        # Both saw a role's (or each one's) answer written at the shared screen, so the other
        # keeps a copy.
        own = [
            (ex, k, v)
            for k, v in pending.items()
            if self.exercise.step(k).who not in (None, Who.BOTH)
        ]
        if own:
            other.store.save_partner_answers(person.name, own, revealed_at=stamp)

    # ------------------------------------------------------------------ moving
    def _finished_last_time(self, saved: Mapping[str, Any] | None) -> bool:
        if not self.exercise.repeatable:
            return False
        if saved is not None and saved.get("phase") not in (None, Phase.FINISHED.value):
            return False
        entry = self.people[0].store.current_entry(self.exercise.id)
        return entry is not None and entry.completed

    def _prefill(self) -> None:
        """A new time's answers: only the steps the file asks to prefill, from each person."""
        repeat = self.exercise.repeat
        self._values, self._pending = [{}, {}], [{}, {}]
        if repeat is None:
            return
        for who, person in enumerate(self.people):
            saved = person.store.answers_for(self.exercise.id)
            for step_id in repeat.prefill:
                if step_id in saved:
                    self._values[who][step_id] = saved[step_id].value

    def begin(self) -> None:
        """Leave the introduction: the first private turn, or the first shared step."""
        if self._new_time:
            for who, person in enumerate(self.people):
                person.store.start_entry(self.exercise.id, prefill=self._values[who])
            self._new_time = False
        self.flush()
        if self.mode is Mode.TOGETHER:
            self.phase, self.index = Phase.TURNS, 0
        else:
            self.phase, self.turn, self.index = Phase.PRIVATE, 0, 0
            self.awaiting_handover = True
        self._mark_started()
        self._save_state()

    def confirm_handover(self) -> None:
        """The right person now has the keyboard (or both are sitting together to reveal)."""
        self.awaiting_handover = False

    def next(self) -> None:
        """Save and go on: the next step, the choosing screen, the next reveal row, the end."""
        self.flush()
        if self.phase in (Phase.PRIVATE, Phase.TURNS):
            if not self.can_advance():
                return
            self.index += 1
            if self.index >= len(self.steps()):
                if self.phase is Phase.TURNS:
                    self._finish()
                else:
                    self.phase, self.index = Phase.CHOOSE, 0
        elif self.phase is Phase.REVEAL:
            self.index += 1
            if self.index >= len(self.reveal_rows()):
                if self.shared_steps():
                    self.phase, self.index = Phase.TURNS, 0
                else:
                    self._finish()
        self._save_state()

    def back(self) -> None:
        """Save and go back one step (never back across a hand-over)."""
        self.flush()
        if self.phase is Phase.CHOOSE:
            self.phase, self.index = Phase.PRIVATE, max(0, len(self.steps_for(self.turn)) - 1)
        elif self.phase in (Phase.PRIVATE, Phase.TURNS, Phase.REVEAL) and self.index > 0:
            self.index -= 1
        elif self.phase is Phase.TURNS and self.mode is Mode.PARALLEL:
            self.phase, self.index = Phase.REVEAL, max(0, len(self.reveal_rows()) - 1)
        self._save_state()

    # ------------------------------------------------------------------ choosing what to reveal
    def answered_steps(self, who: int | None = None) -> list[AnyStep]:
        """The input steps one person answered (the choosing screen lists these)."""
        person = self.turn if who is None else who
        values = self._values[person]
        return [
            s for s in self.steps_for(person) if takes_answer(s) and is_answered(values.get(s.id))
        ]

    def will_reveal(self, step_id: str, who: int | None = None) -> bool:
        """Whether an answer is set to be revealed (the default) rather than held back."""
        return step_id not in self._held[self.turn if who is None else who]

    def set_reveal(self, step_id: str, reveal: bool) -> None:
        """Reveal an answer (default) or hold it back; remembered only in the person's own vault."""
        held = self._held[self.turn]
        if reveal:
            held.discard(step_id)
        else:
            held.add(step_id)
        self._save_state()

    def confirm_choices(self) -> None:
        """The person is done choosing: hand over to the other, or sit together to reveal.

        Someone who has finished is never asked again: the next turn is the other's, unless
        they have finished too.
        """
        if self.phase is not Phase.CHOOSE:
            return
        self.flush()
        self._done.add(self.current_person.name)
        other = 1 - self.turn
        if not self.finished_private(other):
            self.phase, self.turn, self.index = Phase.PRIVATE, other, 0
        else:
            self._reveal()
            self.phase, self.index = Phase.REVEAL, 0
        self.awaiting_handover = True
        self._save_state()

    def _reveal(self) -> None:
        """Both chose: copy what each revealed, and only that, into the other's vault.

        Revealing sets only the ``revealed`` audience; whether an answer is shared with a
        counsellor is the person's own, separate choice. An answer held back on a later pass
        is taken out of the other's vault again.
        """
        ex = self.exercise.id
        stamp = now_iso()
        for who in (0, 1):
            person, other = self.people[who], self.people[1 - who]
            revealed: list[tuple[str, str, JSONValue]] = []
            held: list[str] = []
            with person.store.db.atomic():
                for step in self.answered_steps(who):
                    shown = self.will_reveal(step.id, who)
                    person.store.set_revealed(ex, step.id, shown)
                    if shown:
                        revealed.append((ex, step.id, self._values[who][step.id]))
                    else:
                        held.append(step.id)
            other.store.save_partner_answers(person.name, revealed, revealed_at=stamp)
            other.store.delete_partner_answers(person.name, ex, held)

    # ------------------------------------------------------------------ sharing
    def is_shared(self, step_id: str) -> bool:
        """Whether the person answering now shares this answer with a counsellor / in summaries.

        Its own choice, off unless ticked: revealing to the partner never sets it.
        """
        answer = self.current_person_store().answers_for(self.exercise.id).get(step_id)
        return answer is not None and answer.shared

    def set_shared(self, step_id: str, shared: bool) -> None:
        """Share the current person's answer with a counsellor / in summaries, or not."""
        if self.phase is not Phase.PRIVATE:
            return
        self.flush()
        self.current_person_store().set_shared(self.exercise.id, step_id, shared)

    def current_person_store(self) -> VaultStore:
        """The vault of whoever answers privately now."""
        return self.people[self.turn].store

    # ------------------------------------------------------------------ the reveal
    def reveal_rows(self) -> list[RevealRow]:
        """Every input step either person had, with both sides (held-back values left out)."""
        own = [{s.id for s in self.steps_for(who)} for who in (0, 1)]
        rows: list[RevealRow] = []
        for step in self.exercise.steps:
            if not takes_answer(step) or not (step.id in own[0] or step.id in own[1]):
                continue
            cells = tuple(self._cell(who, step, own[who]) for who in (0, 1))
            rows.append(RevealRow(step, (cells[0], cells[1])))
        return rows

    def _cell(self, who: int, step: AnyStep, mine: set[str]) -> RevealCell:
        name = self.people[who].name
        if step.id not in mine:
            return RevealCell(name, CellState.NOT_THEIRS)
        value = self._values[who].get(step.id)
        if not is_answered(value):
            return RevealCell(name, CellState.NOT_ANSWERED)
        if not self.will_reveal(step.id, who):
            return RevealCell(name, CellState.KEPT_PRIVATE)
        return RevealCell(name, CellState.SHOWN, value)

    @property
    def current_row(self) -> RevealRow | None:
        """The reveal row shown now."""
        rows = self.reveal_rows()
        return rows[self.index] if 0 <= self.index < len(rows) else None

    # ------------------------------------------------------------------ stopping and ending
    def stop(self) -> None:
        """Stop for now: save everything and remember the place in both vaults."""
        self.flush()
        self._save_state()

    def restart(self) -> None:
        """Go through the exercise again from the introduction.

        A repeatable exercise begins a new time (new entries once begun; the finished ones
        stay as they were); any other keeps its answers filled in.
        """
        self.flush()
        self.phase, self.turn, self.index = Phase.INTRO, 0, 0
        self._done.clear()
        self.awaiting_handover = False
        if self.exercise.repeatable:
            self._new_time = True
            self._held = [set(), set()]
            self._prefill()
        self._save_state()

    def _finish(self) -> None:
        self.phase, self.index = Phase.FINISHED, 0
        for person in self.people:
            person.store.mark_completed(self.exercise.id)

    def _mark_started(self) -> None:
        for person in self.people:
            progress = person.store.get_progress(self.exercise.id)
            if progress is None or progress.status is not Status.COMPLETED:
                person.store.set_position(self.exercise.id, None)

    # ------------------------------------------------------------------ persistence
    def _load_answers(self) -> None:
        ex = self.exercise.id
        for who, person in enumerate(self.people):
            for step_id, answer in person.store.answers_for(ex).items():
                self._values[who][step_id] = answer.value
        if self.mode is Mode.TOGETHER:
            # A role's answer lives in its writer's vault; the partner holds only a copy.
            for who, person in enumerate(self.people):
                for step in self.exercise.steps:
                    who_for = step.who
                    if who_for in (Who.HURT, Who.REPAIRING) and who_for.value != person.role.value:
                        self._values[who].pop(step.id, None)

    def _together_values(self, perspective: int | None = None) -> dict[str, JSONValue]:
        """The answers on the shared screen; a person's own where each answers for themselves."""
        merged: dict[str, JSONValue] = {}
        for step in self.exercise.steps:
            owners = self._together_owners(step)
            if perspective is not None and self._answered_alone(step):
                owners = (perspective,)
            for who in owners:
                if step.id in self._values[who]:
                    merged[step.id] = self._values[who][step.id]
        return merged

    def _answered_alone(self, step: AnyStep) -> bool:
        """Whether each person has their own answer to ``step`` (``each``, or parallel private)."""
        if step.who is Who.EACH:
            return True
        return (
            self.mode is Mode.PARALLEL
            and step.who in (None, Who.BOTH)
            and step.id not in self._after_reveal
        )

    def _shows(self, step: AnyStep, perspective: int | None) -> bool:
        """Whether a step's condition holds for one person, or (None) for either of them."""
        if step.when is None:
            return True
        people = (0, 1) if perspective is None else (perspective,)
        return any(condition_holds(step.when, self._together_values(w)) for w in people)

    def _together_owners(self, step: AnyStep) -> tuple[int, ...]:
        if step.who in (Who.HURT, Who.REPAIRING):
            assert step.who is not None
            return (self.people.index(self.by_role(Track(step.who.value))),)
        return (0, 1)

    def _each_order(self) -> tuple[int, int]:
        """Who goes first at an ``each`` step: the person in the hurt role, then the other."""
        hurt = self.people.index(self.by_role(Track.HURT))
        return hurt, 1 - hurt

    def _state(self, who: int) -> dict[str, Any]:
        """What one vault keeps: the pair's place, the same in both, and this person's own
        held-back answers (never the other's)."""
        state: dict[str, Any] = {
            "partner": self.people[1 - who].name,
            "role": self.people[who].role.value,
            "first": self.people[0].name,
            "phase": self.phase.value,
            "turn": self.turn,
            "index": self.index,
            "held": sorted(self._held[who]),
            "done": [p.name for p in self.people if p.name in self._done],
            "relationship": self.relationship.value,
            "updated_at": self._stamp,
        }
        place = self._place()
        if place is not None:
            state["at"] = place
        return state

    def _place(self) -> dict[str, Any] | None:
        """The step (and writer) shown now, so a resume finds it even if conditions moved it."""
        if self.phase is Phase.TURNS:
            turn = self.current_turn
            if turn is None:
                return None
            writer = None if turn.writer is None else self.people[turn.writer].name
            return {"step": turn.step.id, "writer": writer}
        if self.phase is Phase.PRIVATE and self.current is not None:
            return {"step": self.current.id, "writer": self.current_person.name}
        return None

    def _save_state(self) -> None:
        key = setting_key(self.exercise.id)
        self._stamp = now_iso()
        for who, person in enumerate(self.people):
            person.store.set_setting(key, self._state(who))

    def state_in(self, who: int) -> dict[str, Any]:
        """What one person's vault holds about this pair now (for checks that both agree)."""
        partner = self.people[1 - who].name
        return _read_state(self.people[who].store, self.exercise.id, partner) or {}

    def _restore(self, saved: Mapping[str, Any]) -> None:
        try:
            phase = Phase(saved.get("phase", Phase.INTRO))
            turn = int(saved.get("turn", 0))
            index = int(saved.get("index", 0))
        except (TypeError, ValueError):
            log.warning("ignored an unreadable joint progress entry")
            return
        names = {p.name for p in self.people}
        done = saved.get("done")
        if isinstance(done, list):
            self._done = {str(n) for n in done if n in names}
        elif self.mode is Mode.PARALLEL:
            # Saved before "done" was kept: the phase and turn still say who had finished.
            if phase in (Phase.REVEAL, Phase.TURNS, Phase.FINISHED):
                self._done = set(names)
            elif phase in (Phase.PRIVATE, Phase.CHOOSE) and turn == 1:
                self._done = {self.people[0].name}
        for who, person in enumerate(self.people):
            own = _read_state(person.store, self.exercise.id, self.people[1 - who].name)
            held = own.get("held", []) if own else []
            self._held[who] = {str(h) for h in held} if isinstance(held, list) else set()
        if phase in (Phase.PRIVATE, Phase.CHOOSE) and self.mode is Mode.TOGETHER:
            phase = Phase.TURNS
        self.phase, self.turn, self.index = phase, max(0, min(turn, 1)), max(0, index)
        if self.phase in (Phase.PRIVATE, Phase.CHOOSE) and self.finished_private(self.turn):
            # Saved by an older version that lost who had finished: never ask them again.
            self.turn, self.index = 1 - self.turn, 0
            if self.finished_private(self.turn):
                self.phase = Phase.REVEAL
        # Whoever sits at the keyboard now is not known: private work starts with a hand-over.
        self.awaiting_handover = self.phase in (Phase.PRIVATE, Phase.CHOOSE, Phase.REVEAL)
        if self.phase is Phase.TURNS:
            self._restore_turn(saved.get("at"))
        elif self.phase is Phase.PRIVATE:
            self._restore_private(saved.get("at"))
        if self.phase in (Phase.PRIVATE, Phase.TURNS):
            self.index = min(self.index, max(0, len(self.steps()) - 1))

    def _restore_private(self, at: object) -> None:
        """Put the index back on the saved step of the person answering, if it still shows."""
        if not isinstance(at, dict) or at.get("writer") != self.current_person.name:
            return
        for index, step in enumerate(self.steps_for(self.turn)):
            if step.id == at.get("step"):
                self.index = index
                return

    def _restore_turn(self, at: object) -> None:
        """Put the index back on the saved step and writer, if that turn is still there."""
        if not isinstance(at, dict):
            return
        for index, turn in enumerate(self.shared_turns()):
            writer = None if turn.writer is None else self.people[turn.writer].name
            if turn.step.id == at.get("step") and writer == at.get("writer"):
                self.index = index
                return


def after_reveal_steps(exercise: Exercise) -> frozenset[str]:
    """Parallel mode: the steps two people do side by side once both have revealed.

    Exercises mark them with ``after_reveal: true`` (the schema makes every later step one too);
    they are done together, on one screen.
    """
    if exercise.mode is not Mode.PARALLEL:
        return frozenset()
    return frozenset(step.id for step in exercise.steps if step.after_reveal)


def answer_text(
    exercise: Exercise, step: AnyStep, value: JSONValue, relationship: Relationship | None
) -> str:
    """An answer as plain text for the reveal screen (option labels, scale wording, lists)."""
    item = describe_answer(exercise, step, Answer(exercise.id, step.id, value), relationship)
    return answer_as_text(item, with_status=False)


def _lower_first(text: str) -> str:
    """``Your feelings`` as ``your feelings`` after a name and a colon (``I``, ``EFT`` kept)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _other(role: Track) -> Track:
    return Track.REPAIRING if role is Track.HURT else Track.HURT


def _read_state(store: VaultStore, exercise_id: str, partner: str) -> dict[str, Any] | None:
    raw = profile_settings.get(store, setting_key(exercise_id))
    if not isinstance(raw, dict) or raw.get("partner") != partner:
        return None
    return raw


def _role_from_state(saved: Mapping[str, Any] | None) -> Track | None:
    """The role a vault's own copy of the state gives its owner."""
    if saved is None:
        return None
    try:
        return Track(str(saved.get("role")))
    except ValueError:
        return None


def _relationship_from_state(saved: Mapping[str, Any] | None) -> Relationship | None:
    if saved is None or saved.get("relationship") is None:
        return None
    try:
        return Relationship(str(saved.get("relationship")))
    except ValueError:
        return None


def _newest(states: tuple[dict[str, Any] | None, dict[str, Any] | None]) -> dict[str, Any] | None:
    """Of the two vaults' copies of where the pair is, the one written last.

    Both are written together, so they agree; if one write failed (a full disk, a restored
    backup), the later copy is the truth. Copies from before the stamp count as oldest.
    """
    present = [s for s in states if s is not None]
    if not present:
        return None
    return max(present, key=lambda s: str(s.get("updated_at") or ""))
