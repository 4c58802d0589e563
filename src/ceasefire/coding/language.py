"""Is a text in English? A script and stop-word test, so that the coder says "not English: no
events" for an Arabic or Russian text instead of coding noise out of it.

No language model: the share of letters in each script, then, for Latin-script texts of 30
words or more, the share of common English function words (the, of, and, was ...), which is
about a third in English prose and under 5% in French, Spanish, German or Turkish.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["MIN_ENGLISH_SHARE", "not_english"]

#: Below this share of English function words (of 30+ words) a Latin-script text is not English.
MIN_ENGLISH_SHARE = 0.08
_SAMPLE = 20_000  # characters looked at: a long text says what it is early on
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "was",
        "were",
        "for",
        "on",
        "that",
        "with",
        "by",
        "at",
        "from",
        "as",
        "it",
        "its",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "an",
        "this",
        "which",
        "said",
        "after",
        "his",
        "her",
        "their",
        "they",
        "he",
        "she",
        "not",
        "or",
        "but",
        "who",
        "will",
        "would",
        "there",
        "than",
        "also",
        "into",
        "over",
        "against",
    ]
)
_WORD = re.compile(r"[a-z]+")


def _script(ch: str) -> str:
    """The script of a letter by its Unicode name: LATIN, ARABIC, CYRILLIC, CJK, ..."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "OTHER"
    head = name.split(" ", 1)[0]
    return "CJK" if head in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL") else head


def not_english(text: str) -> str | None:
    """Why ``text`` is not English ("Arabic script", "few English words"), or None when it is
    English or too short to tell."""
    sample = text[:_SAMPLE]
    scripts = Counter(_script(ch) for ch in sample if ch.isalpha())
    letters = sum(scripts.values())
    if letters < 20:
        return None
    if scripts["LATIN"] / letters < 0.5:
        script, _ = max(((s, n) for s, n in scripts.items() if s != "LATIN"), key=lambda sn: sn[1])
        return f"{script.title()} script"
    words = _WORD.findall(sample.lower())
    if len(words) >= 30:
        share = sum(w in _FUNCTION_WORDS for w in words) / len(words)
        if share < MIN_ENGLISH_SHARE:
            return f"few English words ({share:.0%} of {len(words)} are English function words)"
    return None
