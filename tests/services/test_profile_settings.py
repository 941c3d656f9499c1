"""A stored setting that does not fit its schema never stops anyone: default, one notice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trustrepair.errors import ImportFormatError
from trustrepair.services import desk, notifier, profile_settings, transfer
from trustrepair.services.lock import DEFAULT_AUTO_LOCK_MINUTES, auto_lock_minutes
from trustrepair.services.reminders import ReminderService, ReminderSettings
from trustrepair.services.safety import SafetyService
from trustrepair.services.support import SupportLines
from trustrepair.services.vaults import OpenVault, Vaults
from trustrepair.storage.store import VaultStore

HUGE = 10**3999  # the 4,000-digit number that once crashed every unlock


@pytest.fixture
def notices() -> Iterator[list[notifier.Message]]:
    """What the notifier said during the test."""
    heard: list[notifier.Message] = []
    unsubscribe = notifier.subscribe(heard.append)
    yield heard
    unsubscribe()


def test_a_bad_auto_lock_gives_the_default_and_one_notice(
    store: VaultStore, notices: list[notifier.Message]
) -> None:
    """A 4,000-digit auto-lock reads as the default; the person is told once, not at every
    read, and the stored value is left as it was."""
    store.set_setting("auto_lock_minutes", HUGE)
    assert auto_lock_minutes(store) == DEFAULT_AUTO_LOCK_MINUTES
    assert auto_lock_minutes(store) == DEFAULT_AUTO_LOCK_MINUTES
    assert [m.level for m in notices] == [notifier.Level.INFO]
    assert "default" in notices[0].text
    assert store.get_setting("auto_lock_minutes") == HUGE


READERS = {
    "safety_check": (lambda store, library: SafetyService(store, library).result(), None),
    "support_lines": (lambda store, library: SupportLines(store).read(), ""),
    "counsel_client_label": (
        lambda store, library: profile_settings.get(store, "counsel_client_label"),
        None,
    ),
    "auto_lock_minutes": (lambda store, library: auto_lock_minutes(store), 10.0),
    "counsel_archived_clients": (lambda store, library: desk.archived_keys(store), set()),
    "reminders": (
        lambda store, library: ReminderService(store, library).settings(),
        ReminderSettings(),
    ),
}


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("safety_check", {"completed_at": 5, "concern": "maybe"}),
        ("support_lines", ["not", "text"]),
        ("counsel_client_label", ""),
        ("auto_lock_minutes", -3),
        ("counsel_archived_clients", ["Sam", ""]),
        ("reminders", {"word": "x" * 500, "hour": 99, "rhythms": {"check-in": "hourly"}}),
    ],
)
def test_every_reader_survives_a_bad_setting(
    store: VaultStore, library: object, key: str, bad: object, notices: list[notifier.Message]
) -> None:
    """The safety check, support lines, client label, auto-lock, archived clients and
    reminders each fall back to their default with one notice."""
    store.set_setting(key, bad)
    read, default = READERS[key]
    assert read(store, library) == default
    assert len(notices) == 1


def test_an_export_leaves_bad_settings_out_and_imports_again(
    vault: OpenVault, vaults: Vaults, tmp_path: Path
) -> None:
    """A profile holding a setting that no longer fits can still be moved: the export leaves
    that setting out, keeps the good ones, and imports into a new profile."""
    vault.store.set_setting("auto_lock_minutes", HUGE)
    vault.store.set_setting("support_lines", "my sister: 0123")
    transfer.export_profile(vault.store, tmp_path / "out.json")
    result = transfer.import_file(vaults, tmp_path / "out.json", "Copy", allow_no_passphrase=True)
    with vaults.open(result.profile) as copy:
        assert copy.store.all_settings() == {"support_lines": "my sister: 0123"}


def test_an_import_with_a_bad_setting_is_refused(vault: OpenVault, tmp_path: Path) -> None:
    """The same bad setting in a file is refused on import, naming it; nothing is written."""
    document = transfer.build_export(vault.store)
    document["settings"] = {"auto_lock_minutes": 10**9}
    with pytest.raises(ImportFormatError, match=r"settings\.auto_lock_minutes: expected a whole"):
        transfer.parse_export(document)


def test_put_writes_only_what_fits_the_schema(store: VaultStore) -> None:
    """A setting the program writes is checked like an imported one: a value that does not
    fit is refused and nothing is written."""
    assert profile_settings.put(store, "auto_lock_minutes", 15) == 15
    with pytest.raises(ValueError, match="auto_lock_minutes"):
        profile_settings.put(store, "auto_lock_minutes", HUGE)
    with pytest.raises(ValueError, match="no_such_setting"):
        profile_settings.put(store, "no_such_setting", 1)
    assert store.all_settings() == {"auto_lock_minutes": 15}
