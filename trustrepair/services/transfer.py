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
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from trustrepair.content.library import Library
from trustrepair.content.loader import load_bytes
from trustrepair.domain.answers import (
    Answer,
    InvalidAnswer,
    PartnerAnswer,
    Progress,
    Status,
)
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.exercise import is_slug
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.domain.step_kinds import validate_value
from trustrepair.errors import ImportFormatError, UserFacingError, WrongPassphrase
from trustrepair.files import write_atomic
from trustrepair.i18n import tr
from trustrepair.services.vaults import Vaults
from trustrepair.storage import counsel as counsel_tables
from trustrepair.storage import keys
from trustrepair.storage.store import VaultStore, now_iso

FORMAT = "trustrepair-export"
ENCRYPTED_FORMAT = "trustrepair-encrypted-export"
VERSION = 1
_ENVELOPE_AAD = b"trustrepair encrypted export v1"

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_TEXT_CHARS = 5_000_000
MAX_ROWS = 200_000
MAX_NAME_CHARS = 80
MAX_PROBLEMS_SHOWN = 20
MAX_NOTE_CHARS = 4000
MAX_CUSTOM_CHARS = 1_000_000

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
    "answers": frozenset({"exercise_id", "step_id", "value", "shared", "updated_at"}),
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


DEFAULT_TRACK = Track.HURT
DEFAULT_RELATIONSHIP = Relationship.ROMANTIC


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
        "settings": store.all_settings(),
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
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


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
        text = json.dumps(encrypt_envelope(text, passphrase, kdf or Vaults.kdf), indent=2) + "\n"
        note = tr(ENCRYPTED_EXPORT_NOTE)
    else:
        note = tr(PLAIN_EXPORT_WARNING)
    write_private(path, text)
    return note


def encrypt_envelope(text: str, passphrase: str, kdf: keys.KdfParams) -> dict[str, Any]:
    """Wrap export text in the documented encrypted envelope."""
    sealed = keys.wrap(text.encode("utf-8"), passphrase, kdf, aad=_ENVELOPE_AAD)
    return {"format": ENCRYPTED_FORMAT, "version": VERSION, **sealed}


def decrypt_envelope(envelope: dict[str, Any], passphrase: str) -> str:
    """The export text inside an encrypted envelope."""
    if envelope.get("version") != VERSION:
        raise ImportFormatError(tr("This encrypted export was made by a newer trustrepair."))
    try:
        data = keys.unwrap(envelope, passphrase, aad=_ENVELOPE_AAD)
    except keys.KeyUnwrapError:
        raise WrongPassphrase(tr("That passphrase does not open this export.")) from None
    except (keys.KeyFormatError, binascii.Error) as exc:
        raise ImportFormatError(tr("This encrypted export is damaged.")) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:  # pragma: no cover - authenticated, so only a bug
        raise ImportFormatError(tr("This encrypted export is damaged.")) from exc


def write_private(path: Path, text: str) -> None:
    """Write an export or share file whole or not at all, private to this user."""
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise UserFacingError(
            tr("Could not write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc


# ---------------------------------------------------------------------- import
def is_encrypted_export(path: Path) -> bool:
    """Whether ``path`` holds an encrypted export (needs a passphrase to read)."""
    try:
        return is_encrypted_document(load_json_file(path))
    except ImportFormatError:
        return False


def is_encrypted_document(document: dict[str, Any]) -> bool:
    """Whether an export file's JSON (from :func:`load_json_file`) is an encrypted envelope."""
    return document.get("format") == ENCRYPTED_FORMAT


def read_export(
    path: Path,
    *,
    passphrase: str | None = None,
    library: Library | None = None,
    progress: ProgressCallback | None = None,
    document: dict[str, Any] | None = None,
) -> ExportData:
    """Read and fully validate an export file (plain, or encrypted with ``passphrase``).

    ``document`` is the file's JSON if the caller read it already (a pipe reads only once).
    """
    if document is None:
        document = load_json_file(path)
    if is_encrypted_document(document):
        if not passphrase:
            raise WrongPassphrase(tr("This export is encrypted: please give its passphrase."))
        document = parse_json_text(decrypt_envelope(document, passphrase))
    return parse_export(document, library=library, progress=progress)


def load_json_file(
    path: Path, *, what: str = "", max_bytes: int = MAX_FILE_BYTES
) -> dict[str, Any]:
    """Read a JSON object from ``path``: size-capped, UTF-8 (a BOM is fine), no NaN/Infinity.

    ``what`` names the kind of file in messages ("a trustrepair export" by default).
    """
    what = what or tr("a trustrepair export")
    try:
        if path.stat().st_size > max_bytes:
            raise ImportFormatError(
                tr("{path} is too large to be {what}.").format(path=path, what=what)
            )
        with path.open("rb") as stream:  # capped: a device such as /dev/zero never ends
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        raise ImportFormatError(
            tr("Could not read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    if len(raw) > max_bytes:
        raise ImportFormatError(
            tr("{path} is too large to be {what}.").format(path=path, what=what)
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(tr("{path} is not a UTF-8 text file.").format(path=path)) from exc
    return parse_json_text(text.removeprefix("\ufeff"), what=what)


def parse_json_text(text: str, *, what: str = "") -> dict[str, Any]:
    """Parse a JSON object (NaN and Infinity refused); ImportFormatError otherwise."""

    def no_constants(name: str) -> None:
        raise ValueError(f"{name} is not allowed")

    try:
        document = json.loads(text, parse_constant=no_constants)
    except (ValueError, RecursionError) as exc:
        raise ImportFormatError(
            tr("This file is not valid JSON: {reason}").format(reason=exc)
        ) from exc
    if not isinstance(document, dict):
        raise ImportFormatError(
            tr("This file is not {what}.").format(what=what or tr("a trustrepair export"))
        )
    return document


class Checker:
    """Collects problems with their JSON locations."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(
        self, where: str, value: Any, *, limit: int = MAX_TEXT_CHARS, empty: bool = True
    ) -> str | None:
        if not isinstance(value, str):
            self.add(where, "expected text")
            return None
        if len(value) > limit:
            self.add(where, f"longer than {limit} characters")
            return None
        if not empty and not value.strip():
            self.add(where, "must not be empty")
            return None
        if _has_lone_surrogate(value):
            self.add(where, "contains an unpaired UTF-16 surrogate (not valid Unicode text)")
            return None
        return value

    def slug(self, where: str, value: Any) -> str | None:
        if not isinstance(value, str) or not is_slug(value):
            self.add(where, "expected an id (lower-case letters, digits and hyphens)")
            return None
        return value

    def stamp(self, where: str, value: Any, *, optional: bool = True) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or _parse_stamp(value) is None:
            self.add(where, "expected a date and time like 2026-01-31T18:00:00.000Z")
            return None
        return value

    def keys(
        self, where: str, value: dict[str, Any], required: set[str], optional: set[str]
    ) -> None:
        missing = required - set(value)
        unknown = set(value) - required - optional
        if missing:
            self.add(where, "missing " + ", ".join(sorted(missing)))
        if unknown:
            self.add(where, "unknown field(s) " + ", ".join(sorted(str(k) for k in unknown)))

    def json_value(self, where: str, value: Any, depth: int = 0) -> None:
        """Strings in any JSON value must be valid and not too long."""
        if depth > 20:
            self.add(where, "nested too deeply")
        elif isinstance(value, str):
            self.text(where, value)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.json_value(f"{where}[{i}]", item, depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                self.text(f"{where} key", key, limit=200)
                self.json_value(f"{where}.{key}", item, depth + 1)


def parse_export(
    document: dict[str, Any],
    *,
    library: Library | None = None,
    progress: ProgressCallback | None = None,
) -> ExportData:
    """Validate an export document completely; raise ImportFormatError listing the problems."""
    check = Checker()
    if document.get("format") != FORMAT:
        raise ImportFormatError(tr("This file is not a trustrepair export."))
    if document.get("version") != VERSION:
        raise ImportFormatError(
            tr("This export has format version {v}; this trustrepair reads version {mine}.").format(
                v=document.get("version"), mine=VERSION
            )
        )
    check.keys(
        "file",
        document,
        {"format", "version", "profile", "answers"},
        {"progress", "settings", "exported_at", "partner_answers", *COUNSEL_SECTIONS},
    )
    profile = _parse_profile(check, document.get("profile"))
    raw_answers = document.get("answers", [])
    raw_progress = document.get("progress", [])
    raw_settings = document.get("settings", {})
    raw_partner = document.get("partner_answers", [])
    if not isinstance(raw_partner, list):
        check.add("partner_answers", "expected a list")
        raw_partner = []
    if not isinstance(raw_answers, list):
        check.add("answers", "expected a list")
        raw_answers = []
    if not isinstance(raw_progress, list):
        check.add("progress", "expected a list")
        raw_progress = []
    if not isinstance(raw_settings, dict):
        check.add("settings", "expected an object")
        raw_settings = {}
    raw_counsel: dict[str, list[Any]] = {}
    for table in COUNSEL_SECTIONS:
        section = document.get(table, [])
        if not isinstance(section, list):
            check.add(table, "expected a list")
            section = []
        raw_counsel[table] = section
    counsel_count = sum(len(rows) for rows in raw_counsel.values())
    if len(raw_answers) + len(raw_progress) + len(raw_partner) + counsel_count > MAX_ROWS:
        raise ImportFormatError(tr("This export holds more rows than trustrepair accepts."))
    total = len(raw_answers) + len(raw_progress) + 1
    answers: list[Answer] = []
    seen: set[tuple[str, str]] = set()
    for i, raw in enumerate(raw_answers):
        answer = _parse_answer(check, f"answers[{i}]", raw, library)
        if answer is not None:
            pair = (answer.exercise_id, answer.step_id)
            if pair in seen:
                check.add(f"answers[{i}]", "a second answer to the same step")
            seen.add(pair)
            answers.append(answer)
        if progress is not None and i % 100 == 99:
            progress(i + 1, total)
    rows: list[Progress] = []
    seen_ids: set[str] = set()
    for i, raw in enumerate(raw_progress):
        row = _parse_progress(check, f"progress[{i}]", raw)
        if row is not None:
            if row.exercise_id in seen_ids:
                check.add(f"progress[{i}]", "a second progress row for the same exercise")
            seen_ids.add(row.exercise_id)
            rows.append(row)
    partner_answers: list[PartnerAnswer] = []
    seen_partner: set[tuple[str, str, str]] = set()
    for i, raw in enumerate(raw_partner):
        revealed = _parse_partner_answer(check, f"partner_answers[{i}]", raw, library)
        if revealed is not None:
            triple = (revealed.exercise_id, revealed.step_id, revealed.partner_name)
            if triple in seen_partner:
                check.add(f"partner_answers[{i}]", "a second partner answer to the same step")
            seen_partner.add(triple)
            partner_answers.append(revealed)
    for key, value in raw_settings.items():
        check.text("settings key", key, limit=200, empty=False)
        check.json_value(f"settings.{key}", value)
    counsel = {
        table: _parse_counsel_rows(check, table, raw_counsel[table]) for table in raw_counsel
    }
    if check.problems or profile is None:
        shown = check.problems[:MAX_PROBLEMS_SHOWN]
        more = len(check.problems) - len(shown)
        lines = [tr("This export cannot be imported; nothing was changed.")]
        lines += [f"  {p}" for p in shown]
        if more > 0:
            lines.append(tr("  … and {n} more problems").format(n=more))
        raise ImportFormatError("\n".join(lines))
    if progress is not None:
        progress(total, total)
    return ExportData(
        profile,
        answers,
        rows,
        dict(raw_settings),
        partner_answers,
        {table: rows for table, rows in counsel.items() if rows},
        tuple(
            key
            for key in ("track", "relationship")
            if isinstance(document.get("profile"), dict) and key not in document["profile"]
        ),
    )


def _parse_profile(check: Checker, raw: Any) -> ProfileInfo | None:
    if not isinstance(raw, dict):
        check.add("profile", "expected an object")
        return None
    check.keys(
        "profile", raw, {"name"}, {"track", "relationship", "description", "created_at", "role"}
    )
    name = check.text("profile.name", raw.get("name"), limit=MAX_NAME_CHARS, empty=False)
    # Only a profile created by the import uses these; a minimal file may leave them out.
    track = _enum(check, "profile.track", raw.get("track", DEFAULT_TRACK.value), Track)
    relationship = _enum(
        check,
        "profile.relationship",
        raw.get("relationship", DEFAULT_RELATIONSHIP.value),
        Relationship,
    )
    description = check.text("profile.description", raw.get("description", ""))
    created = check.stamp("profile.created_at", raw.get("created_at"))
    role = _enum(check, "profile.role", raw.get("role", Role.PERSON.value), Role)
    if name is None or track is None or relationship is None or description is None:
        return None
    if role is None:
        return None
    return ProfileInfo(name, track, relationship, description, created or "", role)


def _enum(check: Checker, where: str, value: Any, kind: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        check.add(where, "expected one of " + ", ".join(m.value for m in kind))
        return None


def _parse_answer(check: Checker, where: str, raw: Any, library: Library | None) -> Answer | None:
    if not isinstance(raw, dict):
        check.add(where, "expected an object")
        return None
    check.keys(where, raw, {"exercise_id", "step_id", "value"}, {"shared", "updated_at"})
    exercise_id = check.slug(f"{where}.exercise_id", raw.get("exercise_id"))
    step_id = check.slug(f"{where}.step_id", raw.get("step_id"))
    shared = raw.get("shared", False)
    if not isinstance(shared, bool):
        check.add(f"{where}.shared", "expected true or false")
    updated_at = check.stamp(f"{where}.updated_at", raw.get("updated_at"))
    value = raw.get("value")
    before = len(check.problems)
    if value is None or isinstance(value, bool | float):
        check.add(f"{where}.value", "expected text, a whole number, a list or an object")
    else:
        check.json_value(f"{where}.value", value)
    if exercise_id is None or step_id is None or len(check.problems) > before:
        return None
    exercise = library.get(exercise_id) if library is not None else None
    if exercise is not None:
        step = next((s for s in exercise.steps if s.id == step_id), None)
        if step is not None:
            try:
                value = validate_value(step, value)
            except InvalidAnswer as exc:
                check.add(f"{where}.value", f"does not fit step {step_id!r} ({step.kind}): {exc}")
                return None
    return Answer(exercise_id, step_id, value, bool(shared), updated_at or "")


def _parse_partner_answer(
    check: Checker, where: str, raw: Any, library: Library | None
) -> PartnerAnswer | None:
    """One answer a partner revealed: checked like an answer, plus the partner's name."""
    if not isinstance(raw, dict):
        check.add(where, "expected an object")
        return None
    check.keys(where, raw, {"exercise_id", "step_id", "partner_name", "value"}, {"revealed_at"})
    name = check.text(
        f"{where}.partner_name", raw.get("partner_name"), limit=MAX_NAME_CHARS, empty=False
    )
    as_answer = {k: raw[k] for k in ("exercise_id", "step_id", "value") if k in raw}
    if "revealed_at" in raw:
        as_answer["updated_at"] = raw["revealed_at"]
    answer = _parse_answer(check, where, as_answer, library)
    if answer is None or name is None:
        return None
    return PartnerAnswer(answer.exercise_id, answer.step_id, name, answer.value, answer.updated_at)


def _parse_progress(check: Checker, where: str, raw: Any) -> Progress | None:
    if not isinstance(raw, dict):
        check.add(where, "expected an object")
        return None
    check.keys(
        where,
        raw,
        {"exercise_id", "status"},
        {"current_step", "started_at", "completed_at", "updated_at"},
    )
    exercise_id = check.slug(f"{where}.exercise_id", raw.get("exercise_id"))
    status = _enum(check, f"{where}.status", raw.get("status"), Status)
    current = raw.get("current_step")
    if current is not None:
        current = check.slug(f"{where}.current_step", current)
    stamps = [
        check.stamp(f"{where}.{k}", raw.get(k))
        for k in ("started_at", "completed_at", "updated_at")
    ]
    if exercise_id is None or status is None:
        return None
    return Progress(exercise_id, status, current, stamps[0], stamps[1], stamps[2])


# How each counsel column is checked: (kind, required). Kinds are handled in _counsel_field.
_COUNSEL_FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "assignments_received": {
        "counsellor": ("label", True),
        "exercise_id": ("slug", True),
        "note": ("note", False),
        "due": ("day", False),
        "assigned_at": ("stamp", True),
        "imported_at": ("stamp", True),
    },
    "custom_exercises": {
        "exercise_id": ("slug", True),
        "source": ("source", True),
        "counsellor": ("label", True),
        "imported_at": ("stamp", True),
    },
    "assignments_sent": {
        "client": ("label", True),
        "exercise_id": ("slug", True),
        "note": ("note", False),
        "due": ("day", False),
        "created_at": ("stamp", True),
    },
    "client_exercises": {
        "client": ("label", True),
        "exercise_id": ("slug", True),
        "title": ("title", True),
        "status": ("status", True),
        "started_at": ("stamp?", False),
        "completed_at": ("stamp?", False),
        "shared_at": ("stamp", True),
    },
    "client_answers": {
        "client": ("label", True),
        "exercise_id": ("slug", True),
        "step_id": ("slug", True),
        "position": ("position", False),
        "prompt": ("text", False),
        "value": ("value", True),
        "text": ("text", False),
        "updated_at": ("stamp", True),
    },
}
_COUNSEL_DEFAULTS: dict[str, Any] = {
    "note": "",
    "due": None,
    "started_at": None,
    "completed_at": None,
    "position": 0,
    "prompt": "",
    "text": "",
}
_INVALID = object()


def _parse_counsel_rows(check: Checker, table: str, raw_rows: list[Any]) -> list[dict[str, Any]]:
    """Check one counsel section's rows completely; returns the good rows, full width."""
    fields = _COUNSEL_FIELDS[table]
    key_columns = counsel_tables.COUNSEL_TABLES[table][0]
    required = {name for name, (_kind, needed) in fields.items() if needed}
    rows: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for i, raw in enumerate(raw_rows):
        where = f"{table}[{i}]"
        if not isinstance(raw, dict):
            check.add(where, "expected an object")
            continue
        before = len(check.problems)
        check.keys(where, raw, required, set(fields) - required)
        row: dict[str, Any] = {}
        for name, (kind, _needed) in fields.items():
            value = raw.get(name, _COUNSEL_DEFAULTS.get(name))
            row[name] = _counsel_field(check, f"{where}.{name}", kind, value)
        if len(check.problems) > before:
            continue
        if table == "custom_exercises":
            loaded = load_bytes(row["source"].encode("utf-8"), f"{where}.source").exercise
            # One that no longer loads is kept as text (the library skips it, as in the vault).
            if loaded is not None and loaded.id != row["exercise_id"]:
                check.add(f"{where}.source", f"holds the exercise {loaded.id!r}, not its id")
                continue
        key = tuple(row[c] for c in key_columns)
        if key in seen:
            check.add(where, "a second row with the same " + ", ".join(key_columns))
            continue
        seen.add(key)
        rows.append(row)
    return rows


def _counsel_field(check: Checker, where: str, kind: str, value: Any) -> Any:
    """One checked counsel value, or _INVALID (the problem is recorded)."""
    result: Any
    if kind == "label":
        result = check.text(where, value, limit=MAX_NAME_CHARS, empty=False)
    elif kind == "slug":
        result = check.slug(where, value)
    elif kind == "note":
        result = check.text(where, value, limit=MAX_NOTE_CHARS)
    elif kind == "title":
        result = check.text(where, value, limit=200, empty=False)
    elif kind == "source":
        result = check.text(where, value, limit=MAX_CUSTOM_CHARS, empty=False)
    elif kind == "text":
        result = check.text(where, value)
    elif kind in ("stamp", "stamp?"):
        result = check.stamp(where, value, optional=kind == "stamp?")
        if result is None and value is not None:
            return _INVALID
        return result
    elif kind == "day":
        if value is None:
            return None
        if not isinstance(value, str) or len(value) != 10 or _parse_day(value) is None:
            check.add(where, "expected a date like 2026-12-31")
            return _INVALID
        return value
    elif kind == "status":
        status = _enum(check, where, value, Status)
        return _INVALID if status is None else status.value
    elif kind == "position":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10_000:
            check.add(where, "expected a whole number from 0 to 9999")
            return _INVALID
        return value
    else:  # "value": an answer as stored
        if value is None or isinstance(value, bool | float):
            check.add(where, "expected text, a whole number, a list or an object")
            return _INVALID
        before = len(check.problems)
        check.json_value(where, value)
        return value if len(check.problems) == before else _INVALID
    return _INVALID if result is None else result


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _parse_stamp(text: str) -> datetime | None:
    if len(text) > 40:
        return None
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def _newer(incoming: str | None, existing: str | None) -> bool:
    """Whether ``incoming`` is strictly newer (a missing incoming stamp never wins)."""
    if not incoming:
        return False
    if not existing:
        return True
    a, b = _parse_stamp(incoming), _parse_stamp(existing)
    if a is None or b is None:
        return incoming > existing
    return a > b


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
