"""The dashboard's routes: exports of the current filter, map points, the pages and /docs
served offline (no CDN), and bad filters answered with the field named."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from ceasefire.events.record import ACLED_COLUMNS
from ceasefire.web.assets import WebSettings, default_node_modules

from .conftest import World

A = "astana-2017"
needs_npm = pytest.mark.skipif(
    bool(WebSettings("", "", default_node_modules()).missing()),
    reason="node_modules not installed (make install runs npm ci)",
)


@pytest.fixture
def assessed(client: TestClient, world: World) -> TestClient:
    done = client.post("/assessments", json={"agreement": A}, headers=world.headers("admin"))
    assert done.status_code == 200, done.text
    return client


def test_csv_export_has_acled_columns_then_ours(assessed: TestClient, world: World) -> None:
    response = assessed.get(
        "/dashboard/export",
        params={"agreement": A, "verdict": "violation", "format": "csv"},
        headers=world.headers("observer"),
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="incidents.csv"' in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == [*ACLED_COLUMNS, "incident_id", "zone", "verdict", "party", "side",
                       "status"]  # fmt: skip
    got = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [
        (r["incident_id"], r["event_date"], r["location"], r["zone"], r["verdict"], r["side"],
         r["status"], r["latitude"], r["longitude"], r["fatalities"], r["source"])
        for r in got
    ] == [
        ("1", "2017-01-09", "Douma", "eastern-ghouta", "violation", "government", "reported",
         "33.5715", "36.404", "0", "SOHR"),
        ("2", "2017-01-12", "Aleppo", "aleppo", "violation", "opposition", "reported",
         "36.2021", "37.1343", "2", "SANA"),
    ]  # fmt: skip


def test_geojson_export_is_the_same_view(assessed: TestClient, world: World) -> None:
    response = assessed.get(
        "/dashboard/export",
        params={"agreement": A, "zone": "aleppo", "format": "geojson"},
        headers=world.headers("monitor"),
    )
    assert response.status_code == 200, response.text
    body = json.loads(response.text)
    assert body["type"] == "FeatureCollection"
    [feature] = body["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.1343, 36.2021]}
    props = feature["properties"]
    assert (props["incident_id"], props["zone"], props["verdict"], props["party"]) == (
        2,
        "aleppo",
        "violation",
        "Opposition Rebels (Syria)",
    )


def test_points_are_compact_rows(assessed: TestClient, world: World) -> None:
    response = assessed.get(
        "/dashboard/points", params={"agreement": A}, headers=world.headers("observer")
    )
    assert response.json() == {
        "count": 2,
        "points": [[1, 33.5715, 36.404, "violation", "reported"],
                   [2, 36.2021, 37.1343, "violation", "reported"]],
    }  # fmt: skip


def test_table_follows_the_map_area(assessed: TestClient, world: World) -> None:
    aleppo_area = "36.5,35.8,37.8,36.6"
    response = assessed.get(
        "/dashboard/incidents",
        params={"agreement": A, "bbox": aleppo_area},
        headers=world.headers("observer"),
    )
    body = response.json()
    assert (body["total"], [i["location"] for i in body["items"]]) == (1, ["Aleppo"])
    assert body["items"][0]["assessment"]["verdict"] == "violation"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": "36,35,north,36"}, "bbox"),
        ({"zone": "aleppo"}, "zone"),
        ({"agreement": A, "zone": "atlantis"}, "zone"),
        ({"agreement": A, "date_from": "2017-02-01", "date_to": "2017-01-01"}, "date_from"),
        ({"verdict": "violation"}, "verdict"),
    ],
)
def test_bad_filters_are_refused_with_the_field(
    client: TestClient, world: World, params: dict[str, str], field: str
) -> None:
    response = client.get("/dashboard/points", params=params, headers=world.headers("observer"))
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("input_error", field)


def test_unknown_agreement_is_404(client: TestClient, world: World) -> None:
    response = client.get(
        "/dashboard/timeline", params={"agreement": "nope"}, headers=world.headers("observer")
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "marker"),
    [
        ("/", "/static/dashboard.js"),
        ("/incident/1", "/static/incident.js"),
        ("/docs", "/vendor/swagger-ui/swagger-ui-bundle.js"),
    ],
)
def test_pages_load_only_local_scripts(client: TestClient, path: str, marker: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert marker in html
    assert "http://" not in html and "https://" not in html  # nothing from a CDN
    assert "<script>" not in html  # no inline script: a Content-Security-Policy can forbid them


@needs_npm
@pytest.mark.parametrize(
    "path",
    [
        "/vendor/leaflet/leaflet.js",
        "/vendor/markercluster/leaflet.markercluster.js",
        "/vendor/swagger-ui/swagger-ui-bundle.js",
        "/vendor/swagger-ui/swagger-ui.css",
        "/static/common.js",
    ],
)
def test_assets_are_served_from_the_npm_install(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert len(response.content) > 1000


def test_nothing_else_of_node_modules_is_served(client: TestClient) -> None:
    assert client.get("/vendor/leaflet/../package.json").status_code == 404
    assert client.get("/vendor/world-atlas/countries-50m.json").status_code == 404


def test_boundaries_hold_syrias_fourteen_governorates(client: TestClient) -> None:
    body = client.get("/dashboard/boundaries").json()
    admin1 = {f["properties"]["admin1"] for f in body["features"]
              if f["properties"]["kind"] == "admin1"}  # fmt: skip
    assert admin1 == {
        "Aleppo", "Al-Hasakeh", "Ar-Raqqa", "As-Sweida", "Damascus", "Dar'a", "Deir-ez-Zor",
        "Hama", "Homs", "Idleb", "Lattakia", "Quneitra", "Rural Damascus", "Tartous",
    }  # fmt: skip
    assert "Natural Earth" in body["attribution"]
