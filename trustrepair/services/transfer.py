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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trustrepair.content.library import Library
from trustrepair.content.loader import load_bytes
from trustrepair.domain.answers import (
    Answer,
    InvalidAnswer,
    PartnerAnswer,
    Progress,
)
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.domain.step_kinds import validate_value
from trustrepair.errors import ImportFormatError, UserFacingError, WrongPassphrase
from trustrepair.files import write_atomic
from trustrepair.formats import envelope, jsonfile, problems
from trustrepair.formats import export as export_format
from trustrepair.formats.fields import parse_instant
from trustrepair.i18n import tr
from trustrepair.services import profile_settings
from trustrepair.services.vaults import Vaults
from trustrepair.storage import counsel as counsel_tables
from trustrepair.storage import keys
from trustrepair.storage.store import VaultStore, now_iso

FORMAT = export_format.FORMAT
ENCRYPTED_FORMAT = envelope.ENCRYPTED_EXPORT_FORMAT
VERSION = envelope.VERSION
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
    "answers": frozenset({"exercise_id", "step_id", "value", "shared", "revealed", "updated_at"}),
    "progress": frozenset(
        {"exercise_id", "status", "current_step", "started_at", "completed_at", "updated_at"}
    ),
    "settings": frozenset({"key", "value"}),
    "partner_answers": frozenset(
        {"exercise_id", "step_id", "partner_name", "value", "revealed_at"}
    ),
    **{
        table: frozenset((*key, *rest))
        for table, (key, rest) in counsel_tables.COUNSEL_TABLES.items()
    },
}
"""Every vault table export carries, with its columns (``profile.id`` is always 1)."""

ProgressCallback = Callable[[int, int], None]

PLAIN_EXPORT_WARNING = (
    "This export is not encrypted: anyone who gets this file can read everything in it. "
    "Keep it somewhere private, and delete it when you no longer need it."
)
ENCRYPTED_EXPORT_NOTE = (
    "This export is encrypted with the passphrase you chose for it. Without that passphrase "
    "nobody, including you, can read it."
)


@dataclass(frozen=True)
class ExportData:
    """A validated export: everything one profile holds."""

    profile: ProfileInfo
    answers: list[Answer] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    partner_answers: list[PartnerAnswer] = field(default_factory=list)
    counsel: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Rows of the counsellor/client tables, by table (see :data:`COUNSEL_SECTIONS`)."""
    assumed: tuple[str, ...] = ()
    """Profile fields the file left out, filled with defaults (matters only when creating)."""


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


# ---------------------------------------------------------------------- export
def build_export(store: VaultStore, progress: ProgressCallback | None = None) -> dict[str, Any]:
    """The export document of one open vault, as a JSON-ready dict."""
    profile = store.get_profile()
    if profile is None:
        raise UserFacingError(
            tr("This profile has not been set up yet; there is nothing to export.")
        )
    answers = store.all_answers()
    rows = store.all_progress()
    total = len(answers) + len(rows) + 1
    done = 0
    answer_docs = []
    for answer in answers:
        answer_docs.append(
            {
                "exercise_id": answer.exercise_id,
                "step_id": answer.step_id,
                "value": answer.value,
                "shared": answer.shared,
                "revealed": answer.revealed,
                "updated_at": answer.updated_at,
            }
        )
        done += 1
        if progress is not None and done % 100 == 0:
            progress(done, total)
    progress_docs = []
    for row in sorted(rows.values(), key=lambda p: p.exercise_id):
        progress_docs.append(
            {
                "exercise_id": row.exercise_id,
                "status": row.status.value,
                "current_step": row.current_step,
                "started_at": row.started_at,
                "completed_at": row.completed_at,
                "updated_at": row.updated_at,
            }
        )
        done += 1
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
        "answers": answer_docs,
        "progress": progress_docs,
        "settings": profile_settings.exportable(store),
        "partner_answers": [
            {
                "exercise_id": p.exercise_id,
                "step_id": p.step_id,
                "partner_name": p.partner_name,
                "value": p.value,
                "revealed_at": p.revealed_at,
            }
            for p in store.all_partner_answers()
        ],
    }
    for table in COUNSEL_SECTIONS:
        document[table] = counsel_tables.table_rows(store.db, table)
    if progress is not None:
        progress(total, total)
    return document


def dumps(document: dict[str, Any]) -> str:
    """Serialise an export: readable UTF-8 (control characters are escaped by JSON)."""
    return jsonfile.dumps_readable(document)


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
    returned text is :data:`PLAIN_EXPORT_WARNING`, which the UI/CLI must show.
    """
    text = dumps(build_export(store, progress))
    if passphrase is not None:
        if not passphrase:
            raise UserFacingError(tr("Please choose a passphrase for the encrypted export."))
        text = jsonfile.dumps_readable(encrypt_envelope(text, passphrase, kdf or Vaults.kdf))
        note = tr(ENCRYPTED_EXPORT_NOTE)
    else:
        note = tr(PLAIN_EXPORT_WARNING)
    write_private(path, text)
    return note


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


def write_private(path: Path, text: str) -> None:
    """Write an export or share file whole or not at all, private to this user."""
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise UserFacingError(
            tr("Could not write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc


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
    """Whether ``path`` holds an encrypted export (needs a passphrase to read)."""
    try:
        return is_encrypted_document(load_json_file(path))
    except ImportFormatError:
        return False


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

    The file's shape is checked by :class:`~trustrepair.formats.export.ExportFile`; then
    answers to exercises ``library`` knows must fit their steps, and custom exercises that
    load must carry their row's id.
    """
    envelope.check_header(
        document,
        FORMAT,
        wrong_kind=tr("This file is not a trustrepair export."),
        newer=tr("This export has format version {v}; this trustrepair reads version {mine}."),
    )
    if export_format.row_count(document) > MAX_ROWS:
        raise ImportFormatError(tr("This export holds more rows than trustrepair accepts."))
    headline = tr("This export cannot be imported; nothing was changed.")
    model = problems.validate(export_format.ExportFile, document, headline)
    total = len(model.answers) + len(model.partner_answers) + 1
    found: list[str] = []
    answers: list[Answer] = []
    for i, row in enumerate(model.answers):
        value = _fitting_value(found, f"answers[{i}]", row, library)
        answers.append(
            Answer(
                row.exercise_id,
                row.step_id,
                value,
                row.shared,
                row.updated_at or "",
                revealed=row.revealed,
            )
        )
        if progress is not None and i % 100 == 99:
            progress(i + 1, total)
    partner_answers: list[PartnerAnswer] = []
    for i, revealed in enumerate(model.partner_answers):
        where = f"partner_answers[{i}]"
        value = _fitting_value(found, where, revealed, library)
        partner_answers.append(
            PartnerAnswer(
                revealed.exercise_id,
                revealed.step_id,
                revealed.partner_name,
                value,
                revealed.revealed_at or "",
            )
        )
    for i, custom in enumerate(model.custom_exercises):
        where = f"custom_exercises[{i}].source"
        loaded = load_bytes(custom.source.encode("utf-8"), where).exercise
        # One that no longer loads is kept as text (the library skips it, as in the vault).
        if loaded is not None and loaded.id != custom.exercise_id:
            found.append(f"{where}: holds the exercise {loaded.id!r}, not its id")
    if found:
        raise problems.report(headline, found)
    if progress is not None:
        progress(total, total)
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
        answers,
        [
            Progress(
                row.exercise_id,
                row.status,
                row.current_step,
                row.started_at,
                row.completed_at,
                row.updated_at,
            )
            for row in model.progress
        ],
        model.settings.present(),
        partner_answers,
        {table: rows for table in COUNSEL_SECTIONS if (rows := model.counsel_rows(table))},
        model.assumed,
    )


def _fitting_value(
    found: list[str],
    where: str,
    row: export_format.ExportedAnswer | export_format.ExportedPartnerAnswer,
    library: Library | None,
) -> Any:
    """The row's value normalised for its step, if ``library`` knows the step; else as it is.

    A value that does not fit adds a problem to ``found``.
    """
    exercise = library.get(row.exercise_id) if library is not None else None
    if exercise is None:
        return row.value
    step = next((s for s in exercise.steps if s.id == row.step_id), None)
    if step is None:
        return row.value
    try:
        return validate_value(step, row.value)
    except InvalidAnswer as exc:
        found.append(f"{where}.value: does not fit step {row.step_id!r} ({step.kind}): {exc}")
        return row.value


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

    Returns (answers added, answers updated, answers kept because the vault's were newer).
    """
    check_role(store, data)
    existing = {(a.exercise_id, a.step_id): a for a in store.all_answers()}
    existing_progress = store.all_progress()
    existing_settings = store.all_settings()
    added = updated = kept = 0
    total = len(data.answers) + len(data.progress) + 1
    with store.db.atomic():
        for i, answer in enumerate(data.answers):
            current = existing.get((answer.exercise_id, answer.step_id))
            if current is None:
                added += 1
            elif _newer(answer.updated_at, current.updated_at):
                updated += 1
            else:
                kept += 1
                continue
            store.save_answer(
                answer.exercise_id,
                answer.step_id,
                answer.value,
                shared=answer.shared,
                revealed=answer.revealed,
                updated_at=answer.updated_at or now_iso(),
            )
            if progress is not None and i % 100 == 99:
                progress(i + 1, total)
        for row in data.progress:
            mine = existing_progress.get(row.exercise_id)
            if mine is None or _newer(row.updated_at, mine.updated_at):
                store.put_progress(row)
        for key, value in data.settings.items():
            if key not in existing_settings:
                store.set_setting(key, value)
        revealed = {
            (p.exercise_id, p.step_id, p.partner_name): p for p in store.all_partner_answers()
        }
        for incoming in data.partner_answers:
            have = revealed.get((incoming.exercise_id, incoming.step_id, incoming.partner_name))
            if have is None or _newer(incoming.revealed_at, have.revealed_at):
                store.put_partner_answer(incoming)
        for table, incoming_rows in data.counsel.items():
            _merge_counsel(store, table, incoming_rows)
    if progress is not None:
        progress(total, total)
    return added, updated, kept


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
        added, updated, kept = merge_into(vault.store, data, progress)
        return ImportResult(
            vault.ref.name,
            created,
            added,
            updated,
            kept,
            recovery_key,
            data.assumed if created else (),
        )
    finally:
        vault.close()
