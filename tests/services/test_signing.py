"""Signed assignment and share files: every edited byte, a new key under a known name, a
replayed older file and an unsigned file are refused, and nothing in the vault changes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import fingerprint_of, write_signed
from tests.hostile import hostile
from trustrepair.content.library import Library
from trustrepair.domain.counsel import AssignedExercise
from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.errors import ImportFormatError, UserFacingError, WrongPassphrase
from trustrepair.formats import counsel as counsel_format
from trustrepair.formats import jsonfile
from trustrepair.services import assignments, counsel, desk, signing
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.storage.counsel import CounselStore
from trustrepair.storage.signing import SenderRole

EXERCISE = "naming-what-happened"
STEP = "what-happened"
REAL = "what I really wrote"
SCAM = "Call 0900 123 456 and read them your recovery key."


def _assignment(counsellor: OpenVault, library: Library, path: Path, note: str = "Gently.") -> Path:
    assignments.write_assignment(
        counsellor.store, library, "Sam R.", [AssignedExercise(EXERCISE, note)], path
    )
    return path


def _share(client: OpenVault, library: Library, path: Path, text: str = REAL) -> Path:
    client.store.save_answer(EXERCISE, STEP, text, shared=True)
    counsel.write_share(client.store, counsel.plan_share(client.store, library, [EXERCISE]), path)
    return path


def _dated(path: Path, vault: OpenVault, created_at: str) -> Path:
    """The file at ``path`` made at ``created_at`` instead (signed again by its sender)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["created_at"] = created_at
    return write_signed(path, vault, document)


def _received_notes(client: OpenVault) -> list[str]:
    return [a.note for a in assignments.received_assignments(client.store)]


def _shared_texts(counsellor: OpenVault) -> list[str]:
    """Every answer the counsellor keeps, from every client."""
    return [
        a.text
        for label in desk.labels(counsellor.store)
        for e in desk.client_exercises(counsellor.store, label)
        for a in e.answers
    ]


@pytest.fixture
def impostor(tmp_path: Path) -> Iterator[OpenVault]:
    """Someone else's counsellor profile, also called "Dr Lee" (on another computer)."""
    with Vaults(tmp_path / "elsewhere").create(
        ProfileInfo("Dr Lee", Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR)
    ) as opened:
        yield opened


# ---------------------------------------------------------------------- every byte
def _variants(text: str) -> Iterator[tuple[str, str]]:
    """Every one-character change of ``text``: each character replaced, removed, and a space
    put before it; and a byte-order mark, a CRLF file and a missing final newline."""
    for i, char in enumerate(text):
        yield f"replace {i}", text[:i] + chr(ord(char) ^ 1) + text[i + 1 :]
        yield f"remove {i}", text[:i] + text[i + 1 :]
        yield f"space at {i}", text[:i] + " " + text[i:]
    yield "byte-order mark", "\ufeff" + text
    yield "CRLF", text.replace("\n", "\r\n")
    yield "no final newline", text.rstrip("\n")


def _refused(variant: str) -> str:
    """How a changed file is refused: ``"parse"`` (not JSON any more) or ``"signature"``."""
    try:
        document = jsonfile.parse_json_text(variant, counsel_format.BUDGET, what="a file")
    except ImportFormatError:
        return "parse"
    with pytest.raises(ImportFormatError):
        signing.open_signed(document, variant)
    return "signature"


@pytest.mark.parametrize("kind", ["assignment", "share"])
def test_every_edited_byte_of_a_signed_file_is_refused(
    kind: str, tmp_path: Path, counsellor: OpenVault, vault: OpenVault, library: Library
) -> None:
    """Each character of a signed file changed, removed or pushed aside by a space, in values,
    keys, layout, the signature and the public key alike: never accepted."""
    path = tmp_path / "file.json"
    if kind == "assignment":
        _assignment(counsellor, library, path, note=hostile("note"))
    else:
        _share(vault, library, path, text=hostile("answer"))
    text = path.read_text(encoding="utf-8")
    signing.open_signed(json.loads(text), text)  # as written, it opens
    ways = [_refused(variant) for _where, variant in _variants(text)]
    assert len(ways) == 3 * len(text) + 3
    assert ways.count("signature") > len(text)  # most changes still parse: the signature holds


def test_an_edited_file_changes_nothing_in_the_vault(
    tmp_path: Path, counsellor: OpenVault, vault: OpenVault, library: Library
) -> None:
    """Edited files, through the import itself: refused in plain words, no assignment kept,
    no sender pinned, even with the sender's fingerprint accepted."""
    path = _assignment(counsellor, library, tmp_path / "a.json")
    text = path.read_text(encoding="utf-8")
    accept = fingerprint_of(counsellor)
    for edited in (
        text.replace("Gently.", "Gently!"),
        text.replace('"exercises": [', '"exercises":  ['),
        text.replace('"value": "', '"value": "A', 1),
    ):
        path.write_text(edited, encoding="utf-8")
        with pytest.raises(ImportFormatError, match="changed after it was signed"):
            assignments.import_assignment(vault.store, library, path, accept_sender=accept)
    assert assignments.received_assignments(vault.store) == []
    assert signing.senders(vault.store) == []


# ---------------------------------------------------------------------- what the issue found
def test_an_edited_share_never_replaces_a_clients_real_answer(
    tmp_path: Path, counsellor: OpenVault, vault: OpenVault, library: Library
) -> None:
    """A share edited to put invented words in the client's mouth (newer dates and all) is
    refused; the counsellor keeps what the client really wrote."""
    path = _share(vault, library, tmp_path / "share.json")
    counsel.import_shared(counsellor.store, path, accept_sender=fingerprint_of(vault))
    forged = json.loads(path.read_text(encoding="utf-8"))
    answer = forged["exercises"][0]["answers"][0]
    answer.update(value="I made it all up", text="I made it all up")
    answer["updated_at"] = forged["created_at"] = "2030-01-01T00:00:00.000Z"
    path.write_text(jsonfile.dumps_readable(forged), encoding="utf-8")
    with pytest.raises(ImportFormatError, match="changed after it was signed"):
        counsel.import_shared(counsellor.store, path)
    assert _shared_texts(counsellor) == [REAL]


def test_an_edited_assignment_note_is_never_kept_as_the_counsellors(
    tmp_path: Path, counsellor: OpenVault, vault: OpenVault, library: Library
) -> None:
    """An assignment whose note was changed to "call this number and read your recovery key"
    is refused; no note is attributed to the counsellor."""
    path = _assignment(counsellor, library, tmp_path / "a.json")
    assignments.import_assignment(
        vault.store, library, path, accept_sender=fingerprint_of(counsellor)
    )
    forged = json.loads(path.read_text(encoding="utf-8"))
    forged["exercises"][0]["note"] = SCAM
    path.write_text(jsonfile.dumps_readable(forged), encoding="utf-8")
    with pytest.raises(ImportFormatError, match="changed after it was signed"):
        assignments.import_assignment(vault.store, library, path)
    assert _received_notes(vault) == ["Gently."]


# ---------------------------------------------------------------------- who sent it
def test_the_first_file_from_a_sender_needs_their_fingerprint(
    tmp_path: Path, counsellor: OpenVault, vault: OpenVault, library: Library
) -> None:
    """A first file is refused until the person accepts the fingerprint they compared; a
    wrong one is refused; once accepted, later files from the same key need nothing."""
    path = _assignment(counsellor, library, tmp_path / "a.json")
    with pytest.raises(signing.UnknownSender) as first:
        assignments.import_assignment(vault.store, library, path)
    assert first.value.name == "Dr Lee" and first.value.fingerprint == fingerprint_of(counsellor)
    assert first.value.fingerprint in str(first.value) and "Nothing was changed" in str(first.value)
    with pytest.raises(UserFacingError, match="not the one of this file's sender"):
        assignments.import_assignment(vault.store, library, path, accept_sender="0000-1111")
    assert assignments.received_assignments(vault.store) == []
    assignments.import_assignment(
        vault.store, library, path, accept_sender=fingerprint_of(counsellor)
    )
    pinned = signing.pinned(vault.store, SenderRole.COUNSELLOR, "Dr Lee")
    assert pinned is not None and pinned.fingerprint == fingerprint_of(counsellor)
    later = _assignment(counsellor, library, tmp_path / "later.json", note="And again.")
    assignments.import_assignment(vault.store, library, later)
    assert _received_notes(vault) == ["And again."]


@pytest.mark.parametrize("how", ["their own file", "a genuine file signed again"])
def test_a_new_key_under_a_known_name_is_refused(
    how: str,
    tmp_path: Path,
    counsellor: OpenVault,
    impostor: OpenVault,
    vault: OpenVault,
    library: Library,
) -> None:
    """Once "Dr Lee" is known, a file under that name signed with another key is refused,
    even when the person types that key's fingerprint; nothing changes."""
    real = _assignment(counsellor, library, tmp_path / "real.json")
    assignments.import_assignment(
        vault.store, library, real, accept_sender=fingerprint_of(counsellor)
    )
    fake = tmp_path / "fake.json"
    if how == "their own file":
        _assignment(impostor, library, fake, note=SCAM)
    else:
        document = json.loads(real.read_text(encoding="utf-8"))
        document["exercises"][0]["note"] = SCAM
        write_signed(fake, impostor, document)
    for accept in (None, fingerprint_of(impostor)):
        with pytest.raises(signing.SenderKeyChanged, match="signed with another key"):
            assignments.import_assignment(vault.store, library, fake, accept_sender=accept)
    assert _received_notes(vault) == ["Gently."]
    pinned = signing.pinned(vault.store, SenderRole.COUNSELLOR, "Dr Lee")
    assert pinned is not None and pinned.fingerprint == fingerprint_of(counsellor)


def test_a_client_label_is_bound_to_the_first_clients_key(
    tmp_path: Path, counsellor: OpenVault, vault: OpenVault, vaults: Vaults, library: Library
) -> None:
    """Another client sending a share under an accepted client's label is refused."""
    real = _share(vault, library, tmp_path / "real.json")
    counsel.import_shared(counsellor.store, real, accept_sender=fingerprint_of(vault))
    elsewhere = Vaults(tmp_path / "elsewhere")
    with elsewhere.create(ProfileInfo("Sam", Track.REPAIRING, Relationship.ROMANTIC)) as other:
        document = json.loads(real.read_text(encoding="utf-8"))
        document["exercises"][0]["answers"][0].update(text="not Sam", value="not Sam")
        write_signed(tmp_path / "fake.json", other, document)
        with pytest.raises(signing.SenderKeyChanged):
            counsel.import_shared(
                counsellor.store, tmp_path / "fake.json", accept_sender=fingerprint_of(other)
            )
    assert _shared_texts(counsellor) == [REAL]


# ---------------------------------------------------------------------- replays
OLD, NEW = "2026-01-01T10:00:00.000Z", "2026-02-01T10:00:00.000Z"


def test_an_older_assignment_never_overwrites_a_newer_one(
    tmp_path: Path, counsellor: OpenVault, vault: OpenVault, library: Library
) -> None:
    """A genuine, older assignment opened after a newer one is refused as a replay."""
    old = _dated(_assignment(counsellor, library, tmp_path / "old.json", "first"), counsellor, OLD)
    new = _dated(_assignment(counsellor, library, tmp_path / "new.json", "second"), counsellor, NEW)
    assignments.import_assignment(
        vault.store, library, new, accept_sender=fingerprint_of(counsellor)
    )
    with pytest.raises(signing.OlderFile, match="already have a newer file from Dr Lee"):
        assignments.import_assignment(vault.store, library, old)
    assert _received_notes(vault) == ["second"]
    assignments.import_assignment(vault.store, library, new)  # the same file again changes nothing
    assert _received_notes(vault) == ["second"]


def test_an_older_share_never_overwrites_newer_answers_or_progress(
    tmp_path: Path, counsellor: OpenVault, vault: OpenVault, library: Library
) -> None:
    """A client's older share opened after a newer one is refused: answers and how far they
    got stay as the newer file said."""
    old = _dated(_share(vault, library, tmp_path / "old.json", "early words"), vault, OLD)
    vault.store.mark_completed(EXERCISE)
    new = _dated(_share(vault, library, tmp_path / "new.json", "later words"), vault, NEW)
    counsel.import_shared(counsellor.store, new, accept_sender=fingerprint_of(vault))
    with pytest.raises(signing.OlderFile):
        counsel.import_shared(counsellor.store, old)
    [exercise] = desk.client_exercises(counsellor.store, "Sam")
    assert exercise.status.value == "completed"
    assert [a.text for a in exercise.answers] == ["later words"]


# ---------------------------------------------------------------------- unsigned and sealed
@pytest.mark.parametrize("kind", ["assignment", "share"])
def test_an_unsigned_file_from_0_1_0_asks_for_a_new_one(
    kind: str, tmp_path: Path, counsellor: OpenVault, vault: OpenVault, library: Library
) -> None:
    """A version-1 file (as trustrepair 0.1.0 wrote them, unsigned) is refused with what to do."""
    path = tmp_path / "old.json"
    if kind == "assignment":
        _assignment(counsellor, library, path)
    else:
        _share(vault, library, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["signature"]
    document["version"] = 1
    path.write_text(jsonfile.dumps_readable(document), encoding="utf-8")
    importing: Callable[[], object] = (
        (lambda: assignments.import_assignment(vault.store, library, path))
        if kind == "assignment"
        else (lambda: counsel.import_shared(counsellor.store, path))
    )
    with pytest.raises(signing.UnsignedFile, match="ask the person who sent it for a new file"):
        importing()
    assert assignments.received_assignments(vault.store) == [] and _shared_texts(counsellor) == []
    document["version"] = 2  # claims to be signed, carries no signature
    path.write_text(jsonfile.dumps_readable(document), encoding="utf-8")
    with pytest.raises(signing.UnsignedFile):
        importing()


def test_an_encrypted_share_is_signed_inside_and_unchanged_outside(
    tmp_path: Path, counsellor: OpenVault, vault: OpenVault, library: Library
) -> None:
    """The sealed file's plaintext is the signed share; an edited envelope, even a space, is
    refused, and so is a flipped byte of its ciphertext."""
    vault.store.save_answer(EXERCISE, STEP, REAL, shared=True)
    path = tmp_path / "sealed.json"
    plan = counsel.plan_share(vault.store, library, [EXERCISE])
    counsel.write_share(vault.store, plan, path, passphrase="tulip")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"aead": ', '"aead":  '), encoding="utf-8")
    with pytest.raises(signing.ChangedFile):
        counsel.import_shared(counsellor.store, path, passphrase="tulip")
    sealed = json.loads(text)
    sealed["ciphertext"] = ("B" if sealed["ciphertext"][0] == "A" else "A") + sealed["ciphertext"][
        1:
    ]
    path.write_text(jsonfile.dumps_readable(sealed), encoding="utf-8")
    with pytest.raises(WrongPassphrase):
        counsel.import_shared(counsellor.store, path, passphrase="tulip")
    path.write_text(text, encoding="utf-8")
    accepted = counsel.import_shared(
        counsellor.store, path, passphrase="tulip", accept_sender=fingerprint_of(vault)
    )
    assert accepted.answers_stored == 1 and _shared_texts(counsellor) == [REAL]
    assert CounselStore(counsellor.store.db).labels() == ["Sam"]


# ---------------------------------------------------------------------- the API others use
def test_signatures_of_bytes_mean_one_purpose_only(vault: OpenVault, counsellor: OpenVault) -> None:
    """A profile's signature over bytes checks with its public key for that purpose alone,
    and never with another profile's key."""
    mine = signing.identity(vault.store)
    signature = signing.sign_bytes(vault.store, b"sealed partner file", b"data")
    assert signing.verify_bytes(mine.public_key, b"sealed partner file", b"data", signature)
    assert not signing.verify_bytes(mine.public_key, b"something else", b"data", signature)
    assert not signing.verify_bytes(mine.public_key, b"sealed partner file", b"dat", signature)
    theirs = signing.identity(counsellor.store).public_key
    assert not signing.verify_bytes(theirs, b"sealed partner file", b"data", signature)
    with pytest.raises(ValueError):
        signing.sign_bytes(vault.store, b"two\nlines", b"data")
    signing.pin_sender(vault.store, SenderRole.PARTNER, "Alex", theirs, "2026-01-01T00:00:00.000Z")
    found = signing.pinned(vault.store, SenderRole.PARTNER, "Alex")
    assert found is not None and found.public_key == theirs
    assert signing.pinned(vault.store, SenderRole.COUNSELLOR, "Alex") is None
    assert mine.fingerprint == fingerprint_of(vault) != fingerprint_of(counsellor)
