"""UCDP GED place extraction: both CSV layouts, one place per cluster of a label's points."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from ceasefire.places.ucdp import UcdpPlace, extract_ucdp_places, read_ucdp_tsv

# Rows written for this test in the layout of UCDP's GED place list (not UCDP's own rows).
PLACE_LIST = """where_coordinates,adm_1,adm_2,latitude,longitude,where_prec,events
Tall Example village,Idlib Governorate,Ariha district,35.80000,36.60000,1.0,3
Tall Example village,Idlib Governorate,Ariha district,35.80000,36.60000,2.0,2
Tall Example village,Idlib Governorate,Ariha district,35.81000,36.61000,2.0,1
Tall Example village,Hamah Governorate,As Suqaylabiyah district,35.30000,36.40000,1.0,4
Example Airbase,Homs Governorate,Homs district,34.60000,37.00000,1.0,2
Syria,,,35.00000,38.00000,1.0,9
"""
# ... and in the layout of GED event rows
EVENT_ROWS = """id,location,admin1,latitude,longitude
1,Kafr Example town,Aleppo Governorate,36.30000,37.00000
2,Kafr Example town,Aleppo Governorate,36.30000,37.00000
"""


def _extract(tmp_path: Path) -> list[UcdpPlace]:
    (tmp_path / "list.csv").write_text(PLACE_LIST, encoding="utf-8")
    (tmp_path / "events.csv").write_text(EVENT_ROWS, encoding="utf-8")
    table = {("SY", "Idlib"): ("Idleb", []), ("SY", "Hama"): ("Hama", ["Hamah"])}
    return extract_ucdp_places([tmp_path / "list.csv", tmp_path / "events.csv"], table)


def test_both_layouts_are_read_and_labels_far_apart_are_two_places(tmp_path: Path) -> None:
    places = _extract(tmp_path)
    got = [(p.name, p.latitude, p.longitude, p.admin1, p.feature, p.events) for p in places]
    assert got == [
        ("Example Airbase", 34.6, 37.0, "Homs", "site", 2),
        ("Kafr Example", 36.3, 37.0, "Aleppo", "town", 2),
        # points 1.4 km apart are one village (at its most used point, events summed);
        # the village of the same name 58 km away in Hama is another place
        ("Tall Example", 35.8, 36.6, "Idleb", "village", 6),
        ("Tall Example", 35.3, 36.4, "Hama", "village", 4),
    ]


@pytest.mark.parametrize("cell", ["0", "", "x"])
def test_rows_without_events_or_coordinates_are_left_out(tmp_path: Path, cell: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "where_coordinates,adm_1,latitude,longitude,events\n"
        f"Nowhere village,Idlib Governorate,35.1,36.1,{cell}\n",
        encoding="utf-8",
    )
    expected = [] if cell in ("0", "x") else ["Nowhere"]
    assert [p.name for p in extract_ucdp_places(path, {})] == expected


def test_the_shipped_extract_holds_the_ged_place_list() -> None:
    """The committed extract comes from the whole GED Syria place list 2016-2019 (1,685
    labels) and the GED event rows; the manifest counts it for the attribution."""
    folder = resources.files("ceasefire.resources.gazetteer")
    places = read_ucdp_tsv(Path(str(folder.joinpath("sources/ucdp_ged_places.tsv"))))
    manifest = json.loads(folder.joinpath("manifest.json").read_text(encoding="utf-8"))
    assert len(places) == manifest["sources"]["ucdp_ged_places"] == 1706
    assert manifest["by_source"]["ucdp"] == 1512
    assert {"Rashidiyah", "Rashadiyah", "Jadrine"} <= {p.name for p in places}
