"""Lookups in the package gazetteer: variants, admin1, disambiguation, fuzzy matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.places import Gazetteer, haversine_km, load_gazetteer

# name as written -> (expected place id, expected ACLED admin1)
SYRIA_BEST = [
    ("Jobar", "cf:sy-jobar", "Damascus"),
    ("Qabun", "cf:sy-qaboun", "Damascus"),
    ("Al-Qaboun", "cf:sy-qaboun", "Damascus"),
    ("Barzeh", "cf:sy-barzeh", "Damascus"),
    ("Al-Waer", "cf:sy-al-waer", "Homs"),
    ("Waer", "cf:sy-al-waer", "Homs"),
    ("Moadamiyeh", "cf:sy-moadamiyeh", "Rural Damascus"),
    ("Muadamiyat al-Sham", "cf:sy-moadamiyeh", "Rural Damascus"),
    ("Wadi Barada", "cf:sy-wadi-barada", "Rural Damascus"),
    ("Ain al-Fijah", "cf:sy-ain-al-fijeh", "Rural Damascus"),
    ("Eastern Ghouta", "cf:sy-eastern-ghouta", "Rural Damascus"),
    ("East Ghouta", "cf:sy-eastern-ghouta", "Rural Damascus"),
    ("Ein Issa", "cf:sy-ain-issa", "Ar-Raqqa"),
    ("Tell Abiad", "cf:sy-tell-abyad", "Ar-Raqqa"),
    ("Ras al-Ayn", "cf:sy-ras-al-ain", "Al-Hasakeh"),
    ("Deraa", "gn:170905", "Dar'a"),
    ("Dar'a", "gn:170905", "Dar'a"),
    ("Idleb", "gn:169389", "Idleb"),
    ("Idlib", "gn:169389", "Idleb"),
    ("Dayr az Zawr", "gn:170794", "Deir-ez-Zor"),
    ("Kafr Nabl", "gn:168661", "Idleb"),
    ("Palmyra", "gn:163808", "Homs"),
    ("Abu Kamal", "gn:174448", "Deir-ez-Zor"),
    ("Aleppo town", "gn:170063", "Aleppo"),
    ("Tadmur/Palmyra town", "gn:163808", "Homs"),
    ("Idlib province", "adm1:SY.12", "Idleb"),
    ("Damascus countryside", "adm1:SY.08", "Rural Damascus"),
    ("Northern Aleppo Governorate", "adm1:SY.09", "Aleppo"),
    # issue 9: well-known towns lost to spelling
    ("Saraqab", "gn:164816", "Idleb"),
    ("Azaz", "gn:172082", "Aleppo"),
    ("A'zaz", "gn:172082", "Aleppo"),
    ("Ras Al Ain", "cf:sy-ras-al-ain", "Al-Hasakeh"),
    ("Shadadah", "cf:sy-shaddadi", "Al-Hasakeh"),
    ("Tal Abyad", "cf:sy-tell-abyad", "Ar-Raqqa"),
    # villages of the UCDP GED place list, under other spellings
    ("Rashidiyeh", "ucdp:rashidiyah-village", "Al-Hasakeh"),
    ("Sahara", "ucdp:sahharah-village", "Aleppo"),
]


@pytest.mark.parametrize(("name", "place_id", "admin1"), SYRIA_BEST)
def test_best_in_syria(gazetteer: Gazetteer, name: str, place_id: str, admin1: str) -> None:
    place = gazetteer.best(name, country="Syria")
    assert place is not None
    assert (place.id, place.admin1, place.country) == (place_id, admin1, "Syria")


@pytest.mark.parametrize(
    ("name", "admin1_id", "admin1_name"),
    [
        ("Idlib province", "adm1:SY.12", "Idleb"),
        ("Idleb", "adm1:SY.12", "Idleb"),
        ("Rural Damascus", "adm1:SY.08", "Rural Damascus"),
        ("Rif Dimashq", "adm1:SY.08", "Rural Damascus"),
        ("Damascus countryside", "adm1:SY.08", "Rural Damascus"),
        ("Daraa governorate", "adm1:SY.06", "Dar'a"),
        ("Deir ez-Zor", "adm1:SY.07", "Deir-ez-Zor"),
        ("Latakia", "adm1:SY.02", "Lattakia"),
        ("Hasakah", "adm1:SY.01", "Al-Hasakeh"),
        ("Sweida", "adm1:SY.05", "As-Sweida"),
        ("Raqqa province", "adm1:SY.04", "Ar-Raqqa"),
        ("Tartus", "adm1:SY.14", "Tartous"),
    ],
)
def test_admin1_in_syria(gazetteer: Gazetteer, name: str, admin1_id: str, admin1_name: str) -> None:
    area = gazetteer.admin1(name, country="Syria")
    assert area is not None
    assert (area.id, area.name, area.feature, area.geo_precision) == (
        admin1_id,
        admin1_name,
        "admin1",
        3,
    )


@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [("Nineveh", "Iraq", "Ninewa"), ("Mount Lebanon", "Lebanon", "Mount Lebanon")],
)
def test_admin1_acled_spelling_outside_syria(
    gazetteer: Gazetteer, name: str, country: str, admin1: str
) -> None:
    area = gazetteer.admin1(name, country=country)
    assert area is not None and area.name == admin1


def test_admin1_without_country_prefers_the_same_spelling(gazetteer: Gazetteer) -> None:
    area = gazetteer.admin1("Sweida")
    assert area is not None and area.id == "adm1:SY.05"


def test_lookup_is_restricted_to_the_country(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Tell Abyad", country="Iraq") == []
    assert {p.country for p in gazetteer.lookup("Tell Abyad", country="Syria")} == {"Syria"}


def test_lookup_sorts_points_before_areas(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Afrin", country="Syria")
    features = [p.feature for p in found]
    assert features[0] in ("town", "city")
    assert "admin2" in features
    assert features.index("admin2") > 0


@pytest.mark.parametrize(
    ("name", "first_id"),
    [
        ("Duma town", "gn:170592"),
        ("Jobar district", "cf:sy-jobar"),
        ("Idlib province", "adm1:SY.12"),
    ],
)
def test_lookup_retries_without_a_kind_word(gazetteer: Gazetteer, name: str, first_id: str) -> None:
    found = gazetteer.lookup(name, country="Syria")
    assert found and found[0].id == first_id


def test_country_names_iso_codes_and_aliases_are_accepted(gazetteer: Gazetteer) -> None:
    by_name = gazetteer.lookup("Deraa", country="Syria")
    assert gazetteer.lookup("Deraa", country="SY") == by_name
    assert gazetteer.lookup("Deraa", country="Syrian Arab Republic") == by_name


def test_unknown_country_finds_nothing(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Deraa", country="Narnia") == []
    assert gazetteer.best("Deraa", country="Narnia") is None


def test_tell_abyad_in_turkey_is_not_taken_from_syria_without_context(
    gazetteer: Gazetteer,
) -> None:
    assert gazetteer.best("Tell Abyad", country="Turkey") is None


def test_a_neighbouring_country_place_is_taken_near_the_document_places(
    gazetteer: Gazetteer,
) -> None:
    akcakale = gazetteer.best("Akcakale", country="Turkey")
    assert akcakale is not None
    place = gazetteer.best("Tell Abyad", country="Turkey", near=[akcakale.point])
    assert place is not None and place.country == "Syria"


@pytest.mark.parametrize(
    ("near", "admin1"),
    [((35.95, 39.01), "Ar-Raqqa"), ((34.89, 35.89), "Tartous")],
    ids=["near Raqqa", "near Tartous"],
)
def test_same_name_villages_are_told_apart_by_nearby_places(
    gazetteer: Gazetteer, near: tuple[float, float], admin1: str
) -> None:
    candidates = gazetteer.lookup("Karama", country="Syria")
    assert {p.admin1 for p in candidates} >= {"Ar-Raqqa", "Tartous"}
    place = gazetteer.best("Karama", country="Syria", near=[near])
    assert place is not None and place.admin1 == admin1


def test_ain_issa_near_raqqa(gazetteer: Gazetteer) -> None:
    place = gazetteer.best("Ayn Isa", country="Syria", near=[(35.95, 39.01)])
    assert place is not None
    assert haversine_km(place.point, (36.385, 38.862)) < 5


def test_best_without_country_prefers_the_bigger_place(gazetteer: Gazetteer) -> None:
    place = gazetteer.best("Aleppo")
    assert place is not None and (place.country, place.feature) == ("Syria", "city")


def test_regression_fuzzy_moadamiyeh_is_not_damascus(gazetteer: Gazetteer) -> None:
    """WRatio once matched Moadamiyeh to Damascus; plain ratio on keys must not."""
    ids = [p.id for p, _score in gazetteer.fuzzy("Moadamiyet", country="Syria", limit=10)]
    damascus = gazetteer.best("Damascus", country="Syria")
    assert damascus is not None
    assert damascus.id not in ids
    # Moadamiyet al-Sham and UCDP's Al Muaddamiyah (al-Qalamoun) are equally near spellings
    assert ids == ["ucdp:muaddamiyah-town", "cf:sy-moadamiyeh"]


def test_fuzzy_scores_and_threshold(gazetteer: Gazetteer) -> None:
    scored = gazetteer.fuzzy("Moadamiyat", country="Syria")
    assert scored and all(score >= 88.0 for _place, score in scored)
    assert gazetteer.fuzzy("Moadamiyat", country="Syria", min_score=99.0) == []
    assert gazetteer.fuzzy("Ara", country="Syria") == []  # keys under 4 letters


def test_fuzzy_with_context_refuses_far_matches(gazetteer: Gazetteer) -> None:
    afrin = (36.51, 36.87)
    without_context = gazetteer.best("Qatma", country="Syria")
    assert without_context is not None  # some fuzzy match in Syria
    with_context = gazetteer.best("Qatma", country="Syria", near=[afrin])
    assert with_context is None or haversine_km(with_context.point, afrin) <= 150


def test_get_returns_places_by_id(gazetteer: Gazetteer) -> None:
    for place_id in ("gn:170063", "cf:sy-jobar", "adm1:SY.12", "ucdp:eastern-ghouta"):
        place = gazetteer.get(place_id)
        assert place is not None and place.id == place_id
    assert gazetteer.get("gn:0") is None


def test_countries_use_acled_names(gazetteer: Gazetteer) -> None:
    names = gazetteer.countries()
    assert {"Syria", "Democratic Republic of Congo", "Palestine", "Turkey"} <= set(names)
    assert gazetteer.country_of_code("CD") == "Democratic Republic of Congo"
    assert gazetteer.country_of_code("sy") == "Syria"
    assert gazetteer.country_of_code("XX") is None


def test_surface_forms_include_variants(gazetteer: Gazetteer) -> None:
    forms = set(gazetteer.surface_forms(countries=["Syria"]))
    assert ("Al-Bab", "cf:sy-al-bab") in forms
    assert ("Al Bab", "cf:sy-al-bab") in forms
    assert ("Halab", "gn:170063") in forms
    assert ("Dar'a", "gn:170905") in forms  # ASCII spelling of Dar‘ā
    assert all(len(form) >= 3 for form, _id in forms)
    assert {pid.split(":")[0] for _form, pid in forms} >= {"gn", "ucdp", "cf", "adm1"}


@pytest.mark.parametrize(
    ("name", "country", "expected_country"),
    [
        ("Tripoli", "Lebanon", "Lebanon"),
        ("Tripoli", "Libya", "Libya"),
        ("Mosul", "Iraq", "Iraq"),
        ("Kilis", "Turkey", "Turkey"),
        ("Kinshasa", "Democratic Republic of Congo", "Democratic Republic of Congo"),
    ],
)
def test_towns_outside_syria(
    gazetteer: Gazetteer, name: str, country: str, expected_country: str
) -> None:
    place = gazetteer.best(name, country=country)
    assert place is not None and place.country == expected_country


def test_haversine() -> None:
    assert haversine_km((0.0, 0.0), (0.0, 0.0)) == 0.0
    assert haversine_km((33.51, 36.29), (36.2, 37.16)) == pytest.approx(310, abs=10)


@pytest.mark.parametrize("name", ["Douma", "Tripoli", "Al-Bab", "Springfield", "Nowhereville"])
def test_lookup_without_country_reads_only_the_countries_having_the_name(
    gazetteer: Gazetteer, name: str
) -> None:
    """The key index (built once, kept in the disk cache) gives what a search of every
    country's table gives, in the same order."""
    from ceasefire.places.gazetteer import _keyed_by
    from ceasefire.places.names import normalise_place_name, simplify_place_name

    key, light = normalise_place_name(name), simplify_place_name(name)
    everywhere = [
        p
        for code in gazetteer._countries
        for p in gazetteer._table(code).places_for_key(key)
        if _keyed_by(p, key, light)
    ]
    gazetteer._key_index()  # built (and cached) once; a new gazetteer reads it back
    fresh = load_gazetteer()
    found = fresh.lookup(name)
    assert sorted(p.id for p in found) == sorted(p.id for p in everywhere)
    assert [p.id for p in found] == [p.id for p in gazetteer.lookup(name)]
    assert len(fresh._loaded) < len(gazetteer._countries)


def test_key_index_is_rebuilt_for_another_analyst_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEASEFIRE_CACHE_DIR", str(tmp_path / "cache"))
    extra = tmp_path / "places.yaml"
    extra.write_text(
        "places:\n"
        "  - {id: 'x:qasr', name: Qasr Zubaydah, country: Syria, latitude: 35.1,"
        " longitude: 36.7, feature: village}\n",
        encoding="utf-8",
    )
    assert load_gazetteer().lookup("Qasr Zubaydah") == []
    assert [p.id for p in load_gazetteer(extra_paths=[extra]).lookup("Qasr Zubaydah")] == ["x:qasr"]


def test_regression_jadriya_is_no_fuzzy_daraa(gazetteer: Gazetteer) -> None:
    """Issue 9: fuzzy ratio alone put 'Jadriya' at Dar'a, 347 km away; its consonants (jdr)
    are no respelling of Dar'a's (dr)."""
    ids = [p.id for p, _ in gazetteer.fuzzy("Jadriya", country="Syria", limit=20)]
    assert "gn:170905" not in ids  # Dar'a
    assert ids == ["ucdp:jadrine-village"]  # one consonant more (jdrn), in Hama


@pytest.mark.parametrize(
    ("query", "place_id", "found"),
    [
        # GeoNames gives Ayyubiyah the alternate "Ayou" and Hama "Gama": names of 4
        # letters or fewer match only as written, not through their folded keys
        ("Ayou", "gn:172093", True),
        ("Aya", "gn:172093", False),
        ("Gama", "gn:170017", True),
        ("Kama", "gn:170017", False),
        ("Hamah", "gn:170017", True),  # through the name itself
    ],
)
def test_short_alternate_names_match_only_as_written(
    gazetteer: Gazetteer, query: str, place_id: str, found: bool
) -> None:
    assert (place_id in [p.id for p in gazetteer.lookup(query, country="Syria")]) is found


def test_same_name_villages_are_told_apart_by_spelling(gazetteer: Gazetteer) -> None:
    """Two UCDP villages share the key of "Rashidiyeh"; without nearby places the nearer
    spelling wins, with them the nearer village."""
    assert {p.id for p in gazetteer.lookup("Rashidiyeh", country="Syria")} >= {
        "ucdp:rashidiyah-village",
        "ucdp:rashadiyah-village",
    }
    near_aleppo = gazetteer.best("Rashidiyeh", country="Syria", near=[(35.8, 37.4)])
    assert near_aleppo is not None and near_aleppo.id == "ucdp:rashadiyah-village"
