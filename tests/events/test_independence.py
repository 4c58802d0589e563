"""Independent sources: rows of one dataset, shared sources and wire copies count once."""

from __future__ import annotations

import pytest

from ceasefire.events.independence import (
    SourceRecord,
    credited_sources,
    independent_count,
    origin_name,
    shingles,
)

WIRE = (
    "BEIRUT (Reuters) - Syrian government forces shelled the rebel-held town of Douma on "
    "Monday, killing at least three people, a war monitor said, in the latest breach of the "
    "nationwide truce brokered by Russia and Turkey."
)
RETOLD = WIRE.replace("BEIRUT (Reuters) - ", "").replace("Monday", "Monday evening")
OTHER = (
    "Rebels in eastern Ghouta said they repelled an attack by pro-government militias near "
    "Harasta overnight and that the army had used tanks against their positions."
)


def row(key: str, *sources: str, dataset: str = "") -> SourceRecord:
    names = [n for s in sources for n in s.split(";")]
    return SourceRecord(key, dataset, frozenset(origin_name(n) for n in names))


def doc(key: str, text: str, *origins: str) -> SourceRecord:
    found = credited_sources(text) | {origin_name(o) for o in origins}
    return SourceRecord(key, "", frozenset(found), shingles(text))


@pytest.mark.parametrize(
    ("records", "count", "why"),
    [
        ([row("e1", "SOHR"), row("e2", "AFP; Reuters"), row("e3", "SANA")], 3,
         "three reports naming three different sources"),
        ([row("e1", "SOHR", dataset="acled"), row("e2", "AFP", dataset="acled")], 1,
         "two rows of one dataset are one compiler, not two sources"),
        ([row("e1", "SOHR", dataset="acled"), row("e2", "Syrian Observatory for Human Rights",
          dataset="ucdp")], 1, "ACLED and UCDP both citing SOHR: one source"),
        ([row("e1", "Reuters", dataset="acled"), row("e2", "SANA", dataset="ucdp")], 2,
         "two datasets citing different sources"),
        ([doc("d1", WIRE, "Reuters"), doc("d2", RETOLD, "Al Jazeera")], 1,
         "the same wire story retold by another outlet"),
        ([doc("d1", WIRE, "Reuters"), doc("d2", OTHER, "Al Jazeera")], 2,
         "different stories from different outlets"),
        ([doc("d1", OTHER, "Enab Baladi"), doc("d2", OTHER.upper(), "Orient News")], 1,
         "one text under two publishers is a copy"),
        ([doc("d1", WIRE, "Al Jazeera"), row("e1", "Reuters", dataset="acled")], 1,
         "an article crediting Reuters and an ACLED row citing Reuters"),
        ([row("e1", "SOHR; Reuters"), row("e2", "SOHR"), row("e3", "Reuters")], 2,
         "a row citing both does not hide the two that are independent"),
        ([row("e1", "SOHR"), row("e1", "SOHR")], 1, "the same record twice"),
        ([], 0, "no record"),
    ],
)  # fmt: skip
def test_independent_count(records: list[SourceRecord], count: int, why: str) -> None:
    assert independent_count(records) == count, why


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        ("DAMASCUS (AFP) - Shelling hit ...", {"afp"}),
        ("..., according to the Syrian Observatory for Human Rights.", {"sohr"}),
        ("The Observatory said two were killed; SANA reported a rebel attack.", {"sohr", "sana"}),
        ("Residents said the market was hit.", set()),
    ],
)
def test_credited_sources(text: str, credited: set[str]) -> None:
    assert credited_sources(text) == credited


def test_large_sets_fall_back_to_a_greedy_count() -> None:
    records = [row(f"e{i}", f"source {i % 30}") for i in range(60)]
    assert independent_count(records) == 30
