"""A counsellor and clients, with no server and no account: files the people carry.

* The counsellor prepares an **assignment** file (:mod:`trustrepair.services.assignments`).
  Custom exercises that came with one join the client's library (:func:`client_library`);
  they are never written to disk as plain files.
* The client **shares back** (``trustrepair-shared``): only answers they marked as shared, for
  the exercises they choose, with how far they got. Never the safety check, never the private
  description, never a partner's answers. Optionally encrypted with a passphrase the two agree.
* The counsellor imports that into their own vault, under the client's label; labels that
  differ only in capitals or spaces are one client, merged only when the counsellor says so.
  The counsellor's desk over all of it is :mod:`trustrepair.services.desk`.

Both files are signed by their sender (:mod:`trustrepair.services.signing`): the first file
from a sender needs the person's word on the sender's fingerprint, later ones must be signed
with the same key, and an edited file, or one older than the newest accepted from that
sender, is refused with nothing changed. The formats are documented in ``docs/counsellor.md``.

The formats are documented in ``docs/counsellor.md``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from trustrepair.content.library import Library
from trustrepair.content.loader import load_bytes
from trustrepair.domain.answers import Answer, Status, is_answered
from trustrepair.domain.counsel import SharedAnswer, SharedExercise
from trustrepair.domain.exercise import Exercise, resolve_text
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.domain.step_kinds import answer_as_text, takes_answer
from trustrepair.errors import ImportFormatError, UserFacingError, WrongPassphrase
from trustrepair.files import write_private
from trustrepair.formats import counsel as counsel_format
from trustrepair.formats import envelope, jsonfile, problems
from trustrepair.formats.signature import SIGNED_VERSION
from trustrepair.i18n import N_, tr, translated
from trustrepair.reports.context import Item
from trustrepair.services import profile_settings, signing
from trustrepair.services.signing import SignedFile
from trustrepair.services.summary import describe_answer
from trustrepair.services.transfer import open_sealed
from trustrepair.services.vaults import Vaults
from trustrepair.storage import keys
from trustrepair.storage.counsel import CounselStore
from trustrepair.storage.signing import SenderRole
from trustrepair.storage.store import VaultStore, now_iso

log = logging.getLogger(__name__)

SHARED_FORMAT = counsel_format.SHARED_FORMAT
ENCRYPTED_SHARED_FORMAT = envelope.ENCRYPTED_SHARED_FORMAT
VERSION = SIGNED_VERSION
"""Assignment and share files are signed, version 2 (version 1, unsigned, is refused)."""
_SHARED_AAD = b"trustrepair shared v1"

CLIENT_LABEL_SETTING = "counsel_client_label"
CUSTOM_SOURCE = Path("from your counsellor")
"""How custom exercises are named where a library shows its sources (never a real file)."""

PLAIN_SHARE_WARNING = N_(
    "This file is not encrypted: anyone who gets it can read the answers in it. Give it to "
    "your counsellor yourself, and delete it when they have it."
)
ENCRYPTED_SHARE_NOTE = N_(
    "This file is encrypted with the passphrase you chose. Your counsellor needs that passphrase "
    "to read it: tell them in person or by another way than the file itself."
)
NEVER_SHARED = N_(
    "Never included: answers you kept private, the safety check, the description in your "
    "profile, and anything a partner revealed to you."
)


# ---------------------------------------------------------------------- results
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
    """``library`` plus the custom exercises kept in this vault: the one way every part of
    the program (the window, summaries, history, export, sharing) learns a profile's library.

    A client's vault keeps the custom exercises its counsellors sent; a counsellor's, the
    ones they wrote (so they can assign them again). A stored exercise that no longer loads
    (e.g. after an update) is left out and logged by id.
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


def is_custom(library: Library, exercise_id: str) -> bool:
    """Whether ``exercise_id`` is one of the custom exercises :func:`client_library` added."""
    source = library.sources.get(exercise_id)
    return source is not None and source.parent == CUSTOM_SOURCE


def shipped_part(library: Library) -> Library:
    """``library`` without the custom exercises :func:`client_library` added."""
    keep = {i: e for i, e in library.exercises.items() if not is_custom(library, i)}
    sources = {i: path for i, path in library.sources.items() if i in keep}
    return Library(keep, sources, list(library.skipped))


# ---------------------------------------------------------------------- client labels
class SimilarLabel(UserFacingError):
    """A label differs from a client's only in capitals or spaces: ask before merging."""

    def __init__(self, given: str, existing: str) -> None:
        super().__init__(
            tr(
                "You already have a client called {existing!r}; {given!r} differs only in "
                "capitals or spaces. Nothing was changed. If they are the same person, say so "
                "(on the command line: --merge) and it is kept under {existing!r}; if not, "
                "choose a label that differs in more than that."
            ).format(existing=existing, given=given)
        )
        self.given = given
        self.existing = existing


def tidy_label(label: str) -> str:
    """A label as it is kept: inner spaces collapsed, none at the ends."""
    return " ".join(label.split())


def label_key(label: str) -> str:
    """What two labels must share to be the same client (case and spacing do not count)."""
    return tidy_label(label).casefold()


def known_label(store: VaultStore, label: str, *, merge: bool) -> str:
    """The label to keep ``label`` under: itself, or the existing client it matches.

    Raises:
        SimilarLabel: it matches an existing client only in capitals or spaces, and
            ``merge`` was not given.
    """
    label = tidy_label(label)
    existing = [x for x in CounselStore(store.db).labels() if label_key(x) == label_key(label)]
    if not existing or label in existing:
        return label
    if not merge:
        raise SimilarLabel(label, existing[0])
    return existing[0]


# ---------------------------------------------------------------------- share: client
def plan_share(
    store: VaultStore, library: Library, exercise_ids: Sequence[str] | None = None
) -> SharePlan:
    """Exactly what a share file would hold; default: the assigned exercises.

    ``library`` should be the client's library (:func:`client_library`).
    """
    profile = require_role(store, Role.PERSON)
    received = CounselStore(store.db).received()
    safety = library.safety_check()
    if exercise_ids is None:
        in_order = sorted(received, key=lambda a: (a.assigned_at, a.position))
        chosen = list(dict.fromkeys(a.exercise_id for a in in_order))
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
    lines.append(translated(NEVER_SHARED))
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
        note = translated(ENCRYPTED_SHARE_NOTE)
    else:
        note = translated(PLAIN_SHARE_WARNING)
    write_private(path, text)
    return note


# ---------------------------------------------------------------------- share: counsellor
SHARED_HEADLINE = N_("This shared file cannot be opened; nothing was changed.")


@dataclass(frozen=True)
class SharedPacket:
    """A fully checked share file."""

    client: str
    counsellor: str
    created_at: str
    exercises: tuple[SharedExercise, ...]
    signed: SignedFile | None = None
    """The file and its signer (None only for a document checked on its own)."""


def is_encrypted_share(path: Path) -> bool:
    """Whether ``path`` says it is an encrypted share file (needs the agreed passphrase), from
    its first bytes only (the file is read and checked once, afterwards)."""
    return envelope.sniffed_format(path) == ENCRYPTED_SHARED_FORMAT


def read_shared(path: Path, passphrase: str | None = None) -> SharedPacket:
    """Read and fully check a share file.

    Raises:
        WrongPassphrase: it is encrypted and ``passphrase`` does not open it.
        ImportFormatError: one plain message: where the problem is, and that nothing was
            changed.
    """
    headline = translated(SHARED_HEADLINE)
    text, document = load_exchange_text(path, headline)
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
        try:
            document = jsonfile.parse_json_bytes(plain, counsel_format.BUDGET, what=_what())
        except ImportFormatError as error:
            raise problems.report(headline, [_located(error, path.name)]) from None
    check_exchange_header(
        document, SHARED_FORMAT, headline, tr("this is not a shared file from trustrepair")
    )
    signed = signing.open_signed(document, text)
    return replace(parse_shared(document), signed=signed)


def parse_shared(document: Any) -> SharedPacket:
    """Check a share document completely (:class:`~trustrepair.formats.counsel.SharedFile`);
    ImportFormatError lists every problem."""
    headline = translated(SHARED_HEADLINE)
    check_exchange_header(
        document, SHARED_FORMAT, headline, tr("this is not a shared file from trustrepair")
    )
    shared = problems.validate(counsel_format.SharedFile, document, headline)
    exercises = tuple(
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
    )
    return SharedPacket(tidy_label(shared.client), shared.counsellor, shared.created_at, exercises)


def keep_shared(
    store: VaultStore,
    packet: SharedPacket,
    *,
    library: Library | None = None,
    merge: bool = False,
    accept_sender: str | None = None,
) -> SharedImport:
    """Keep a checked share file in the counsellor's vault (newest answer wins; an exercise's
    status follows the file made last).

    Nothing is written when the file is not signed by the key accepted for its client, or is
    older than the newest file accepted from them. Merged into an existing client, the file
    must carry that client's key.

    Raises:
        SimilarLabel: the file's label differs from a client's only in capitals or spaces,
            and ``merge`` was not given (with it, the answers go to that client).
        signing.UnknownSender: the first file from this client, and ``accept_sender`` (the
            fingerprint the counsellor compared with them) is None.
    """
    require_role(store, Role.COUNSELLOR)
    safety = library.safety_check() if library is not None else None
    if safety is not None and any(e.exercise_id == safety.id for e in packet.exercises):
        raise ImportFormatError(
            tr("This file holds answers to the private safety check; it was not imported.")
        )
    client = known_label(store, packet.client, merge=merge)
    assert packet.signed is not None  # read from a file
    sender = signing.check_sender(
        store, SenderRole.CLIENT, client, packet.signed, packet.created_at, accept_sender
    )
    with store.db.atomic():
        # Dated by the file, not by this import: an older file never wins over a newer one.
        stored, kept = CounselStore(store.db).save_shared(
            client, packet.exercises, shared_at=packet.created_at
        )
        signing.keep_sender(store, sender)
    return SharedImport(client, len(packet.exercises), stored, kept)


def import_shared(
    store: VaultStore,
    path: Path,
    *,
    passphrase: str | None = None,
    library: Library | None = None,
    merge: bool = False,
    accept_sender: str | None = None,
) -> SharedImport:
    """Check a share file completely, then keep it in the counsellor's vault (newest wins).

    ``accept_sender``: for the first file from this client, the fingerprint the counsellor
    compared with them.
    """
    require_role(store, Role.COUNSELLOR)
    packet = read_shared(path, passphrase)
    return keep_shared(store, packet, library=library, merge=merge, accept_sender=accept_sender)


# ---------------------------------------------------------------------- files
def _what() -> str:
    return tr("a trustrepair file")


def load_exchange_text(path: Path, headline: str) -> tuple[str, Any]:
    """The text and JSON of an assignment or share file; anything wrong with it is one
    message: ``headline`` (which says nothing was changed), then where the problem is."""
    try:
        return jsonfile.load_json_text(path, counsel_format.BUDGET, what=_what())
    except ImportFormatError as error:
        if not headline:
            raise
        raise problems.report(headline, [_located(error, path.name)]) from None


# What the JSON parser's messages mean, in plain words (the parser's own are for programmers).
JSON_PROBLEMS = {
    "Expecting value": N_("a value was expected here"),
    "Expecting ',' delimiter": N_("a comma was expected here"),
    "Expecting ':' delimiter": N_("a colon was expected here"),
    "Expecting property name enclosed in double quotes": N_(
        "a name in double quotes was expected here"
    ),
    "Extra data": N_("something follows the end of the data"),
    "Invalid control character at": N_("a line break or control character inside a text"),
    "Invalid \\escape": N_("a backslash that starts no known escape"),
    "Invalid \\uXXXX escape": N_("a \\u escape without four hexadecimal digits"),
    "Unterminated string starting at": N_("a text that is never closed"),
}
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _cut_short(text: str) -> bool:
    """Whether JSON text stops inside a text or with brackets still open: a file cut short."""
    rest = _JSON_STRING.sub("", text)
    return '"' in rest or rest.count("{") + rest.count("[") > rest.count("}") + rest.count("]")


def _located(error: ImportFormatError, name: str) -> str:
    """The problem of a file that is not JSON, as ``NAME:LINE:COLUMN: what``, in plain words.

    A file that stops too soon (cut short, or not copied whole) is said so, at its end.
    """
    cause = error.__cause__
    if not isinstance(cause, json.JSONDecodeError):
        return str(error)
    text = cause.doc
    if not text[cause.pos :].strip() or _cut_short(text):
        end = text.rstrip("\r\n")
        line = end.count("\n") + 1
        column = len(end) - (end.rfind("\n") + 1) + 1
        what = tr("the file ends too soon (it may have been cut short, or not copied whole)")
        return f"{name}:{line}:{column}: {what}"
    known = JSON_PROBLEMS.get(cause.msg)
    reason = translated(known) if known is not None else tr("it cannot be read")
    what = tr("this is not valid JSON: {reason}").format(reason=reason)
    return f"{name}:{cause.lineno}:{cause.colno}: {what}"


def check_exchange_header(document: Any, expected: str, headline: str, wrong_kind: str) -> None:
    """Refuse a file that is not a signed ``expected`` file of this version, under ``headline``
    (an unsigned one, from 0.1.0, says to ask for a new file)."""
    version = document.get("version") if isinstance(document, dict) else None
    if envelope.format_of(document) == expected and type(version) is int and version == 1:
        raise signing.UnsignedFile()
    try:
        envelope.check_header(
            document,
            expected,
            wrong_kind=f"format: {wrong_kind}",
            newer="version: "
            + tr(
                "this file has format version {v}; this trustrepair reads version {mine} (a "
                "newer trustrepair may have made it)"
            ),
            versions=(SIGNED_VERSION,),
        )
    except ImportFormatError as error:
        raise problems.report(headline, [str(error)]) from None
