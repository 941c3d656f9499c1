"""The shipped helplines file: it loads, every line has a source and a date, codes are real."""

from __future__ import annotations

import datetime as dt

import pytest

from trustrepair.content.helplines import load_helplines
from trustrepair.domain.helplines import Helplines, LineKind, digits


def test_the_shipped_file_loads_and_every_line_is_sourced() -> None:
    """Every line has a name, a number, an https source and a check date not in the future."""
    helplines = load_helplines()
    assert helplines.directory.url.startswith("https://")
    for country in helplines.countries:
        assert country.directory.startswith("https://"), country.code
        for line in country.lines:
            assert line.source.startswith("https://"), line.name
            assert line.checked <= dt.date.today(), line.name


def test_every_listed_country_has_a_crisis_line() -> None:
    """A country is listed only with at least one crisis line; others get the directory."""
    for country in load_helplines().countries:
        assert any(line.kind is LineKind.CRISIS for line in country.lines), country.code


def test_well_known_numbers_are_as_published() -> None:
    """The numbers people most often need are exactly the published ones."""
    helplines = load_helplines()

    def phones(code: str, kind: LineKind) -> set[str]:
        country = helplines.country(code)
        assert country is not None
        return {digits(line.phone) for line in country.lines if line.kind is kind}

    assert "988" in phones("US", LineKind.CRISIS)
    assert "116123" in phones("GB", LineKind.CRISIS)
    assert "116123" in phones("IE", LineKind.CRISIS)
    assert "131114" in phones("AU", LineKind.CRISIS)
    assert "988" in phones("CA", LineKind.CRISIS)
    emergency = {c.code: c.emergency for c in helplines.countries}
    assert [emergency[c] for c in ("US", "GB", "AU", "NZ")] == ["911", "999", "000", "111"]


def test_numbers_are_compared_by_their_digits() -> None:
    """'116 123', '116-123' and text-message numbers all count as numbers the file has."""
    numbers = load_helplines().numbers()
    assert {"116123", "988", "88788", "112"} <= numbers
    assert digits("1-800-799-7233") in numbers


def _file(**changes: object) -> dict[str, object]:
    line = {
        "name": "A line",
        "kind": "crisis",
        "phone": "116 123",
        "source": "https://example.org",
        "checked": "2026-01-01",
    }
    country = {
        "code": "GB",
        "name": "United Kingdom",
        "emergency": "999",
        "directory": "https://findahelpline.com/GB",
        "lines": [line],
    }
    data: dict[str, object] = {
        "directory": {"name": "D", "url": "https://findahelpline.com", "checked": "2026-01-01"},
        "countries": [country],
    }
    country.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "gb"}, "pattern"),
        ({"emergency": "call 999"}, "pattern"),
        ({"directory": "http://findahelpline.com"}, "pattern"),
        ({"lines": [{"name": "x", "kind": "hotline", "phone": "1", "source": "x"}]}, "kind"),
    ],
)
def test_the_model_refuses_malformed_entries(changes: dict[str, object], message: str) -> None:
    """Lower-case codes, words in numbers, http sources and unknown kinds are refused."""
    with pytest.raises(ValueError, match=message):
        Helplines.model_validate(_file(**changes))


def test_a_country_listed_twice_is_refused() -> None:
    """Two entries for one country would make Help ambiguous."""
    data = _file()
    countries = data["countries"]
    assert isinstance(countries, list)
    data["countries"] = [*countries, *countries]
    with pytest.raises(ValueError, match="country listed twice: GB"):
        Helplines.model_validate(data)
