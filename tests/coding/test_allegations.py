from __future__ import annotations

import pytest

from ceasefire.coding.pipeline import Coder

from .helpers import one

RUSSIA = "Military Forces of Russia (2000-)"
SYRIA = "Military Forces of Syria (2000-)"


def test_an_accusation_of_violating_the_ceasefire_is_accuse_not_a_violation(
    coder: Coder,
) -> None:
    event = one(coder, "Russia accused the Syrian regime of violating the ceasefire.")
    assert (event.plover_code, event.event_type, event.sub_event_type) == (
        "ACCUSE",
        "Strategic developments",
        "Other",
    )
    assert (event.modality, event.claimant) == ("alleged", RUSSIA)
    assert (event.actor1, event.actor2) == (RUSSIA, SYRIA)


@pytest.mark.parametrize(
    ("text", "modality", "claimant", "actor1"),
    [
        ("Russia accused regime forces of shelling Douma, killing four civilians.", "alleged",
         RUSSIA, SYRIA),
        ("The Syrian regime denied shelling Douma.", "denied", SYRIA, SYRIA),
        ("Regime forces shelled Douma.", "observed", "", SYRIA),
    ],
)  # fmt: skip
def test_an_alleged_act_keeps_its_type_and_names_who_alleges_it(
    coder: Coder, text: str, modality: str, claimant: str, actor1: str
) -> None:
    event = one(coder, text)
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert (event.modality, event.claimant, event.actor1) == (modality, claimant, actor1)


def test_an_act_told_before_an_accusation_is_observed(coder: Coder) -> None:
    event = one(coder, "Regime forces executed three men accused of spying in Douma.")
    assert (event.event_type, event.modality, event.plover_code) == (
        "Violence against civilians",
        "observed",
        "",
    )
    assert event.fatalities == 3
