"""Recusal: a member does not judge what its own forces or listed affiliates are accused of."""

from __future__ import annotations

import pytest

from ceasefire.actors.registry import default_registry
from ceasefire.agreements.loader import load_agreement, parse_agreement
from ceasefire.agreements.schema import Agreement
from ceasefire.scenarios import scenario_dir
from ceasefire.verification.recusal import recusals

GOV = "Military Forces of Syria (2000-)"


@pytest.fixture(scope="module")
def astana() -> Agreement:
    return load_agreement(scenario_dir("astana-2017") / "agreement.yaml")


@pytest.mark.parametrize(
    ("accused", "attributed", "expected", "why"),
    [
        ([GOV], GOV, {}, "Syria's own forces: no guarantor's forces involved"),
        ([GOV, "Military Forces of Iran (1989-)"], GOV,
         {"Iran": "its own forces or a listed affiliate (Military Forces of Iran (1989-)) are the "
                  "accused"},
         "Iran's forces, listed on the government side, fought with the army"),
        (["Iranian forces"], GOV,
         {"Iran": "its own forces or a listed affiliate (Iranian forces) are the accused"},
         "a news spelling resolves to Iran's forces"),
        (["Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps"], "",
         {"Iran": "its own forces or a listed affiliate (Military Forces of Iran (1989-) "
                  "Islamic Revolutionary Guard Corps) are the accused"},
         "a sub-unit of Iran's forces"),
        (["Liwa Fatemiyoun"], GOV,
         {"Iran": "its own forces or a listed affiliate (Liwa Fatemiyoun) are the accused"},
         "an affiliate the file lists for Iran"),
        (["Hezbollah"], GOV, {}, "Hezbollah is Iran-backed but not listed: no recusal"),
        (["Russian warplanes"], GOV,
         {"Russia": "its own forces or a listed affiliate (Russian warplanes) are the accused"},
         "Russia's air force"),
        (["Military Forces of Turkey (2016-)"], "",
         {"Turkey": "its own forces or a listed affiliate (Military Forces of Turkey (2016-)) "
                    "are the accused"},
         "Turkey's army"),
        (["Unidentified Armed Group (Syria)"], "", {}, "nobody known is accused"),
    ],
)  # fmt: skip
def test_who_recuses(
    astana: Agreement, accused: list[str], attributed: str, expected: dict[str, str], why: str
) -> None:
    found = recusals(astana, accused=accused, attributed=attributed, registry=default_registry())
    assert found == expected, why


def test_the_attributed_party_recuses_too() -> None:
    text = (scenario_dir("idlib-2020") / "agreement.yaml").read_text(encoding="utf-8")
    idlib = parse_agreement(text, source="idlib.yaml")
    found = recusals(idlib, accused=[], attributed="Military Forces of Turkey (2016-)",
                     registry=default_registry())  # fmt: skip
    assert found == {"Turkey": "its own forces (Military Forces of Turkey (2016-)) are the "
                               "attributed party"}  # fmt: skip


def test_rule_none_means_nobody_recuses(astana: Agreement) -> None:
    text = (scenario_dir("astana-2017") / "agreement.yaml").read_text(encoding="utf-8")
    none = parse_agreement(text.replace("rule: own_forces", "rule: none"), source="a.yaml")
    assert recusals(none, accused=["Military Forces of Iran (1989-)"]) == {}
