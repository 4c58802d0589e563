"""Folding of actor and place names, and ACLED sub-unit lookup."""

from __future__ import annotations

import pytest

from ceasefire.agreements.names import lookup_actor, normalise_name, normalise_place


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("  Jaish   al Islam ", "jaish al islam"),
        ("Dar\u2019a", "dar'a"),
        ("ＦＵＬＬ width", "full width"),
    ],
)
def test_normalise_name(raw: str, folded: str) -> None:
    assert normalise_name(raw) == folded


def test_normalise_place_treats_hyphens_as_spaces() -> None:
    assert normalise_place("Deir-ez-Zor") == normalise_place("Deir ez Zor") == "deir ez zor"


@pytest.mark.parametrize(
    ("actor", "found"),
    [
        ("Military Forces of Syria (2000-)", "gov"),
        ("Military Forces of Syria (2000-) Military Intelligence", "gov"),
        ("MILITARY FORCES OF SYRIA (2000-)  Prison Guards", "gov"),
        ("Military Forces of Syria", None),
        ("Military Forces of Syria (2000-)X", None),
        ("Hezbollah", None),
        ("", None),
    ],
)
def test_lookup_actor_matches_whole_word_sub_units(actor: str, found: str | None) -> None:
    index = {normalise_name("Military Forces of Syria (2000-)"): "gov"}
    assert lookup_actor(index, actor) == found
