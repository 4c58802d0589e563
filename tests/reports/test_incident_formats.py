"""The incident CSV escapes every cell a spreadsheet would run as a formula (CSV injection);
JSON and GeoJSON keep the very same values verbatim."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, cast

import pytest

from ceasefire.reports.incident_formats import CSV_COLUMNS, csv_row, to_csv, to_geojson, to_json
from ceasefire.reports.incidents import IncidentData


def incident(**changes: Any) -> IncidentData:
    """A plain incident object with one member event, one claim, one vote and one trace step."""
    record: dict[str, Any] = {
        "id": 7, "agreement": "astana-2017", "date_from": "2017-02-03", "date_to": "2017-02-03",
        "country": "Syria", "admin1": "Hama", "location": "Kafr Zita", "latitude": 35.37,
        "longitude": -36.6, "zone": "hama", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Military Forces of Syria (2000-)",
        "actor2": "Opposition Rebels (Syria)",
        "actor1_id": ["Military Forces of Syria (2000-)"],
        "actor2_id": ["Opposition Rebels (Syria)", None], "allegation": False, "claimant": "",
        "fatalities": 2, "fatalities_min": 2, "fatalities_max": 2, "verdict": "violation",
        "party": "Military Forces of Syria (2000-)", "side": "government", "confidence": 0.75,
        "rules_version": "violation-rules/2", "assessed_at": "2017-02-04T00:00:00+00:00",
        "trace": [{"rule": "time", "answer": "yes", "detail": "in force on 2017-02-03"}],
        "status": "reported", "review_agreement_id": None, "review_round": 0,
        "decided_at": None, "event_count": 1, "source_count": 1, "sources": "Fixture Wire",
        "disagreements": {}, "claim_of": [], "votes": [],
        "claims": [{"claim": "SANA alleges Opposition Rebels (Syria): Shelling at Kafr Zita"}],
        "events": [{"event_id_cnty": "SYR1", "document": None}],
    }  # fmt: skip
    record.update(changes)
    return cast(IncidentData, record)


def cells(record: IncidentData) -> dict[str, str]:
    return dict(zip(CSV_COLUMNS, csv_row(record), strict=True))


@pytest.mark.parametrize(
    ("changes", "column", "cell"),
    [
        ({"actor1": "=HYPERLINK(\"http://x\")"}, "actor1", "'=HYPERLINK(\"http://x\")"),
        ({"location": "+Kafr Zita"}, "location", "'+Kafr Zita"),
        ({"sources": "@SUM(A1)"}, "source", "'@SUM(A1)"),
        ({"party": "-cmd|' /C calc'!A0"}, "party", "'-cmd|' /C calc'!A0"),
        ({"sub_event_type": "\t=1+1"}, "sub_event_type", "'\t=1+1"),
        ({"claims": [{"claim": "=1+1"}]}, "notes", "'=1+1"),
        ({"trace": [{"rule": "=time", "answer": "yes", "detail": "x"}]}, "trace", "'=time: yes: x"),
        ({"events": [{"event_id_cnty": "=SYR1", "document": None}]}, "event_id_cnty", "'=SYR1"),
        # plain numbers stay numbers, and text with a formula sign inside is left alone
        ({}, "longitude", "-36.6"),
        ({"latitude": -0.5}, "latitude", "-0.5"),
        ({"actor2": "Rebels = FSA"}, "actor2", "Rebels = FSA"),
        ({}, "confidence", "0.75"),
        # ids joined, "?" for a group the registry did not know; none stored: empty
        ({}, "actor2_id", "Opposition Rebels (Syria); ?"),
        ({"actor1_id": None}, "actor1_id", ""),
    ],
)  # fmt: skip
def test_csv_escapes_formula_cells(changes: dict[str, Any], column: str, cell: str) -> None:
    record = incident(**changes)
    assert cells(record)[column] == cell
    parsed = list(csv.reader(io.StringIO(to_csv([record]), newline="")))
    assert parsed[1][CSV_COLUMNS.index(column)] == cell


def test_json_and_geojson_keep_formula_values_verbatim() -> None:
    record = incident(actor1="=1+1", location="@here")
    (out,) = json.loads(to_json([record]))
    assert (out["actor1"], out["location"]) == ("=1+1", "@here")
    (feature,) = json.loads(to_geojson([record]))["features"]
    assert (feature["properties"]["actor1"], feature["geometry"]["coordinates"]) == (
        "=1+1", [-36.6, 35.37],
    )  # fmt: skip
