"""Tests for trustrepair.services.helplines: the country Help shows, kept as a program setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustrepair.domain.helplines import LineKind
from trustrepair.services.app_settings import AppSettings
from trustrepair.services.helplines import COUNTRY_SETTING, HelplineGuide


def test_a_chosen_country_is_remembered_across_runs(tmp_path: Path) -> None:
    """The country survives a restart, so Help opens on it before any profile is unlocked."""
    path = tmp_path / "settings.json"
    HelplineGuide(AppSettings(path)).choose("GB")
    guide = HelplineGuide(AppSettings(path))
    assert guide.country is not None and guide.country.name == "United Kingdom"
    assert [line.phone for line in guide.lines(LineKind.CRISIS)] == ["116 123"]


def test_no_country_means_no_lines_but_the_directory(tmp_path: Path) -> None:
    """Without a country Help lists no numbers of its own, only the international directory."""
    guide = HelplineGuide(AppSettings(tmp_path / "settings.json"))
    assert guide.country is None
    assert guide.lines(LineKind.CRISIS) == []
    assert guide.directory.url == "https://findahelpline.com"


def test_an_unlisted_country_is_refused_and_an_old_one_forgotten(tmp_path: Path) -> None:
    """Choosing a country the file lacks is an error; one dropped from the file reads as none."""
    settings = AppSettings(tmp_path / "settings.json")
    guide = HelplineGuide(settings)
    with pytest.raises(ValueError, match="no helplines for 'XX'"):
        guide.choose("XX")
    settings.set(COUNTRY_SETTING, "XX")  # e.g. written by a version that listed it
    assert guide.country is None
    guide.choose(None)
    assert settings.get(COUNTRY_SETTING) is None


def test_countries_are_offered_by_name(tmp_path: Path) -> None:
    """The picker lists countries alphabetically by name."""
    names = [c.name for c in HelplineGuide(AppSettings(tmp_path / "s.json")).countries()]
    assert names == sorted(names) and "United States" in names


def test_a_malformed_stored_country_is_dropped(tmp_path: Path) -> None:
    """A country setting that is not a two-letter code reads as none (and a notice says so)."""
    path = tmp_path / "settings.json"
    path.write_text('{"helpline_country": "<b>GB</b>"}', encoding="utf-8")
    settings = AppSettings(path)
    assert HelplineGuide(settings).country is None
    assert settings.notices
