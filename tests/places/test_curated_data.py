"""Plausibility of the shipped curated places (``curated.yaml``), Syria above all.

Coordinates in ``curated.yaml`` are written by hand, so these checks catch the usual slips:
a place put in the wrong governorate or with swapped/mistyped coordinates, a place that
GeoNames or UCDP already has (it should get an ``aliases`` entry instead), and a spelling
that would capture ordinary English words or a better-known place elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from spacy.lang.en.stop_words import STOP_WORDS

from ceasefire.places import Gazetteer, Place, haversine_km, load_gazetteer
from ceasefire.places.names import normalise_place_name, simplify_place_name

CURATED = Path(str(resources.files("ceasefire.resources.gazetteer").joinpath("curated.yaml")))

SYRIA_ADMIN1 = {
    "Aleppo",
    "Al-Hasakeh",
    "Ar-Raqqa",
    "As-Sweida",
    "Damascus",
    "Dar'a",
    "Deir-ez-Zor",
    "Hama",
    "Homs",
    "Idleb",
    "Lattakia",
    "Quneitra",
    "Rural Damascus",
    "Tartous",
}
AREAS = {"region", "valley", "admin2", "admin1"}
# A curated place must lie inside the box of its governorate's GeoNames/UCDP places grown by
# this margin (degrees) ...
BOX_MARGIN_DEG = 0.25
# ... and this close to another place of the same governorate ...
NEIGHBOUR_KM = 40.0
# ... and have a place of its governorate among this many nearest GeoNames/UCDP places.
NEAREST_GENERATED = 8
# Two places with the same name key this close are one place.
DUPLICATE_KM = 5.0
# A spelling shared with a prominent place farther than this designates that place.
ELSEWHERE_KM = 25.0
# Abroad, a province or a city of this many people is what a spelling names.
BIG_ABROAD = 400_000

# Curated entries written before these checks that repeat a GeoNames/UCDP place under its
# own id: tests and reports name these ids, and each adds spellings or a population that the
# generated record lacks. New entries for places the gazetteer has go under ``aliases``.
LEGACY_DUPLICATES = frozenset(
    {
        "cf:sy-abu-al-duhur",
        "cf:sy-adra-prison",
        "cf:sy-afrin",
        "cf:sy-ain-al-fijeh",
        "cf:sy-ain-issa",
        "cf:sy-ain-tarma",
        "cf:sy-al-bab",
        "cf:sy-al-bara",
        "cf:sy-al-dana",
        "cf:sy-al-hamah-damascus",
        "cf:sy-al-hol",
        "cf:sy-al-rai",
        "cf:sy-al-tall",
        "cf:sy-al-tanf",
        "cf:sy-albu-kamal",
        "cf:sy-amuda",
        "cf:sy-anadan",
        "cf:sy-arbin",
        "cf:sy-ariha",
        "cf:sy-atareb",
        "cf:sy-azaz",
        "cf:sy-bab-al-hawa",
        "cf:sy-babbila",
        "cf:sy-baghouz",
        "cf:sy-baniyas",
        "cf:sy-beit-sawa",
        "cf:sy-binnish",
        "cf:sy-busayrah",
        "cf:sy-busra-al-sham",
        "cf:sy-dabiq",
        "cf:sy-darayya",
        "cf:sy-darbasiyah",
        "cf:sy-daret-azza",
        "cf:sy-darkush",
        "cf:sy-deir-ez-zor-airport",
        "cf:sy-deir-hafer",
        "cf:sy-deir-miqrin",
        "cf:sy-dhiban",
        "cf:sy-douma",
        "cf:sy-fuah",
        "cf:sy-hajar-aswad",
        "cf:sy-hajin",
        "cf:sy-halfaya",
        "cf:sy-hama-airport",
        "cf:sy-hamouriyah",
        "cf:sy-handarat",
        "cf:sy-harasta",
        "cf:sy-hass",
        "cf:sy-hazzeh",
        "cf:sy-houla",
        "cf:sy-inkhil",
        "cf:sy-izraa",
        "cf:sy-jabal-al-arbain",
        "cf:sy-jabal-al-zawiya",
        "cf:sy-jarablus",
        "cf:sy-jasim",
        "cf:sy-jisr-al-shughur",
        "cf:sy-jisreen",
        "cf:sy-kafr-batna",
        "cf:sy-kafr-nabudah",
        "cf:sy-kafr-takharim",
        "cf:sy-kafr-zita",
        "cf:sy-kafranbel",
        "cf:sy-kanaker",
        "cf:sy-kasab",
        "cf:sy-khan-al-shih",
        "cf:sy-khan-arnabah",
        "cf:sy-khan-shaykhun",
        "cf:sy-khan-tuman",
        "cf:sy-kinsabba",
        "cf:sy-kisweh",
        "cf:sy-kobani",
        "cf:sy-kuweires",
        "cf:sy-latamneh",
        "cf:sy-maarat-al-numan",
        "cf:sy-maarat-misrin",
        "cf:sy-madaya",
        "cf:sy-madeira",
        "cf:sy-malikiyah",
        "cf:sy-manbij",
        "cf:sy-marea",
        "cf:sy-maskanah",
        "cf:sy-mayadin",
        "cf:sy-mhardeh",
        "cf:sy-misraba",
        "cf:sy-moadamiyeh",
        "cf:sy-morek",
        "cf:sy-muzayrib",
        "cf:sy-nashabiyah",
        "cf:sy-nasib",
        "cf:sy-nawa",
        "cf:sy-nubl",
        "cf:sy-omar-oil-field",
        "cf:sy-palmyra",
        "cf:sy-qalaat-al-madiq",
        "cf:sy-qamishli",
        "cf:sy-qardaha",
        "cf:sy-qaryatayn",
        "cf:sy-qudsaya",
        "cf:sy-quneitra-city",
        "cf:sy-qusayr",
        "cf:sy-raqqa",
        "cf:sy-ras-al-ain",
        "cf:sy-rastan",
        "cf:sy-safira",
        "cf:sy-sahl-al-ghab",
        "cf:sy-salkhad",
        "cf:sy-salqin",
        "cf:sy-sanamayn",
        "cf:sy-saqba",
        "cf:sy-saraqib",
        "cf:sy-sarmada",
        "cf:sy-sarmin",
        "cf:sy-sayyida-zaynab",
        "cf:sy-serghaya",
        "cf:sy-shaddadi",
        "cf:sy-shahba",
        "cf:sy-sheikh-maskin",
        "cf:sy-shifouniyeh",
        "cf:sy-slinfah",
        "cf:sy-sukhnah",
        "cf:sy-susah",
        "cf:sy-suqaylabiyah",
        "cf:sy-suran-hama",
        "cf:sy-tabqa",
        "cf:sy-tabqa-airbase",
        "cf:sy-tafas",
        "cf:sy-taftanaz",
        "cf:sy-tal-rifaat",
        "cf:sy-tal-tamr",
        "cf:sy-talbiseh",
        "cf:sy-taybat-al-imam",
        "cf:sy-tell-abyad",
        "cf:sy-tishrin-dam",
        "cf:sy-wadi-barada",
        "cf:sy-yalda",
        "cf:sy-yarmouk-camp",
        "cf:sy-zabadani",
        "cf:sy-zahraa",
        "cf:sy-zakiyah",
        "cf:sy-zamalka",
    }
)

# Words of ordinary English prose that a phrase matcher must not take for a place (spaCy's
# stop words cover the function words).
ENGLISH_WORDS = frozenset(
    {
        "air",
        "airport",
        "area",
        "army",
        "attack",
        "back",
        "bank",
        "base",
        "battle",
        "border",
        "bridge",
        "camp",
        "center",
        "centre",
        "central",
        "city",
        "clash",
        "coast",
        "country",
        "court",
        "crossing",
        "dam",
        "day",
        "desert",
        "district",
        "east",
        "field",
        "fire",
        "force",
        "forces",
        "front",
        "gas",
        "gate",
        "government",
        "great",
        "green",
        "group",
        "head",
        "hill",
        "home",
        "hospital",
        "house",
        "island",
        "lake",
        "land",
        "law",
        "line",
        "main",
        "market",
        "mine",
        "mountain",
        "mountains",
        "new",
        "north",
        "office",
        "oil",
        "old",
        "park",
        "peace",
        "plain",
        "point",
        "police",
        "port",
        "power",
        "prison",
        "province",
        "red",
        "region",
        "river",
        "road",
        "rock",
        "school",
        "sea",
        "security",
        "shelter",
        "side",
        "south",
        "square",
        "state",
        "station",
        "street",
        "town",
        "tower",
        "valley",
        "village",
        "wall",
        "war",
        "water",
        "way",
        "west",
        "white",
    }
)


@cache
def _curated_yaml() -> dict[str, Any]:
    data = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def _syria_places() -> tuple[Place, ...]:
    gazetteer = load_gazetteer()
    ids = dict.fromkeys(pid for _form, pid in gazetteer.surface_forms(countries=["Syria"]))
    places = [gazetteer.get(pid) for pid in ids]
    return tuple(p for p in places if p is not None)


def _curated_syria() -> list[Place]:
    return [p for p in _syria_places() if p.id.startswith("cf:")]


def _generated_syria() -> list[Place]:
    return [p for p in _syria_places() if not p.id.startswith("cf:") and p.feature != "admin1"]


def _is_point(place: Place) -> bool:
    return place.feature not in AREAS


def _prominent(place: Place) -> bool:
    return place.feature in ("city", "admin1") or place.population >= 100_000


def test_curated_ids_are_unique_and_curated() -> None:
    ids = [item.get("id") for item in _curated_yaml().get("places", [])]
    assert all(isinstance(i, str) and i.startswith("cf:") for i in ids), "every place has a cf: id"
    seen: set[str] = set()
    repeated = sorted({i for i in ids if i in seen or seen.add(i)})
    assert not repeated


def test_syrian_curated_places_use_the_gazetteer_admin1_names() -> None:
    gazetteer_admin1 = {p.admin1 for p in _generated_syria()}
    assert gazetteer_admin1 == SYRIA_ADMIN1
    for item in _curated_yaml().get("places", []):
        if item["country"] in ("Syria", "SY"):
            assert item.get("admin1") in SYRIA_ADMIN1, item["id"]


def test_curated_places_lie_inside_their_governorate() -> None:
    boxes: dict[str, list[float]] = {}
    for p in _generated_syria():
        box = boxes.setdefault(p.admin1, [p.latitude, p.latitude, p.longitude, p.longitude])
        box[:] = [
            min(box[0], p.latitude),
            max(box[1], p.latitude),
            min(box[2], p.longitude),
            max(box[3], p.longitude),
        ]
    points = [p for p in _syria_places() if _is_point(p) and p.feature != "admin1"]
    by_admin1: dict[str, list[Place]] = defaultdict(list)
    for p in points:
        by_admin1[p.admin1].append(p)
    wrong = []
    for place in _curated_syria():
        south, north, west, east = boxes[place.admin1]
        m = BOX_MARGIN_DEG
        inside_lat = south - m <= place.latitude <= north + m
        if not (inside_lat and west - m <= place.longitude <= east + m):
            wrong.append(f"{place.id} outside the box of {place.admin1}")
            continue
        others = [q for q in by_admin1[place.admin1] if q.id != place.id]
        nearest = min(haversine_km(place.point, q.point) for q in others)
        if nearest > NEIGHBOUR_KM:
            wrong.append(f"{place.id} {nearest:.0f} km from any other place of {place.admin1}")
    assert not wrong, "\n".join(wrong)


def _province_group(admin1: str) -> str:
    # Damascus city is an enclave in Rural Damascus: its edge districts border only the latter.
    return "Rural Damascus" if admin1 == "Damascus" else admin1


def test_curated_places_have_neighbours_of_their_governorate() -> None:
    """Near a governorate border the box says little: among the nearest GeoNames/UCDP places
    of a curated place there must be one of its own governorate."""
    generated = [p for p in _generated_syria() if _is_point(p)]
    wrong = []
    for place in _curated_syria():
        nearest = sorted(generated, key=lambda q: haversine_km(place.point, q.point))
        groups = {_province_group(q.admin1) for q in nearest[:NEAREST_GENERATED]}
        if _province_group(place.admin1) not in groups:
            names = ", ".join(f"{q.name} ({q.admin1})" for q in nearest[:3])
            wrong.append(f"{place.id} ({place.admin1}) lies among {names}")
    assert not wrong, "\n".join(wrong)


def _name_keys(place: Place) -> set[str]:
    return {k for k in (normalise_place_name(n) for n in place.names) if k}


def test_curated_places_do_not_repeat_a_nearby_place() -> None:
    generated: dict[str, list[Place]] = defaultdict(list)
    for p in _generated_syria():
        for key in _name_keys(p):
            generated[key].append(p)
    curated = _curated_syria()
    repeats = []
    for place in curated:
        if place.id in LEGACY_DUPLICATES:
            continue
        for key in _name_keys(place):
            for other in generated.get(key, []):
                if haversine_km(place.point, other.point) < DUPLICATE_KM:
                    repeats.append(f"{place.id} repeats {other.id} ({other.name}): use aliases")
    for i, place in enumerate(curated):
        for other in curated[i + 1 :]:
            shared = _name_keys(place) & _name_keys(other)
            if shared and haversine_km(place.point, other.point) < DUPLICATE_KM:
                repeats.append(f"{place.id} and {other.id} are one place")
    assert not repeats, "\n".join(sorted(set(repeats)))


def _curated_spellings() -> list[tuple[str, str, tuple[float, float]]]:
    """(place id, spelling, where the place is) for curated names, alt names and aliases."""
    gazetteer = load_gazetteer()
    out = [(p.id, n, p.point) for p in _curated_syria() for n in p.names]
    for alias in _curated_yaml().get("aliases", []) or []:
        target = gazetteer.get(alias["place"])
        assert target is not None, alias["place"]
        out += [(target.id, n, target.point) for n in alias["names"]]
    return out


def test_curated_spellings_are_not_english_words() -> None:
    words = set(STOP_WORDS) | ENGLISH_WORDS
    bad = [
        f"{pid}: {name!r}"
        for pid, name, _point in _curated_spellings()
        if simplify_place_name(name) in words or name.lower() in words
    ]
    assert not bad, "\n".join(bad)


def test_curated_spellings_do_not_name_a_more_prominent_place(gazetteer: Gazetteer) -> None:
    bad = []
    for pid, name, point in _curated_spellings():
        light = simplify_place_name(name)
        if not light:
            continue  # Arabic script: kept for readers, not indexed
        for other in gazetteer.lookup(name, country="Syria"):
            if other.id == pid or not _prominent(other):
                continue
            same = light in {simplify_place_name(n) for n in other.names}
            if same and haversine_km(point, other.point) > ELSEWHERE_KM:
                bad.append(f"{pid}: {name!r} is {other.name} ({other.id})")
    assert not bad, "\n".join(bad)


def test_curated_spellings_do_not_name_a_big_place_abroad(gazetteer: Gazetteer) -> None:
    """A Syrian district called "Al-Mashhad" must not turn a report from Mashhad (Iran) into a
    Syrian one, nor "Salah al-Din" one from the Iraqi province."""
    bad = []
    for pid, name, _point in _curated_spellings():
        light = simplify_place_name(name)
        if not light:
            continue
        for other in gazetteer.lookup(name):
            if other.country_code == "SY":
                continue
            big = other.feature == "admin1" or other.population >= BIG_ABROAD
            if big and light in {simplify_place_name(n) for n in other.names}:
                bad.append(f"{pid}: {name!r} is {other.name}, {other.country} ({other.id})")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Qatma", "Aleppo"),
        ("Tell Beydar", "Al-Hasakeh"),
        ("Rmelan", "Al-Hasakeh"),
        ("Al-Maabada", "Al-Hasakeh"),
        ("Tabqa Dam", "Ar-Raqqa"),
        ("Harabesh", "Deir-ez-Zor"),
        ("Daraa al-Mahatta", "Dar'a"),
        ("Qalaat al-Hosn", "Homs"),
        ("Jdeidat Artouz", "Rural Damascus"),
    ],
)
def test_new_places_are_found_in_their_governorate(
    gazetteer: Gazetteer, name: str, admin1: str
) -> None:
    place = gazetteer.best(name, country="Syria")
    assert place is not None and place.id.startswith("cf:")
    assert place.admin1 == admin1


@pytest.mark.parametrize(
    ("spelling", "place_id"),
    [
        ("Mhemideh", "ucdp:muhaymidah-town"),
        ("Kafr Oweid", "ucdp:kafr-uwayd-town"),
        ("Tell Mardikh", "ucdp:mardikh-village"),
        ("Miznaz", "ucdp:mizanaz-town"),
    ],
)
def test_aliases_reach_the_generated_place(
    gazetteer: Gazetteer, spelling: str, place_id: str
) -> None:
    assert place_id in [p.id for p in gazetteer.lookup(spelling, country="Syria")]
