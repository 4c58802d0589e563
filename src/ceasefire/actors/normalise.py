"""One normal form for actor names and mentions, so lookups are plain dict hits.

``normalise("the Assad’s Forces")`` and ``normalise("Assad forces")`` are both ``"assad forces"``:
lowercase, accents and curly quotes folded, possessive 's dropped, apostrophes and dots removed
(``Hay'at`` = ``Hayat``, ``U.S.`` = ``US``), other punctuation turned into single spaces and a
leading article ("the", "a", "an") removed.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u02bb": "'",
        "\u02be": "'",
        "\u02bf": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_DROPPED = re.compile(r"['.]")
_SEPARATORS = re.compile(r"[\W_]+")
_ARTICLE = re.compile(r"^(?:the|an|a) (?=\S)")


def fold(text: str) -> str:
    """``text`` with curly quotes and dashes made plain and runs of whitespace collapsed."""
    return " ".join(text.translate(_FOLD).split())


def normalise(text: str) -> str:
    """The lookup key of a name, alias or mention (see the module docstring)."""
    folded = text.translate(_FOLD)
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _POSSESSIVE.sub("", folded.casefold())
    key = _SEPARATORS.sub(" ", _DROPPED.sub("", key)).strip()
    return _ARTICLE.sub("", key)
