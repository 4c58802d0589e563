"""Exports: ACLED CSV round-trips every column a file had; GeoJSON and JSON Lines are valid."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ceasefire.agreements.service import store_agreement
from ceasefire.errors import ConfigError, NotFoundError
from ceasefire.events.record import ACLED_COLUMNS
from ceasefire.reports.exports import export_events
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.acled import COLUMN_ALIASES
from ceasefire.sources.ingest import ingest_file


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("fixture", ["acled_modern.csv", "acled_2016.csv"])
def test_acled_round_trip_gives_back_every_value(
    engine: Engine, structured: Path, tmp_path: Path, fixture: str
) -> None:
    ingest_file(engine, structured / fixture)
    out = tmp_path / "out.csv"
    summary = export_events(engine, out, fmt="acled")
    original = read_rows(structured / fixture)
    exported = {row["event_id_cnty"]: row for row in read_rows(out)}
    assert summary.events == len(original) == len(exported)
    for row in original:
        again = exported[row["event_id_cnty"]]
        for column, value in row.items():
            assert again[COLUMN_ALIASES.get(column, column)] == value, (
                row["event_id_cnty"],
                column,
            )


def test_acled_export_has_acled_columns_first(
    engine: Engine, structured: Path, tmp_path: Path
) -> None:
    ingest_file(engine, structured / "acled_2016.csv")
    out = tmp_path / "out.csv"
    export_events(engine, out)
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert header[len(ACLED_COLUMNS) :] == ["data_id", "event_id_no_cnty", "iso3"]


@pytest.mark.parametrize("fixture", ["acled_modern.csv", "acled_2016.csv", "ucdp_ged.csv"])
def test_exported_file_reads_back_as_duplicates(
    engine: Engine, structured: Path, tmp_path: Path, fixture: str
) -> None:
    stored = ingest_file(engine, structured / fixture).stored
    for fmt in ("acled", "jsonl"):
        out = tmp_path / f"again.{fmt}"
        export_events(engine, out, fmt=fmt)
        again = ingest_file(engine, out, fmt=fmt)
        assert (again.stored, again.duplicates) == (0, stored), fmt


def test_filters_by_country_and_dates(engine: Engine, structured: Path, tmp_path: Path) -> None:
    ingest_file(engine, structured / "acled_modern.csv")
    ingest_file(engine, structured / "ucdp_ged.csv")
    from datetime import date

    out = tmp_path / "f.csv"
    summary = export_events(
        engine, out, countries=("Syria",), date_from=date(2017, 1, 15), date_to=date(2017, 1, 20)
    )
    assert [r["event_id_cnty"] for r in read_rows(out)] == ["CFT102", "CFT103", "CFT104"]
    assert summary.events == 3


def test_filter_by_agreement_keeps_its_time_and_scope(engine: Engine, tmp_path: Path) -> None:
    folder = scenario_dir("astana-2017")
    store_agreement(engine, folder / "agreement.yaml")
    ingest_file(engine, folder / "reports.jsonl")
    out = tmp_path / "a.jsonl"
    export_events(engine, out, fmt="jsonl", agreement_id="astana-2017")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records
    assert all(r["event_date"] >= "2016-12-30" for r in records)
    assert all(r["country"] == "Syria" for r in records)


def test_geojson_is_a_feature_collection(engine: Engine, structured: Path, tmp_path: Path) -> None:
    ingest_file(engine, structured / "acled_modern.csv")
    out = tmp_path / "e.geojson"
    export_events(engine, out, fmt="geojson")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    douma = next(f for f in data["features"] if f["properties"]["event_id_cnty"] == "CFT102")
    assert douma["geometry"] == {"type": "Point", "coordinates": [36.4028, 33.5711]}
    assert douma["properties"]["fatalities"] == 2


def test_unknown_export_format(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown export format 'kml'"):
        export_events(engine, tmp_path / "x", fmt="kml")


def test_unknown_agreement(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no agreement with id 'nope'"):
        export_events(engine, tmp_path / "x.csv", agreement_id="nope")
    assert not (tmp_path / "x.csv").exists()
