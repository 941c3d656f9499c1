"""An exercise for two at a distance: each person on their own computer, with their own vault.

It is the parallel exercise of :mod:`trustrepair.services.joint` without the shared
keyboard, and with the same rules:

* **Each answers alone** the steps of their part (:meth:`DistanceWork.walk`), then chooses
  what to reveal (everything answered is revealed unless held back). Revealing sets only the
  ``revealed`` audience; sharing with a counsellor stays each answer's own choice.
* **A sealed file for the partner** (:meth:`DistanceWork.write_file`): signed with the
  profile's signing key, and its answers encrypted to the partner's sealing key
  (:mod:`trustrepair.storage.sealing`). Only revealed answers are in it; a held-back answer is
  never written anywhere outside the person's own vault. The first file from each person
  carries their keys only: the other accepts it by comparing its fingerprint with them, by
  phone or in person, as with a counsellor's first file. Writing the answers fixes them, and
  the reveal choices, for this time through.
* **The reveal shows both sides only when each has the other's file**: a partner's answers
  that arrive before this person has written their own stay sealed, unread, until they have
  (:meth:`DistanceWork.open_file`). Neither can read the other's side and then change theirs.
* **The same gate**: a file is written or opened only while work for two is open for this
  person, and a closed gate says the same neutral words as side by side, whatever closed it.
* Steps meant for after the reveal (``after_reveal``) are for talking it over: each writes
  what they agreed in their own vault (and may send it in a new file).

Exercises done taking turns at one screen (``together``) stay side by side only.

Each vault keeps its own side in the setting ``distance:<exercise id>``
(:class:`~trustrepair.formats.settings.DistanceState`).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from trustrepair.content.library import Library
from trustrepair.domain.answers import Answer, JSONValue, is_answered
from trustrepair.domain.enums import Mode, Relationship, Track
from trustrepair.domain.exercise import AnyStep, Exercise, Who
from trustrepair.domain.step_kinds import takes_answer, validate_value
from trustrepair.errors import ImportFormatError, UserFacingError
from trustrepair.files import write_private
from trustrepair.formats import envelope, jsonfile, problems
from trustrepair.formats import partner as partner_format
from trustrepair.formats.settings import DISTANCE_PREFIX, DistanceState
from trustrepair.i18n import N_, tr, translated
from trustrepair.services import profile_settings, signing
from trustrepair.services.joint import (
    CHECK_NEEDED,
    HELP_POINTERS,
    NOT_FOR_TWO,
    NOT_OPEN,
    CellState,
    RevealCell,
    RevealRow,
    after_reveal_steps,
)
from trustrepair.services.safety import JointAccess, SafetyService
from trustrepair.services.walk import ExerciseWalk
from trustrepair.storage.sealing import (
    Sealed,
    SealError,
    SealingStore,
    public_key_of,
    seal,
    unseal,
)
from trustrepair.storage.signing import SenderRole
from trustrepair.storage.store import VaultStore, now_iso

TOGETHER_ONLY = N_(
    "This exercise is done taking turns at one screen, so it is for when you sit together. "
    "At a distance, choose an exercise where each of you answers on your own."
)
"""Said plainly wherever an exercise taken in turns might be offered at a distance."""
DISTANCE_INTRO = N_(
    "Each of you answers on your own computer, alone, and chooses what to reveal. Then each "
    "writes a sealed file for the other: only the other person's profile can open it, and it "
    "holds only what you chose to reveal. You see both sides once you have written your file "
    "and opened theirs. Send the file any way you like (a message, a USB stick); nobody else "
    "can read it."
)
HEADLINE = N_("This file from your partner could not be used, and nothing was changed.")
NOT_A_PARTNER_FILE = N_("this is not a file from your partner in trustrepair")
NOT_FOR_ME = N_(
    "This file was written for someone else, so it cannot be opened here. Nothing was changed."
)
ANOTHER_PARTNER = N_(
    "This file is from {name}, but you are doing this exercise with {partner}. Nothing was changed."
)
SAME_PART = N_(
    "{name} took the same part in this exercise as you ({part}). One of you needs to choose "
    "the other part; nothing was changed."
)
SEAL_KEY_CHANGED = N_(
    "This file is signed by {name}, but its sealing key is not the one their earlier files "
    "had. Nothing was changed. Please ask them for a new file."
)
CHOOSE_FIRST = N_(
    "Answer your part and choose what to reveal first; then write your file. (Your first file "
    "can go before that: it only introduces you.)"
)
FIXED = N_(
    "Your answers were sealed for {partner} on {date}, so they stay as they are for this time "
    "through: your partner may already be reading them."
)
WAITING = N_(
    "You have written your file. Once you open {partner}'s file, you will see both sides here."
)
UNKNOWN_EXERCISE = N_(
    "This file is for an exercise this program does not have ({exercise}). Nothing was changed."
)

PART_NAMES = {Track.HURT: N_("the one who was hurt"), Track.REPAIRING: N_("the one repairing")}


def setting_key(exercise_id: str) -> str:
    """The setting where one vault keeps its side of an exercise done at a distance."""
    return DISTANCE_PREFIX + exercise_id


def _other(role: Track) -> Track:
    return Track.REPAIRING if role is Track.HURT else Track.HURT


def distance_exercises(library: Library, relationship: Relationship) -> list[Exercise]:
    """The exercises for two that can be done at a distance (each answers alone), in order."""
    from trustrepair.services.joint import joint_exercises

    return [e for e in joint_exercises(library, relationship) if e.mode is Mode.PARALLEL]


def together_only(library: Library, relationship: Relationship) -> list[Exercise]:
    """The exercises for two that stay side by side only (taken in turns at one screen)."""
    from trustrepair.services.joint import joint_exercises

    return [e for e in joint_exercises(library, relationship) if e.mode is Mode.TOGETHER]


def started(store: VaultStore) -> list[str]:
    """The exercise ids this profile has begun at a distance."""
    return sorted(
        key[len(DISTANCE_PREFIX) :]
        for key in store.all_settings()
        if key.startswith(DISTANCE_PREFIX)
    )


def gate_message(store: VaultStore, library: Library) -> str | None:
    """Why this person cannot work with a partner now, in the words the pair always reads
    (a concern and a closing are never told apart); None when work for two is open."""
    access = SafetyService(store, library).access()
    if access is JointAccess.ALLOWED:
        return None
    if access is JointAccess.CHECK_NEEDED:
        profile = store.get_profile()
        name = profile.name if profile is not None else ""
        return translated(CHECK_NEEDED).format(names=name)
    return translated(NOT_OPEN) + "\n\n" + translated(HELP_POINTERS)


def _require_open(store: VaultStore, library: Library) -> None:
    message = gate_message(store, library)
    if message is not None:
        raise UserFacingError(message)


# ---------------------------------------------------------------------- files
class FileKind(StrEnum):
    """What a partner file holds."""

    INTRODUCTION = "introduction"  # keys only: the sender does not have the partner's key yet
    ANSWERS = "answers"  # keys, and the revealed answers sealed to the partner


@dataclass(frozen=True)
class PartnerPacket:
    """A partner file whose signature and shape checked out (its sealed part still sealed)."""

    model: partner_format.PartnerFile
    signed: signing.SignedFile
    text: str

    @property
    def kind(self) -> FileKind:
        """An introduction or answers."""
        return FileKind.INTRODUCTION if self.model.sealed is None else FileKind.ANSWERS

    @property
    def sender(self) -> str:
        """The sender's name as the file gives it."""
        return self.model.sender


def _headline() -> str:
    return translated(HEADLINE)


def parse_partner_text(text: str, document: Any) -> PartnerPacket:
    """Check a partner file's header, signature (any edited byte is refused) and shape."""
    headline = _headline()
    try:
        envelope.check_header(
            document,
            partner_format.PARTNER_FORMAT,
            wrong_kind="format: " + translated(NOT_A_PARTNER_FILE),
            newer="version: "
            + tr(
                "this file has format version {v}; this trustrepair reads version {mine} (a "
                "newer trustrepair may have made it)"
            ),
            versions=(partner_format.VERSION,),
        )
    except ImportFormatError as error:
        raise problems.report(headline, [str(error)]) from None
    signed = signing.open_signed(document, text)
    model = problems.validate(partner_format.PartnerFile, document, headline)
    return PartnerPacket(model, signed, text)


def read_partner_file(path: Path) -> PartnerPacket:
    """Read and check a partner file (bounded before any work; nothing is kept)."""
    what = tr("a file from your partner")
    try:
        text, document = jsonfile.load_json_text(path, partner_format.BUDGET, what=what)
    except ImportFormatError as error:
        raise problems.report(_headline(), [f"{path.name}: {error}"]) from None
    return parse_partner_text(text, document)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _aad(header: dict[str, Any]) -> bytes:
    return b"trustrepair partner file v1\n" + jsonfile.canonical_bytes(header)


# ---------------------------------------------------------------------- results
@dataclass(frozen=True)
class DistanceStatus:
    """Where one person is in an exercise done at a distance, from their own vault."""

    exercise_id: str
    partner: str | None
    role: Track
    answered: int
    """How many of their steps they answered."""
    chosen: bool
    """Answered and chose what to reveal."""
    sealed_at: str | None
    """When their answers were first sealed for the partner (then fixed)."""
    has_partner_key: bool
    """They opened a file from the partner, so theirs can be sealed to them."""
    partner_waiting: bool
    """The partner's answers arrived and stay sealed until this person writes theirs."""
    opened_at: str | None
    """When the partner's answers were opened (both sides show from then)."""
    finished: bool

    @property
    def can_reveal(self) -> bool:
        """Both sides may be shown: this person wrote their file and opened the partner's."""
        return self.sealed_at is not None and self.opened_at is not None


@dataclass(frozen=True)
class WrittenFile:
    """A partner file just written."""

    path: Path
    kind: FileKind
    partner: str | None
    revealed: int
    """How many answers it holds (none in an introduction)."""
    opened_waiting: bool
    """Writing it opened the partner's answers that were waiting: both sides show now."""


@dataclass(frozen=True)
class OpenedFile:
    """A partner file just opened and kept."""

    exercise_id: str
    partner: str
    kind: FileKind
    first_from_them: bool
    waiting: bool
    """Their answers are kept sealed until this person writes their own file."""
    revealed: int
    """How many of their answers are now shown beside this person's."""


# ---------------------------------------------------------------------- the work
class DistanceWork:
    """One person's side of one parallel exercise done at a distance.

    Args:
        store: This person's vault.
        library: The exercise library (their profile's).
        exercise: A ``parallel`` exercise.
        role: Their part, when they begin (default: their profile's track); a resumed side
            keeps the part it began with.
    """

    def __init__(
        self,
        store: VaultStore,
        library: Library,
        exercise: Exercise,
        *,
        role: Track | None = None,
    ) -> None:
        if exercise.mode is Mode.TOGETHER:
            raise UserFacingError(translated(TOGETHER_ONLY))
        if not exercise.mode.is_joint or exercise.safety_check:
            raise UserFacingError(translated(NOT_FOR_TWO))
        self.store = store
        self.library = library
        self.exercise = exercise
        profile = store.get_profile()
        if profile is None:
            raise UserFacingError(tr("The profile needs to be set up first."))
        self.name = profile.name
        saved = profile_settings.get(store, setting_key(exercise.id))
        if isinstance(saved, dict):
            self._state = DistanceState.model_validate(saved)
        else:
            self._state = DistanceState(
                role=role or profile.track, relationship=profile.relationship
            )
        self._after = after_reveal_steps(exercise)

    # ------------------------------------------------------------------ reading
    @property
    def role(self) -> Track:
        """This person's part."""
        return self._state.role

    @property
    def partner(self) -> str | None:
        """The partner's name, once a file from them was opened."""
        return self._state.partner

    @property
    def relationship(self) -> Relationship:
        """The wording this person began with."""
        return self._state.relationship

    def is_begun(self) -> bool:
        """Whether this vault keeps a side of this exercise already."""
        return profile_settings.get(self.store, setting_key(self.exercise.id)) is not None

    def _mine(self, step: AnyStep, role: Track | None = None) -> bool:
        part = role or self.role
        return step.who in (None, Who.BOTH, Who.EACH) or step.who.value == part.value

    def private_step(self, step: AnyStep, role: Track | None = None) -> bool:
        """Whether ``step`` is one a person in ``role`` (default: this one) answers alone."""
        return self._mine(step, role) and step.id not in self._after

    def after_step(self, step: AnyStep) -> bool:
        """Whether ``step`` is for after the reveal (talked over, then written by each)."""
        return step.id in self._after

    def values(self) -> dict[str, JSONValue]:
        """This person's answers in this time through."""
        return {k: a.value for k, a in self.store.answers_for(self.exercise.id).items()}

    def answered_steps(self) -> list[AnyStep]:
        """The input steps of their part they answered (the choosing lists these)."""
        values = self.values()
        return [
            s
            for s in self.exercise.steps
            if self.private_step(s) and takes_answer(s) and is_answered(values.get(s.id))
        ]

    def will_reveal(self, step_id: str) -> bool:
        """Whether an answer is set to be revealed (the default) rather than held back."""
        return step_id not in self._state.held

    def status(self) -> DistanceStatus:
        """Where this person is."""
        partner = self._state.partner
        key = SealingStore(self.store.db).partner_key(partner) if partner else None
        return DistanceStatus(
            self.exercise.id,
            partner,
            self.role,
            len(self.answered_steps()),
            self._state.chosen,
            self._state.sealed_at,
            key is not None,
            self._state.waiting is not None,
            self._state.opened_at,
            self._state.finished,
        )

    # ------------------------------------------------------------------ answering and choosing
    def begin(self) -> None:
        """Keep this side in the vault (the part and wording are fixed from now)."""
        _require_open(self.store, self.library)
        self._save()

    def walk(self) -> ExerciseWalk:
        """The steps this person may write now: their part until it is sealed, then (once
        both sides show) the steps for after the reveal.

        Raises:
            UserFacingError: their part is sealed and the partner's file is not opened yet.
        """
        _require_open(self.store, self.library)
        if not self.is_begun():
            self._save()
        if self._state.sealed_at is None:
            return ExerciseWalk(self.store, self.exercise, only=self.private_step, completes=False)
        if self._state.opened_at is None:
            raise UserFacingError(self.waiting_text())
        return ExerciseWalk(self.store, self.exercise, only=self.after_step, completes=True)

    def waiting_text(self) -> str:
        """What to do while only one side is here."""
        partner = self._state.partner or tr("your partner")
        return translated(WAITING).format(partner=partner)

    def set_reveal(self, step_id: str, reveal: bool) -> None:
        """Reveal an answer (default) or hold it back; fixed once the answers are sealed."""
        self._unsealed()
        held = set(self._state.held)
        if reveal:
            held.discard(step_id)
        else:
            held.add(step_id)
        self._state = self._state.model_copy(update={"held": sorted(held)})
        self._save()

    def confirm_choices(self) -> None:
        """Done answering and choosing: the answers can be sealed for the partner now."""
        self._unsealed()
        self._state = self._state.model_copy(update={"chosen": True})
        self._save()

    def change_answers(self) -> None:
        """Back to answering before the file is written (the choices stay as they were)."""
        self._unsealed()
        self._state = self._state.model_copy(update={"chosen": False})
        self._save()

    def _unsealed(self) -> None:
        sealed_at = self._state.sealed_at
        if sealed_at is not None:
            partner = self._state.partner or tr("your partner")
            raise UserFacingError(translated(FIXED).format(partner=partner, date=sealed_at[:10]))

    # ------------------------------------------------------------------ the files
    def write_file(self, path: Path) -> WrittenFile:
        """Write the file for the partner: an introduction until their sealing key is known,
        then this person's revealed answers, sealed to them (which fixes the answers).

        Raises:
            UserFacingError: work for two is closed for this person; or the answers are not
                chosen yet while the partner's key is known.
        """
        _require_open(self.store, self.library)
        partner = self._state.partner
        sealing = SealingStore(self.store.db)
        partner_key = sealing.partner_key(partner) if partner else None
        pin = signing.pinned(self.store, SenderRole.PARTNER, partner) if partner else None
        own_seal = sealing.ensure_own_key()

        header: dict[str, Any] = {
            "format": partner_format.PARTNER_FORMAT,
            "version": partner_format.VERSION,
            "created_at": now_iso(),
            "sender": self.name,
            "exercise": self.exercise.id,
            "role": self.role.value,
            "seal_key": _b64(public_key_of(own_seal)),
            "to": None,
        }
        if partner_key is None or pin is None:
            document = {**header, "sealed": None}
            write_private(path, signing.signed_text(self.store, document))
            self._save()
            return WrittenFile(path, FileKind.INTRODUCTION, partner, 0, False)
        if not self._state.chosen:
            raise UserFacingError(translated(CHOOSE_FIRST))
        header["to"] = pin.fingerprint
        payload, revealed = self.answers_document()
        sealed = seal(partner_key, jsonfile.canonical_bytes(payload), _aad(header))
        document = {
            **header,
            "sealed": {
                "algorithm": "x25519-hkdf-sha256-aes-256-gcm",
                "ephemeral": _b64(sealed.ephemeral),
                "nonce": _b64(sealed.nonce),
                "ciphertext": _b64(sealed.ciphertext),
            },
        }
        text = signing.signed_text(self.store, document)
        first_seal = self._state.sealed_at is None
        with self.store.db.atomic():
            if first_seal:
                for step in self.answered_steps():
                    self.store.set_revealed(self.exercise.id, step.id, self.will_reveal(step.id))
                self._state = self._state.model_copy(update={"sealed_at": header["created_at"]})
            self._save()
        write_private(path, text)
        opened = False
        if self._state.waiting is not None and self._state.opened_at is None:
            waiting = self._state.waiting
            packet = parse_partner_text(
                waiting,
                jsonfile.parse_json_text(
                    waiting, partner_format.BUDGET, what=tr("a file from your partner")
                ),
            )
            self._keep_answers(packet, self._unseal(packet))
            opened = True
        return WrittenFile(path, FileKind.ANSWERS, partner, revealed, opened)

    def answers_document(self) -> tuple[dict[str, Any], int]:
        """What the sealed part holds: revealed answers only, and which were kept private."""
        values = self.values()
        answers: list[dict[str, Any]] = []
        kept: list[str] = []
        for step in self.answered_steps():
            if self.will_reveal(step.id):
                answers.append({"step": step.id, "value": values[step.id]})
            else:
                kept.append(step.id)
        if self._state.opened_at is not None:
            for step in self.exercise.steps:
                if (
                    self.after_step(step)
                    and takes_answer(step)
                    and is_answered(values.get(step.id))
                ):
                    answers.append({"step": step.id, "value": values[step.id]})
        payload = {
            "format": partner_format.ANSWERS_FORMAT,
            "version": partner_format.VERSION,
            "relationship": self.relationship.value,
            "answers": answers,
            "kept_private": kept,
        }
        return payload, len(answers)

    def open_file(self, packet: PartnerPacket, *, accept_sender: str | None = None) -> OpenedFile:
        """Keep a checked partner file: their keys (the first file needs the person's word on
        the fingerprint), and their answers, shown once this person has written their own.

        Raises:
            signing.UnknownSender: the first file from them and ``accept_sender`` is None.
            UserFacingError: work for two is closed; the file is for someone else, from
                another partner, for the same part; or its keys or answers do not fit.
        """
        _require_open(self.store, self.library)
        model = packet.model
        if model.exercise != self.exercise.id:
            raise ValueError("the packet is for another exercise")
        headline = _headline()
        partner = self._state.partner
        if partner is not None and partner != model.sender:
            raise UserFacingError(
                translated(ANOTHER_PARTNER).format(name=model.sender, partner=partner)
            )
        mine = signing.identity(self.store).fingerprint
        if model.to is not None and model.to != mine:
            raise UserFacingError(translated(NOT_FOR_ME))
        if self.is_begun() and model.role is self.role:
            raise UserFacingError(
                translated(SAME_PART).format(
                    name=model.sender, part=translated(PART_NAMES[self.role])
                )
            )
        if not self.is_begun():
            self._state = self._state.model_copy(update={"role": _other(model.role)})
        seal_key = base64.b64decode(model.seal_key)
        sealing = SealingStore(self.store.db)
        known = sealing.partner_key(model.sender)
        if known is not None and known != seal_key:
            raise UserFacingError(translated(SEAL_KEY_CHANGED).format(name=model.sender))
        check = signing.check_sender(
            self.store,
            SenderRole.PARTNER,
            model.sender,
            packet.signed,
            model.created_at,
            accept_sender,
        )
        payload = self._unseal(packet) if model.sealed is not None else None
        if payload is not None:
            self._check_payload(payload, model.role, headline)
        with self.store.db.atomic():
            signing.keep_sender(self.store, check)
            sealing.keep_partner_key(model.sender, seal_key)
            self._state = self._state.model_copy(update={"partner": model.sender})
            revealed, waiting = 0, False
            if payload is not None and self._state.sealed_at is not None:
                revealed = self._keep_answers(packet, payload)
            elif payload is not None:
                self._state = self._state.model_copy(update={"waiting": packet.text})
                waiting = True
            self._save()
        return OpenedFile(self.exercise.id, model.sender, packet.kind, check.new, waiting, revealed)

    def _unseal(self, packet: PartnerPacket) -> partner_format.PartnerAnswers:
        model = packet.model
        assert model.sealed is not None
        part = model.sealed
        sealed = Sealed(
            base64.b64decode(part.ephemeral),
            base64.b64decode(part.nonce),
            base64.b64decode(part.ciphertext),
        )
        own = SealingStore(self.store.db).ensure_own_key()
        try:
            plain = unseal(own, sealed, _aad(model.header()))
        except SealError:
            raise UserFacingError(translated(NOT_FOR_ME)) from None
        document = jsonfile.parse_json_bytes(
            plain, partner_format.ANSWERS_BUDGET, what=tr("a file from your partner")
        )
        return problems.validate(partner_format.PartnerAnswers, document, _headline())

    def _check_payload(
        self, payload: partner_format.PartnerAnswers, role: Track, headline: str
    ) -> None:
        """Every answer is to a step of the partner's part (or for after the reveal) and fits it."""
        lines: list[str] = []
        steps = {s.id: s for s in self.exercise.steps}
        for index, item in enumerate(payload.answers):
            step = steps.get(item.step)
            at = f"answers[{index}]"
            if step is None or not takes_answer(step):
                lines.append(f"{at}: " + tr("the exercise has no such step"))
                continue
            if not (self.private_step(step, role) or self.after_step(step)):
                lines.append(f"{at}: " + tr("this step is not theirs to answer"))
                continue
            try:
                validate_value(step, item.value)
            except ValueError as exc:
                lines.append(f"{at}: {exc}")
        for index, step_id in enumerate(payload.kept_private):
            if step_id not in steps:
                lines.append(f"kept_private[{index}]: " + tr("the exercise has no such step"))
        if lines:
            raise problems.report(headline, lines)

    def _keep_answers(self, packet: PartnerPacket, payload: partner_format.PartnerAnswers) -> int:
        """Both sides show from now: the partner's revealed answers join this vault."""
        ex = self.exercise.id
        name = packet.model.sender
        revealed = [(ex, a.step, a.value) for a in payload.answers]
        given = {a.step for a in payload.answers}
        with self.store.db.atomic():
            earlier = {
                a.step_id for a in self.store.partner_answers_for(ex) if a.partner_name == name
            }
            self.store.delete_partner_answers(name, ex, sorted(earlier - given))
            self.store.save_partner_answers(name, revealed, revealed_at=packet.model.created_at)
            self._state = self._state.model_copy(
                update={
                    "waiting": None,
                    "opened_at": packet.model.created_at,
                    "partner_held": sorted(payload.kept_private),
                }
            )
            self._save()
        return len(revealed)

    # ------------------------------------------------------------------ the reveal
    def reveal_rows(self) -> list[RevealRow]:
        """Both sides of every step either person had, once both sides may show.

        This person's held-back answers read "kept private" on their own side too; the
        partner's read so from what their file said. Empty until :attr:`can_reveal`.
        """
        if not self.status().can_reveal:
            return []
        partner = self._state.partner or ""
        mine = self.values()
        theirs = {
            a.step_id: a.value
            for a in self.store.partner_answers_for(self.exercise.id)
            if a.partner_name == partner
        }
        other = _other(self.role)
        rows: list[RevealRow] = []
        for step in self.exercise.steps:
            if not takes_answer(step) or self.after_step(step):
                continue
            ours, yours = self.private_step(step), self.private_step(step, other)
            if not (ours or yours):
                continue
            left = self._cell(self.name, ours, mine.get(step.id), step.id in self._state.held)
            right = self._cell(
                partner, yours, theirs.get(step.id), step.id in self._state.partner_held
            )
            rows.append(RevealRow(step, (left, right)))
        return rows

    @staticmethod
    def _cell(name: str, theirs: bool, value: JSONValue, held: bool) -> RevealCell:
        if not theirs:
            return RevealCell(name, CellState.NOT_THEIRS)
        if held:
            return RevealCell(name, CellState.KEPT_PRIVATE)
        if not is_answered(value):
            return RevealCell(name, CellState.NOT_ANSWERED)
        return RevealCell(name, CellState.SHOWN, value)

    def partner_answers(self) -> list[Answer]:
        """The partner's answers shown here (only what they revealed)."""
        partner = self._state.partner or ""
        return [
            Answer(self.exercise.id, a.step_id, a.value)
            for a in self.store.partner_answers_for(self.exercise.id)
            if a.partner_name == partner
        ]

    def finish(self) -> None:
        """The after-reveal steps are written: this time through is finished."""
        self.store.mark_completed(self.exercise.id)
        self._state = self._state.model_copy(update={"finished": True})
        self._save()

    def forget(self) -> None:
        """Begin afresh with this exercise at a distance (the answers stay as they are)."""
        self.store.delete_setting(setting_key(self.exercise.id))
        self._state = DistanceState(role=self.role, relationship=self.relationship)

    # ------------------------------------------------------------------ persistence
    def _save(self) -> None:
        self._state = self._state.model_copy(update={"updated_at": now_iso()})
        self.store.set_setting(
            setting_key(self.exercise.id),
            self._state.model_dump(mode="json", exclude_none=True),
        )


def exercise_of(library: Library, packet: PartnerPacket) -> Exercise:
    """The exercise a partner file is for, from the library (refused if it has none)."""
    exercise = library.exercises.get(packet.model.exercise)
    if exercise is None:
        raise UserFacingError(translated(UNKNOWN_EXERCISE).format(exercise=packet.model.exercise))
    return exercise


def open_partner_file(
    store: VaultStore, library: Library, path: Path, *, accept_sender: str | None = None
) -> OpenedFile:
    """Read, check and keep a partner file (the exercise is the one it names)."""
    _require_open(store, library)
    packet = read_partner_file(path)
    work = DistanceWork(store, library, exercise_of(library, packet))
    return work.open_file(packet, accept_sender=accept_sender)


# ---------------------------------------------------------------------- for the window
class DistanceDesk:
    """What the window's "Work at a distance" screen asks of one open profile.

    Args:
        store: The open profile's vault.
        library: Its library.
    """

    def __init__(self, store: VaultStore, library: Library) -> None:
        self.store = store
        self.library = library

    def relationship(self) -> Relationship:
        """The profile's relationship (which exercises fit, and their wording)."""
        profile = self.store.get_profile()
        return profile.relationship if profile is not None else Relationship.ROMANTIC

    def exercises(self) -> list[Exercise]:
        """The exercises for two that can be done at a distance."""
        return distance_exercises(self.library, self.relationship())

    def together_only(self) -> list[Exercise]:
        """The exercises for two that stay side by side only."""
        return together_only(self.library, self.relationship())

    def started(self) -> list[str]:
        """The exercises this person began at a distance."""
        return started(self.store)

    def gate_message(self) -> str | None:
        """The words shown while work for two is closed for this person (else None)."""
        return gate_message(self.store, self.library)

    def fingerprint(self) -> str:
        """This profile's fingerprint, to read to the partner."""
        return signing.identity(self.store).fingerprint

    def work(self, exercise_id: str) -> DistanceWork:
        """This person's side of one exercise."""
        return DistanceWork(self.store, self.library, self.library.exercises[exercise_id])

    def open_file(self, path: Path, accept_sender: str | None = None) -> OpenedFile:
        """Read, check and keep a file from the partner (see :func:`open_partner_file`)."""
        return open_partner_file(self.store, self.library, path, accept_sender=accept_sender)
