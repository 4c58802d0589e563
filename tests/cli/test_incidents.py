"""``ceasefire incidents`` and ``incident show`` end to end: init, load the Astana agreement,
ingest tests/fixtures/structured/khan-sheikhoun.jsonl, fuse, assess, then read incidents as a
table, JSON, CSV and GeoJSON, with every filter.

The fixture fuses into seven incidents (ids in fusion order):
1 Idleb province bulletin (alleged, under review)  2 Khan Sheikhoun shelling (two claims)
3 and 4 the two claims' own incidents              5 Deir-ez-Zor, Islamic State
6 the late denial (alleged, under review)          7 Kafr Zita clash (Hama)
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.events.fusion import RULE as FUSION_RULE
from ceasefire.reports.incident_formats import CSV_COLUMNS
from ceasefire.scenarios import scenario_dir

runner = CliRunner()
ASTANA = "astana-2017"


def run(*args: str, width: int | None = None) -> tuple[int, str]:
    env = {"COLUMNS": str(width)} if width else {}
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


def ok(*args: str, width: int | None = None) -> str:
    code, out = run(*args, width=width)
    assert code == 0, out
    return out


@pytest.fixture
def db(db_url: str, structured: Path) -> list[str]:
    """A store with the Khan Sheikhoun fixture fused and assessed, through the CLI."""
    ok("init", "--db", db_url)
    ok("agreement", "load", str(scenario_dir(ASTANA) / "agreement.yaml"), "--db", db_url)
    ok("ingest", str(structured / "khan-sheikhoun.jsonl"), "--db", db_url)
    fused = ok("fuse", "--db", db_url)
    assert fused.strip() == "7 new events: 7 incidents created, 0 extended; 2 claims attached."
    assessed = " ".join(ok("assess", "--agreement", ASTANA, "--db", db_url).split())
    assert assessed.endswith("2 allegations opened for review.")
    return ["--db", db_url]


def records(db: list[str], *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["incidents", "--agreement", ASTANA, *args, "--format", "json",
                                 *db])  # fmt: skip
    assert result.exit_code == 0, result.output
    value = json.loads(result.stdout)
    assert isinstance(value, list)
    return value


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), [(1, "undetermined"), (2, "violation"), (3, "undetermined"), (4, "undetermined"),
              (5, "no_violation"), (6, "undetermined"), (7, "violation")]),
        (("--verdict", "violation"), [(2, "violation"), (7, "violation")]),
        (("--verdict", "no_violation"), [(5, "no_violation")]),
        (("--verdict", "undetermined"),
         [(1, "undetermined"), (3, "undetermined"), (4, "undetermined"), (6, "undetermined")]),
        (("--zone", "hama"), [(7, "violation")]),
        (("--zone", "east"), [(5, "no_violation")]),
        (("--zone", "idleb", "--verdict", "violation"), [(2, "violation")]),
        # actor1, actor2 or the attributed party, names folded
        (("--party", "opposition rebels (SYRIA)"),
         [(1, "undetermined"), (2, "violation"), (4, "undetermined"), (7, "violation")]),
        (("--party", "Islamic State (Syria)"), [(5, "no_violation")]),
        (("--from", "2017-01-21", "--to", "2017-01-26"),
         [(4, "undetermined"), (5, "no_violation"), (6, "undetermined")]),
        (("--from", "2017-02-01"), [(7, "violation")]),
        (("--to", "2017-01-19"), []),
        (("--status", "under_review"), [(1, "undetermined"), (6, "undetermined")]),
        (("--type", "battles"), [(5, "no_violation"), (7, "violation")]),
        (("--limit", "2"), [(1, "undetermined"), (2, "violation")]),
    ],
)  # fmt: skip
def test_each_filter(db: list[str], args: tuple[str, ...], expected: list[tuple[int, str]]) -> None:
    assert [(r["id"], r["verdict"]) for r in records(db, *args)] == expected


def test_the_object_of_an_incident_with_its_claims(db: list[str]) -> None:
    (shelling,) = records(db, "--zone", "idleb", "--verdict", "violation")
    assert {k: shelling[k] for k in (
        "id", "agreement", "date_from", "date_to", "country", "admin1", "location", "latitude",
        "longitude", "zone", "event_type", "sub_event_type", "actor1", "actor2", "verdict",
        "party", "side", "status", "allegation", "claim_of", "votes", "fatalities", "actor1_id",
        "actor2_id",
    )} == {
        "id": 2, "agreement": ASTANA, "date_from": "2017-01-20", "date_to": "2017-01-20",
        "country": "Syria", "admin1": "Idleb", "location": "Khan Sheikhoun",
        "latitude": 35.4383, "longitude": 36.6517, "zone": "idleb",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Syria (2000-)", "actor2": "Opposition Rebels (Syria)",
        "verdict": "violation", "party": "Military Forces of Syria (2000-)",
        "side": "government", "status": "reported", "allegation": False, "claim_of": [],
        "votes": [], "fatalities": 3, "actor1_id": ["Military Forces of Syria (2000-)"],
        "actor2_id": ["Opposition Rebels (Syria)"],
    }  # fmt: skip
    rules = [s["rule"] for s in shelling["trace"]]
    assert (rules[:3], rules[-1]) == (["time", "scope", "act"], "perpetrator")
    assert shelling["events"] == [
        {
            "id": 1, "event_id_cnty": "CF-T-01", "document": None, "document_id": None,
            "source": "SOHR", "modality": "observed", "claimant": "", "event_date": "2017-01-20",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "Military Forces of Syria (2000-)", "actor2": "Opposition Rebels (Syria)",
            "actor1_id": ["Military Forces of Syria (2000-)"],
            "actor2_id": ["Opposition Rebels (Syria)"],
            "location": "Khan Sheikhoun", "latitude": 35.4383, "longitude": 36.6517,
            "fatalities": 3, "notes": "", "confidence": None, "coder": "", "span_start": None,
            "span_end": None, "text": None, "added_by": FUSION_RULE,
            "submitted_by": "local", "organisation": "", "id_space": "",
        }
    ]  # fmt: skip
    assert [
        (c["event_id_cnty"], c["incident_id"], c["modality"], c["claimant"], c["accused"],
         c["source"], c["distance_km"], c["day_gap"])
        for c in shelling["claims"]
    ] == [
        ("CF-T-02", 3, "alleged", "Opposition Rebels (Syria)",
         "Military Forces of Syria (2000-)", "Syria Civil Defence", 0.0, 0),
        ("CF-T-03", 4, "alleged", "Government of Syria (2000-)", "Opposition Rebels (Syria)",
         "SANA", 0.858, 1),
    ]  # fmt: skip
    assert shelling["claims"][0]["claim"] == (
        "Opposition Rebels (Syria) alleges Military Forces of Syria (2000-): "
        "Shelling/artillery/missile attack at Khan Sheikhoun"
    )


def test_claims_point_back_and_unmatched_allegations_stay_under_review(db: list[str]) -> None:
    by_id = {r["id"]: r for r in records(db)}
    assert {i: (r["claim_of"], r["status"]) for i, r in by_id.items() if r["allegation"]} == {
        1: ([], "under_review"),  # a bulletin located only to Idleb province
        3: ([2], "reported"),
        4: ([2], "reported"),
        6: ([], "under_review"),  # six days after the shelling
    }
    assert [len(r["claims"]) for r in by_id.values()] == [0, 2, 0, 0, 0, 0, 0]


def test_csv_has_acled_columns_and_one_row_per_incident(db: list[str]) -> None:
    out = ok("incidents", "--agreement", ASTANA, "--verdict", "violation", "--format", "csv", *db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:16] == [
        "incident_id", "event_id_cnty", "event_date", "date_to", "country", "admin1",
        "location", "latitude", "longitude", "zone", "event_type", "sub_event_type", "actor1",
        "actor2", "fatalities", "source",
    ]  # fmt: skip
    assert [
        (r["incident_id"], r["event_id_cnty"], r["event_date"], r["location"], r["zone"],
         r["verdict"], r["party"], r["status"], r["claims"], r["latitude"], r["longitude"])
        for r in rows
    ] == [
        ("2", "CF-T-01", "2017-01-20", "Khan Sheikhoun", "idleb", "violation",
         "Military Forces of Syria (2000-)", "reported", "2", "35.4383", "36.6517"),
        ("7", "CF-T-05", "2017-02-02", "Kafr Zita", "hama", "violation", "", "reported", "0",
         "35.373", "36.6"),
    ]  # fmt: skip
    assert rows[0]["notes"].splitlines()[1] == (
        "Government of Syria (2000-) alleges Opposition Rebels (Syria): Strategic developments "
        "at Khan Sheikhoun"
    )
    assert rows[0]["trace"].splitlines()[0] == "time: yes: in force on 2017-01-20"


def test_geojson_features_carry_the_same_objects(db: list[str]) -> None:
    out = ok("incidents", "--agreement", ASTANA, "--zone", "hama", "--format", "geojson", *db)
    collection = json.loads(out)
    (feature,) = collection["features"]
    assert (collection["type"], feature["type"], feature["id"], feature["geometry"]) == (
        "FeatureCollection", "Feature", 7, {"type": "Point", "coordinates": [36.6, 35.373]},
    )  # fmt: skip
    assert feature["properties"] == records(db, "--zone", "hama")[0]


@pytest.mark.parametrize("fmt", ["json", "csv", "geojson"])
def test_nothing_matching_gives_an_empty_document(db: list[str], fmt: str) -> None:
    result = runner.invoke(
        app, ["incidents", "--agreement", ASTANA, "--to", "2016-01-01", "--format", fmt, *db]
    )
    assert result.exit_code == 0
    empty = {
        "json": "[]\n",
        "csv": ",".join(CSV_COLUMNS) + "\r\n",
        "geojson": '{\n  "type": "FeatureCollection",\n  "features": []\n}\n',
    }[fmt]
    assert result.stdout_bytes.decode("utf-8") == empty


def test_an_empty_table_says_so(db: list[str]) -> None:
    out = ok("incidents", "--agreement", ASTANA, "--verdict", "violation", "--zone", "east", *db)
    assert " ".join(out.split()) == (
        "No incidents match: agreement astana-2017, verdict violation, zone east. Widen the "
        "filters, or run `ceasefire fuse` and `ceasefire assess --agreement ID` first."
    )


@pytest.mark.parametrize("width", [80, 100, 120])
def test_the_table_fits_the_terminal_and_cuts_no_date_or_verdict(db: list[str], width: int) -> None:
    out = ok("incidents", "--agreement", ASTANA, *db, width=width)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    assert lines[0].split()[:5] == ["id", "date", "verdict", "place", "status"]
    rows = [line.split() for line in lines[2:] if line[:1].isdigit()]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("1", "2017-01-20", "undetermined"), ("2", "2017-01-20", "violation"),
        ("3", "2017-01-20", "undetermined"), ("4", "2017-01-21", "undetermined"),
        ("5", "2017-01-25", "no_violation"), ("6", "2017-01-26", "undetermined"),
        ("7", "2017-02-02", "violation"),
    ]  # fmt: skip
    assert ("claims" in lines[0]) == (width >= 100)


def test_incident_show_prints_trace_sources_claims_and_votes(db: list[str]) -> None:
    ok("users", "add", "ru", "--role", "monitor", "--org", "Russia", *db)
    ok("verify", "transition", "2", "--to", "under_review", "--as", "ru", "--reason", "claims",
       "--agreement", ASTANA, *db)  # fmt: skip
    ok("verify", "vote", "2", "--as", "ru", "--choice", "verified", "--rationale",
       "Crater analysis", "--evidence", "https://example.org/crater", *db)  # fmt: skip
    out = ok("incident", "show", "2", *db, width=200)
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[:5] == [
        "Incident 2: 2017-01-20, Khan Sheikhoun, Idleb, Syria",
        "  Shelling/artillery/missile attack: Military Forces of Syria (2000-) vs Opposition "
        "Rebels (Syria); deaths 3",
        "  1 event from 1 source: SOHR",
        "  zone: idleb",
        "  status: under_review (round 1, astana-2017)",
    ]
    assert lines[6].startswith("Verdict under astana-2017: violation, party Military Forces of "
                               "Syria (2000-) (government), confidence ")  # fmt: skip
    assert lines[7] == "  1. time: yes: in force on 2017-01-20"
    start = lines.index("Sources (1)")
    assert lines[start + 1] == (
        "  event 1 CF-T-01 (2017-01-20, observed): structured row; source SOHR"
    )
    claims = lines.index("Claims (2)")
    assert lines[claims + 1 : claims + 4] == [
        "  2017-01-20 Opposition Rebels (Syria) alleges Military Forces of Syria (2000-): "
        "Shelling/artillery/missile attack at Khan Sheikhoun (event 2, incident 3); source "
        "Syria Civil Defence",
        "  2017-01-21 Government of Syria (2000-) alleges Opposition Rebels (Syria): Strategic "
        "developments at Khan Sheikhoun (event 3, incident 4); source SANA",
        "    notes: Terrorists shelled the town, SANA said.",
    ]
    votes = lines.index("Votes (1)")
    assert lines[votes + 1].startswith(
        '  round 1 Russia: verified, "Crater analysis" [https://example.org/crater] ('
    )
    shown = json.loads(ok("incident", "show", "2", "--format", "json", *db))
    assert shown == records(db, "--zone", "idleb", "--verdict", "violation")[0]
    assert [(v["member"], v["choice"], v["evidence"]) for v in shown["votes"]] == [
        ("Russia", "verified", ["https://example.org/crater"])
    ]


def test_incident_show_without_agreement_uses_the_only_assessment(db: list[str]) -> None:
    shown = json.loads(ok("incident", "show", "5", "--format", "json", *db))
    assert (shown["agreement"], shown["verdict"], shown["zone"]) == (ASTANA, "no_violation", "east")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("incidents", "--verdict", "violation"), "a verdict is given under an agreement"),
        (("incidents", "--agreement", ASTANA, "--verdict", "broken"), "unknown verdict 'broken'"),
        (("incidents", "--agreement", ASTANA, "--zone", "atlantis"),
         "agreement astana-2017 has no zone 'atlantis'"),
        (("incidents", "--zone", "hama"), "a zone belongs to an agreement"),
        (("incidents", "--from", "2017-13-45"), "not a date: '2017-13-45'"),
        (("incidents", "--format", "xlsx"), "unknown format 'xlsx'"),
        (("incidents", "--agreement", "nowhere"), "nowhere"),
        (("incident", "show", "99"), "no incident 99"),
        (("incident", "show", "2", "--format", "yaml"), "unknown format 'yaml'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_error(db: list[str], args: tuple[str, ...], message: str) -> None:
    code, out = run(*args, *db)
    assert code == 1
    assert message in " ".join(out.split())
    assert "Traceback" not in out


def test_output_file_is_written_whole_and_never_over_the_store(
    db: list[str], db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "violations.geojson"
    args = ["incidents", "--agreement", ASTANA, "--verdict", "violation", "--format", "geojson"]
    result = runner.invoke(app, [*args, "-o", str(path), *db])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.strip() == f"Wrote 2 incidents to {path}"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert [f["id"] for f in features] == [2, 7]
    code, out = run(*args, "-o", str(path), *db)
    assert (code, "already exists" in out) == (1, True)
    assert ok(*args, "-o", str(path), "--force", *db) == f"Wrote 2 incidents to {path}\n"
    code, out = run("incidents", "-o", str(path), *db)
    assert (code, "a table is printed, not written to a file" in out) == (1, True)
    if db_url.startswith("sqlite:///"):
        store = db_url.removeprefix("sqlite:///")
        code, out = run(*args, "-o", store, *db)
        assert (code, "refusing to write over" in " ".join(out.split())) == (1, True)
        assert ok("incidents", "--agreement", ASTANA, "--format", "json", *db).startswith("[")
