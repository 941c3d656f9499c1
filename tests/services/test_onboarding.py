"""Profile creation and change checks: plain messages, passphrase rules, the recovery key file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.services.onboarding import (
    ProfileDraft,
    changed_profile,
    changes_path,
    check_draft,
    check_passphrase,
    check_profile_change,
    draft_from_profile,
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


def test_changing_a_profile_allows_its_own_name_and_refuses_another():
    """About you: the profile's own name (in any case) is fine; another profile's is not."""
    current = ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC, "old", "2024-01-01")
    draft = draft_from_profile(current)
    assert check_profile_change(draft, current, ["Sam", "Alex"]) == []
    assert check_profile_change(replace(draft, name="sam"), current, ["Sam", "Alex"]) == []
    assert check_profile_change(replace(draft, name="alex "), current, ["Sam", "Alex"])
    assert check_profile_change(replace(draft, name="  "), current, ["Sam"])


def test_a_changed_profile_keeps_its_role_and_date():
    """The new track, relationship and description are taken; role and date are kept."""
    current = ProfileInfo("Sam", Track.HURT, Relationship.ROMANTIC, "old", "2024-01-01")
    draft = ProfileDraft(" Sam B ", Track.REPAIRING, Relationship.FRIENDSHIP, " new ")
    changed = changed_profile(draft, current)
    assert changed == ProfileInfo(
        "Sam B", Track.REPAIRING, Relationship.FRIENDSHIP, "new", "2024-01-01"
    )
    assert changes_path(current, changed)
    assert not changes_path(current, replace(current, name="Other", description="x"))


def test_a_counsellor_changes_only_the_name():
    """A counsellor's profile is asked only its name; nothing else is touched or required."""
    current = ProfileInfo(
        "Dr K", Track.HURT, Relationship.ROMANTIC, created_at="2024", role=Role.COUNSELLOR
    )
    draft = draft_from_profile(current)
    assert draft.role is Role.COUNSELLOR and draft.track is None
    assert check_profile_change(replace(draft, name="Dr Kay"), current, ["Dr K"]) == []
    assert changed_profile(replace(draft, name="Dr Kay"), current) == replace(
        current, name="Dr Kay"
    )
