"""Export a profile to an open JSON format, and import (merge) such a file.

The format is documented in ``docs/export-format.md``. Plain exports are **not** encrypted
(callers show :data:`PLAIN_EXPORT_WARNING`); an encrypted export wraps the same JSON in an
AES-256-GCM envelope under an Argon2id key derived from a passphrase the person chooses.

Import validates the whole file before writing anything, then merges in one transaction:
per answer (and per progress row) the newer ``updated_at`` wins; the counsellor/client tables
merge the same way by their own timestamps (:data:`COUNSEL_MERGE_STAMP`).

:data:`EXPORTED_COLUMNS` names every vault table and column an export carries; a test compares
it with the real schema, so a new migration cannot add data that export silently leaves out.
"""

from __future__ import annotations

import binascii
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from trustrepair.content.library import Library
from trustrepair.content.loader import load_bytes
from trustrepair.domain.answers import (
    Answer,
    Entry,
    EntryRecord,
    InvalidAnswer,
    PartnerAnswer,
    Status,
)
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.domain.promises import PromiseChange, PromiseStatus
from trustrepair.domain.step_kinds import validate_value
from trustrepair.errors import (
    ImportFormatError,
    UserFacingError,
    WrongPassphrase,
    disk_errors,
    write_failure,
)
from trustrepair.files import write_atomic_chunks
from trustrepair.formats import envelope, jsonfile, problems
from trustrepair.formats import export as export_format
from trustrepair.formats.fields import parse_instant
from trustrepair.i18n import N_, tr, translated
from trustrepair.services import profile_settings
from trustrepair.services.vaults import Vaults
from trustrepair.storage import counsel as counsel_tables
from trustrepair.storage import keys
from trustrepair.storage.store import VaultStore, now_iso

FORMAT = export_format.FORMAT
ENCRYPTED_FORMAT = envelope.ENCRYPTED_EXPORT_FORMAT
VERSION = export_format.VERSION
_ENVELOPE_AAD = b"trustrepair encrypted export v1"

MAX_ROWS = export_format.MAX_ROWS

COUNSEL_SECTIONS = tuple(counsel_tables.COUNSEL_TABLES)
"""Optional sections, one per counsellor/client table, each a list of that table's rows."""

COUNSEL_MERGE_STAMP = {
    "assignments_received": "assigned_at",
    "custom_exercises": "imported_at",
    "assignments_sent": "created_at",  # part of the key: a row is only ever added
    "client_exercises": "shared_at",
    "client_answers": "updated_at",
}
"""Per counsel table, the timestamp whose newer value wins for rows with the same key."""

EXPORTED_COLUMNS: dict[str, frozenset[str]] = {
    "profile": frozenset(
        {"id", "name", "track", "relationship", "description", "created_at", "role"}
    ),
    "entries": frozenset(
        {"id", "exercise_id", "started_at", "completed_at", "current_step", "updated_at"}
    ),
    "answers": frozenset({"entry_id", "step_id", "value", "shared", "revealed", "updated_at"}),
    "settings": frozenset({"key", "value"}),
    "partner_answers": frozenset({"entry_id", "step_id", "partner_name", "value", "revealed_at"}),
    "promise_changes": frozenset({"id", "entry_id", "step_id", "status", "note", "changed_at"}),
    **{
        table: frozenset((*key, *rest))
        for table, (key, rest) in counsel_tables.COUNSEL_TABLES.items()
    },
}
"""Every vault table export carries, with its columns (``profile.id`` is always 1; an
entry's ``id`` and ``entry_id`` are carried as the entry's exercise and start time)."""

ProgressCallback = Callable[[int, int], None]

PLAIN_EXPORT_WARNING = N_(
    "This export is not encrypted: anyone who gets this file can read everything in it. "
    "Keep it somewhere private, and delete it when you no longer need it."
)
ENCRYPTED_EXPORT_NOTE = N_(
    "This export is encrypted with the passphrase you chose for it. Without that passphrase "
    "nobody, including you, can read it."
)


@dataclass(frozen=True)
class EntryData:
    """One entry as a file holds it: the entry, its answers and what partners revealed in it.

    ``entry.id`` is 0: an entry is found by its exercise and start time.
    """

    entry: Entry
    answers: list[Answer] = field(default_factory=list)
    partner_answers: list[PartnerAnswer] = field(default_factory=list)
    loose: bool = False
    """From a version 1 file (one entry per exercise, its start time guessed): with no entry
    of the same start time, it merges into the vault's entry when that is the only one."""


@dataclass(frozen=True)
class ExportData:
    """A validated export: everything one profile holds."""

    profile: ProfileInfo
    entries: list[EntryData] = field(default_factory=list)
    promise_changes: list[tuple[str, str, PromiseChange]] = field(default_factory=list)
    """Each change with the exercise id and start time of the entry it belongs to."""
    settings: dict[str, Any] = field(default_factory=dict)
    counsel: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Rows of the counsellor/client tables, by table (see :data:`COUNSEL_SECTIONS`)."""
    assumed: tuple[str, ...] = ()
    """Profile fields the file left out, filled with defaults (matters only when creating)."""
    version: int = VERSION

    @property
    def answer_count(self) -> int:
        """How many answers the file holds, in all its entries."""
        return sum(len(e.answers) for e in self.entries)


@dataclass(frozen=True)
class ImportResult:
    """What an import changed."""

    profile: str
    created: bool
    answers_added: int
    answers_updated: int
    answers_kept: int
    recovery_key: str | None = None
    assumed: tuple[str, ...] = ()
    """For a created profile: fields the file did not give, so defaults were used."""
    entries_added: int = 0


# ---------------------------------------------------------------------- export
def build_export(store: VaultStore, progress: ProgressCallback | None = None) -> dict[str, Any]:
    """The export document of one open vault, as a JSON-ready dict (version 2)."""
    profile = store.get_profile()
    if profile is None:
        raise UserFacingError(
            tr("This profile has not been set up yet; there is nothing to export.")
        )
    history = store.history()
    revealed: dict[int, list[PartnerAnswer]] = {}
    for answer in store.all_partner_answers(every_entry=True):
        revealed.setdefault(answer.entry_id, []).append(answer)
    total = sum(len(r.answers) + 1 for r in history) + 1
    entry_docs = []
    by_id: dict[int, Entry] = {}
    done = 0
    for record in reversed(history):  # oldest first
        entry = record.entry
        by_id[entry.id] = entry
        entry_docs.append(entry_document(record, revealed.get(entry.id, [])))
        before, done = done, done + len(record.answers) + 1
        if progress is not None and done // 100 > before // 100:
            progress(done, total)
    changes = []
    for change in store.promise_changes():
        owner = by_id.get(change.entry_id)
        if owner is None:  # pragma: no cover - a foreign key keeps every change's entry
            continue
        changes.append(
            {
                "exercise_id": owner.exercise_id,
                "started_at": owner.started_at,
                "step_id": change.step_id,
                "status": change.status.value,
                "note": change.note,
                "changed_at": change.changed_at,
            }
        )
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now_iso(),
        "profile": {
            "name": profile.name,
            "track": profile.track.value,
            "relationship": profile.relationship.value,
            "description": profile.description,
            "created_at": profile.created_at,
            "role": profile.role.value,
        },
        "entries": entry_docs,
        "promise_changes": changes,
        "settings": profile_settings.exportable(store),
    }
    for table in COUNSEL_SECTIONS:
        document[table] = counsel_tables.table_rows(store.db, table)
    if progress is not None:
        progress(total, total)
    return document


def entry_document(record: EntryRecord, revealed: list[PartnerAnswer]) -> dict[str, Any]:
    """One entry as an export holds it (``history --json`` shows the first four keys)."""
    entry = record.entry
    answers = dict(sorted(record.answers.items()))
    return {
        "exercise_id": entry.exercise_id,
        "started_at": entry.started_at,
        "completed_at": entry.completed_at,
        "answers": {k: a.value for k, a in answers.items()},
        "current_step": entry.current_step,
        "updated_at": entry.updated_at,
        "shared": [k for k, a in answers.items() if a.shared],
        "revealed": [k for k, a in answers.items() if a.revealed],
        "answered_at": {k: a.updated_at for k, a in answers.items()},
        "partner_answers": [
            {
                "step_id": p.step_id,
                "partner_name": p.partner_name,
                "value": p.value,
                "revealed_at": p.revealed_at,
            }
            for p in revealed
        ],
    }


def dumps(document: dict[str, Any]) -> str:
    """Serialise an export: readable UTF-8 (control characters are escaped by JSON)."""
    return jsonfile.dumps_readable(document)


CHUNK_BYTES = 256 * 1024
"""Exports are serialised, encrypted and written in pieces of about this size."""


def dump_chunks(
    document: dict[str, Any], step: Callable[[], None] | None = None
) -> Iterator[bytes]:
    """:func:`dumps` of ``document`` as UTF-8, piece by piece (the same text, joined).

    Each piece takes a few milliseconds to make, so the window (which shares the interpreter
    lock with the thread exporting) never waits long, and ``step`` is called between two
    (the export's progress, which raises when the person cancelled).
    """
    pieces: list[str] = []
    size = 0
    for piece in jsonfile.readable_encoder().iterencode(document):
        pieces.append(piece)
        size += len(piece)
        if size >= CHUNK_BYTES:
            yield "".join(pieces).encode("utf-8")
            pieces, size = [], 0
            if step is not None:
                step()
    pieces.append("\n")
    yield "".join(pieces).encode("utf-8")


def export_profile(
    store: VaultStore,
    path: Path,
    *,
    passphrase: str | None = None,
    kdf: keys.KdfParams | None = None,
    progress: ProgressCallback | None = None,
) -> str:
    """Write the profile to ``path`` (only where the person chose); returns the note to show.

    With ``passphrase`` the file is an encrypted envelope; otherwise plain JSON and the
    returned text is :data:`PLAIN_EXPORT_WARNING`, which the UI/CLI must show. The text is
    serialised, encrypted and written in pieces (:func:`dump_chunks`): never whole in memory,
    and never in one long call.
    """
    if passphrase is not None and not passphrase:
        raise UserFacingError(tr("Please choose a passphrase for the encrypted export."))
    built: list[int] = [0, 1]

    def building(done: int, total: int) -> None:
        built[:] = [done, total]
        if progress is not None:
            progress(done, total + max(1, total // 4))

    document = build_export(store, building if progress is not None else None)
    written = [0]

    def step() -> None:
        # Serialising is the last fifth of the bar; the pieces are counted against it.
        if progress is not None:
            done, total = built
            span = max(1, total // 4)
            written[0] += 1
            progress(done + min(written[0], span - 1), total + span)

    chunks = dump_chunks(document, step)
    if passphrase is not None:
        chunks = _sealed_chunks(chunks, passphrase, kdf or Vaults.kdf)
        note = translated(ENCRYPTED_EXPORT_NOTE)
    else:
        note = translated(PLAIN_EXPORT_WARNING)
    try:
        write_atomic_chunks(path, chunks)
    except OSError as exc:
        raise UserFacingError(
            tr("Could not write {path}: {reason}.").format(path=path, reason=write_failure(exc))
        ) from exc
    if progress is not None:
        end = built[1] + max(1, built[1] // 4)
        progress(end, end)
    return note


def _sealed_chunks(
    chunks: Iterator[bytes], passphrase: str, kdf: keys.KdfParams
) -> Iterator[bytes]:
    """The encrypted envelope around ``chunks``, piece by piece: the same file as
    :func:`encrypt_envelope` of their text, serialised as :func:`dumps` would."""
    fields, ciphertext = keys.wrap_chunks(chunks, passphrase, kdf, aad=_ENVELOPE_AAD)
    shell = jsonfile.dumps_readable(
        envelope.sealed_document(ENCRYPTED_FORMAT, {**fields, "ciphertext": ""})
    )
    cut = shell.rindex('""') + 1  # between the quotes of the empty ciphertext (the last key)
    yield shell[:cut].encode("ascii")
    for piece in ciphertext:
        yield piece.encode("ascii")
    yield shell[cut:].encode("ascii")


def encrypt_envelope(text: str, passphrase: str, kdf: keys.KdfParams) -> dict[str, Any]:
    """Wrap export text in the documented encrypted envelope."""
    sealed = keys.wrap(text.encode("utf-8"), passphrase, kdf, aad=_ENVELOPE_AAD)
    return envelope.sealed_document(ENCRYPTED_FORMAT, sealed)


def decrypt_envelope(document: Any, passphrase: str) -> bytes:
    """The export's UTF-8 JSON inside an encrypted envelope."""
    return open_sealed(
        document,
        ENCRYPTED_FORMAT,
        passphrase,
        aad=_ENVELOPE_AAD,
        kind=tr("This encrypted export"),
        wrong=tr("That passphrase does not open this export."),
    )


def open_sealed(
    document: Any, format_name: str, passphrase: str, *, aad: bytes, kind: str, wrong: str
) -> bytes:
    """The plaintext of a sealed file: its envelope checked, its key-derivation cost bounded
    before anything is derived, then decrypted.

    Args:
        document: The parsed file.
        format_name: The envelope's ``format``.
        passphrase: The file's passphrase.
        aad: The associated data of this kind of file.
        kind: How messages name the file ("This encrypted export").
        wrong: The message for a wrong passphrase.
    """
    envelope.check_header(
        document,
        format_name,
        wrong_kind=tr("{kind} is not one trustrepair can read.").format(kind=kind),
        newer=tr("{kind} was made by a newer trustrepair.").format(kind=kind),
    )
    damaged = tr("{kind} is damaged; it was not opened.").format(kind=kind)
    sealed = problems.validate(envelope.SealedFile, document, damaged)
    try:
        return keys.unwrap(sealed.wrap(), passphrase, aad=aad)
    except keys.KeyUnwrapError:
        raise WrongPassphrase(wrong) from None
    except keys.KdfOutOfRange:
        raise ImportFormatError(
            tr(
                "{kind} asks for more memory or time to open than trustrepair allows "
                "(its key-derivation settings are out of range); it was not opened."
            ).format(kind=kind)
        ) from None
    except (keys.KeyFormatError, binascii.Error, ValueError) as exc:
        raise ImportFormatError(damaged) from exc


# ---------------------------------------------------------------------- import
def load_json_file(path: Path, *, pipes: bool = False) -> Any:
    """An export file's JSON, read within the export's bounds (see :mod:`formats.jsonfile`).

    ``pipes`` also accepts a pipe, as ``trustrepair import <(command)`` hands over; the
    window never asks for it.
    """
    return jsonfile.load_json_file(path, export_format.BUDGET, what=_what(), pipes=pipes)


def _what() -> str:
    return tr("a trustrepair export")


def is_encrypted_export(path: Path) -> bool:
    """Whether ``path`` says it is an encrypted export (needs a passphrase to read), from its
    first bytes only: the window asks this before the file is read in the background (parsing
    a 256 MB file here once froze the window for seconds)."""
    return envelope.sniffed_format(path) == ENCRYPTED_FORMAT


def is_encrypted_document(document: Any) -> bool:
    """Whether an export file's JSON (from :func:`load_json_file`) is an encrypted envelope."""
    return envelope.format_of(document) == ENCRYPTED_FORMAT


def read_export(
    path: Path,
    *,
    passphrase: str | None = None,
    library: Library | None = None,
    progress: ProgressCallback | None = None,
    document: Any = None,
) -> ExportData:
    """Read and fully validate an export file (plain, or encrypted with ``passphrase``).

    ``document`` is the file's JSON if the caller read it already (a pipe reads only once).
    """
    if document is None:
        document = load_json_file(path)
    if is_encrypted_document(document):
        if not passphrase:
            raise WrongPassphrase(tr("This export is encrypted: please give its passphrase."))
        document = jsonfile.parse_json_bytes(
            decrypt_envelope(document, passphrase), export_format.BUDGET, what=_what()
        )
    return parse_export(document, library=library, progress=progress)


def parse_export(
    document: Any,
    *,
    library: Library | None = None,
    progress: ProgressCallback | None = None,
) -> ExportData:
    """Validate an export document completely; raise ImportFormatError listing the problems.

    The file's shape is checked by its version's model
    (:class:`~trustrepair.formats.export.ExportFileV2`, or ``ExportFile`` for version 1, whose
    answers become one entry per exercise); then answers to exercises ``library`` knows must
    fit their steps, and custom exercises that load must carry their row's id.
    """
    version = envelope.check_header(
        document,
        FORMAT,
        wrong_kind=tr("This file is not a trustrepair export."),
        newer=tr("This export has format version {v}; this trustrepair reads version {mine}."),
        versions=export_format.READ_VERSIONS,
    )
    if export_format.row_count(document) > MAX_ROWS:
        raise ImportFormatError(tr("This export holds more rows than trustrepair accepts."))
    headline = tr("This export cannot be imported; nothing was changed.")
    found: list[str] = []
    model: export_format.ExportFile | export_format.ExportFileV2
    if version == 1:
        model = problems.validate(export_format.ExportFile, document, headline)
        entries, changes = _entries_from_v1(model, found, library)
    else:
        model = problems.validate(export_format.ExportFileV2, document, headline)
        entries, changes = _entries_from_v2(model, found, library, progress)
    for i, custom in enumerate(model.custom_exercises):
        where = f"custom_exercises[{i}].source"
        loaded = load_bytes(custom.source.encode("utf-8"), where).exercise
        # One that no longer loads is kept as text (the library skips it, as in the vault).
        if loaded is not None and loaded.id != custom.exercise_id:
            found.append(f"{where}: holds the exercise {loaded.id!r}, not its id")
    if found:
        raise problems.report(headline, found)
    if progress is not None:
        progress(1, 1)
    person = model.profile
    return ExportData(
        ProfileInfo(
            person.name,
            person.track,
            person.relationship,
            person.description,
            person.created_at or "",
            person.role,
        ),
        entries,
        changes,
        model.settings.present(),
        {table: rows for table in COUNSEL_SECTIONS if (rows := model.counsel_rows(table))},
        model.assumed,
        version,
    )


def _entries_from_v2(
    model: export_format.ExportFileV2,
    found: list[str],
    library: Library | None,
    progress: ProgressCallback | None,
) -> tuple[list[EntryData], list[tuple[str, str, PromiseChange]]]:
    entries: list[EntryData] = []
    total = len(model.entries) + 1
    for i, row in enumerate(model.entries):
        where = f"entries[{i}]"
        stamp = row.updated_at or row.started_at
        entry = Entry(0, row.exercise_id, row.started_at, row.completed_at, row.current_step, stamp)
        answers = []
        for step_id, raw in row.answers.items():
            value = _fitting(
                found, f"{where}.answers.{step_id}", row.exercise_id, step_id, raw, library
            )
            answers.append(
                Answer(
                    row.exercise_id,
                    step_id,
                    value,
                    step_id in row.shared,
                    row.answered_at.get(step_id, stamp),
                    revealed=step_id in row.revealed,
                )
            )
        revealed = [
            _revealed_copy(
                found, f"{where}.partner_answers[{j}]", row.exercise_id, copy, library, stamp
            )
            for j, copy in enumerate(row.partner_answers)
        ]
        entries.append(EntryData(entry, answers, revealed))
        if progress is not None and i % 100 == 99:
            progress(i + 1, total)
    changes = [
        (
            c.exercise_id,
            c.started_at,
            PromiseChange(0, c.step_id, c.status, c.note, c.changed_at),
        )
        for c in model.promise_changes
    ]
    entries, legacy = _legacy_kept(entries)
    return entries, changes + legacy


def _entries_from_v1(
    model: export_format.ExportFile, found: list[str], library: Library | None
) -> tuple[list[EntryData], list[tuple[str, str, PromiseChange]]]:
    """Version 1 held one set of answers per exercise: each exercise becomes one entry.

    The entry starts when its progress row says (else at its first answer, as the vault
    migration does), so a vault and an export of the same release make the same entry.
    """
    progress = {row.exercise_id: row for row in model.progress}
    answers: dict[str, list[Answer]] = {}
    for i, one in enumerate(model.answers):
        value = _fitting(
            found, f"answers[{i}].value", one.exercise_id, one.step_id, one.value, library
        )
        answers.setdefault(one.exercise_id, []).append(
            Answer(
                one.exercise_id,
                one.step_id,
                value,
                one.shared,
                one.updated_at or "",
                revealed=one.revealed,
            )
        )
    revealed: dict[str, list[PartnerAnswer]] = {}
    for i, copy in enumerate(model.partner_answers):
        revealed.setdefault(copy.exercise_id, []).append(
            _revealed_copy(found, f"partner_answers[{i}]", copy.exercise_id, copy, library, "")
        )
    fallback = model.exported_at or now_iso()
    entries = []
    for exercise_id in sorted(set(progress) | set(answers) | set(revealed)):
        row = progress.get(exercise_id)
        mine = answers.get(exercise_id, [])
        theirs = revealed.get(exercise_id, [])
        first_answer = min((a.updated_at for a in mine if a.updated_at), default=None)
        first_reveal = min((p.revealed_at for p in theirs if p.revealed_at), default=None)
        started = (
            (row.started_at if row else None)
            or first_answer
            or first_reveal
            or (row.updated_at if row else None)
            or fallback
        )
        last = max([a.updated_at for a in mine if a.updated_at] + [started], default=started)
        updated = max(row.updated_at or last, last) if row else last
        completed = None
        if row is not None and row.status is Status.COMPLETED:
            completed = row.completed_at or row.updated_at or started
        entry = Entry(
            0, exercise_id, started, completed, row.current_step if row else None, updated
        )
        mine = [replace(a, updated_at=a.updated_at or updated) for a in mine]
        theirs = [replace(p, revealed_at=p.revealed_at or updated) for p in theirs]
        entries.append(EntryData(entry, mine, theirs, loose=True))
    return _legacy_kept(entries)


def _legacy_kept(
    entries: list[EntryData],
) -> tuple[list[EntryData], list[tuple[str, str, PromiseChange]]]:
    """A promise marked kept or missed inside its answer (as release 0.1.0 wrote it) becomes
    a dated status change, and the answer keeps only the promise, as the vault migration does.
    """
    changes: list[tuple[str, str, PromiseChange]] = []
    result = []
    for data in entries:
        answers = []
        for answer in data.answers:
            value = answer.value
            if isinstance(value, dict) and isinstance(value.get("kept"), bool):
                status = PromiseStatus.KEPT if value["kept"] else PromiseStatus.MISSED
                change = PromiseChange(0, answer.step_id, status, "", answer.updated_at)
                changes.append((data.entry.exercise_id, data.entry.started_at, change))
                answer = replace(answer, value={**value, "kept": None})
            answers.append(answer)
        result.append(replace(data, answers=answers))
    return result, changes


def _revealed_copy(
    found: list[str],
    where: str,
    exercise_id: str,
    copy: export_format.EntryPartnerAnswer | export_format.ExportedPartnerAnswer,
    library: Library | None,
    stamp: str,
) -> PartnerAnswer:
    """A partner's revealed answer from a file, its value checked like an answer's."""
    value = _fitting(found, f"{where}.value", exercise_id, copy.step_id, copy.value, library)
    return PartnerAnswer(
        exercise_id, copy.step_id, copy.partner_name, value, copy.revealed_at or stamp
    )


def _fitting(
    found: list[str],
    where: str,
    exercise_id: str,
    step_id: str,
    value: Any,
    library: Library | None,
) -> Any:
    """The value normalised for its step, if ``library`` knows the step; else as it is.

    A value that does not fit adds a problem to ``found``.
    """
    exercise = library.get(exercise_id) if library is not None else None
    if exercise is None:
        return value
    step = next((s for s in exercise.steps if s.id == step_id), None)
    if step is None:
        return value
    try:
        return validate_value(step, value)
    except InvalidAnswer as exc:
        found.append(f"{where}: does not fit step {step_id!r} ({step.kind}): {exc}")
        return value


def _newer(incoming: str | None, existing: str | None) -> bool:
    """Whether ``incoming`` is strictly newer, as instants (a missing incoming stamp never
    wins; an unreadable stored one always loses)."""
    if not incoming:
        return False
    a = parse_instant(incoming)
    if a is None:
        return False
    b = parse_instant(existing) if existing else None
    return b is None or a > b


# ---------------------------------------------------------------------- merge
def merge_into(
    store: VaultStore, data: ExportData, progress: ProgressCallback | None = None
) -> tuple[int, int, int]:
    """Merge validated data into an open vault in one transaction.

    Entries are matched by exercise and start time: a new one is added whole; in one both
    hold, each answer (and each partner answer) with the newer time wins, and the entry is
    finished if either says so. Status changes of promises are added if not there yet.

    Returns (answers added, answers updated, answers kept because the vault's were newer).

    Raises:
        StorageError: the disk refused the writes (full, read-only): nothing was changed.
    """
    with disk_errors(tr("import the file; nothing was changed")):
        added, updated, kept, _entries = merge_entries(store, data, progress)
    return added, updated, kept


def merge_entries(
    store: VaultStore, data: ExportData, progress: ProgressCallback | None = None
) -> tuple[int, int, int, int]:
    """:func:`merge_into`, also counting the entries added."""
    check_role(store, data)
    every = store.all_entries()
    mine = {(e.exercise_id, e.started_at): e for e in every}
    per_exercise: dict[str, list[Entry]] = {}
    for known in every:
        per_exercise.setdefault(known.exercise_id, []).append(known)
    existing_settings = store.all_settings()
    added = updated = kept = entries_added = 0
    total = len(data.entries) + 1
    ids: dict[tuple[str, str], int] = {}
    with store.db.atomic():
        for i, incoming in enumerate(data.entries):
            entry = incoming.entry
            key = (entry.exercise_id, entry.started_at)
            have = mine.get(key)
            if have is None and incoming.loose:
                only = per_exercise.get(entry.exercise_id, [])
                have = only[0] if len(only) == 1 else None
            if have is None:
                entry_id = store.put_entry(entry)
                entries_added += 1
                old: dict[str, Answer] = {}
                theirs: dict[tuple[str, str], PartnerAnswer] = {}
            else:
                entry_id = have.id
                merged = replace(
                    have,
                    completed_at=have.completed_at or entry.completed_at,
                    current_step=(
                        entry.current_step
                        if _newer(entry.updated_at, have.updated_at)
                        else have.current_step
                    ),
                    updated_at=max(have.updated_at, entry.updated_at),
                )
                store.put_entry(merged)
                old = store.answers_for_entry(entry_id)
                theirs = {
                    (p.step_id, p.partner_name): p
                    for p in store.all_partner_answers(every_entry=True)
                    if p.entry_id == entry_id
                }
            ids[key] = entry_id
            for answer in incoming.answers:
                current = old.get(answer.step_id)
                if current is None:
                    added += 1
                elif _newer(answer.updated_at, current.updated_at):
                    updated += 1
                else:
                    kept += 1
                    continue
                store.save_answer(
                    entry.exercise_id,
                    answer.step_id,
                    answer.value,
                    shared=answer.shared,
                    revealed=answer.revealed,
                    updated_at=answer.updated_at or now_iso(),
                    entry_id=entry_id,
                )
            for copy in incoming.partner_answers:
                have_copy = theirs.get((copy.step_id, copy.partner_name))
                if have_copy is None or _newer(copy.revealed_at, have_copy.revealed_at):
                    store.put_partner_answer(replace(copy, entry_id=entry_id))
            if progress is not None and i % 100 == 99:
                progress(i + 1, total)
        for exercise_id, started_at, change in data.promise_changes:
            owner = ids.get((exercise_id, started_at)) or _entry_id(mine, exercise_id, started_at)
            if owner:
                store.add_promise_change(replace(change, entry_id=owner))
        for setting, value in data.settings.items():
            if setting not in existing_settings:
                store.set_setting(setting, value)
        for table, incoming_rows in data.counsel.items():
            _merge_counsel(store, table, incoming_rows)
    if progress is not None:
        progress(total, total)
    return added, updated, kept, entries_added


def _entry_id(entries: dict[tuple[str, str], Entry], exercise_id: str, started_at: str) -> int:
    found = entries.get((exercise_id, started_at))
    return found.id if found is not None else 0


def _merge_counsel(store: VaultStore, table: str, incoming: list[dict[str, Any]]) -> None:
    """Per key, the row with the newer timestamp wins (a tie keeps the vault's row)."""
    key_columns = counsel_tables.COUNSEL_TABLES[table][0]
    stamp = COUNSEL_MERGE_STAMP[table]
    existing = {
        tuple(row[c] for c in key_columns): row
        for row in counsel_tables.table_rows(store.db, table)
    }
    winners = []
    for row in incoming:
        have = existing.get(tuple(row[c] for c in key_columns))
        if have is None or _newer(row[stamp], have[stamp]):
            winners.append(row)
    counsel_tables.put_rows(store.db, table, winners)


def check_role(store: VaultStore, data: ExportData) -> None:
    """Refuse to merge a counsellor's export into a person's profile, or the reverse."""
    profile = store.get_profile()
    if profile is not None and profile.role is not data.profile.role:
        if data.profile.role is Role.COUNSELLOR:
            message = tr(
                "This export is from a counsellor profile, and {name!r} is not one. Import it "
                "into a counsellor profile, or into a new profile; nothing was changed."
            )
        else:
            message = tr(
                "{name!r} is a counsellor profile, and this export is not from one. Import it "
                "into your own profile, or into a new profile; nothing was changed."
            )
        raise UserFacingError(message.format(name=profile.name))


def import_file(
    vaults: Vaults,
    path: Path,
    profile_name: str,
    *,
    passphrase: str | None = None,
    create_passphrase: str | None = None,
    allow_no_passphrase: bool = False,
    file_passphrase: str | None = None,
    library: Library | None = None,
    progress: ProgressCallback | None = None,
    document: dict[str, Any] | None = None,
) -> ImportResult:
    """Validate ``path`` completely, then merge it into ``profile_name`` (created if missing).

    Args:
        vaults: The data dir's profiles.
        path: The export file.
        profile_name: The profile to merge into.
        passphrase: The existing profile's passphrase.
        create_passphrase: Passphrase for a profile that has to be created.
        allow_no_passphrase: Create a missing profile without a passphrase (after a warning).
        file_passphrase: The passphrase of an encrypted export.
        library: Answers to exercises it knows are checked against their steps.
        progress: Called with (done, total) during long work.
        document: The file's JSON, if the caller read it already (see :func:`read_export`).
    """
    data = read_export(
        path, passphrase=file_passphrase, library=library, progress=progress, document=document
    )
    created = False
    recovery_key = None
    try:
        ref_name = vaults.find(profile_name).name
    except UserFacingError:
        ref_name = None
    if ref_name is not None:
        vault = vaults.open(ref_name, passphrase)
    else:
        if create_passphrase is None and not allow_no_passphrase:
            raise UserFacingError(
                tr(
                    "There is no profile called {name!r} yet. To create it, choose a passphrase "
                    "for it (or explicitly choose none)."
                ).format(name=profile_name)
            )
        info = ProfileInfo(
            profile_name,
            data.profile.track,
            data.profile.relationship,
            data.profile.description,
            data.profile.created_at,
            data.profile.role,
        )
        vault = vaults.create(info, create_passphrase)
        recovery_key = vault.recovery_key
        created = True
    try:
        added, updated, kept, entries_added = merge_entries(vault.store, data, progress)
        return ImportResult(
            vault.ref.name,
            created,
            added,
            updated,
            kept,
            recovery_key,
            data.assumed if created else (),
            entries_added,
        )
    finally:
        vault.close()
