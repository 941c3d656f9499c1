"""Verbs over profiles and vaults (filled in by the Private-vaults work)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Add this module's verbs."""
