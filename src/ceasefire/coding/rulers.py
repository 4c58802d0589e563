"""Entity rulers over token tuples, with their tables cached on disk.

spaCy's ``span_ruler`` tokenises every phrase pattern and fills a ``PhraseMatcher`` each time
a pipeline is built: with the gazetteer's ~15,000 Syrian place names that is most of the
coder's start-up. Here a ruler is a dict from the pattern's token texts (or lower-cased texts)
to its ``(label, id)``, built once per content of the patterns and read back from the disk
cache (:mod:`ceasefire.buildcache`) after that.

Matching reproduces ``span_ruler`` with ``annotate_ents=True, overwrite=False`` and its default
filter: the rulers run in order; each adds its matches to ``doc.ents`` where they do not
overlap a longer (or equally long and earlier) span, the entities already set included; of
two patterns with the same tokens, the one spaCy would sort first (by label, then id hash)
wins.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ceasefire.buildcache import content_key, load_or_build

#: (token texts, label, id) of one pattern.
Entry = tuple[tuple[str, ...], str, str]


@dataclass(frozen=True)
class RulerTable:
    """One ruler: token tuple -> (label, id); ``lower`` matches lower-cased token texts."""

    name: str
    lower: bool
    table: dict[tuple[str, ...], tuple[str, str]]
    #: first token -> the longest pattern starting with it (tokens)
    longest: dict[str, int]

    @classmethod
    def from_entries(cls, name: str, lower: bool, entries: Sequence[Entry]) -> RulerTable:
        from spacy.strings import hash_string  # type: ignore[attr-defined]

        table: dict[tuple[str, ...], tuple[str, str]] = {}
        for words, label, ident in entries:
            if not words:
                continue
            old = table.get(words)
            if old is None or (hash_string(label), hash_string(ident)) < (
                hash_string(old[0]),
                hash_string(old[1]),
            ):
                table[words] = (label, ident)
        longest: dict[str, int] = {}
        for words in table:
            longest[words[0]] = max(longest.get(words[0], 0), len(words))
        return cls(name, lower, table, longest)

    def matches(self, words: Sequence[str]) -> list[tuple[int, int, str, str]]:
        """``(start, end, label, id)`` of every pattern found in ``words``."""
        out: list[tuple[int, int, str, str]] = []
        n = len(words)
        for i, word in enumerate(words):
            most = self.longest.get(word)
            if most is None:
                continue
            for length in range(1, min(most, n - i) + 1):
                hit = self.table.get(tuple(words[i : i + length]))
                if hit is not None:
                    out.append((i, i + length, hit[0], hit[1]))
        return out


def tokenise_patterns(nlp: Any, patterns: Sequence[dict[str, str]], *, lower: bool) -> list[Entry]:
    """Each phrase pattern as the tokens the pipeline's tokenizer makes of it."""
    out: list[Entry] = []
    for pattern in patterns:
        doc = nlp.make_doc(pattern["pattern"])
        words = tuple(t.lower_ if lower else t.text for t in doc)
        out.append((words, pattern["label"], pattern.get("id", "")))
    return out


def build_table(
    nlp: Any, name: str, patterns: Sequence[dict[str, str]], *, lower: bool
) -> RulerTable:
    """The ruler of ``patterns``, from the disk cache when these patterns were seen before."""
    from spacy import about

    key = content_key(
        [
            f"spacy {about.__version__} {nlp.meta.get('name')} {nlp.meta.get('version')}",
            f"lower={lower}",
            "\n".join(f"{p['label']}\t{p.get('id', '')}\t{p['pattern']}" for p in patterns),
        ]
    )

    def build() -> list[list[Any]]:
        return [list(e) for e in tokenise_patterns(nlp, patterns, lower=lower)]

    rows = load_or_build(f"ruler-{name}", key, build)
    return RulerTable.from_entries(name, lower, [(tuple(w), lab, i) for w, lab, i in rows])


class TableRuler:
    """The pipeline component running the rulers in order (see the module docstring)."""

    def __init__(self, tables: Sequence[RulerTable]) -> None:
        self.tables = list(tables)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        texts: list[str] | None = None
        lowers: list[str] | None = None
        for ruler in self.tables:
            if ruler.lower:
                lowers = lowers or [t.lower_ for t in doc]
                words = lowers
            else:
                texts = texts or [t.text for t in doc]
                words = texts
            found = ruler.matches(words)
            if not found:
                continue
            spans = sorted(Span(doc, s, e, label=lab, span_id=i) for s, e, lab, i in found)
            doc.ents = sorted(filter_spans(itertools.chain(doc.ents, spans)))
        return doc
