"""How easy a passage is to read: the Flesch reading ease, with a plain syllable estimate.

Flesch reading ease is ``206.835 - 1.015 * words/sentences - 84.6 * syllables/words``: about
90-100 is very easy, 60-70 plain English, below 50 hard going. The library test holds every
passage of the shipped exercises to it. Syllables are estimated from vowel groups with the
usual corrections for a silent final "e" and for "-es" and "-ed" endings; like every such
estimate it is off by one now and then, which evens out over a passage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\"”’)\]]*(?:\s|$))")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def count_syllables(word: str) -> int:
    """An estimate of the syllables in one word (at least one)."""
    w = re.sub(r"[^a-z]", "", word.lower().split("'")[0].split("’")[0])
    if not w:
        return max(1, len(re.sub(r"\D", "", word)))  # a number is read digit by digit
    if len(w) <= 3:
        return 1
    if w.endswith("es") and not re.search(r"(?:[cgsxz]|ch|sh)es$", w):
        w = w[:-1]  # "hopes" -> "hope"; "places", "boxes" keep their syllable
    elif re.search(r"[aeiouy]ed$", w):
        w = w[:-1]  # "agreed" -> "agree", "played" -> "playe" (its e is dropped below)
    elif w.endswith("ed") and not re.search(r"[td]ed$", w):
        w = w[:-2]  # "loved" -> "lov"; "wanted" keeps its syllable
    if re.search(r"[aeiou][gq]ue$", w):
        w = w[:-2]  # "colleague", "unique"
    elif w.endswith("e") and not re.search(r"(?:[^aeiouy]le|ee|ye)$", w):
        w = w[:-1]  # silent final e: "hope", "made"; "table" and "free" keep it
    # A silent e before a suffix: "atonement", "forgiveness", "safely", "hopeful".
    w = re.sub(r"([^aeiouy])e(ments?|ness|ly|ful|less)$", r"\1\2", w)
    w = w.removeprefix("y")  # "yesterday": a leading y is a consonant
    return max(1, len(_VOWEL_GROUPS.findall(w)))


def words(text: str) -> list[str]:
    """The words of ``text`` (numbers count as words)."""
    return _WORD.findall(text)


def sentence_count(text: str) -> int:
    """How many sentences ``text`` has; words after the last full stop make one more."""
    parts = _SENTENCE_END.split(text.strip())
    return max(1, len(parts) - 1 + bool(words(parts[-1])))


def without_names(text: str, names: Iterable[str]) -> str:
    """``text`` with each of ``names`` (and its possessive) taken out, for scoring only."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}(?:['’]s)?\b", "", text)
    return text


def flesch_reading_ease(text: str, ignore: Iterable[str] = ()) -> float:
    """The Flesch reading ease of ``text``, leaving out the proper names in ``ignore``.

    Raises:
        ValueError: if there is not a single word left to score.
    """
    text = without_names(text, ignore)
    found = words(text)
    if not found:
        raise ValueError("no words to score")
    syllables = sum(count_syllables(w) for w in found)
    per_sentence = len(found) / sentence_count(text)
    return 206.835 - 1.015 * per_sentence - 84.6 * syllables / len(found)
