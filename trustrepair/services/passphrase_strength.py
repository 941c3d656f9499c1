"""How hard a passphrase would be to guess, in plain words (an estimate by zxcvbn).

zxcvbn knows common passwords, names, keyboard patterns, dates and sequences, and estimates how
many guesses an attacker would need. Its word lists take a moment and ≈ 12 MiB, so it is
imported only where a new passphrase is chosen: :func:`prepare` starts importing it in the
background as such a field is made, before anyone has typed in it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from trustrepair.i18n import N_, tr, translated

GOOD_SCORE = 3
"""zxcvbn's scores run 0–4; below 3 a passphrase is weak and needs a second confirmation."""

ADVICE = N_(
    "A few ordinary words that do not belong together, such as “kettle river purple morning”, "
    "are easy to remember and hard to guess."
)


@dataclass(frozen=True)
class Strength:
    """The verdict on one passphrase."""

    score: int
    """0 (guessed at once) to 4 (very hard to guess)."""
    label: str
    """"Weak", "Fair" or "Strong", for the strength line."""
    advice: str
    """What would make it stronger, in plain words (empty when it is strong)."""

    @property
    def weak(self) -> bool:
        """Whether using it needs a second confirmation."""
        return self.score < GOOD_SCORE

    @property
    def level(self) -> str:
        """``weak``, ``fair`` or ``good`` (the stylesheet colours the line by it)."""
        return "good" if not self.weak else ("weak" if self.score <= 1 else "fair")


def prepare() -> None:
    """Start importing zxcvbn in the background, if nothing has yet (a field for a new
    passphrase is being made); :func:`estimate` waits for that import if it comes sooner."""
    if "zxcvbn" in sys.modules:
        return

    def load() -> None:
        from trustrepair.services.startup import import_lock

        with import_lock:
            import zxcvbn  # noqa: F401 - imported to be ready

    threading.Thread(target=load, name="trustrepair-zxcvbn", daemon=True).start()


def estimate(passphrase: str, known: Sequence[str] = ()) -> Strength:
    """How strong ``passphrase`` is; ``known`` are words an attacker would try first (a name)."""
    from zxcvbn import zxcvbn  # the first time only: its word lists take ≈ 40 ms

    # zxcvbn's time grows with length; a hundred characters already says all it can.
    result = zxcvbn(passphrase[:100], user_inputs=[w for w in known if w])
    score = int(result["score"])
    if score >= GOOD_SCORE:
        return Strength(score, tr("Strong: this would be hard to guess."), "")
    warning = str(result["feedback"].get("warning") or "")
    hint = _PLAIN_WARNINGS.get(warning)
    label = (
        tr("Weak: this would be easy to guess.")
        if score <= 1
        else tr("Fair: this could be guessed with some effort.")
    )
    advice = " ".join(
        part for part in (translated(hint) if hint else "", translated(ADVICE)) if part
    )
    return Strength(score, label, advice)


_PLAIN_WARNINGS = {
    "This is a top-10 common password.": N_("It is one of the most common passwords."),
    "This is a top-100 common password.": N_("It is one of the most common passwords."),
    "This is a very common password.": N_("It is a very common password."),
    "This is similar to a commonly used password.": N_("It looks like a common password."),
    "A word by itself is easy to guess.": N_("A single word is easy to guess."),
    "Names and surnames by themselves are easy to guess.": N_(
        "A name on its own is easy to guess."
    ),
    "Common names and surnames are easy to guess.": N_("Common names are easy to guess."),
    'Sequences like "abc" or "6543" are easy to guess.': (
        N_("Sequences like “abc” or “123” are easy to guess.")
    ),
    'Repeats like "aaa" are easy to guess.': N_("Repeated letters are easy to guess."),
    "Dates are often easy to guess.": N_("Dates are easy to guess."),
    "Recent years are easy to guess.": N_("Years are easy to guess."),
    "Straight rows of keys are easy to guess.": N_("Rows of keys are easy to guess."),
    "Short keyboard patterns are easy to guess.": N_("Keyboard patterns are easy to guess."),
}
"""zxcvbn's warnings, said more gently (the others are left out)."""
