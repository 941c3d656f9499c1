"""The translation functions every user-visible string passes through.

Three markers, which ``pybabel extract`` finds (configured in ``pyproject.toml``; see
``docs/translation.md``):

- ``tr("Saved.")``: the text in the person's language. Its argument is always a string literal
  where it is written, so extraction sees it (``tests/test_translation.py`` fails on any other).
  Placeholders are named and filled after translating:
  ``tr("Restored {name}.").format(name=name)``.
- ``ngettext("{n} answer", "{n} answers", n)``: the same for a text with a count, in the plural
  form the language uses for ``n``; ``.format(n=n)`` afterwards.
- ``N_("Done")``: marks a literal kept in a table or a constant and translated where it is
  shown, with ``translated(TITLES[status])``. ``N_`` returns its text unchanged, typed
  :data:`Marked`, and ``translated`` takes only a :data:`Marked` text, so the type checker
  proves that every text translated at run time was marked for extraction where it is written.

No catalogue is installed yet, so every text is shown as written; :func:`install` plugs one in
(a :class:`gettext.GNUTranslations`, say) without touching the call sites.
"""

from __future__ import annotations

from typing import NewType, Protocol

Marked = NewType("Marked", str)
"""A literal marked with :func:`N_`: extracted for translation, translated where it is shown."""


class Catalogue(Protocol):
    """What a translation catalogue offers (:class:`gettext.NullTranslations` does)."""

    def gettext(self, message: str, /) -> str:
        """``message`` translated."""
        ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        """The singular or plural ``message`` for ``n``, translated."""
        ...


_catalogue: Catalogue | None = None


def tr(text: str) -> str:
    """``text`` (a string literal) in the person's language."""
    return text if _catalogue is None else _catalogue.gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a text with a count ``n`` that the person's language uses for ``n``."""
    if _catalogue is None:
        return singular if n == 1 else plural
    return _catalogue.ngettext(singular, plural, n)


def N_(text: str) -> Marked:
    """Mark ``text`` (a string literal) for translation where it is shown; returns it as is."""
    return Marked(text)


def translated(text: Marked) -> str:
    """A text marked with :func:`N_` where it was written, in the person's language."""
    return text if _catalogue is None else _catalogue.gettext(text)


def install(catalogue: Catalogue | None) -> None:
    """Use ``catalogue`` for every text from now on (None: the texts as written)."""
    global _catalogue
    _catalogue = catalogue
