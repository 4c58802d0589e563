"""Statements by parties and guarantors are allegations; reports by monitors stay observed.

Sentences written for these tests (none taken from any gold data).
"""

from __future__ import annotations

import pytest

from ceasefire.coding.pipeline import Coder

from .helpers import code, one

RUSSIA = "Military Forces of Russia (2000-)"
TURKEY = "Military Forces of Turkey (2016-)"
SYRIA = "Military Forces of Syria (2000-)"
HTS = "HTS: Hayat Tahrir al Sham"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a guarantor's statement that a party broke the truce: the accusation, not a battle
        (
            "The Russian Defence Ministry said HTS violated the ceasefire nine times on Monday.",
            ("Strategic developments", "Other", "ACCUSE", "alleged", RUSSIA, RUSSIA, HTS,
             "claimed_count=9"),
        ),
        (
            "Turkish forces said regime forces breached the truce near Afrin on Monday.",
            ("Strategic developments", "Other", "ACCUSE", "alleged", TURKEY, TURKEY, SYRIA, ""),
        ),
        # a party says another shelled a town: the shelling, alleged, by the accused
        (
            "Turkish forces said regime forces shelled Afrin on Monday.",
            ("Explosions/Remote violence", "Shelling/artillery/missile attack", "", "alleged",
             TURKEY, SYRIA, "", ""),
        ),
        (
            "Regime forces shelled Afrin on Monday, Turkish forces said.",
            ("Explosions/Remote violence", "Shelling/artillery/missile attack", "", "alleged",
             TURKEY, SYRIA, "", ""),
        ),
        # a monitor's report is an observation; the monitor is its source, not an actor
        (
            "Regime forces shelled Douma on Monday, the Syrian Observatory for Human Rights said.",
            ("Explosions/Remote violence", "Shelling/artillery/missile attack", "", "observed",
             "", SYRIA, "", ""),
        ),
        (
            "Activists said Russian forces carried out air strikes on Kafr Nabl on Monday.",
            ("Explosions/Remote violence", "Air/drone strike", "", "observed", "", RUSSIA, "",
             ""),
        ),
        # the text's own statement, with no one cited, stays what it says
        (
            "HTS violated the ceasefire near Afrin on Monday.",
            ("Battles", "Armed clash", "", "observed", "", HTS, "", ""),
        ),
    ],
)  # fmt: skip
def test_who_says_so_decides_the_modality(
    coder: Coder, text: str, expected: tuple[str, ...]
) -> None:
    e = one(coder, text)
    got = (e.event_type, e.sub_event_type, e.plover_code, e.modality, e.claimant, e.actor1,
           e.actor2, e.tags)  # fmt: skip
    assert got == expected


@pytest.mark.parametrize(
    ("text", "reporter"),
    [
        ("Regime forces shelled Douma on Monday, the Syrian Observatory for Human Rights said.",
         "Syrian Observatory for Human Rights"),
        ("Activists said Russian forces carried out air strikes on Kafr Nabl on Monday.",
         "Activists"),
    ],
)  # fmt: skip
def test_a_reporter_is_kept_as_the_source(coder: Coder, text: str, reporter: str) -> None:
    e = one(coder, text)
    assert (e.source, e.claimant, "modality.reported_by" in e.rules) == (reporter, "", True)


@pytest.mark.parametrize(
    "text",
    [
        "The Russian military registered 10 violations: 7 in Idleb and 3 in Aleppo.",
        "The Russian military said it had recorded 10 ceasefire violations: 7 in Idleb and 3 in "
        "Aleppo.",
    ],
)
def test_a_bulletin_becomes_one_allegation_per_province_with_its_count(
    coder: Coder, text: str
) -> None:
    events = code(coder, text)
    got = [
        (e.admin1, e.geo_precision, e.tags, e.modality, e.plover_code, e.claimant, e.actor1)
        for e in events
    ]
    assert got == [
        ("Idleb", 3, "claimed_count=7", "alleged", "ACCUSE", RUSSIA, RUSSIA),
        ("Aleppo", 3, "claimed_count=3", "alleged", "ACCUSE", RUSSIA, RUSSIA),
    ]
    assert all("claims.count_per_place" in e.rules for e in events)
