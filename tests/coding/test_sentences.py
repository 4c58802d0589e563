from __future__ import annotations

import pytest

from ceasefire.coding.model import DocumentContext
from ceasefire.coding.sentences import MAX_SENTENCE_CHARS, segment_document, split_sentences
from ceasefire.coding.triggers import load_triggers


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels shelled the town. Two died.", ["Rebels shelled the town.", "Two died."]),
        (
            "The ceasefire in place since Dec. 29, 2016 has held. Talks resume Feb. 8.",
            ["The ceasefire in place since Dec. 29, 2016 has held.", "Talks resume Feb. 8."],
        ),
        (
            "The U.S. envoy met Gen. Smith. They agreed.",
            ["The U.S. envoy met Gen. Smith.", "They agreed."],
        ),
        ("First line\nSecond line", ["First line", "Second line"]),
        ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
        ("", []),
        ("   \n  ", []),
    ],
)
def test_split_sentences_keeps_abbreviations_and_lines(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_a_text_without_full_stops_is_cut_into_bounded_sentences() -> None:
    text = "word " * 3000
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in split_sentences(text))


@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        ("Regime forces shelled Kafr Nabl.", True),
        ("The talks in Astana ended without a breakthrough.", True),
        ("The weather was mild and the lake calm.", False),
        ("Shares rose two percent on Tuesday.", False),
    ],
)
def test_only_sentences_with_a_trigger_are_relevant(text: str, relevant: bool) -> None:
    doc = segment_document(DocumentContext(0, text, None), load_triggers())
    assert [s.relevant for s in doc.sentences] == [relevant]
