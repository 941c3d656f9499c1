"""Encrypted vaults: create, open, passphrases, recovery keys, one process per vault, backups,
nothing readable at rest, and nothing lost when a writer is killed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo
from trustrepair.errors import ProfileNotFound, StorageError, VaultInUse, WrongPassphrase
from trustrepair.services.lock import TooManyAttempts
from trustrepair.services.vaults import Vaults
from trustrepair.storage import keys
from trustrepair.storage.db import integrity_problems, open_database, opens_with
from trustrepair.storage.meta import read_meta

PASS = "a long and private passphrase"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """OWASP-minimum Argon2id keeps these tests fast."""
    monkeypatch.setattr(Vaults, "kdf", keys.OWASP_MINIMUM_KDF)


def _info(name: str = "Robin") -> ProfileInfo:
    return ProfileInfo(name, Track.REPAIRING, Relationship.FRIENDSHIP, "what happened")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def protected(vaults: Vaults) -> Iterator[str]:
    """A closed, passphrase-protected profile with one answer; yields its recovery key."""
    vault = vaults.create(_info(), PASS)
    vault.store.save_answer("ex-one", "step-one", "kept safe")
    assert vault.recovery_key is not None
    vault.close()
    yield vault.recovery_key


def test_create_lists_names_only(vaults: Vaults) -> None:
    """list() shows names and whether a passphrase is set, from plaintext metadata."""
    vaults.create(_info("Robin"), PASS).close()
    vaults.create(_info("alex"), None).close()
    refs = vaults.list()
    assert [(r.name, r.has_passphrase) for r in refs] == [("alex", False), ("Robin", True)]
    meta = (refs[1].folder / "vault.json").read_text(encoding="utf-8")
    assert "what happened" not in meta


def test_open_with_passphrase_and_recovery_key(vaults: Vaults, protected: str) -> None:
    """Both the passphrase and the recovery key open the vault; the recovery key is shown once."""
    with vaults.open("robin", PASS) as vault:
        assert vault.recovery_key is None
        assert vault.store.answers_for("ex-one")["step-one"].value == "kept safe"
    with vaults.open_with_recovery_key("Robin", protected.lower()) as vault:
        assert vault.store.get_profile() is not None


def test_wrong_passphrase_changes_no_file(vaults: Vaults, protected: str, data_dir: Path) -> None:
    """A wrong passphrase says so plainly and leaves every file byte-identical."""
    before = _snapshot(data_dir)
    with pytest.raises(WrongPassphrase, match=r"That passphrase does not open this vault\."):
        vaults.open("Robin", "not it")
    with pytest.raises(WrongPassphrase):
        vaults.open_with_recovery_key("Robin", keys.new_recovery_key())
    with pytest.raises(WrongPassphrase):
        vaults.change_passphrase("Robin", "not it", "new")
    assert _snapshot(data_dir) == before


def test_repeated_wrong_passphrases_are_throttled(vaults: Vaults, protected: str) -> None:
    """After a few wrong tries the next one must wait; the right one then still works."""
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            vaults.open("Robin", "nope")
    assert vaults.retry_after("Robin") > 0
    with pytest.raises(TooManyAttempts):
        vaults.open("Robin", PASS)
    vaults.throttle.succeeded(vaults.find("Robin").folder.name)
    vaults.open("Robin", PASS).close()


def test_change_passphrase_shuts_the_old_one_out(vaults: Vaults, protected: str) -> None:
    """After a change only the new passphrase and the new recovery key open the profile."""
    new_key = vaults.change_passphrase("Robin", PASS, "brand new")
    assert new_key is not None and new_key != protected
    with pytest.raises(WrongPassphrase):
        vaults.open("Robin", PASS)
    with pytest.raises(WrongPassphrase):
        vaults.open_with_recovery_key("Robin", protected)
    with vaults.open("Robin", "brand new") as vault:
        assert vault.store.answers_for("ex-one")["step-one"].value == "kept safe"
    vaults.open_with_recovery_key("Robin", new_key).close()
    # The new recovery key can set a passphrase after one was forgotten.
    vaults.change_passphrase("Robin", None, "third", recovery_key=new_key)
    vaults.open("Robin", "third").close()


def test_an_old_copy_of_the_key_file_opens_nothing_written_later(
    vaults: Vaults, protected: str
) -> None:
    """The old vault.json with the old passphrase decrypts neither the vault nor its backups."""
    folder = vaults.find("Robin").folder
    vaults.open("Robin", PASS).close()  # a daily backup under the old key
    old_meta = read_meta(folder)
    old_key = keys.unwrap(old_meta.passphrase_wrap, PASS)
    assert opens_with(folder / "vault.db", old_key)
    vaults.change_passphrase("Robin", PASS, "brand new")
    with vaults.open("Robin", "brand new") as vault:
        vault.store.save_answer("ex-one", "step-two", "written after the change")
        vault.backup_now()
    assert keys.unwrap(old_meta.passphrase_wrap, PASS) == old_key  # the old copy still unwraps
    files = [folder / "vault.db", *sorted((folder / "backups").glob("*.db"))]
    assert len(files) >= 3
    for path in files:
        assert not opens_with(path, old_key), path.name
    assert "previous" not in (folder / "vault.json").read_text(encoding="utf-8")


def test_the_open_vault_stays_usable_through_a_change(vaults: Vaults, protected: str) -> None:
    """Changing the passphrase of the vault this process has open re-keys it in place."""
    with vaults.open("Robin", PASS) as vault:
        vault.store.save_answer("ex-one", "step-two", "before")
        vaults.change_passphrase("Robin", PASS, "brand new")
        vault.store.save_answer("ex-one", "step-three", "after")
        vault.backup_now()
        assert vault.store.answers_for("ex-one")["step-two"].value == "before"
    with vaults.open("Robin", "brand new") as vault:
        answers = vault.store.answers_for("ex-one")
        assert answers["step-three"].value == "after"
        for backup in vault.backups():
            vault.restore(backup)  # every backup is readable under the new key
        assert vault.store.answers_for("ex-one")["step-one"].value == "kept safe"


def test_a_change_is_refused_while_another_process_has_the_vault(
    vaults: Vaults, protected: str
) -> None:
    """Another holder of the vault's lock makes a change wait, with nothing changed."""
    folder = vaults.find("Robin").folder
    before = (folder / "vault.json").read_bytes()
    other = Vaults(vaults.root).open("Robin", PASS)  # another object: as another process
    try:
        with pytest.raises(VaultInUse):
            vaults.change_passphrase("Robin", PASS, "brand new")
    finally:
        other.close()
    assert (folder / "vault.json").read_bytes() == before


def test_removing_and_adding_a_passphrase(vaults: Vaults, protected: str) -> None:
    """Without a passphrase a vault opens with None; adding one back makes a recovery key."""
    vaults.change_passphrase("Robin", PASS, None)
    assert not vaults.find("Robin").has_passphrase
    vaults.open("Robin", None).close()
    new_key = vaults.change_passphrase("Robin", None, "again", new_recovery_key=True)
    assert new_key is not None
    with pytest.raises(WrongPassphrase):
        vaults.open("Robin", None)
    vaults.open_with_recovery_key("Robin", new_key).close()


def test_vaults_do_not_open_each_other(vaults: Vaults) -> None:
    """One vault's passphrase (or key) does not read another vault."""
    vaults.create(_info("A"), "pass a").close()
    vaults.create(_info("B"), "pass b").close()
    with pytest.raises(WrongPassphrase):
        vaults.open("B", "pass a")
    a_key = keys.unwrap(_meta_wrap(vaults, "A"), "pass a")
    with pytest.raises(StorageError):
        open_database(vaults.find("B").folder / "vault.db", a_key)


def _meta_wrap(vaults: Vaults, name: str) -> dict[str, object]:
    import json

    data = json.loads((vaults.find(name).folder / "vault.json").read_text(encoding="utf-8"))
    wrap: dict[str, object] = data["keys"]["passphrase"]
    return wrap


def test_unknown_profile(vaults: Vaults) -> None:
    """Opening a name nobody created raises ProfileNotFound."""
    with pytest.raises(ProfileNotFound):
        vaults.open("Nobody", None)


def test_same_process_second_open_refused_and_close_releases(
    vaults: Vaults, protected: str
) -> None:
    """A vault open once cannot be opened again until closed; close is idempotent."""
    vault = vaults.open("Robin", PASS)
    with pytest.raises(VaultInUse, match="already open in another trustrepair window"):
        vaults.open("Robin", PASS)
    vault.close()
    vault.close()
    assert not vault.is_open
    vaults.open("Robin", PASS).close()


def test_other_process_holding_the_vault_refuses_us(
    vaults: Vaults, protected: str, data_dir: Path
) -> None:
    """A second process is refused with VaultInUse; the lock goes when that process dies."""
    code = (
        "import sys; from pathlib import Path; from trustrepair.services.vaults import Vaults;"
        f"v = Vaults(Path({str(vaults.root)!r})).open('Robin', {PASS!r});"
        "print('open', flush=True); sys.stdin.read()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        with pytest.raises(VaultInUse):
            vaults.open("Robin", PASS)
    finally:
        proc.kill()
        proc.wait()
    vaults.open("Robin", PASS).close()


def test_damaged_database_is_storage_error_not_wrong_passphrase(
    vaults: Vaults, protected: str
) -> None:
    """Right passphrase + unreadable file → StorageError pointing to backups; file untouched."""
    db_file = vaults.find("Robin").folder / "vault.db"
    damaged = b"\x13" * db_file.stat().st_size
    db_file.write_bytes(damaged)
    with pytest.raises(StorageError, match="may be damaged") as info:
        vaults.open("Robin", PASS)
    assert not isinstance(info.value, WrongPassphrase)
    assert "backups" in info.value.message
    assert db_file.read_bytes() == damaged


def test_missing_database_is_never_recreated(vaults: Vaults, protected: str) -> None:
    """A vanished database file is reported, not silently replaced by an empty one."""
    db_file = vaults.find("Robin").folder / "vault.db"
    db_file.unlink()
    with pytest.raises(StorageError):
        vaults.open("Robin", PASS)
    assert not db_file.exists()


def test_daily_backup_and_restore(vaults: Vaults, protected: str) -> None:
    """Opening makes a daily backup; restoring one brings old data back and keeps the current."""
    vault = vaults.open("Robin", PASS)
    [daily] = vault.backups()
    assert daily.reason == "daily"
    vault.store.save_answer("ex-one", "step-one", "changed later")
    vault.restore(daily)
    assert vault.store.answers_for("ex-one")["step-one"].value == "kept safe"
    reasons = [b.reason for b in vault.backups()]
    assert "pre-restore" in reasons
    vault.restore(next(b for b in vault.backups() if b.reason == "pre-restore"))
    assert vault.store.answers_for("ex-one")["step-one"].value == "changed later"
    vault.close()


def test_restore_backup_of_damaged_vault(vaults: Vaults, protected: str) -> None:
    """A damaged vault can be restored from a backup; the damaged file is kept aside."""
    vaults.open("Robin", PASS).close()  # makes the daily backup
    folder = vaults.find("Robin").folder
    (folder / "vault.db").write_bytes(b"\x13" * 8192)
    [daily] = vaults.backups("Robin")
    with vaults.restore_backup("Robin", daily.name, PASS) as vault:
        assert vault.store.answers_for("ex-one")["step-one"].value == "kept safe"
    assert list((folder / "backups").glob("damaged-*.db"))


@pytest.mark.parametrize("way", ["open", "recovery", "change", "restore"])
def test_every_way_in_shares_one_throttle(vaults: Vaults, protected: str, way: str) -> None:
    """Open, recovery key, passphrase change and restore all count and honour wrong attempts."""
    vaults.open("Robin", PASS).close()  # makes the daily backup that restore needs
    [daily] = vaults.backups("Robin")
    attempts = {
        "open": lambda secret: vaults.open("Robin", secret).close(),
        "recovery": lambda secret: vaults.open_with_recovery_key("Robin", secret).close(),
        "change": lambda secret: vaults.change_passphrase("Robin", secret, "new words"),
        "restore": lambda secret: vaults.restore_backup("Robin", daily.name, secret).close(),
    }
    attempt = attempts[way]
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            attempt("not it")
    right = protected if way == "recovery" else PASS
    with pytest.raises(TooManyAttempts):
        attempt(right)
    vaults.throttle.succeeded(vaults.find("Robin").folder.name)
    attempt(right)
    assert vaults.retry_after("Robin") == 0


def test_profile_rename_updates_the_picker(vaults: Vaults, protected: str) -> None:
    """Saving the profile under a new name renames it in list()."""
    with vaults.open("Robin", PASS) as vault:
        vault.save_profile(_info("Robin B."))
    assert [r.name for r in vaults.list()] == ["Robin B."]


def test_rename_keeps_a_new_recovery_key_waiting(vaults: Vaults, protected: str) -> None:
    """Renaming while a new recovery key awaits confirmation keeps it working and waiting."""
    new_key = vaults.change_passphrase("Robin", PASS, "next words", new_recovery_key=True)
    assert new_key is not None
    with vaults.open("Robin", "next words") as vault:
        vault.save_profile(_info("Robin B."))
    assert vaults.has_unconfirmed_recovery_key("Robin B.")
    vaults.open_with_recovery_key("Robin B.", new_key).close()
    assert vaults.confirm_recovery_key("Robin B.", new_key)


def test_list_is_the_light_listing(vaults: Vaults) -> None:
    """Vaults.list() gives the same refs as storage.names (one reader of vault.json)."""
    from trustrepair.services.vaults import ProfileRef
    from trustrepair.storage.names import list_profiles

    vaults.create(_info("Robin"), None).close()
    assert vaults.list() == list_profiles(vaults.root)
    assert isinstance(vaults.list()[0], ProfileRef)


# ---------------------------------------------------------------- nothing in plaintext at rest
def _find_marker(root: Path, marker: str) -> list[str]:
    needles = [marker.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le")]
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in needles):
                hits.append(str(path))
    return hits


def test_marker_answer_is_nowhere_in_plaintext(
    vaults: Vaults, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A marker answer appears in no file of the data dir or temp dir, open or closed."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("SQLITE_TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    marker = "MARKER-" + os.urandom(8).hex() + "-ünïcødé-私"
    from trustrepair.services.transfer import export_profile

    vault = vaults.create(ProfileInfo("Kim", Track.HURT, Relationship.ROMANTIC, marker), PASS)
    for i in range(50):
        vault.store.save_answer("ex-one", f"step-{i}", f"{marker} {i}")
    vault.store.save_answers([("ex-two", "s", marker)])
    vault.store.set_setting("note", marker)
    vault.backup_now()
    export_profile(vault.store, data_dir / "export.enc.json", passphrase="export pass")
    assert _find_marker(data_dir, marker) == [] and _find_marker(temp, marker) == []
    vault.close()
    vaults.open("Kim", PASS).close()
    assert _find_marker(data_dir, marker) == [] and _find_marker(temp, marker) == []


# ---------------------------------------------------------------- killed writers lose nothing
WRITER = """
import sys
from pathlib import Path
from trustrepair.services.vaults import Vaults
root, name, passphrase, start = sys.argv[1:5]
vault = Vaults(Path(root)).open(name, passphrase)
i = int(start)
while True:
    if i % 3:
        vault.store.save_answer("kill-test", f"s-{i}", "x" * (i % 97) + str(i))
    else:
        pair = [("kill-test", f"s-{i}", str(i)), ("kill-other", f"s-{i}", str(i))]
        vault.store.save_answers(pair)
    print(i, flush=True)
    i += 1
"""


@pytest.mark.slow
def test_sigkilled_writer_loses_no_acknowledged_answer(vaults: Vaults, tmp_path: Path) -> None:
    """Killing a writer at random moments leaves an intact database with every acked answer."""
    vaults.create(_info("Kill"), PASS).close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(4)
    acked: set[int] = set()
    start = 0
    for _round in range(12):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(vaults.root), "Kill", PASS, str(start)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        wanted = rng.choice([0, 1, rng.randint(2, 400)])
        for _ in range(wanted):
            line = proc.stdout.readline()
            if not line:
                break
            acked.add(int(line))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
        acked.update(int(n) for n in rest.split())
        start = max(acked, default=start) + 1000
        with vaults.open("Kill", PASS) as vault:
            assert vault.db is not None
            assert integrity_problems(vault.db) == []
            saved = {
                int(a.step_id[2:])
                for a in vault.store.all_answers()
                if a.exercise_id == "kill-test"
            }
            assert acked <= saved
    assert len(acked) > 50


def test_a_new_recovery_key_works_at_once_and_waits_to_be_confirmed(
    vaults: Vaults, protected: str
) -> None:
    """A new key opens at once; until it is confirmed as kept the profile says so."""
    new_key = vaults.change_passphrase("Robin", PASS, PASS, new_recovery_key=True)
    assert new_key is not None and vaults.has_unconfirmed_recovery_key("Robin")
    with pytest.raises(WrongPassphrase):
        vaults.open_with_recovery_key("Robin", protected)
    vaults.open_with_recovery_key("Robin", new_key).close()
    vaults.open("Robin", PASS).close()
    assert not vaults.confirm_recovery_key("Robin", keys.new_recovery_key())
    assert vaults.confirm_recovery_key("Robin", new_key)
    assert not vaults.has_unconfirmed_recovery_key("Robin")
    vaults.open_with_recovery_key("Robin", new_key).close()
