"""The `summary` verb (filled in by the Printable-summaries work)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Add this module's verbs."""
