"""A counsellor and clients, with no server and no account: files the people carry.

* The counsellor prepares an **assignment** file (``trustrepair-assignment``): exercises from
  the library with notes and dates, and optionally custom exercises as YAML text.
* The client imports it: everything is checked first (custom exercises by the real loader),
  then kept in the client's encrypted vault. Custom exercises join that profile's library
  (:func:`client_library`); they are never written to disk as plain files.
* The client **shares back** (``trustrepair-shared``): only answers they marked as shared, for
  the exercises they choose, with how far they got. Never the safety check, never the private
  description, never a partner's answers. Optionally encrypted with a passphrase the two agree.
* The counsellor imports that into their own vault, under the client's label.

Both files are signed by their sender (:mod:`trustrepair.services.signing`): the first file
from a sender needs the person's word on the sender's fingerprint, later ones must be signed
with the same key, and an edited file, or one older than the newest accepted from that
sender, is refused with nothing changed. The formats are documented in ``docs/counsellor.md``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from trustrepair.content import yamlnodes
from trustrepair.content.library import Library
from trustrepair.content.loader import display_path, load_bytes
from trustrepair.domain.answers import Answer, Status, is_answered
from trustrepair.domain.counsel import (
    AssignedExercise,
    ClientOverview,
    ReceivedAssignment,
    SentAssignment,
    SharedAnswer,
    SharedExercise,
)
from trustrepair.domain.exercise import Exercise, resolve_text
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.domain.step_kinds import answer_as_text, takes_answer
from trustrepair.errors import ImportFormatError, UserFacingError, WrongPassphrase
from trustrepair.files import read_bounded
from trustrepair.formats import counsel as counsel_format
from trustrepair.formats import envelope, fields, jsonfile, problems
from trustrepair.formats.signature import SIGNED_VERSION
from trustrepair.i18n import tr
from trustrepair.reports.context import Item
from trustrepair.services import profile_settings, signing
from trustrepair.services.signing import SignedFile
from trustrepair.services.summary import describe_answer
from trustrepair.services.transfer import open_sealed, write_private
from trustrepair.services.vaults import Vaults
from trustrepair.storage import keys
from trustrepair.storage.counsel import CounselStore
from trustrepair.storage.signing import SenderRole
from trustrepair.storage.store import VaultStore, now_iso

log = logging.getLogger(__name__)

ASSIGNMENT_FORMAT = counsel_format.ASSIGNMENT_FORMAT
SHARED_FORMAT = counsel_format.SHARED_FORMAT
ENCRYPTED_SHARED_FORMAT = envelope.ENCRYPTED_SHARED_FORMAT
VERSION = SIGNED_VERSION
"""Assignment and share files are signed, version 2 (version 1, unsigned, is refused)."""
_SHARED_AAD = b"trustrepair shared v1"

CLIENT_LABEL_SETTING = "counsel_client_label"
CUSTOM_SOURCE = Path("from your counsellor")
"""How custom exercises are named where a library shows its sources (never a real file)."""

PLAIN_SHARE_WARNING = (
    "This file is not encrypted: anyone who gets it can read the answers in it. Give it to "
    "your counsellor yourself, and delete it when they have it."
)
ENCRYPTED_SHARE_NOTE = (
    "This file is encrypted with the passphrase you chose. Your counsellor needs that passphrase "
    "to read it: tell them in person or by another way than the file itself."
)
NEVER_SHARED = (
    "Never included: answers you kept private, the safety check, the description in your "
    "profile, and anything a partner revealed to you."
)
ASSIGNMENT_NOTE = (
    "An assignment file holds the exercises, your notes and dates, and the client's label. "
    "It holds nothing anyone wrote. It is not encrypted."
)


# ---------------------------------------------------------------------- results
@dataclass(frozen=True)
class AssignmentPacket:
    """A fully checked assignment file."""

    counsellor: str
    client: str
    created_at: str
    exercises: tuple[AssignedExercise, ...]
    custom: tuple[tuple[Exercise, str], ...] = ()
    """Custom exercises with their YAML text."""
    signed: SignedFile | None = None
    """The file and its signer, once read from a file (None while it is being made)."""


@dataclass(frozen=True)
class SharePlan:
    """Exactly what a share file will hold."""

    client: str
    counsellor: str
    exercises: tuple[SharedExercise, ...]
    created_at: str = field(default_factory=now_iso)

    @property
    def answer_count(self) -> int:
        """How many answers are included."""
        return sum(len(e.answers) for e in self.exercises)


@dataclass(frozen=True)
class ReceivedShare:
    """A fully checked share file."""

    client: str
    created_at: str
    exercises: list[SharedExercise]
    signed: SignedFile


@dataclass(frozen=True)
class SharedImport:
    """What importing a share file changed in the counsellor's vault."""

    client: str
    exercises: int
    answers_stored: int
    answers_kept: int


# ---------------------------------------------------------------------- roles
def require_role(store: VaultStore, role: Role) -> ProfileInfo:
    """The profile, if it has ``role``; otherwise a plain explanation."""
    profile = store.get_profile()
    if profile is None:
        raise UserFacingError(tr("This profile has not been set up yet."))
    if profile.role is not role:
        if role is Role.COUNSELLOR:
            raise UserFacingError(
                tr(
                    "{name!r} is not a counsellor profile. Create one with "
                    "'trustrepair profile create NAME --counsellor'."
                ).format(name=profile.name)
            )
        raise UserFacingError(
            tr(
                "{name!r} is a counsellor profile. Assignments are opened, and answers shared, "
                "in the client's own profile."
            ).format(name=profile.name)
        )
    return profile


# ---------------------------------------------------------------------- the client's library
def client_library(store: VaultStore, library: Library) -> Library:
    """``library`` plus the custom exercises this vault received from a counsellor.

    A stored exercise that no longer loads (e.g. after an update) is left out and logged by id.
    """
    sources = CounselStore(store.db).custom_sources()
    if not sources:
        return library
    extra: list[Exercise] = []
    for exercise_id, source in sources.items():
        result = load_bytes(source.encode("utf-8"), f"custom exercise {exercise_id}")
        if result.exercise is None:
            log.warning("a custom exercise from a counsellor no longer loads: %s", exercise_id)
            continue
        extra.append(result.exercise)
    return library.with_extra(extra, CUSTOM_SOURCE)


# ---------------------------------------------------------------------- assignment: counsellor
def build_assignment(
    store: VaultStore,
    library: Library,
    client: str,
    exercises: Sequence[AssignedExercise],
    custom_sources: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """The assignment document, checked as the client will check it.

    Args:
        store: The counsellor's vault.
        library: The counsellor's library (assigned ids must be in it or in the custom ones).
        client: The label the counsellor uses for this client (shown to the client too).
        exercises: What to assign, with notes and dates.
        custom_sources: ``(name shown in messages, YAML text)`` of custom exercises.
    """
    profile = require_role(store, Role.COUNSELLOR)
    document: dict[str, Any] = {
        "format": ASSIGNMENT_FORMAT,
        "version": VERSION,
        "counsellor": profile.name,
        "client": " ".join(client.split()),
        "created_at": now_iso(),
        "exercises": [
            {
                "exercise_id": item.exercise_id,
                **({"note": item.note} if item.note else {}),
                **({"due": item.due} if item.due else {}),
            }
            for item in exercises
        ],
    }
    if custom_sources:
        document["custom_exercises"] = [text for _name, text in custom_sources]
    signed = signing.sign_document(store, document)
    names = [name for name, _text in custom_sources]
    parse_assignment(signed, library, shown="assignment", custom_names=names)
    return signed


def write_assignment(
    store: VaultStore,
    library: Library,
    client: str,
    exercises: Sequence[AssignedExercise],
    path: Path,
    custom_sources: Sequence[tuple[str, str]] = (),
) -> AssignmentPacket:
    """Check, write the assignment file where the counsellor chose, and remember it."""
    document = build_assignment(store, library, client, exercises, custom_sources)
    packet = parse_assignment(document, library, shown=path.name)
    write_private(path, jsonfile.dumps_readable(document))
    CounselStore(store.db).save_sent(packet.client, packet.exercises, created_at=packet.created_at)
    return packet


def read_custom_file(path: Path) -> tuple[str, str]:
    """A custom exercise file as ``(name, text)``, read once and checked by the real loader."""
    raw = read_bounded(path, yamlnodes.MAX_BYTES, what=tr("an exercise file"))
    result = load_bytes(raw, display_path(path), path)
    if result.exercise is None:
        raise ImportFormatError("\n".join(str(p) for p in result.problems))
    return str(path), raw.decode("utf-8-sig")


# ---------------------------------------------------------------------- assignment: client
def read_assignment(path: Path, library: Library) -> AssignmentPacket:
    """Read and fully check an assignment file (its signature first) against the library."""
    text, document = _load_json_text(path)
    _check_signed_header(
        document, ASSIGNMENT_FORMAT, tr("This file is not an assignment from trustrepair.")
    )
    signed = signing.open_signed(document, text)
    return replace(parse_assignment(document, library, shown=path.name), signed=signed)


def parse_assignment(
    document: Any,
    library: Library,
    *,
    shown: str,
    custom_names: Sequence[str] = (),
) -> AssignmentPacket:
    """Check an assignment document completely; ImportFormatError lists every problem.

    The shape is :class:`~trustrepair.formats.counsel.AssignmentFile`'s; then each custom
    exercise must load (its problems are named ``FILE (custom exercise N):LINE:COL``), be no
    safety check and take no id the library has, and each assigned id must exist.
    """
    _check_signed_header(
        document, ASSIGNMENT_FORMAT, tr("This file is not an assignment from trustrepair.")
    )
    headline = tr("This assignment cannot be opened; nothing was changed.")
    packet = problems.validate(counsel_format.AssignmentFile, document, headline)
    found: list[str] = []
    custom: list[tuple[Exercise, str]] = []
    for i, source in enumerate(packet.custom_exercises):
        name = custom_names[i] if i < len(custom_names) else f"{shown} (custom exercise {i + 1})"
        result = load_bytes(source.encode("utf-8"), name)
        if result.exercise is None:
            found.extend(str(p) for p in result.problems)
            continue
        exercise = result.exercise
        if exercise.safety_check:
            found.append(f"{name}: a custom exercise cannot be a safety check")
        elif library.get(exercise.id) is not None:
            found.append(
                f"{name}: the id {exercise.id!r} is already used by an exercise in the library"
            )
        elif any(e.id == exercise.id for e, _ in custom):
            found.append(f"{name}: the id {exercise.id!r} is used by two custom exercises")
        else:
            custom.append((exercise, source))
    custom_ids = {e.id for e, _ in custom}
    for i, item in enumerate(packet.exercises):
        if library.get(item.exercise_id) is None and item.exercise_id not in custom_ids:
            found.append(
                f"exercises[{i}].exercise_id: there is no exercise {item.exercise_id!r} "
                "in the library or in this file"
            )
    if found:
        raise problems.report(headline, found)
    items = tuple(
        AssignedExercise(item.exercise_id, item.note.strip(), item.due) for item in packet.exercises
    )
    return AssignmentPacket(
        packet.counsellor, packet.client, packet.created_at, items, tuple(custom)
    )


def import_assignment(
    store: VaultStore, library: Library, path: Path, *, accept_sender: str | None = None
) -> AssignmentPacket:
    """Check an assignment file completely, then keep it in the client's vault.

    Nothing is written when anything in the file is wrong, when it is not signed by the key
    accepted for its counsellor, or when it is older than the newest file accepted from them.

    Args:
        store: The client's vault.
        library: The client's library (without the custom exercises).
        path: The file.
        accept_sender: For the first file from this counsellor: the fingerprint the person
            compared with them and accepted.

    Raises:
        signing.UnknownSender: the first file from this counsellor, and ``accept_sender`` is
            None (the window asks; the command line needs ``--accept-sender``).
    """
    require_role(store, Role.PERSON)
    packet = read_assignment(path, library)
    assert packet.signed is not None
    sender = signing.check_sender(
        store,
        SenderRole.COUNSELLOR,
        packet.counsellor,
        packet.signed,
        packet.created_at,
        accept_sender,
    )
    with store.db.atomic():
        signing.keep_sender(store, sender)
        CounselStore(store.db).save_received(
            packet.counsellor,
            packet.exercises,
            [(exercise.id, source) for exercise, source in packet.custom],
            assigned_at=packet.created_at,
        )
        store.set_setting(CLIENT_LABEL_SETTING, packet.client)
    return packet


def received_assignments(store: VaultStore) -> list[ReceivedAssignment]:
    """The assignments this profile received, newest first."""
    return CounselStore(store.db).received()


# ---------------------------------------------------------------------- share: client
def plan_share(
    store: VaultStore, library: Library, exercise_ids: Sequence[str] | None = None
) -> SharePlan:
    """Exactly what a share file would hold; default: the assigned exercises.

    ``library`` should be the client's library (:func:`client_library`).
    """
    profile = require_role(store, Role.PERSON)
    received = received_assignments(store)
    safety = library.safety_check()
    if exercise_ids is None:
        chosen = list(dict.fromkeys(a.exercise_id for a in reversed(received)))
        chosen = [i for i in chosen if safety is None or i != safety.id]
        if not chosen:
            raise UserFacingError(
                tr("No exercises were assigned to you yet: choose the exercises to share.")
            )
    else:
        chosen = list(dict.fromkeys(exercise_ids))
    exercises: list[SharedExercise] = []
    for exercise_id in chosen:
        exercise = library.get(exercise_id)
        if (safety is not None and exercise_id == safety.id) or (
            exercise is not None and exercise.safety_check
        ):
            raise UserFacingError(
                tr("The safety check is private: it is never shared with anyone.")
            )
        answers = store.answers_for(exercise_id)
        progress = store.get_progress(exercise_id)
        if exercise is None and not answers and progress is None:
            raise UserFacingError(
                tr("There is no exercise {id!r} in your library.").format(id=exercise_id)
            )
        exercises.append(_shared_exercise(exercise, exercise_id, answers, progress, profile))
    counsellor = received[0].counsellor if received else ""
    label = profile_settings.get(store, CLIENT_LABEL_SETTING) or profile.name
    return SharePlan(str(label), counsellor, tuple(exercises))


def _shared_exercise(
    exercise: Exercise | None,
    exercise_id: str,
    answers: dict[str, Answer],
    progress: Any,
    profile: ProfileInfo,
) -> SharedExercise:
    shared = [a for a in answers.values() if a.shared and is_answered(a.value)]
    items: list[SharedAnswer] = []
    if exercise is not None:
        order = {step.id: i for i, step in enumerate(exercise.steps)}
        for answer in sorted(shared, key=lambda a: order.get(a.step_id, len(order))):
            try:
                step = exercise.step(answer.step_id)
            except KeyError:
                step = None
            if step is None or not takes_answer(step):
                items.append(_bare_answer(answer, len(order)))
                continue
            item = describe_answer(exercise, step, answer, profile.relationship)
            prompt = resolve_text(getattr(step, "prompt", None), profile.relationship)
            items.append(
                SharedAnswer(
                    answer.step_id,
                    order[answer.step_id],
                    prompt or item.heading,
                    answer.value,
                    item_text(item),
                    answer.updated_at,
                )
            )
    else:
        items = [_bare_answer(a, 0) for a in shared]
    return SharedExercise(
        exercise_id,
        exercise.title if exercise is not None else exercise_id,
        progress.status if progress is not None else Status.NOT_STARTED,
        progress.started_at if progress is not None else None,
        progress.completed_at if progress is not None else None,
        tuple(items),
    )


def _bare_answer(answer: Answer, position: int) -> SharedAnswer:
    text = answer.value if isinstance(answer.value, str) else json.dumps(answer.value)
    return SharedAnswer(answer.step_id, position, "", answer.value, text, answer.updated_at)


def item_text(item: Item) -> str:
    """An answer resolved for reading, as plain text (a commitment says whether it was kept)."""
    return answer_as_text(item, with_status=True)


def describe_plan(plan: SharePlan) -> list[str]:
    """The plan in plain lines, for a dry run or a confirmation dialog."""
    lines = [
        tr("This file will hold, for {label}:").format(label=plan.client),
    ]
    for exercise in plan.exercises:
        status = status_words(exercise)
        lines.append(f"• {exercise.title} — {status}")
        if not exercise.answers:
            lines.append("    " + tr("(no answers marked as shared)"))
        for answer in exercise.answers:
            lines.append(f"    {answer.prompt or answer.step_id}")
            lines.extend(f"      {line}" for line in answer.text.splitlines() or [""])
    lines.append(tr(NEVER_SHARED))
    return lines


def status_words(exercise: SharedExercise) -> str:
    """How far a client got, in a few words (with the day)."""
    if exercise.status is Status.COMPLETED:
        day = (exercise.completed_at or "")[:10]
        return tr("done {day}").format(day=day).strip()
    if exercise.status is Status.IN_PROGRESS:
        day = (exercise.started_at or "")[:10]
        return tr("started {day}").format(day=day).strip()
    return tr("not started")


def share_document(plan: SharePlan) -> dict[str, Any]:
    """The share document of a plan, as a JSON-ready dict."""
    return {
        "format": SHARED_FORMAT,
        "version": VERSION,
        "client": plan.client,
        "counsellor": plan.counsellor,
        "created_at": plan.created_at,
        "exercises": [
            {
                "exercise_id": e.exercise_id,
                "title": e.title,
                "status": e.status.value,
                "started_at": e.started_at,
                "completed_at": e.completed_at,
                "answers": [
                    {
                        "step_id": a.step_id,
                        "position": a.position,
                        "prompt": a.prompt,
                        "value": a.value,
                        "text": a.text,
                        "updated_at": a.updated_at,
                    }
                    for a in e.answers
                ],
            }
            for e in plan.exercises
        ],
    }


def write_share(
    store: VaultStore,
    plan: SharePlan,
    path: Path,
    *,
    passphrase: str | None = None,
    kdf: keys.KdfParams | None = None,
) -> str:
    """Write the share file, signed by the client, where they chose; returns the note to show
    them."""
    text = signing.signed_text(store, share_document(plan))
    if passphrase is not None:
        if not passphrase:
            raise UserFacingError(tr("Please choose a passphrase for the file."))
        sealed = keys.wrap(text.encode("utf-8"), passphrase, kdf or Vaults.kdf, aad=_SHARED_AAD)
        text = jsonfile.dumps_readable(envelope.sealed_document(ENCRYPTED_SHARED_FORMAT, sealed))
        note = tr(ENCRYPTED_SHARE_NOTE)
    else:
        note = tr(PLAIN_SHARE_WARNING)
    write_private(path, text)
    return note


# ---------------------------------------------------------------------- share: counsellor
def is_encrypted_share(path: Path) -> bool:
    """Whether ``path`` holds an encrypted share file (needs the agreed passphrase)."""
    try:
        return envelope.format_of(_load_json(path)) == ENCRYPTED_SHARED_FORMAT
    except UserFacingError:
        return False


def read_shared(path: Path, passphrase: str | None = None) -> ReceivedShare:
    """Read and fully check a share file (its signature first)."""
    text, document = _load_json_text(path)
    if envelope.format_of(document) == ENCRYPTED_SHARED_FORMAT:
        if not passphrase:
            raise WrongPassphrase(tr("This file is encrypted: please give its passphrase."))
        if text != jsonfile.dumps_readable(document):
            raise signing.ChangedFile()
        plain = open_sealed(
            document,
            ENCRYPTED_SHARED_FORMAT,
            passphrase,
            aad=_SHARED_AAD,
            kind=tr("This encrypted file"),
            wrong=tr("That passphrase does not open this file."),
        )
        text = plain.decode("utf-8", errors="replace")
        document = jsonfile.parse_json_bytes(plain, counsel_format.BUDGET, what=_what())
    _check_signed_header(
        document, SHARED_FORMAT, tr("This file is not a shared file from trustrepair.")
    )
    signed = signing.open_signed(document, text)
    client, created_at, exercises = parse_shared(document)
    return ReceivedShare(client, created_at, exercises, signed)


def parse_shared(document: Any) -> tuple[str, str, list[SharedExercise]]:
    """Check a share document's shape completely (:class:`~trustrepair.formats.counsel
    .SharedFile`): ``(client label, created_at, exercises)``; ImportFormatError lists every
    problem."""
    _check_signed_header(
        document, SHARED_FORMAT, tr("This file is not a shared file from trustrepair.")
    )
    shared = problems.validate(
        counsel_format.SharedFile,
        document,
        tr("This file cannot be opened; nothing was changed."),
    )
    exercises = [
        SharedExercise(
            item.exercise_id,
            item.title,
            item.status,
            item.started_at,
            item.completed_at,
            tuple(
                SharedAnswer(a.step_id, a.position, a.prompt, a.value, a.text, a.updated_at)
                for a in item.answers
            ),
        )
        for item in shared.exercises
    ]
    return " ".join(shared.client.split()), shared.created_at, exercises


def import_shared(
    store: VaultStore,
    path: Path,
    *,
    passphrase: str | None = None,
    library: Library | None = None,
    accept_sender: str | None = None,
) -> SharedImport:
    """Check a share file completely, then keep it in the counsellor's vault (newest wins).

    Nothing is written when anything in the file is wrong, when it is not signed by the key
    accepted for its client label, or when it is older than the newest file accepted from
    them. ``accept_sender``: as for :func:`import_assignment`.

    Raises:
        signing.UnknownSender: the first file from this client, and ``accept_sender`` is None.
    """
    require_role(store, Role.COUNSELLOR)
    share = read_shared(path, passphrase)
    safety = library.safety_check() if library is not None else None
    if safety is not None and any(e.exercise_id == safety.id for e in share.exercises):
        raise ImportFormatError(
            tr("This file holds answers to the private safety check; it was not imported.")
        )
    sender = signing.check_sender(
        store, SenderRole.CLIENT, share.client, share.signed, share.created_at, accept_sender
    )
    with store.db.atomic():
        # Dated by the file, not by this import: an older file never wins over a newer one.
        stored, kept = CounselStore(store.db).save_shared(
            share.client, share.exercises, shared_at=share.created_at
        )
        signing.keep_sender(store, sender)
    return SharedImport(share.client, len(share.exercises), stored, kept)


def clients(store: VaultStore) -> list[ClientOverview]:
    """The counsellor's clients (labels with assignments or shared answers)."""
    require_role(store, Role.COUNSELLOR)
    return CounselStore(store.db).clients()


def client_exercises(store: VaultStore, label: str) -> list[SharedExercise]:
    """What one client shared, by exercise (exact label, then case-insensitive)."""
    require_role(store, Role.COUNSELLOR)
    counsel = CounselStore(store.db)
    labels = [c.label for c in counsel.clients()]
    match = next((x for x in labels if x == label), None) or next(
        (x for x in labels if x.casefold() == label.casefold()), None
    )
    if match is None:
        raise UserFacingError(tr("There is no client called {label!r}.").format(label=label))
    return counsel.client_exercises(match)


def sent_assignments(store: VaultStore, client: str | None = None) -> list[SentAssignment]:
    """Assignments the counsellor made, newest first."""
    require_role(store, Role.COUNSELLOR)
    return CounselStore(store.db).sent(client)


# ---------------------------------------------------------------------- files
def _what() -> str:
    return tr("a trustrepair file")


def _load_json(path: Path) -> Any:
    return jsonfile.load_json_file(path, counsel_format.BUDGET, what=_what())


def _load_json_text(path: Path) -> tuple[str, Any]:
    return jsonfile.load_json_text(path, counsel_format.BUDGET, what=_what())


def _check_signed_header(document: Any, expected: str, wrong_kind: str) -> None:
    """A signed file of the ``expected`` kind, or a plain refusal (an unsigned one from 0.1.0
    says to ask for a new file)."""
    version = document.get("version") if isinstance(document, dict) else None
    if envelope.format_of(document) == expected and type(version) is int and version == 1:
        raise signing.UnsignedFile()
    envelope.check_header(
        document,
        expected,
        wrong_kind=wrong_kind,
        newer=tr("This file has format version {v}; this trustrepair reads version {mine}."),
        versions=(SIGNED_VERSION,),
    )


def is_day(value: str) -> bool:
    """Whether ``value`` is a date like 2026-12-31 (for due dates)."""
    return fields.is_day(value)
