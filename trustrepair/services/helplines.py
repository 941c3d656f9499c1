"""Which helplines Help shows: the shipped list, and the country the person chose.

The country is a program setting, not a profile one, so that Help can show the right crisis
lines on the first screen, before any profile is unlocked. It says nothing about what anyone
wrote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trustrepair.content.helplines import load_helplines
from trustrepair.domain.helplines import Country, Directory, Helpline, Helplines, LineKind

if TYPE_CHECKING:
    from trustrepair.services.app_settings import AppSettings

COUNTRY_SETTING = "helpline_country"


class HelplineGuide:
    """The helplines for the chosen country, and the international directory for the rest."""

    def __init__(self, settings: AppSettings, helplines: Helplines | None = None) -> None:
        self._settings = settings
        self._helplines = helplines if helplines is not None else load_helplines()

    @property
    def directory(self) -> Directory:
        """The international directory, for every country and every kind of line."""
        return self._helplines.directory

    def countries(self) -> list[Country]:
        """The countries the file lists, by name."""
        return sorted(self._helplines.countries, key=lambda c: c.name)

    def countries_by_code(self) -> dict[str, Country]:
        """The countries the file lists, by code."""
        return {c.code: c for c in self._helplines.countries}

    @property
    def country(self) -> Country | None:
        """The chosen country, or None (none chosen, or one the file does not list)."""
        code = self._settings.get(COUNTRY_SETTING)
        return self._helplines.country(code) if isinstance(code, str) else None

    def choose(self, code: str | None) -> None:
        """Remember the country (None: no country, show the directory)."""
        if code is not None and self._helplines.country(code) is None:
            raise ValueError(f"no helplines for {code!r}")
        self._settings.set(COUNTRY_SETTING, code)

    def lines(self, kind: LineKind) -> list[Helpline]:
        """The chosen country's lines of ``kind`` (none when no country is chosen)."""
        country = self.country
        return [line for line in country.lines if line.kind is kind] if country else []
