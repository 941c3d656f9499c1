"""Things a person is told once, the first time their profile is opened after a change.

A migration that changes what a person chose leaves a setting saying so; the first screen or
command that opens the profile takes the notice from here (which forgets it) and shows it
plainly: the window in a message, the command line on standard error.
"""

from __future__ import annotations

from dataclasses import dataclass

from trustrepair.i18n import N_, ngettext, translated
from trustrepair.services import profile_settings
from trustrepair.storage.store import VaultStore

AUDIENCES_NOTICE_KEY = "audiences_notice"
"""Set by the migration that made revealing to a partner its own choice, apart from sharing."""

AUDIENCES_TITLE = N_("Your sharing choices")


@dataclass(frozen=True)
class Notice:
    """One thing to tell the person: a title and plain text."""

    title: str
    text: str


def take_notices(store: VaultStore) -> list[Notice]:
    """The notices owed to this profile, forgotten as they are taken (each is told once)."""
    found: list[Notice] = []
    audiences = profile_settings.get(store, AUDIENCES_NOTICE_KEY)
    if isinstance(audiences, dict):
        count = int(audiences.get("answers", 0))
        if count:
            found.append(
                Notice(translated(AUDIENCES_TITLE), _audiences_text(count).format(count=count))
            )
    if store.get_setting(AUDIENCES_NOTICE_KEY) is not None:
        store.delete_setting(AUDIENCES_NOTICE_KEY)
    return found


def _audiences_text(count: int) -> str:
    return ngettext(
        "An earlier version of trustrepair marked an answer you revealed to your partner in an "
        "exercise for two as shared with a counsellor and in summaries for others too. It "
        "should not have: revealing to your partner and sharing with others are separate "
        "choices. That answer is now revealed to your partner only, and otherwise private. "
        "Nothing was sent anywhere. If you do want to share it, tick “Share” on it the next "
        "time you work through that exercise.",
        "An earlier version of trustrepair marked answers you revealed to your partner in an "
        "exercise for two as shared with a counsellor and in summaries for others too. It "
        "should not have: revealing to your partner and sharing with others are separate "
        "choices. Those answers ({count}) are now revealed to your partner only, and otherwise "
        "private. Nothing was sent anywhere. If you do want to share one of them, tick “Share” "
        "on it the next time you work through that exercise.",
        count,
    )
