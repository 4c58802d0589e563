"""Curated and analyst place files: schema, line-numbered errors, loading through the env."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.errors import InputError
from ceasefire.places import ENV_FILES, default_gazetteer, load_gazetteer

GOOD = """\
places:
  - id: cf:test-hamlet
    name: Khirbet Testiyeh
    alt_names: [Khirbat Testiya, Kherbet Testieh]
    latitude: 35.70
    longitude: 36.55
    country: Syria
    feature: village
  - name: Test Quarter
    latitude: 33.52
    longitude: 36.31
    country: SY
    admin1: Damascus
    feature: district
aliases:
  - place: gn:170063
    country: Syria
    names: [Haleb al-Shahba]
"""


def write(tmp_path: Path, text: str, name: str = "places.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_analyst_file_adds_places_and_aliases(tmp_path: Path) -> None:
    gazetteer = load_gazetteer(extra_paths=[write(tmp_path, GOOD)])
    hamlet = gazetteer.best("Kherbet Testieh", country="Syria")
    assert hamlet is not None
    assert (hamlet.id, hamlet.country, hamlet.country_code) == ("cf:test-hamlet", "Syria", "SY")
    assert hamlet.admin1 == "Idleb"  # filled from the nearest place
    assert hamlet.geo_precision == 1
    quarter = gazetteer.best("Test Quarter", country="Syria")
    assert quarter is not None and quarter.id == "cf:test-quarter"
    aleppo = gazetteer.best("Haleb al-Shahba", country="Syria")
    assert aleppo is not None and aleppo.id == "gn:170063"
    assert "Haleb al-Shahba" in aleppo.alt_names


def test_default_gazetteer_reads_files_named_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_FILES, str(write(tmp_path, GOOD)))
    place = default_gazetteer().best("Khirbat Testiya", country="Syria")
    assert place is not None and place.id == "cf:test-hamlet"
    monkeypatch.delenv(ENV_FILES)
    assert default_gazetteer().best("Khirbat Testiya", country="Syria") is None


ENTRY = """\
places:
  - id: cf:ok
    name: Fine Place
    latitude: 35.0
    longitude: 36.0
    country: Syria
  - id: cf:bad
{body}"""

VALID_BODY = {
    "name": "Bad Place",
    "latitude": "35.0",
    "longitude": "36.0",
    "country": "Syria",
}


def body(**changes: str | None) -> str:
    fields = {**VALID_BODY, **changes}
    return "".join(f"    {k}: {v}\n" for k, v in fields.items() if v is not None)


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (ENTRY.format(body=body(latitude="95.5")), 9, "places.1.latitude", "less than or equal"),
        (ENTRY.format(body=body(longitude="-181")), 10, "places.1.longitude", "greater than"),
        (ENTRY.format(body=body(name=None)), 7, "places.1.name", "Field required"),
        (ENTRY.format(body=body(country="Atlantis")), 11, "places.1.country", "unknown country"),
        (ENTRY.format(body=body(feature="castle")), 12, "places.1.feature", "unknown feature"),
        (ENTRY.format(body=body(colour="red")), 12, "places.1.colour", "Extra inputs"),
        (
            ENTRY.replace("cf:bad", "cf:ok").format(body=body()),
            7,
            "places.1.id",
            "duplicate id 'cf:ok'",
        ),
        (
            ENTRY.replace("cf:bad", "gn:1").format(body=body()),
            7,
            "places.1.id",
            "reserved",
        ),
        ("places: [1, 2\n", 2, None, "not valid YAML"),
        ("- just a list\n", 1, None, "mapping"),
    ],
    ids=[
        "latitude",
        "longitude",
        "missing name",
        "country",
        "feature",
        "unknown field",
        "duplicate id",
        "reserved prefix",
        "syntax",
        "not a mapping",
    ],
)
def test_validation_errors_name_file_line_and_field(
    tmp_path: Path, text: str, line: int, field: str | None, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_gazetteer(extra_paths=[path])
    error = info.value
    assert error.source == str(path)
    assert error.line == line
    assert error.field == field
    assert words in str(error)


def test_duplicate_id_across_files_names_the_first_file(tmp_path: Path) -> None:
    one = write(tmp_path, GOOD, "one.yaml")
    two = write(tmp_path, GOOD.split("aliases:")[0], "two.yaml")
    with pytest.raises(InputError) as info:
        load_gazetteer(extra_paths=[one, two])
    assert info.value.source == str(two)
    assert info.value.line == 2
    assert f"first defined at {one}:2" in str(info.value)


def test_alias_for_an_unknown_place_is_an_error(tmp_path: Path) -> None:
    text = "aliases:\n  - place: gn:1\n    country: Syria\n    names: [Nowhere]\n"
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_gazetteer(extra_paths=[path])
    assert (info.value.source, info.value.line, info.value.field) == (str(path), 2, "place")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_gazetteer(extra_paths=[tmp_path / "absent.yaml"])
    assert "cannot read file" in str(info.value)


def test_empty_file_is_accepted(tmp_path: Path) -> None:
    load_gazetteer(extra_paths=[write(tmp_path, "")])
