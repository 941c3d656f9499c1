"""Helplines: crisis, abuse and stop-harming lines per country, as the shipped file lists them.

The file is ``resources/helplines.yaml``. Every line names its source and the date it was
last checked against it, because a wrong crisis number is worse than none: where a number is
not certain, the file leaves it out and Help points to the international directory instead.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from trustrepair.i18n import N_, Marked

PHONE = r"^\+?[0-9][0-9 -]{1,22}[0-9]$"
Phone = Annotated[str, Field(pattern=PHONE, description="digits, spaces and hyphens")]
Url = Annotated[str, Field(pattern=r"^https://[^\s]+$", max_length=300)]


def digits(number: str) -> str:
    """A number reduced to its digits, for comparing ``116 123`` with ``116123``."""
    return re.sub(r"\D", "", number)


class LineKind(StrEnum):
    """Who a line is for."""

    CRISIS = "crisis"  # thoughts of suicide, or any crisis
    ABUSE = "abuse"  # people harmed by domestic abuse
    STOP_HARMING = "stop-harming"  # people who want to stop hurting or frightening someone


LINE_KIND_TITLES: dict[LineKind, Marked] = {
    LineKind.CRISIS: N_("Crisis and suicide"),
    LineKind.ABUSE: N_("If someone is hurting or controlling you"),
    LineKind.STOP_HARMING: N_("If you want to stop hurting or frightening someone"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Helpline(_Strict):
    """One line: whom it serves, how to reach it, and where the number was checked."""

    name: str = Field(min_length=1, max_length=120)
    kind: LineKind
    phone: Phone
    text: str | None = Field(
        default=None, max_length=120, description="how to reach it by text message, if it can be"
    )
    note: str | None = Field(default=None, max_length=200, description="who it is for, or where")
    source: Url
    checked: dt.date


class Country(_Strict):
    """One country's emergency number and lines."""

    code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    name: str = Field(min_length=1, max_length=80)
    emergency: Phone
    directory: Url = Field(description="the international directory's page for this country")
    lines: list[Helpline] = Field(default_factory=list, max_length=20)


class Directory(_Strict):
    """The international directory, for every country and for lines the file lacks."""

    name: str = Field(min_length=1, max_length=80)
    url: Url
    checked: dt.date


class Helplines(_Strict):
    """The whole file: the directory and the countries."""

    directory: Directory
    countries: list[Country] = Field(min_length=1, max_length=250)

    @field_validator("countries")
    @classmethod
    def _unique_codes(cls, countries: list[Country]) -> list[Country]:
        codes = [c.code for c in countries]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"country listed twice: {', '.join(twice)}")
        return countries

    @model_validator(mode="after")
    def _checked_in_the_past(self) -> Helplines:
        for country in self.countries:
            for line in country.lines:
                if line.checked > dt.date.today():
                    raise ValueError(f"{country.code}: {line.name} is checked in the future")
        return self

    def country(self, code: str | None) -> Country | None:
        """The country with this code, or None."""
        return next((c for c in self.countries if c.code == code), None)

    def numbers(self) -> set[str]:
        """Every number the file holds (emergency numbers too), as digits only."""
        found: set[str] = set()
        for country in self.countries:
            found.add(digits(country.emergency))
            for line in country.lines:
                found.add(digits(line.phone))
                if line.text:
                    found.update(digits(m) for m in re.findall(r"\d[\d -]*\d|\d", line.text))
        return found
