"""The time verbs: ``history`` reads back what an export brought in, newest first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trustrepair.cli import main


@pytest.fixture
def pw(tmp_path: Path) -> Path:
    """A passphrase file."""
    path = tmp_path / "pw"
    path.write_text("cli passphrase\n", encoding="utf-8")
    return path


def _history_export(path: Path) -> list[dict[str, object]]:
    """A version 2 export with three weekly check-ins and one other exercise."""
    entries: list[dict[str, object]] = [
        {
            "exercise_id": "noticing-the-repair",
            "started_at": f"2026-0{month}-01T18:00:00.000Z",
            "completed_at": f"2026-0{month}-01T18:20:00.000Z",
            "answers": {"words": f"month {month}"},
        }
        for month in (1, 2, 3)
    ]
    entries.append(
        {
            "exercise_id": "naming-what-happened",
            "started_at": "2026-02-15T10:00:00.000Z",
            "completed_at": None,
            "answers": {"free": "half done"},
        }
    )
    document = {
        "format": "trustrepair-export",
        "version": 2,
        "profile": {"name": "Jo", "track": "hurt", "relationship": "romantic"},
        "entries": entries,
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return entries


def test_history_json_gives_back_imported_entries_newest_first(
    pw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """history --json lists every imported entry, newest first, in the documented shape."""
    source = tmp_path / "in.json"
    entries = _history_export(source)
    assert main(["import", str(source), "--profile", "Jo", "--passphrase-file", str(pw)]) == 0
    capsys.readouterr()
    assert main(["history", "--profile", "Jo", "--passphrase-file", str(pw), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    expected = sorted(entries, key=lambda e: str(e["started_at"]), reverse=True)
    assert listed == expected
    assert all(set(e) == {"exercise_id", "started_at", "completed_at", "answers"} for e in listed)

    args = ["history", "--profile", "Jo", "--passphrase-file", str(pw), "--json"]
    assert main([*args, "--exercise", "naming-what-happened"]) == 0
    only = json.loads(capsys.readouterr().out)
    assert [e["answers"] for e in only] == [{"free": "half done"}]


def test_history_in_plain_lines(
    pw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --json each time is a line with its dates and its answers indented below."""
    source = tmp_path / "in.json"
    _history_export(source)
    assert main(["import", str(source), "--profile", "Jo", "--passphrase-file", str(pw)]) == 0
    capsys.readouterr()
    assert main(["history", "--profile", "Jo", "--passphrase-file", str(pw)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "2026-03-01T18:00:00.000Z" in lines[0] and "finished 2026-03-01" in lines[0]
    assert any("not finished" in line and "2026-02-15" in line for line in lines)
    assert any(line.strip() == "month 3" for line in lines)


def test_calendar_writes_an_ics_with_the_open_promises(
    pw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """calendar --out writes an RFC 5545 file: the open dated promise as an event with an
    alarm, titled with the neutral word, without the promise's text."""
    from datetime import date, timedelta

    from icalendar import Calendar

    due = (date.today() + timedelta(days=5)).isoformat()
    document = {
        "format": "trustrepair-export",
        "version": 2,
        "profile": {"name": "Jo", "track": "hurt", "relationship": "romantic"},
        "entries": [
            {
                "exercise_id": "promises-with-dates",
                "started_at": "2026-02-15T10:00:00.000Z",
                "answers": {"first": {"text": "call my sister", "date": due, "kept": None}},
            }
        ],
    }
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    assert main(["import", str(source), "--profile", "Jo", "--passphrase-file", str(pw)]) == 0
    out = tmp_path / "mine.ics"
    args = ["calendar", "--profile", "Jo", "--passphrase-file", str(pw), "--out", str(out)]
    assert main(args) == 0
    assert "1 reminder" in capsys.readouterr().out
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Check-in" and event.walk("VALARM")
    assert b"sister" not in out.read_bytes()
