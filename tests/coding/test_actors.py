from __future__ import annotations

import pytest

from ceasefire.coding.pipeline import Coder

from .helpers import one

SYRIA = "Military Forces of Syria (2000-)"
TURKEY = "Military Forces of Turkey (2016-)"
HTS = "HTS: Hayat Tahrir al Sham"
CIV = "Civilians (Syria)"
UNK = "Unidentified Armed Group (Syria)"


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        # the agent of a nominal act, not the first noun
        ("Shelling by regime forces killed 2 civilians in Douma.", SYRIA, CIV),
        # passive: the subject is the target, "by X" the perpetrator
        ("Two civilians were killed by regime forces in Douma.", SYRIA, CIV),
        ("Turkish forces clashed with HTS near Kafr Nabl.", TURKEY, HTS),
        # a nationality before a weapon names that state's forces; the victims' group is hit
        ("A Turkish drone struck a car in Afrin, killing two HTS fighters.", TURKEY, HTS),
        # a kind of actor resolves to the country's generic actor
        ("Unknown gunmen shot dead a shepherd near Afrin.", UNK, CIV),
        # shelling names no target unless the text does
        ("Regime forces shelled Kafr Nabl.", SYRIA, ""),
        # nobody named: ACLED's unidentified armed group of the country
        ("An explosion hit the market in Douma.", UNK, ""),
        # guarantors named as context are not the ones fighting
        ("Despite the truce brokered by Russia and Turkey, regime forces struck Douma.", SYRIA, ""),
        ("Regime forces shelled Douma, breaching a truce guaranteed by Turkey.", SYRIA, ""),
        # the target is never the perpetrator: what "came under fire" was hit, "from X" fired
        ("Unidentified gunmen fired on a Syrian army checkpoint in Douma.", UNK, SYRIA),
        ("A Syrian army checkpoint came under fire from unidentified gunmen in Daraa.", UNK, SYRIA),
        (
            "A Syrian army checkpoint in Hama came under heavy shelling from HTS fighters.",
            HTS,
            SYRIA,
        ),
    ],
)
def test_who_did_what_to_whom(coder: Coder, text: str, actor1: str, actor2: str) -> None:
    event = one(coder, text)
    assert (event.actor1, event.actor2) == (actor1, actor2)


def test_a_backer_is_neither_perpetrator_nor_target(coder: Coder) -> None:
    event = one(
        coder,
        "Iran and the Syrian regime violated the Russia-Turkey backed ceasefire in Wadi Barada.",
    )
    assert event.actor1 == "Military Forces of Iran (1989-)"
    assert event.assoc_actor_1 == SYRIA
    assert event.actor2 == ""
