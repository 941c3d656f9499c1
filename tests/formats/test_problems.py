"""pydantic's errors read as the plain ``where: what`` lines people got before the models."""

from __future__ import annotations

import pytest

from trustrepair.errors import ImportFormatError
from trustrepair.formats import problems
from trustrepair.formats.export import ExportFile


def _lines(document: object) -> list[str]:
    with pytest.raises(ImportFormatError) as caught:
        problems.validate(ExportFile, document, "This export cannot be imported.")
    headline, *rest = str(caught.value).splitlines()
    assert headline == "This export cannot be imported."
    return [line.strip() for line in rest]


def _export(**changes: object) -> dict[str, object]:
    document: dict[str, object] = {
        "format": "trustrepair-export",
        "version": 1,
        "profile": {"name": "Sam"},
        "answers": [],
    }
    document.update(changes)
    return document


def test_places_are_written_as_in_the_file() -> None:
    """A problem names its place like ``answers[1].value``, then says what was expected."""
    answers = [
        {"exercise_id": "ex", "step_id": "s", "value": "fine"},
        {"exercise_id": "ex", "step_id": "t", "value": 1.5},
        {"exercise_id": "Not An Id", "step_id": "u", "value": ["a", {"k": "\ud800"}]},
    ]
    assert _lines(_export(answers=answers)) == [
        "answers[1].value: expected text, a whole number, a list or an object",
        "answers[2].exercise_id: expected an id (lower-case letters, digits and hyphens)",
        "answers[2].value[1].k: contains an unpaired UTF-16 surrogate (not valid Unicode text)",
    ]


def test_missing_and_unknown_keys_are_one_line_per_object() -> None:
    """Missing keys of one object are one line, and so are its unknown ones."""
    lines = _lines({**_export(answers=[{"shared": "yes", "x": 1, "y": 2}]), "extra": True})
    assert sorted(lines) == [
        "answers[0].shared: expected true or false",
        "answers[0]: missing exercise_id, step_id, value",
        "answers[0]: unknown fields x, y",
        "file: unknown field extra",
    ]


def test_lengths_enums_and_settings() -> None:
    """Too long, not one of the choices, a setting out of range or unknown: plain words."""
    lines = _lines(
        _export(
            profile={"name": "x" * 81, "track": "both"},
            settings={"auto_lock_minutes": 10**12},
        )
    )
    assert lines == [
        "profile.name: longer than 80 characters",
        "profile.track: expected one of hurt, repairing",
        "settings.auto_lock_minutes: expected a whole number of minutes from 1 to 1440",
    ]
    assert _lines(_export(settings={"colour": "blue"})) == ["settings.colour: unknown setting"]


def test_only_the_first_twenty_problems_are_listed() -> None:
    """A file with a thousand problems lists twenty and counts the rest."""
    answers = [{"exercise_id": "ex", "step_id": f"s{i}", "value": None} for i in range(1000)]
    lines = _lines(_export(answers=answers))
    assert len(lines) == 21 and lines[-1] == "… and 980 more problems"


def test_hostile_keys_are_shown_short_and_escaped() -> None:
    """An unknown key of 10,000 characters, or one with control characters, is shortened
    and escaped (it must not take over a terminal or a dialog)."""
    [line] = _lines({**_export(), "\x1b[31m" + "k" * 10_000: 1})
    assert "\x1b" not in line and len(line) < 100
