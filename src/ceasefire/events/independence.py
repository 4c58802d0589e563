"""How many independent sources report an incident.

A *record* is what one source gave us: a document (all events coded from it are one record)
or one structured row. Two records are **not independent** when any of these holds:

- they are rows of one structured dataset (``fusion.DISTINCT_ROW_DATASETS``): one compiler;
- they name a source in common: a publisher, a source an ACLED/UCDP row cites in its
  ``source`` column, or a wire service or monitor the text credits ("(Reuters) -",
  "according to the Syrian Observatory", "SOHR said"), spellings folded by ``ORIGIN_NAMES``;
- their texts are near copies (``COPY_JACCARD`` of word 5-shingles): one wire story twice.

The independent-source count is the largest number of records no two of which are dependent
(exact for up to ``EXACT_LIMIT`` records, greedy beyond), so adding a record never lowers it.
Only this count raises an assessment's confidence.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

COPY_JACCARD = 0.5
EXACT_LIMIT = 20
_SHINGLE = 5

#: Spellings of sources common in Syria reporting -> one origin name.
ORIGIN_NAMES: dict[str, str] = {
    "sohr": "sohr",
    "syrian observatory for human rights": "sohr",
    "syrian observatory": "sohr",
    "the observatory": "sohr",
    "snhr": "snhr",
    "syrian network for human rights": "snhr",
    "sana": "sana",
    "syrian arab news agency": "sana",
    "reuters": "reuters",
    "thomson reuters": "reuters",
    "afp": "afp",
    "agence france-presse": "afp",
    "agence france presse": "afp",
    "ap": "ap",
    "associated press": "ap",
    "the associated press": "ap",
    "anadolu": "anadolu",
    "anadolu agency": "anadolu",
    "aa": "anadolu",
    "tass": "tass",
    "ria novosti": "ria",
    "xinhua": "xinhua",
    "dpa": "dpa",
    "white helmets": "civil defence",
    "syria civil defence": "civil defence",
    "civil defence": "civil defence",
}
_WIRES = "|".join(sorted((re.escape(k) for k in ORIGIN_NAMES if len(k) > 2), key=len, reverse=True))
_CREDIT = re.compile(
    rf"\((?P<wire>reuters|afp|ap|dpa|tass|sana|anadolu|xinhua)\)"
    rf"|according to (?:the )?(?P<acc>{_WIRES})\b"
    rf"|\b(?P<said>{_WIRES}) (?:said|says|reported|reports|told)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def origin_name(name: str) -> str:
    """A source's name folded to one spelling (``ORIGIN_NAMES``), else lower-cased."""
    folded = " ".join(name.casefold().split()).strip(" .,;:")
    return ORIGIN_NAMES.get(folded, folded)


def credited_sources(text: str) -> set[str]:
    """Wire services and monitors a text credits ("(Reuters) -", "SOHR said", ...)."""
    found: set[str] = set()
    for m in _CREDIT.finditer(text):
        found.add(origin_name(m.group("wire") or m.group("acc") or m.group("said")))
    return found


def shingles(text: str) -> frozenset[int]:
    """Hashes of the text's word 5-grams (case-folded), for near-copy detection."""
    words = _WORD.findall(text.casefold())
    grams = (" ".join(words[i : i + _SHINGLE]) for i in range(max(0, len(words) - _SHINGLE + 1)))
    return frozenset(zlib.crc32(g.encode("utf-8")) for g in grams)


@dataclass(frozen=True)
class SourceRecord:
    """One record's facts for independence: its key, dataset, origin names and text shingles."""

    key: str
    dataset: str = ""
    origins: frozenset[str] = frozenset()
    shingles: frozenset[int] = frozenset()


def dependent(a: SourceRecord, b: SourceRecord) -> bool:
    """True when the two records cannot count as independent sources (module docstring)."""
    if a.key == b.key or (a.dataset and a.dataset == b.dataset) or a.origins & b.origins:
        return True
    if a.shingles and b.shingles:
        overlap = len(a.shingles & b.shingles) / len(a.shingles | b.shingles)
        return overlap >= COPY_JACCARD
    return False


def independent_count(records: Iterable[SourceRecord]) -> int:
    """The largest number of pairwise independent records (see the module docstring)."""
    unique = list({r.key: r for r in records}.values())
    n = len(unique)
    conflicts = [
        sum(1 << j for j in range(n) if j != i and dependent(unique[i], unique[j]))
        for i in range(n)
    ]
    if n > EXACT_LIMIT:
        return _greedy(conflicts)
    return _largest(conflicts, (1 << n) - 1)


def _largest(conflicts: Sequence[int], candidates: int) -> int:
    if not candidates:
        return 0
    i = (candidates & -candidates).bit_length() - 1
    rest = candidates & ~(1 << i)
    take = 1 + _largest(conflicts, rest & ~conflicts[i])
    if not conflicts[i] & rest:
        return take  # i conflicts with none left: taking it is never worse
    return max(take, _largest(conflicts, rest))


def _greedy(conflicts: Sequence[int]) -> int:
    left = set(range(len(conflicts)))
    count = 0
    while left:
        i = min(left, key=lambda k: (bin(conflicts[k]).count("1"), k))
        count += 1
        left -= {i} | {j for j in left if conflicts[i] >> j & 1}
    return count
