from __future__ import annotations

import pytest

from ceasefire.coding.pipeline import Coder
from ceasefire.coding.places import clean_name

from .helpers import one


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("Jarablus city", "Jarablus"), ("Idleb countryside", "Idleb"), ("Douma", "Douma"),
     ("Afrin town area", "Afrin")],
)  # fmt: skip
def test_generic_words_are_dropped_from_place_names(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    ("text", "location", "admin1", "precision"),
    [
        ("Regime forces shelled Kafr Nabl in Idleb countryside.", "Kafr Nabl", "Idleb", 1),
        ("Turkish forces clashed with HTS near Kafr Nabl.", "Kafr Nabl", "Idleb", 2),
        ("Regime forces shelled the outskirts of Douma.", "Douma", "Rural Damascus", 2),
        ("Regime forces shelled villages in Idleb countryside.", "Idleb", "Idleb", 3),
        # a valley is itself a region (precision 2), not a town
        ("Regime forces shelled Wadi Barada.", "Wadi Barada", "Rural Damascus", 2),
        # an origin is not where the event happened
        ("A man from Afrin was shot dead in Douma.", "Douma", "Rural Damascus", 1),
        # a place named as part of a feature ("the Afrin front") is more precise than a province
        ("A landmine exploded on the Afrin front in Aleppo.", "Afrin", "Aleppo", 1),
        # "Idleb" names the province as well as its capital: a place in it named more
        # precisely wins, unless the text says "city" or the other place is elsewhere
        ("Regime forces shelled Idleb and the Kafr Nabl checkpoint.", "Kafr Nabl", "Idleb", 1),
        ("Regime forces shelled Idleb city and the Kafr Nabl checkpoint.", "Idleb", "Idleb", 1),
        ("Regime forces shelled Aleppo and the Kafr Nabl checkpoint.", "Aleppo", "Aleppo", 1),
    ],
)
def test_the_event_is_placed_where_the_text_says(
    coder: Coder, text: str, location: str, admin1: str, precision: int
) -> None:
    event = one(coder, text)
    assert (event.location, event.admin1, event.geo_precision) == (location, admin1, precision)
    assert event.country == "Syria"
    assert event.latitude is not None and event.longitude is not None


def test_a_well_known_city_abroad_is_found_in_another_country(coder: Coder) -> None:
    event = one(coder, "Syrian delegations met in Astana.")
    assert (event.location, event.country) == ("Astana", "Kazakhstan")


def test_an_event_without_a_place_takes_the_place_of_the_sentence_before(coder: Coder) -> None:
    event = one(
        coder, "Residents gathered in Kafr Nabl on Friday. Regime forces shelled the crowd."
    )
    assert (event.location, event.admin1) == ("Kafr Nabl", "Idleb")
    assert "place.previous_sentence" in event.rules


def test_the_place_of_the_event_sentence_wins_over_the_sentence_before(coder: Coder) -> None:
    event = one(coder, "Residents gathered in Kafr Nabl on Friday. Regime forces shelled Douma.")
    assert event.location == "Douma"
    assert "place.previous_sentence" not in event.rules
