from __future__ import annotations

import pytest

from ceasefire.coding.pipeline import Coder
from ceasefire.coding.places import FOREIGN, clean_name, lookup_place
from ceasefire.places import haversine_km, load_gazetteer

from .conftest import FakeGazetteer, FakeRegistry
from .helpers import code, one


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("Jarablus city", "Jarablus"), ("Idleb countryside", "Idleb"), ("Douma", "Douma"),
     ("Afrin town area", "Afrin"), ("of Farah", "Farah"), ("and Douma", "Douma"),
     ("Bab al-Hawa", "Bab al-Hawa")],
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


@pytest.fixture(scope="module")
def syria_coder(fake_registry: FakeRegistry) -> Coder:
    """The real pipeline and the package gazetteer (the registry stays the small fake)."""
    return Coder(registry_override=fake_registry, gazetteer_override=load_gazetteer())


@pytest.mark.parametrize(
    ("text", "location", "point"),
    [
        # issue 9: well-known towns lost to spelling, each within 1 km of where it is
        ("Regime forces shelled Saraqab in Idleb countryside.", "Saraqib", (35.864, 36.806)),
        ("Regime forces shelled Azaz in Aleppo countryside.", "I‘zāz", (36.587, 37.046)),
        ("Turkish forces shelled Ras Al Ain in Hasakeh.", "Ras al-Ain", (36.85, 40.071)),
        ("An IED exploded in Shadadah in Hasakeh.", "Al-Shaddadi", (36.056, 40.73)),
        ("Turkish forces shelled Tell Abiad in Raqqa.", "Tell Abyad", (36.697, 38.954)),
        (
            "Unknown gunmen shot dead a man in Rashidiyeh in Hasakeh.",
            "Rashidiyah",
            (36.078, 40.728),
        ),
    ],
)
def test_towns_are_found_under_any_spelling(
    syria_coder: Coder, text: str, location: str, point: tuple[float, float]
) -> None:
    event = one(syria_coder, text)
    assert (event.location, event.country) == (location, "Syria")
    assert event.latitude is not None and event.longitude is not None
    assert haversine_km((event.latitude, event.longitude), point) < 1


def test_regression_jadriya_is_not_placed_at_daraa(syria_coder: Coder) -> None:
    event = one(syria_coder, "Unknown gunmen shot dead a man in Jadriya in Deir ez-Zor.")
    assert (event.location, event.admin1) == ("Deir ez-Zor", "Deir-ez-Zor")


def test_regression_a_sentence_naming_no_place_gets_none(syria_coder: Coder) -> None:
    """Issue 9: such a sentence got towns in Kazakhstan; "on Monday" once became Moanda."""
    event = one(syria_coder, "Clashes erupted on Monday, killing three fighters.")
    assert (event.location, event.latitude, event.country) == ("", None, "")


@pytest.mark.parametrize(
    ("text", "location", "country"),
    [
        # a text about Syria that names no other country: Geneva is not where it happened,
        # and the event does not borrow the place of the sentence before
        (
            "Regime forces shelled Douma in Rural Damascus. "
            "Russia accused the regime of violating the ceasefire at the talks in Geneva.",
            "",
            "Syria",
        ),
        (
            "Regime forces shelled Douma in Rural Damascus. "
            "Russia accused the regime of violating the ceasefire at the talks in Geneva, "
            "Switzerland.",
            "Geneva",
            "Switzerland",
        ),
    ],
)
def test_a_place_abroad_only_where_the_text_names_its_country(
    syria_coder: Coder, text: str, location: str, country: str
) -> None:
    events = code(syria_coder, text)
    accusation = [e for e in events if "Geneva" in e.notes]
    assert len(accusation) == 1
    assert (accusation[0].location, accusation[0].country) == (location, country)
    assert "place.previous_sentence" not in accusation[0].rules


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        (frozenset(), (None, FOREIGN)),
        (frozenset({"Switzerland"}), ("Geneva", "gazetteer.other_country")),
    ],
)
def test_lookup_abroad_needs_the_country_named(
    fake_gazetteer: FakeGazetteer, named: frozenset[str], expected: tuple[str | None, str]
) -> None:
    place, how = lookup_place(fake_gazetteer, "Geneva", "Syria", [], named=named)
    assert (getattr(place, "name", None), how) == expected
