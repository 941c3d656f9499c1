"""Tests for trustrepair.services.support: the person's own support lines, kept in their vault."""

from __future__ import annotations

from trustrepair.services.support import SupportLines
from trustrepair.services.vaults import OpenVault, Vaults


def test_support_lines_are_empty_until_written_and_kept_in_the_vault(
    vaults: Vaults, vault: OpenVault
):
    """A new profile has none; what is saved comes back after the vault is closed and opened."""
    assert SupportLines(vault.store).read() == ""
    SupportLines(vault.store).save("Helpline 0800 000\nMy sister")
    vault.close()
    again = vaults.open("Sam", None)
    try:
        assert SupportLines(again.store).read() == "Helpline 0800 000\nMy sister"
    finally:
        again.close()
