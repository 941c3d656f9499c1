"""Creating and changing a profile: the checks behind the first-run form and About you."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from trustrepair.domain.enums import Relationship, Track
from trustrepair.domain.profile import ProfileInfo, Role
from trustrepair.errors import disk_errors
from trustrepair.files import write_atomic
from trustrepair.i18n import ngettext, tr

MAX_NAME_CHARS = 60
MAX_DESCRIPTION_CHARS = 2000
SHORT_PASSPHRASE_CHARS = 8


@dataclass(frozen=True)
class ProfileDraft:
    """What the person filled in, before anything is created."""

    name: str
    track: Track | None
    relationship: Relationship | None
    description: str = ""
    role: Role = Role.PERSON
    """A counsellor answers no track, relationship or description (none of them apply)."""


@dataclass(frozen=True)
class PassphraseCheck:
    """The verdict on a passphrase typed twice."""

    problem: str  # empty when the passphrase can be used
    empty: bool  # no passphrase at all: the person must confirm they understand
    short: bool  # usable, but a gentle hint suggests something longer

    @property
    def ok(self) -> bool:
        """Whether the passphrase may be used (an empty one still needs confirmation)."""
        return not self.problem


def check_draft(draft: ProfileDraft, existing_names: list[str]) -> list[str]:
    """Plain messages for whatever still needs attention in ``draft`` (empty when ready)."""
    problems = []
    name = draft.name.strip()
    if not name:
        problems.append(
            tr("Please choose a name for this profile. A first name or a nickname is fine.")
        )
    elif len(name) > MAX_NAME_CHARS:
        problems.append(
            ngettext(
                "Please keep the name to {n} character or fewer.",
                "Please keep the name to {n} characters or fewer.",
                MAX_NAME_CHARS,
            ).format(n=MAX_NAME_CHARS)
        )
    elif any(name.casefold() == other.casefold() for other in existing_names):
        problems.append(tr("There is already a profile with this name. Please choose another."))
    if draft.role is Role.COUNSELLOR:
        return problems
    if draft.track is None:
        problems.append(tr("Please choose which describes you."))
    if draft.relationship is None:
        problems.append(tr("Please choose who this is about."))
    if len(draft.description) > MAX_DESCRIPTION_CHARS:
        problems.append(
            ngettext(
                "Please keep the description to {n} character or fewer.",
                "Please keep the description to {n} characters or fewer.",
                MAX_DESCRIPTION_CHARS,
            ).format(n=MAX_DESCRIPTION_CHARS)
        )
    return problems


def profile_info(draft: ProfileDraft) -> ProfileInfo:
    """The profile to create from a draft that passed :func:`check_draft`."""
    if draft.role is Role.COUNSELLOR:
        # Kept but not used for a counsellor (the same defaults as the CLI's).
        return ProfileInfo(
            draft.name.strip(), Track.HURT, Relationship.ROMANTIC, role=Role.COUNSELLOR
        )
    if draft.track is None or draft.relationship is None:
        raise ValueError("the draft is incomplete")
    return ProfileInfo(
        draft.name.strip(), draft.track, draft.relationship, draft.description.strip()
    )


def draft_from_profile(info: ProfileInfo) -> ProfileDraft:
    """The form's starting point for changing an existing profile ("About you")."""
    if info.role is Role.COUNSELLOR:
        return ProfileDraft(info.name, None, None, role=Role.COUNSELLOR)
    return ProfileDraft(info.name, info.track, info.relationship, info.description)


def check_profile_change(
    draft: ProfileDraft, current: ProfileInfo, existing_names: list[str]
) -> list[str]:
    """Like :func:`check_draft`, for a change to ``current``: its own name is no clash.

    ``existing_names`` may include the profile's own name (as listed before the change), so
    changing only the case of a name ("sam" to "Sam") is allowed.
    """
    others = [name for name in existing_names if name.casefold() != current.name.casefold()]
    return check_draft(replace(draft, role=current.role), others)


def changed_profile(draft: ProfileDraft, current: ProfileInfo) -> ProfileInfo:
    """``current`` with what a draft that passed :func:`check_profile_change` says.

    The role and the creation date never change; a counsellor changes only the name.
    """
    name = draft.name.strip()
    if current.role is Role.COUNSELLOR:
        return replace(current, name=name)
    if draft.track is None or draft.relationship is None:
        raise ValueError("the draft is incomplete")
    return replace(
        current,
        name=name,
        track=draft.track,
        relationship=draft.relationship,
        description=draft.description.strip(),
    )


def changes_path(before: ProfileInfo, after: ProfileInfo) -> bool:
    """Whether the change offers different exercises or words them differently."""
    return (before.track, before.relationship) != (after.track, after.relationship)


def check_passphrase(passphrase: str, repeated: str) -> PassphraseCheck:
    """Whether a passphrase typed twice can be used."""
    if passphrase != repeated:
        return PassphraseCheck(tr("The two passphrases are not the same."), False, False)
    if not passphrase:
        return PassphraseCheck("", True, False)
    return PassphraseCheck("", False, len(passphrase) < SHORT_PASSPHRASE_CHARS)


def recovery_key_text(profile_name: str, key: str) -> str:
    """The text of a saved or printed recovery key, with a plain note on how to use it."""
    return tr(
        "trustrepair recovery key\n\n"
        "Profile: {name}\n"
        "Recovery key: {key}\n\n"
        "This key opens the profile if the passphrase is forgotten. Keep it somewhere safe, "
        "away from this computer; anyone who has it can read the profile.\n"
    ).format(name=profile_name, key=key)


def save_recovery_key(path: Path, profile_name: str, key: str) -> None:
    """Write the recovery key to a file the person chose, readable only by them from the
    moment it exists (never made readable first and narrowed after), whole or not at all.

    Raises:
        StorageError: it could not be written (nothing was).
    """
    with disk_errors(tr("save the recovery key to {path}").format(path=path)):
        write_atomic(path, recovery_key_text(profile_name, key))
