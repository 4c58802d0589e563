"""The cached token-table rulers give exactly the entities spaCy's span_ruler would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy

from ceasefire.coding.rulers import RulerTable, TableRuler, build_table

# (name, lower-cased?, patterns): cased acronyms, then folded names, places, states, as in nlp.py
RULERS: list[tuple[str, bool, list[dict[str, str]]]] = [
    (
        "actors_cased",
        False,
        [
            {"label": "ACTOR", "pattern": "HTS", "id": "HTS: Hayat Tahrir al Sham"},
            {"label": "ACTOR", "pattern": "SDF", "id": "QSD: Syrian Democratic Forces"},
        ],
    ),
    (
        "actors",
        True,
        [
            {"label": "ACTOR", "pattern": "regime forces", "id": "Military Forces of Syria"},
            {"label": "ACTOR", "pattern": "Syrian regime", "id": "Military Forces of Syria"},
            {"label": "ACTOR", "pattern": "Turkish-backed forces", "id": "Operation X"},
            {"label": "ACTOR", "pattern": "Turkish forces", "id": "Military Forces of Turkey"},
            {"label": "ACTOR", "pattern": "the Army", "id": "Army B"},
            {"label": "ACTOR", "pattern": "the army", "id": "Army A"},
        ],
    ),
    (
        "places",
        False,
        [
            {"label": "PLACE", "pattern": "Al-Bab", "id": "p:1"},
            {"label": "PLACE", "pattern": "Bab", "id": "p:1"},
            {"label": "PLACE", "pattern": "Ras al-Ain", "id": "p:2"},
            {"label": "PLACE", "pattern": "Ras", "id": "p:3"},
            {"label": "PLACE", "pattern": "Syrian", "id": "p:4"},
        ],
    ),
    (
        "states",
        False,
        [
            {"label": "GPE", "pattern": "Turkey", "id": "state"},
            {"label": "NORP", "pattern": "Turkish", "id": "state"},
        ],
    ),
]

SENTENCES = [
    "Regime forces shelled Al-Bab and Ras al-Ain on Monday.",
    "HTS and the SDF clashed near Bab; hts fighters fled.",
    "The Syrian regime said Turkish-backed forces entered Ras.",
    "Turkish forces and Turkey's allies shelled the Army positions.",
    "the army of the Syrian regime",
    "",
]


def _ents(doc: Any) -> list[tuple[int, int, str, str]]:
    return [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents]


@pytest.fixture(scope="module")
def span_ruler_nlp() -> Any:
    nlp = spacy.blank("en")
    for name, lower, patterns in RULERS:
        config = {
            "spans_key": None,
            "annotate_ents": True,
            "overwrite": False,
            "phrase_matcher_attr": "LOWER" if lower else None,
        }
        nlp.add_pipe("span_ruler", name=name, config=config).add_patterns(patterns)
    return nlp


@pytest.fixture(scope="module")
def table_ruler() -> tuple[Any, TableRuler]:
    nlp = spacy.blank("en")
    tables = [build_table(nlp, name, pats, lower=lower) for name, lower, pats in RULERS]
    return nlp, TableRuler(tables)


@pytest.mark.parametrize("text", SENTENCES)
def test_same_entities_as_spacy_span_ruler(
    text: str, span_ruler_nlp: Any, table_ruler: tuple[Any, TableRuler]
) -> None:
    nlp, ruler = table_ruler
    assert _ents(ruler(nlp.make_doc(text))) == _ents(span_ruler_nlp(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the longest match wins over a shorter one inside it
        ("Ras al-Ain", [("Ras al-Ain", "PLACE", "p:2")]),
        # an earlier ruler's entity stays when a later one matches the same tokens
        ("Syrian regime", [("Syrian regime", "ACTOR", "Military Forces of Syria")]),
        # case-folded names match any case; acronyms only as written
        ("REGIME FORCES and hts", [("REGIME FORCES", "ACTOR", "Military Forces of Syria")]),
    ],
)
def test_rulers_in_order_longest_first(
    text: str, expected: list[tuple[str, str, str]], table_ruler: tuple[Any, TableRuler]
) -> None:
    nlp, ruler = table_ruler
    doc = ruler(nlp.make_doc(text))
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == expected


def test_tables_are_read_back_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEASEFIRE_CACHE_DIR", str(tmp_path))
    nlp = spacy.blank("en")
    name, lower, patterns = RULERS[1]
    first = build_table(nlp, name, patterns, lower=lower)
    assert len(list(tmp_path.glob("ruler-actors-*.marshal"))) == 1
    again = build_table(nlp, name, patterns, lower=lower)
    assert again == first
    assert first.table[("the", "army")] in {("ACTOR", "Army A"), ("ACTOR", "Army B")}
    assert first.longest["turkish"] == 4  # "turkish - backed forces"


def test_duplicate_tokens_keep_the_pattern_spacy_sorts_first() -> None:
    from spacy.strings import hash_string

    table = RulerTable.from_entries(
        "t", True, [(("the", "army"), "ACTOR", "Army B"), (("the", "army"), "ACTOR", "Army A")]
    )
    first = min(["Army A", "Army B"], key=hash_string)
    assert table.table == {("the", "army"): ("ACTOR", first)}
