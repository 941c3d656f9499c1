"""Reading a profile's settings so that a bad one never stops anyone unlocking.

Every setting has a schema (:mod:`trustrepair.formats.settings`). One stored in a vault that
does not fit it — written by an older version, or imported before imports were checked (a
4,000-digit number of minutes once crashed every unlock) — is read as its default instead,
and the person is told once per unlock, through the notifier, that settings were reset. The stored
value is left alone until the setting is next changed (nothing is deleted behind anyone's
back).
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING, Any

from trustrepair.i18n import N_, tr, translated
from trustrepair.services import notifier

if TYPE_CHECKING:  # the lock policy imports this module before the first screen
    from trustrepair.storage.store import VaultStore

log = logging.getLogger(__name__)

_MISSING = object()
_noticed: weakref.WeakSet[VaultStore] = weakref.WeakSet()

RESET_NOTICE = N_(
    "Some of this profile's settings could not be read, so their defaults are used for now. "
    "Choosing a setting again fixes it."
)


def get(store: VaultStore, key: str, default: Any = None) -> Any:
    """The setting ``key`` as its schema allows it, or ``default`` (with a notice if a stored
    value did not fit)."""
    try:
        raw = store.get_setting(key, _MISSING)
        if raw is _MISSING:
            return default  # nothing stored: the schema (and pydantic) are not needed
        from trustrepair.formats.settings import checked_setting

        return checked_setting(key, raw)
    except ValueError:  # it does not fit, or its JSON cannot even be read back
        _notice(store, key)
        return default


def exportable(store: VaultStore) -> dict[str, Any]:
    """Every stored setting that fits its schema (an export must import again)."""
    from trustrepair.formats.settings import checked_setting

    good: dict[str, Any] = {}
    for key, raw in store.all_settings().items():
        try:
            good[key] = checked_setting(key, raw)
        except ValueError:
            log.warning("a setting that does not fit its schema was left out of an export")
    return good


def _notice(store: VaultStore, key: str) -> None:
    """Log each reset; tell the person once per open vault, however many settings it was."""
    log.warning("a stored setting does not fit its schema; its default is used")
    if store in _noticed:
        return
    _noticed.add(store)
    notifier.info(translated(RESET_NOTICE), tr("Settings"))


def put(store: VaultStore, key: str, value: Any) -> Any:
    """Keep the setting ``key`` as its schema allows it; returns the value written.

    ValueError (nothing written) if ``value`` does not fit: a setting the program writes is
    checked as strictly as one an import brings.
    """
    from trustrepair.formats.settings import checked_setting

    checked = checked_setting(key, value)
    store.set_setting(key, checked)
    return checked
