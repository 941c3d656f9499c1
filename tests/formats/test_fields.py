"""Field types: timestamps are instants (stored one way, never from the future), ids, days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from trustrepair.formats.fields import CLOCK_SKEW, NOW_CONTEXT, FileModel, Stamp, is_day
from trustrepair.formats.problems import problem_lines

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


class _Stamped(FileModel):
    at: Stamp


def _stamp(text: object) -> str:
    return _Stamped.model_validate({"at": text}, context={NOW_CONTEXT: NOW}).at


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2026-01-31T18:00:00.000Z", "2026-01-31T18:00:00.000Z"),
        ("2026-01-31T18:00:00Z", "2026-01-31T18:00:00.000Z"),
        ("2026-01-31T20:00:00+02:00", "2026-01-31T18:00:00.000Z"),
        ("2026-01-31T18:00:00", "2026-01-31T18:00:00.000Z"),  # no zone: UTC
        ("2026-01-31", "2026-01-31T00:00:00.000Z"),
    ],
)
def test_timestamps_are_stored_as_utc_instants(written: str, stored: str) -> None:
    """Whatever zone a file writes, the stored text is UTC with milliseconds, so comparing
    stored timestamps as text orders them as instants."""
    assert _stamp(written) == stored


def test_stored_order_is_instant_order() -> None:
    """An instant written with an offset that sorts first as text is still the later one."""
    earlier = _stamp("2026-01-31T19:00:00+00:00")
    later = _stamp("2026-01-31T12:00:00-08:00")  # 20:00 UTC, but "12:00" < "19:00" as text
    assert earlier < later


def test_the_future_beyond_the_clock_skew_is_refused() -> None:
    """A timestamp up to a day ahead is accepted (clocks differ); later ones are refused."""
    _stamp((NOW + CLOCK_SKEW - timedelta(minutes=1)).isoformat())
    for future in ((NOW + CLOCK_SKEW + timedelta(minutes=1)).isoformat(), "9999-12-31T23:59:59Z"):
        with pytest.raises(ValidationError) as caught:
            _stamp(future)
        assert problem_lines(caught.value) == [
            "at: is in the future (the clock of the computer that wrote the file may be wrong)"
        ]


@pytest.mark.parametrize("bad", ["yesterday", "", 5, None, "2026-13-01T00:00:00Z", "x" * 10_000])
def test_what_is_not_a_timestamp_gets_one_plain_line(bad: object) -> None:
    """Anything else is one line that shows the expected form (never the value itself)."""
    with pytest.raises(ValidationError) as caught:
        _stamp(bad)
    assert problem_lines(caught.value) == [
        "at: expected a date and time like 2026-01-31T18:00:00.000Z"
    ]


def test_due_days() -> None:
    """A due date is exactly YYYY-MM-DD."""
    assert is_day("2026-12-31")
    assert not any(is_day(d) for d in ("2026-12-32", "2026-1-1", "31.12.2026", "2026-12-31T00"))
