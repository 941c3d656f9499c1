"""Every user-visible text can be translated: the markers extraction finds, and the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface

REPO = Path(__file__).resolve().parents[1]
CATALOGUE = REPO / "resources" / "locale" / "messages.pot"


def _entries(pot: Path) -> str:
    """The catalogue without its header (the header holds the date it was made)."""
    text = pot.read_text(encoding="utf-8")
    return text[text.index("\n\n") + 2 :]


def test_the_catalogue_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """resources/locale/messages.pot holds exactly the texts the code marks today."""
    monkeypatch.chdir(REPO)
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", "pyproject.toml", "-o", str(fresh)]
    )
    assert _entries(fresh) == _entries(CATALOGUE), (
        "the texts changed: run `.venv/bin/pybabel extract -F pyproject.toml` and commit "
        "resources/locale/messages.pot"
    )
