"""Profile creation checks: plain messages, passphrase rules, the recovery key file."""

from __future__ import annotations

from pathlib import Path

from trustrepair.domain.enums import Relationship, Track
from trustrepair.services.onboarding import (
    ProfileDraft,
    check_draft,
    check_passphrase,
    profile_info,
    save_recovery_key,
)


def test_a_complete_draft_has_no_problems_and_is_trimmed():
    """A filled-in draft passes and becomes a profile with trimmed text."""
    draft = ProfileDraft("  Sam ", Track.HURT, Relationship.ROMANTIC, " what happened ")
    assert check_draft(draft, ["Alex"]) == []
    info = profile_info(draft)
    assert (info.name, info.description) == ("Sam", "what happened")


def test_missing_and_duplicate_fields_are_named():
    """Each missing choice gets its own plain message; names are unique case-insensitively."""
    problems = check_draft(ProfileDraft(" ", None, None), [])
    assert len(problems) == 3
    assert check_draft(ProfileDraft("sam", Track.HURT, Relationship.ROMANTIC), ["Sam"])


def test_passphrase_checks():
    """Mismatch is a problem; empty needs confirmation; short is allowed with a hint."""
    assert not check_passphrase("a", "b").ok
    empty = check_passphrase("", "")
    assert empty.ok and empty.empty
    assert check_passphrase("short", "short").short
    assert not check_passphrase("kettle river purple", "kettle river purple").short


def test_recovery_key_file_is_private(tmp_path: Path):
    """The saved recovery key file holds the key and is readable only by its owner."""
    path = tmp_path / "key.txt"
    save_recovery_key(path, "Sam", "ABCD-EFGH")
    assert "ABCD-EFGH" in path.read_text(encoding="utf-8")
    assert path.stat().st_mode & 0o077 == 0
