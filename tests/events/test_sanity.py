"""Implausible stored values: refused at ingest with field, file and line; skipped and reported
by fusion and assessment, never a crash (regression: one event dated 0001-01-01 or 9999-12-31
made `fuse` fail for everyone with OverflowError, and POST /incidents/fuse answer 500)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from tests.api.conftest import World, seed
from tests.api.live_server import serve
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.events.sanity import FIRST_DAY, coordinates_problem, date_problem, last_day

runner = CliRunner()
TODAY = date(2026, 12, 4)
HEADER = "event_id_cnty,event_date,year,event_type,actor1,country,latitude,longitude,fatalities\n"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (date(1, 1, 1), "0001-01-01 is outside the plausible range 1900-01-01 to 2027-12-04"),
        (date(9999, 12, 31), "9999-12-31 is outside the plausible range 1900-01-01 to 2027-12-04"),
        (date(1899, 12, 31), "1899-12-31 is outside the plausible range 1900-01-01 to 2027-12-04"),
        (date(2027, 12, 5), "2027-12-05 is outside the plausible range 1900-01-01 to 2027-12-04"),
        (FIRST_DAY, None),
        (date(2027, 12, 4), None),
        (date(2017, 1, 9), None),
        ("2017-01-09", "not a date: '2017-01-09'"),
    ],
)
def test_date_problem(value: object, problem: str | None) -> None:
    assert date_problem(value, TODAY) == problem


def test_last_day_of_a_leap_day_is_the_28th() -> None:
    assert last_day(date(2028, 2, 29)) == date(2029, 2, 28)


@pytest.mark.parametrize(
    ("lat", "lon", "problem"),
    [
        (None, None, None),
        (33.5, 36.4, None),
        (None, 36.4, "a longitude without a latitude"),
        (33.5, None, "a latitude without a longitude"),
        (float("nan"), 36.4, "latitude nan is outside [-90, 90]"),
        (33.5, float("inf"), "longitude inf is outside [-180, 180]"),
        (91.0, 36.4, "latitude 91.0 is outside [-90, 90]"),
    ],
)
def test_coordinates_problem(lat: float | None, lon: float | None, problem: str | None) -> None:
    assert coordinates_problem(lat, lon) == problem


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())  # as one line, however wrapped


def _csv_row(day: str) -> str:
    year = day[:4] if day[:4].isdigit() else ""
    return f"SYR9,{day},{year},Battles,X,Syria,33.5,36.4,0\n"


def _jsonl_row(day: str) -> str:
    return json.dumps({"event_date": day, "event_type": "Battles", "actor1": "X"}) + "\n"


#: (file name, content made from a date) for every reader that takes event dates.
READERS = [("acled.csv", lambda d: HEADER + _csv_row(d)), ("events.jsonl", _jsonl_row)]
BAD_DAYS = ["0001-01-01", "9999-12-31", "1899-12-31", "2100-01-01"]


@pytest.mark.parametrize("day", BAD_DAYS)
@pytest.mark.parametrize(("name", "content"), READERS, ids=[r[0] for r in READERS])
def test_ingest_refuses_implausible_dates_naming_field_file_and_line(
    db_url: str, tmp_path: Path, name: str, content: object, day: str
) -> None:
    assert run("init", "--db", db_url)[0] == 0
    path = tmp_path / name
    path.write_text(content(day), encoding="utf-8")  # type: ignore[operator]
    code, out = run("ingest", str(path), "--db", db_url)
    line = 2 if name.endswith(".csv") else 1
    assert code == 1, out
    assert f"{name}:{line}" in out and "field 'event_date'" in out
    assert f"{day} is outside the plausible range 1900-01-01" in out
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar_one() == 0
    engine.dispose()


def test_ucdp_date_start_out_of_range_is_refused(
    db_url: str, structured: Path, tmp_path: Path
) -> None:
    assert run("init", "--db", db_url)[0] == 0
    with (structured / "ucdp_ged.csv").open(encoding="utf-8", newline="") as fh:
        header, row = list(csv.reader(fh))[:2]
    row[header.index("date_start")] = "0001-01-01 00:00:00.000"
    path = tmp_path / "ged.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, row])
    code, out = run("ingest", str(path), "--db", db_url)
    assert (code, "ged.csv:2" in out, "field 'date_start'" in out) == (1, True, True), out


# Values planted directly in the store (as an older version or a hand edit could leave them).
PLANTED = [
    ("year 1", "UPDATE events SET event_date = '0001-01-01' WHERE id = 2", "event 2: event_date "
     "0001-01-01 is outside the plausible range"),
    ("year 9999", "UPDATE events SET event_date = '9999-12-31' WHERE id = 2", "event 2: event_date "
     "9999-12-31 is outside the plausible range"),
    ("longitude alone", "UPDATE events SET latitude = NULL WHERE id = 2",
     "event 2: a longitude without a latitude"),
]  # fmt: skip


def _store_with_planted(db_url: str, tmp_path: Path, sql: str) -> World:
    """Two good events, fused, then a third stored and spoilt by hand."""
    world = seed(db_url, tmp_path)
    third = tmp_path / "third.jsonl"
    row = {"event_date": "2017-01-20", "event_type": "Battles", "actor1": "X",
           "country": "Syria", "latitude": 35.0, "longitude": 36.0}  # fmt: skip
    third.write_text(json.dumps(row) + "\n")
    assert run("ingest", str(third), "--db", db_url)[0] == 0
    engine = create_engine(db_url)
    with engine.begin() as conn:
        new_id = conn.execute(text("SELECT max(id) FROM events")).scalar_one()
        conn.execute(text(sql.replace("id = 2", f"id = {new_id}")))
    engine.dispose()
    return world


@pytest.mark.parametrize(("case", "sql", "message"), PLANTED, ids=[p[0] for p in PLANTED])
def test_fuse_skips_and_reports_a_planted_bad_event_in_the_cli(
    db_url: str, tmp_path: Path, case: str, sql: str, message: str
) -> None:
    _store_with_planted(db_url, tmp_path, sql)
    code, out = run("fuse", "--db", db_url)
    assert code == 0, out
    assert "0 new events" in out
    assert message.replace("event 2", "event 3") in out
    assert "1 record(s) skipped" in out and "Traceback" not in out


def _plant_incident(db_url: str, sql: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


INCIDENTS = [
    ("date_from year 1", "UPDATE incidents SET date_from = '0001-01-01' WHERE id = 1",
     "incident 1: date_from 0001-01-01 is outside"),
    ("date_to year 9999", "UPDATE incidents SET date_to = '9999-12-31' WHERE id = 1",
     "incident 1: date_to 9999-12-31 is outside"),
    ("latitude alone", "UPDATE incidents SET longitude = NULL WHERE id = 1",
     "incident 1: a latitude without a longitude"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "sql", "message"), INCIDENTS, ids=[i[0] for i in INCIDENTS])
def test_assess_skips_and_reports_a_planted_bad_incident_in_the_cli(
    db_url: str, tmp_path: Path, case: str, sql: str, message: str
) -> None:
    seed(db_url, tmp_path)
    _plant_incident(db_url, sql)
    code, out = run("assess", "--agreement", "astana-2017", "--db", db_url)
    assert code == 0, out
    assert "astana-2017: 1 assessed" in out
    assert message in out and "1 record(s) skipped" in out


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[tuple[str, World, Path]]:
    """A real uvicorn server (in a thread) over a seeded store, SQLite or PostgreSQL."""
    world = seed(db_url, tmp_path)
    with serve(world.url) as base:
        yield base, world, tmp_path


@pytest.mark.parametrize(("case", "sql", "message"), PLANTED, ids=[p[0] for p in PLANTED])
def test_fuse_over_http_skips_a_planted_bad_event(
    server: tuple[str, World, Path], case: str, sql: str, message: str
) -> None:
    base, world, folder = server
    third = folder / "third.jsonl"
    third.write_text(
        json.dumps({"event_date": "2017-01-20", "event_type": "Battles", "actor1": "X",
                    "country": "Syria", "latitude": 35.0, "longitude": 36.0}) + "\n"
    )  # fmt: skip
    with httpx.Client(base_url=base, headers=world.headers("monitor"), timeout=30) as http:
        sent = http.post("/documents/file", files={"file": ("third.jsonl", third.read_bytes())})
        assert sent.status_code == 200, sent.text
        engine = create_engine(world.url)
        with engine.begin() as conn:
            conn.execute(text(sql.replace("id = 2", "id = 3")))
        engine.dispose()
        answer = http.post("/incidents/fuse")
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["new_events"], len(body["skipped"])) == (0, 1)
        skipped = body["skipped"][0]
        assert (skipped["kind"], skipped["id"]) == ("event", 3)
        assert message.split(": ", 1)[1] in skipped["reason"]
        assert http.get("/health").status_code == 200  # the connection and server live on


@pytest.mark.parametrize(("case", "sql", "message"), INCIDENTS, ids=[i[0] for i in INCIDENTS])
def test_assess_over_http_skips_a_planted_bad_incident(
    server: tuple[str, World, Path], case: str, sql: str, message: str
) -> None:
    base, world, _ = server
    _plant_incident(world.url, sql)
    with httpx.Client(base_url=base, headers=world.headers("monitor"), timeout=30) as http:
        answer = http.post("/assessments", json={"agreement": "astana-2017"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["created"] == 1
        assert [(s["kind"], s["id"]) for s in body["skipped"]] == [("incident", 1)]
        assert message.split(": ", 1)[1] in body["skipped"][0]["reason"]


@pytest.mark.parametrize("day", BAD_DAYS)
def test_submitted_file_with_implausible_date_is_a_422_naming_the_field(
    server: tuple[str, World, Path], day: str
) -> None:
    base, world, _ = server
    with httpx.Client(base_url=base, headers=world.headers("monitor"), timeout=30) as http:
        answer = http.post(
            "/documents/file", files={"file": ("rows.jsonl", _jsonl_row(day).encode())}
        )
    assert answer.status_code == 422, answer.text
    assert "event_date" in answer.json()["error"]["message"]
    assert f"{day} is outside the plausible range" in answer.json()["error"]["message"]


TEXT = "Title: x\nDate: {day}\nSource: y\n\nGovernment forces shelled Douma on Monday.\n"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31T10:00:00+02:00"])
def test_text_with_implausible_publication_date_is_refused(
    db_url: str, tmp_path: Path, day: str
) -> None:
    assert run("init", "--db", db_url)[0] == 0
    path = tmp_path / "report.txt"
    path.write_text(TEXT.format(day=day), encoding="utf-8")
    code, out = run("ingest", str(path), "--db", db_url)
    assert code == 1, out
    assert f"report.txt:2, field 'Date': '{day}' is not a date from 1900-01-01 to" in out


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_implausible_reference_date_is_refused(db_url: str, tmp_path: Path, day: str) -> None:
    assert run("init", "--db", db_url)[0] == 0
    path = tmp_path / "report.txt"
    path.write_text("Government forces shelled Douma on Monday.\n", encoding="utf-8")
    code, out = run("ingest", str(path), "--date", day, "--db", db_url)
    assert code == 1, out
    assert f"field 'reference_date': {day} is outside the plausible range" in out


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_implausible_reference_date_over_http_is_a_422(
    server: tuple[str, World, Path], day: str
) -> None:
    base, world, _ = server
    with httpx.Client(base_url=base, headers=world.headers("monitor"), timeout=30) as http:
        answer = http.post("/documents", json={"text": "Shelling in Douma.", "reference_date": day})
        assert answer.status_code == 422, answer.text
        assert f"{day} is outside the plausible range" in answer.json()["error"]["message"]
        assert http.get("/health").status_code == 200
