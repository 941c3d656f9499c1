"""Assignments: a counsellor chooses exercises for a client; the client keeps them.

* The counsellor makes an **assignment** file (``trustrepair-assignment``): exercises from
  the library and their own, in order, each with a note, a date and the exercise that opens
  it. It is checked exactly as the client will check it before it is written.
* The client sees what the file holds and what keeping it changes (:func:`preview_assignment`)
  before it is kept (:func:`keep_assignment`); a file made before the one kept never
  replaces it. Custom exercises join that profile's library (:func:`counsel.client_library`)
  and are never written to disk as plain files.

The format is documented in ``docs/counsellor.md``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from trustrepair.content import yamlnodes
from trustrepair.content.library import Library
from trustrepair.content.loader import display_path, load_bytes
from trustrepair.domain.answers import Status
from trustrepair.domain.counsel import AssignedExercise, ReceivedAssignment
from trustrepair.domain.enums import STAGE_TITLES, Mode, Track
from trustrepair.domain.exercise import Exercise
from trustrepair.domain.profile import Role
from trustrepair.errors import ImportFormatError, UserFacingError
from trustrepair.files import read_bounded, write_private
from trustrepair.formats import counsel as counsel_format
from trustrepair.formats import fields, jsonfile, problems
from trustrepair.i18n import N_, Marked, ngettext, tr, translated
from trustrepair.services import profile_settings, signing
from trustrepair.services.counsel import (
    CLIENT_LABEL_SETTING,
    CUSTOM_SOURCE,
    VERSION,
    check_exchange_header,
    client_library,
    known_label,
    load_exchange_text,
    require_role,
    shipped_part,
    tidy_label,
)
from trustrepair.storage.counsel import CounselStore
from trustrepair.storage.signing import SenderRole
from trustrepair.storage.store import VaultStore, now_iso

log = logging.getLogger(__name__)

ASSIGNMENT_FORMAT = counsel_format.ASSIGNMENT_FORMAT
ASSIGNMENT_NOTE = N_(
    "An assignment file holds the exercises, your notes and dates, and the client's label. "
    "It holds nothing anyone wrote. It is not encrypted."
)


@dataclass(frozen=True)
class AssignmentPacket:
    """A fully checked assignment file."""

    counsellor: str
    client: str
    created_at: str
    exercises: tuple[AssignedExercise, ...]
    custom: tuple[tuple[Exercise, str], ...] = ()
    """Custom exercises with their YAML text."""
    signed: signing.SignedFile | None = None
    """The file and its signer, once read from a file (None while it is being made)."""


# ---------------------------------------------------------------------- assignment: counsellor
def check_due(day: str | None, today: date | None = None) -> None:
    """Refuse a due date that is not a date, or that has passed (making an assignment)."""
    if day is None:
        return
    if not is_day(day):
        raise UserFacingError(
            tr("{day!r} is not a date: write dates like 2026-12-31.").format(day=day)
        )
    if day < (today or date.today()).isoformat():
        raise UserFacingError(
            tr("{day} has already passed: choose today or a later date.").format(day=day)
        )


def assignment_file_name(client: str, today: date | None = None) -> str:
    """A file name to suggest for an assignment: ``assignment-sam-r-2026-12-04.json``."""
    words = "".join(c if c.isalnum() else " " for c in tidy_label(client).casefold()).split()
    stem = "-".join(words)[:40].strip("-") or "client"
    return f"assignment-{stem}-{(today or date.today()).isoformat()}.json"


def build_assignment(
    store: VaultStore,
    library: Library,
    client: str,
    exercises: Sequence[AssignedExercise],
    custom_sources: Sequence[tuple[str, str]] = (),
    *,
    today: date | None = None,
) -> dict[str, Any]:
    """The assignment document, signed by the counsellor and checked as the client will
    check it.

    Custom exercises kept in the counsellor's vault travel with the file when they are
    assigned, as do the ones given in ``custom_sources``.

    Args:
        store: The counsellor's vault.
        library: The counsellor's library (:func:`client_library`): assigned ids must be in
            it or in the custom ones.
        client: The label the counsellor uses for this client (shown to the client too).
        exercises: What to assign, in order, with notes, dates and what opens each.
        custom_sources: ``(name shown in messages, YAML text)`` of custom exercises.
        today: The day past due dates are judged by (default: today).
    """
    profile = require_role(store, Role.COUNSELLOR)
    for item in exercises:
        check_due(item.due, today)
    given = {_custom_id(text) for _name, text in custom_sources}
    kept = CounselStore(store.db).custom_sources()
    sources = list(custom_sources)
    for item in exercises:
        if item.exercise_id in kept and item.exercise_id not in given:
            sources.append((f"your exercise {item.exercise_id}", kept[item.exercise_id]))
            given.add(item.exercise_id)
    document: dict[str, Any] = {
        "format": ASSIGNMENT_FORMAT,
        "version": VERSION,
        "counsellor": profile.name,
        "client": tidy_label(client),
        "created_at": now_iso(),
        "exercises": [
            {
                "exercise_id": item.exercise_id,
                **({"note": item.note} if item.note else {}),
                **({"due": item.due} if item.due else {}),
                **({"after": item.after} if item.after else {}),
            }
            for item in exercises
        ],
    }
    if sources:
        document["custom_exercises"] = [text for _name, text in sources]
    signed = signing.sign_document(store, document)
    names = [name for name, _text in sources]
    parse_assignment(
        signed,
        shipped_part(library),
        shown="assignment",
        custom_names=names,
        headline=translated(WRITE_HEADLINE),
    )
    return signed


def _custom_id(text: str) -> str | None:
    result = load_bytes(text.encode("utf-8"), "custom exercise")
    return result.exercise.id if result.exercise is not None else None


def write_assignment(
    store: VaultStore,
    library: Library,
    client: str,
    exercises: Sequence[AssignedExercise],
    path: Path,
    custom_sources: Sequence[tuple[str, str]] = (),
    *,
    merge: bool = False,
    today: date | None = None,
) -> AssignmentPacket:
    """Check, write the assignment file where the counsellor chose, and remember it.

    The custom exercises are kept in the counsellor's vault too, to be assigned again.

    Raises:
        SimilarLabel: ``client`` differs from a client's label only in capitals or spaces,
            and ``merge`` was not given (then the existing label is used).
    """
    client = known_label(store, client, merge=merge)
    document = build_assignment(store, library, client, exercises, custom_sources, today=today)
    packet = parse_assignment(document, shipped_part(library), shown=path.name)
    mine = client_library(store, shipped_part(library)).with_extra(
        (e for e, _ in packet.custom), CUSTOM_SOURCE
    )
    titled = [(item, _title_in(mine, item.exercise_id)) for item in packet.exercises]
    counsel = CounselStore(store.db)
    written = False
    try:
        # Remembered and written together: a vault that cannot take it leaves no file, and a
        # file that cannot be written is not remembered as sent.
        with store.db.atomic():
            counsel.save_own_custom(packet.counsellor, [(e.id, s) for e, s in packet.custom])
            counsel.save_sent(packet.client, titled, created_at=packet.created_at)
            write_private(path, jsonfile.dumps_readable(document))
            written = True
    except BaseException:
        if written:  # the file was written, but the vault could not keep that it was
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return packet


def _title_in(library: Library, exercise_id: str) -> str:
    exercise = library.get(exercise_id)
    return exercise.title if exercise is not None else ""


def read_custom_file(path: Path) -> tuple[str, str]:
    """A custom exercise file as ``(name, text)``, read once and checked by the real loader.

    Raises:
        ImportFormatError: every problem, as ``FILE:LINE:COL: message`` lines.
    """
    raw = read_bounded(path, yamlnodes.MAX_BYTES, what=tr("an exercise file"))
    result = load_bytes(raw, display_path(path), path)
    if result.exercise is None:
        raise ImportFormatError("\n".join(str(p) for p in result.problems))
    try:
        return str(path), raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # the loader refuses it first; kept for certainty
        raise ImportFormatError(
            tr("{path} is not a UTF-8 text file.").format(path=display_path(path))
        ) from exc


def check_custom(library: Library, path: Path) -> tuple[Exercise, str, str]:
    """A custom exercise file checked as it is attached: it loads, is no safety check, and
    takes no id the shipped library has. Returns ``(exercise, name, YAML text)``.

    Raises:
        ImportFormatError: every problem, naming the file, line and column.
    """
    name, text = read_custom_file(path)
    exercise = load_bytes(text.encode("utf-8"), name).exercise
    assert exercise is not None  # read_custom_file refused it otherwise
    if exercise.safety_check:
        raise ImportFormatError(f"{name}:1:1: " + tr("a custom exercise cannot be a safety check"))
    if shipped_part(library).get(exercise.id) is not None:
        raise ImportFormatError(
            f"{name}:1:1: "
            + tr("the id {id!r} is already used by an exercise in the library").format(
                id=exercise.id
            )
        )
    return exercise, name, text


WHO_WORDS: dict[Track, Marked] = {
    Track.HURT: N_("for the one who was hurt"),
    Track.REPAIRING: N_("for the one who broke trust"),
}
MODE_WORDS: dict[Mode, Marked] = {
    Mode.SOLO: N_("alone"),
    Mode.PARALLEL: N_("for two: each privately, then together"),
    Mode.TOGETHER: N_("for two, taking turns"),
}


def exercise_facts(exercise: Exercise) -> str:
    """An exercise's stage, who it is for, how it is done and how long, in one line."""
    who = " and ".join(translated(WHO_WORDS[t]) for t in exercise.tracks)
    return " · ".join(
        [
            translated(STAGE_TITLES[exercise.stage]),
            who,
            translated(MODE_WORDS[exercise.mode]),
            ngettext("about {n} minute", "about {n} minutes", exercise.minutes).format(
                n=exercise.minutes
            ),
        ]
    )


# ---------------------------------------------------------------------- assignment: client
class Change(StrEnum):
    """What keeping an assignment file does to one exercise."""

    NEW = "new"
    UPDATED = "updated"
    SAME = "same"
    KEPT_NEWER = "kept_newer"
    """What is kept came in a file made later: this file changes nothing about it."""


CHANGE_WORDS: dict[Change, Marked] = {
    Change.NEW: N_("new"),
    Change.UPDATED: N_("replaces the note, date or order you have"),
    Change.SAME: N_("you have this already"),
    Change.KEPT_NEWER: N_("you have a newer assignment of it: yours is kept"),
}


@dataclass(frozen=True)
class PreviewItem:
    """One exercise of an assignment file, and what keeping the file would do to it."""

    exercise_id: str
    title: str
    note: str
    due: str | None
    after_title: str | None
    change: Change
    custom: bool
    """Written by the counsellor (it joins this profile's library)."""


@dataclass(frozen=True)
class AssignmentPreview:
    """Everything an assignment file holds and what keeping it changes, before it is kept."""

    packet: AssignmentPacket
    items: tuple[PreviewItem, ...]
    label_before: str | None
    """The label the counsellor used before (None: none yet)."""
    sender: signing.SenderCheck
    """Who signed it: a counsellor whose key is kept, or one the person accepted just now."""

    @property
    def changes_anything(self) -> bool:
        """Whether keeping the file changes anything in the profile."""
        return any(i.change in (Change.NEW, Change.UPDATED) for i in self.items)

    @property
    def label_changes(self) -> bool:
        """Whether the file calls the client something new (and is the newest file)."""
        newest = any(i.change is not Change.KEPT_NEWER for i in self.items)
        return newest and self.label_before != self.packet.client


def read_assignment(path: Path, library: Library) -> AssignmentPacket:
    """Read and fully check an assignment file (its signature first) against the library.

    Raises:
        ImportFormatError: one plain message: where the problem is, and that nothing
            was changed.
    """
    headline = translated(ASSIGNMENT_HEADLINE)
    text, document = load_exchange_text(path, headline)
    check_exchange_header(
        document, ASSIGNMENT_FORMAT, headline, tr("this is not an assignment from trustrepair")
    )
    signed = signing.open_signed(document, text)
    return replace(parse_assignment(document, library, shown=path.name), signed=signed)


ASSIGNMENT_HEADLINE = N_("This assignment cannot be opened; nothing was changed.")
WRITE_HEADLINE = N_("This assignment was not written; nothing was changed.")


def parse_assignment(
    document: Any,
    library: Library,
    *,
    shown: str,
    custom_names: Sequence[str] = (),
    headline: str | None = None,
) -> AssignmentPacket:
    """Check an assignment document completely; ImportFormatError lists every problem.

    The shape is :class:`~trustrepair.formats.counsel.AssignmentFile`'s; then each custom
    exercise must load (its problems are named ``FILE (custom exercise N):LINE:COL``), be no
    safety check and take no id the library has, and each assigned id must exist.
    ``headline`` begins the message (default: the one for a file that is opened).
    """
    headline = headline or translated(ASSIGNMENT_HEADLINE)
    check_exchange_header(
        document,
        ASSIGNMENT_FORMAT,
        headline,
        tr("This file is not an assignment from trustrepair."),
    )
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
        AssignedExercise(item.exercise_id, item.note.strip(), item.due, item.after)
        for item in packet.exercises
    )
    return AssignmentPacket(
        packet.counsellor, tidy_label(packet.client), packet.created_at, items, tuple(custom)
    )


def preview_assignment(
    store: VaultStore, library: Library, path: Path, *, accept_sender: str | None = None
) -> AssignmentPreview:
    """What an assignment file holds and what keeping it would change; nothing is written.

    Args:
        store: The client's vault.
        library: The shipped and the person's own library (not the custom exercises kept in
            the vault: a custom exercise sent again replaces the kept one).
        path: The file.
        accept_sender: For the first file from this counsellor: the fingerprint the person
            compared with them and accepted.

    Raises:
        signing.UnknownSender: the first file from this counsellor, and ``accept_sender`` is
            None (the window asks; the command line needs ``--accept-sender``).
        ImportFormatError: the file cannot be used (edited, signed with another key than
            the counsellor's, older than the newest accepted from them, or malformed).
    """
    require_role(store, Role.PERSON)
    packet = read_assignment(path, library)
    assert packet.signed is not None  # read from a file
    sender = signing.check_sender(
        store,
        SenderRole.COUNSELLOR,
        packet.counsellor,
        packet.signed,
        packet.created_at,
        accept_sender,
    )
    return _preview(store, library, packet, sender)


def _preview(
    store: VaultStore, library: Library, packet: AssignmentPacket, sender: signing.SenderCheck
) -> AssignmentPreview:
    counsel = CounselStore(store.db)
    kept = {(a.counsellor, a.exercise_id): a for a in counsel.received()}
    mine = library.with_extra((e for e, _ in packet.custom), CUSTOM_SOURCE)
    custom_ids = {e.id for e, _ in packet.custom}
    items = []
    for position, item in enumerate(packet.exercises):
        have = kept.get((packet.counsellor, item.exercise_id))
        if have is None:
            change = Change.NEW
        elif have.assigned_at > packet.created_at:
            change = Change.KEPT_NEWER
        elif (have.note, have.due, have.after, have.position) == (
            item.note,
            item.due,
            item.after,
            position,
        ) and item.exercise_id not in custom_ids:
            change = Change.SAME
        else:
            change = Change.UPDATED
        items.append(
            PreviewItem(
                item.exercise_id,
                _title_in(mine, item.exercise_id) or item.exercise_id,
                item.note,
                item.due,
                (_title_in(mine, item.after) or item.after) if item.after else None,
                change,
                item.exercise_id in custom_ids,
            )
        )
    label = profile_settings.get(store, CLIENT_LABEL_SETTING)
    return AssignmentPreview(packet, tuple(items), str(label) if label else None, sender)


def keep_assignment(store: VaultStore, preview: AssignmentPreview) -> AssignmentPreview:
    """Keep a previewed assignment in the client's vault (all or nothing).

    What came in a file made later is never replaced: an older file opened after a newer
    one changes only what the newer one did not hold.
    """
    require_role(store, Role.PERSON)
    packet = preview.packet
    older = {i.exercise_id for i in preview.items if i.change is Change.KEPT_NEWER}
    custom = [(e.id, source) for e, source in packet.custom if e.id not in older]
    with store.db.atomic():
        signing.keep_sender(store, preview.sender)
        CounselStore(store.db).save_received(
            packet.counsellor,
            packet.exercises,
            custom,
            assigned_at=packet.created_at,
        )
        if preview.label_changes:
            store.set_setting(CLIENT_LABEL_SETTING, packet.client)
    return preview


def import_assignment(
    store: VaultStore, library: Library, path: Path, *, accept_sender: str | None = None
) -> AssignmentPreview:
    """Check an assignment file completely, then keep it in the client's vault.

    Nothing is written when anything in the file is wrong, when it is not signed by the key
    accepted for its counsellor, or when it is older than the newest file accepted from them
    (see :func:`preview_assignment`).
    """
    preview = preview_assignment(store, library, path, accept_sender=accept_sender)
    return keep_assignment(store, preview)


def describe_preview(preview: AssignmentPreview) -> list[str]:
    """The preview in plain lines, for the window's question and the command line."""
    packet = preview.packet
    lines = [
        tr("An assignment from {counsellor}, made {day}, for {label}:").format(
            counsellor=packet.counsellor, day=packet.created_at[:10], label=packet.client
        )
    ]
    fingerprint = signing.fingerprint(preview.sender.public_key)
    if preview.sender.new:
        signed_by = tr("Signed with the key you just accepted for {name}: {fingerprint}")
    else:
        signed_by = tr("Signed with {name}'s key, as their earlier files: {fingerprint}")
    lines.append(signed_by.format(name=packet.counsellor, fingerprint=fingerprint))
    for item in preview.items:
        facts = [translated(CHANGE_WORDS[item.change])]
        if item.due:
            facts.append(tr("aim for {day}").format(day=item.due))
        if item.after_title:
            facts.append(tr("after {title}").format(title=item.after_title))
        if item.custom:
            facts.append(tr("written by your counsellor"))
        lines.append(f"• {item.title} — " + " · ".join(facts))
        lines.extend(f"    {line}" for line in item.note.splitlines())
    if preview.label_changes and preview.label_before:
        lines.append(
            tr("Your counsellor now calls you {new!r} (before: {old!r}).").format(
                new=packet.client, old=preview.label_before
            )
        )
    if not preview.changes_anything:
        lines.append(tr("Keeping this file changes nothing: you have all of it already."))
    lines.append(translated(ASSIGNMENT_NOTE))
    return lines


def received_assignments(store: VaultStore) -> list[ReceivedAssignment]:
    """The assignments this profile received, newest first."""
    return CounselStore(store.db).received()


@dataclass(frozen=True)
class ClientAssignment:
    """One exercise from a counsellor as the client's home shows it."""

    exercise_id: str
    title: str
    counsellor: str
    note: str
    due: str | None
    overdue: bool
    status: Status
    after_title: str | None
    """The exercise that opens this one, while it is not done yet (None: open now)."""
    available: bool
    """Whether this profile's library has it (a custom one may no longer load)."""


def client_assignments(
    store: VaultStore, library: Library, today: date | None = None
) -> list[ClientAssignment]:
    """Each assigned exercise once (the newest assignment of it), in the counsellor's order,
    with how far the person got, its date and whether that has passed.

    ``library`` is this profile's (:func:`client_library`).
    """
    progress = store.all_progress()
    day = (today or date.today()).isoformat()
    seen: set[str] = set()
    found: list[ClientAssignment] = []
    for item in received_assignments(store):
        if item.exercise_id in seen:
            continue
        seen.add(item.exercise_id)
        row = progress.get(item.exercise_id)
        status = row.status if row is not None else Status.NOT_STARTED
        before = progress.get(item.after) if item.after else None
        waiting = item.after is not None and (
            before is None or before.status is not Status.COMPLETED
        )
        found.append(
            ClientAssignment(
                item.exercise_id,
                _title_in(library, item.exercise_id) or tr("An exercise no longer available"),
                item.counsellor,
                item.note,
                item.due,
                item.due is not None and item.due < day and status is not Status.COMPLETED,
                status,
                (_title_in(library, item.after) or None) if waiting and item.after else None,
                library.get(item.exercise_id) is not None,
            )
        )
    return found


def counsellor_note(store: VaultStore, exercise_id: str) -> tuple[str, str] | None:
    """``(counsellor, note)`` of the newest assignment of ``exercise_id`` with a note."""
    for item in received_assignments(store):
        if item.exercise_id == exercise_id and item.note:
            return item.counsellor, item.note
    return None


def is_day(value: str) -> bool:
    """Whether ``value`` is a date like 2026-12-31 (for due dates)."""
    return fields.is_day(value)
