"""The time verbs: ``history`` reads back what an export brought in, newest first."""

from __future__ import annotations

import io
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


def test_history_last_reads_only_the_newest_times(
    pw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """history --last N shows the newest N times (of one exercise, or of all), answers and
    all, newest first."""
    source = tmp_path / "in.json"
    _history_export(source)
    assert main(["import", str(source), "--profile", "Jo", "--passphrase-file", str(pw)]) == 0
    capsys.readouterr()
    args = ["history", "--profile", "Jo", "--passphrase-file", str(pw), "--json"]
    assert main([*args, "--last", "1", "--exercise", "noticing-the-repair"]) == 0
    assert [e["answers"] for e in json.loads(capsys.readouterr().out)] == [{"words": "month 3"}]
    assert main([*args, "--last", "2"]) == 0
    newest = json.loads(capsys.readouterr().out)
    assert [e["started_at"] for e in newest] == [
        "2026-03-01T18:00:00.000Z",
        "2026-02-15T10:00:00.000Z",
    ]
    assert newest[1]["answers"] == {"free": "half done"}
    two = ["--exercise", "noticing-the-repair", "--exercise", "naming-what-happened"]
    assert main([*args, "--last", "2", *two]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main([*args, "--last", "0"]) == 2  # a usage error: at least one


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


def _answer(
    monkeypatch: pytest.MonkeyPatch, pw: Path, exercise: str, step: str, given: bytes, *more: str
) -> int:
    """Run ``answer`` with ``given`` on standard input."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(given), encoding="utf-8"))
    args = ["answer", "--profile", "Jo", "--passphrase-file", str(pw)]
    return main([*args, "--exercise", exercise, "--step", step, *more])


def _history(pw: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["history", "--profile", "Jo", "--passphrase-file", str(pw), "--json"]) == 0
    return list(json.loads(capsys.readouterr().out))


@pytest.fixture
def jo(pw: Path) -> Path:
    """A profile called Jo, with a passphrase."""
    assert main(["profile", "create", "Jo", "--passphrase-file", str(pw)]) == 0
    return pw


def test_answer_saves_standard_input_into_the_current_time_through(
    jo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """answer keeps the text of standard input as it is (one trailing newline dropped), in
    one entry that later answers continue; other kinds take JSON; nothing is shared."""
    text = "It hurt.\n\n  Still does, some days.\n"
    assert _answer(monkeypatch, jo, "naming-what-happened", "what-happened", text.encode()) == 0
    assert _answer(monkeypatch, jo, "naming-what-happened", "intensity", b"7\n") == 0
    [entry] = _history(jo, capsys)
    assert entry["exercise_id"] == "naming-what-happened"
    assert entry["answers"] == {"what-happened": text.removesuffix("\n"), "intensity": 7}
    share = ["share", "--profile", "Jo", "--passphrase-file", str(jo), "--dry-run"]
    assert main([*share, "--exercise", "naming-what-happened"]) == 0
    assert "It hurt" not in capsys.readouterr().out
    more = ("--share",)
    assert _answer(monkeypatch, jo, "naming-what-happened", "support-now", b"A walk.", *more) == 0
    capsys.readouterr()
    assert main([*share, "--exercise", "naming-what-happened"]) == 0
    shown = capsys.readouterr().out
    assert "A walk." in shown and "It hurt" not in shown


def test_answer_to_a_finished_repeatable_exercise_begins_a_new_time(
    jo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """As in the window, answering a repeatable exercise that was finished starts a new
    entry; the finished one keeps its answers."""
    source = tmp_path / "in.json"
    _history_export(source)
    assert main(["import", str(source), "--profile", "Jo", "--passphrase-file", str(jo)]) == 0
    assert _answer(monkeypatch, jo, "noticing-the-repair", "me", b"a new week") == 0
    listed = [e for e in _history(jo, capsys) if e["exercise_id"] == "noticing-the-repair"]
    assert [e["answers"] for e in listed[:2]] == [{"me": "a new week"}, {"words": "month 3"}]
    assert listed[0]["completed_at"] is None


@pytest.mark.parametrize(
    ("exercise", "step", "given", "code", "said"),
    [
        ("naming-what-happened", "intensity", b"11", 1, "between 0 and 10"),
        ("naming-what-happened", "intensity", b"seven", 1, "takes its answer as JSON"),
        ("naming-what-happened", "what-happened", b"\xff\xfe", 1, "not UTF-8"),
        ("naming-what-happened", "why", b"words", 1, "takes no answer"),
        ("naming-what-happened", "no-such-step", b"words", 2, "no step"),
        ("no-such-exercise", "what-happened", b"words", 2, "no exercise"),
    ],
)
def test_answer_refuses_what_does_not_fit_and_writes_nothing(
    jo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    exercise: str,
    step: str,
    given: bytes,
    code: int,
    said: str,
) -> None:
    """A value that does not fit its step, text that is not UTF-8, a step or exercise that
    does not exist: one plain line, and the profile holds nothing new."""
    capsys.readouterr()
    assert _answer(monkeypatch, jo, exercise, step, given) == code
    assert said in capsys.readouterr().err
    assert _history(jo, capsys) == []


def test_answer_takes_no_passphrase_from_standard_input(
    jo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Standard input is the answer, so '--passphrase-file -' is a usage mistake."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"words"), encoding="utf-8"))
    args = ["answer", "--profile", "Jo", "--passphrase-file", "-"]
    assert main([*args, "--exercise", "naming-what-happened", "--step", "what-happened"]) == 2
    assert "standard input" in capsys.readouterr().err
