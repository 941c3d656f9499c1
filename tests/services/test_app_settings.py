"""Program settings: survive a restart, tolerate a damaged file."""

from __future__ import annotations

from pathlib import Path

from trustrepair.services.app_settings import AppSettings


def test_settings_round_trip(tmp_path: Path):
    """A value set once is there after reading the file again."""
    path = tmp_path / "settings.json"
    AppSettings(path).set("last_profile", "Sam")
    assert AppSettings(path).get("last_profile") == "Sam"


def test_damaged_file_falls_back_to_defaults(tmp_path: Path, caplog):
    """A file that is not JSON gives defaults and a warning, not a crash."""
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert AppSettings(path).get("window_geometry", "default") == "default"
    assert "could not be read" in caplog.text
