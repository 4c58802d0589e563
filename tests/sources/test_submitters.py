"""Who submitted what, and id spaces: a report submitted by a party liaison cannot squat on a
dataset's id (regression: a liaison's row under a real ACLED id made the genuine ACLED file be
refused, and showed as `observed` with nothing saying who submitted it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.api.conftest import World, seed
from tests.api.live_server import serve
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.sources.submitters import Submitter

runner = CliRunner()


@pytest.mark.parametrize(
    ("submitter", "space"),
    [
        (Submitter(), ""),
        (Submitter("ru", "Russia", curator=True), ""),
        (Submitter("liaison", "Opposition delegation", curator=False), "org:Opposition delegation"),
        (Submitter("anon", "", curator=False), "user:anon"),
    ],
)
def test_id_space(submitter: Submitter, space: str) -> None:
    assert submitter.id_space == space


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[tuple[str, World]]:
    world = seed(db_url, tmp_path)
    with serve(world.url) as base:
        yield base, world


def _planted(genuine: list[list[str]]) -> list[list[str]]:
    """The first row of the genuine file under its real id, with other facts."""
    header, first = genuine[0], list(genuine[1])
    first[header.index("fatalities")] = "40"
    first[header.index("notes")] = "Planted: regime massacre."
    return [header, first]


# (how the genuine file comes in): the command line, or a monitor's upload over HTTP.
GENUINE_WAYS = ["cli", "monitor upload"]


@pytest.mark.parametrize("way", GENUINE_WAYS)
def test_a_liaison_cannot_squat_on_an_acled_id(
    server: tuple[str, World], structured: Path, tmp_path: Path, way: str
) -> None:
    base, world = server
    genuine_path = structured / "acled_modern.csv"
    genuine = _rows(genuine_path)
    planted = _planted(genuine)
    liaison = httpx.Client(base_url=base, headers=world.headers("party_liaison"), timeout=30)
    monitor = httpx.Client(base_url=base, headers=world.headers("monitor"), timeout=30)
    with liaison, monitor:
        sent = liaison.post("/documents/file", files={"file": ("a.csv", _csv(planted))})
        assert sent.status_code == 200, sent.text
        assert (sent.json()["events"], sent.json()["id_space"]) == (
            1, "org:Opposition delegation"
        )  # fmt: skip
        again = liaison.post("/documents/file", files={"file": ("b.csv", _csv(planted))})
        assert (again.json()["events"], again.json()["duplicates"]) == (1 - 1, 1)
        if way == "cli":
            code, out = run("ingest", str(genuine_path), "--db", world.url)
            assert code == 0, out
            assert f"{len(genuine) - 1} stored, 0 duplicates, 0 rejected" in out
        else:
            sent = monitor.post(
                "/documents/file", files={"file": ("acled.csv", genuine_path.read_bytes())}
            )
            assert sent.status_code == 200, sent.text
            assert (sent.json()["events"], sent.json()["id_space"]) == (len(genuine) - 1, "")
        listed = monitor.get("/events", params={"limit": 100}).json()["items"]
    real_id = genuine[1][0]
    under_id = sorted(
        (e["fatalities"], e["submitted_by"], e["organisation"], e["id_space"])
        for e in listed
        if e["event_id_cnty"] == real_id
    )
    genuine_submitter = ("local", "") if way == "cli" else ("monitor", "Russia")
    assert under_id == sorted(
        [
            (40, "party_liaison", "Opposition delegation", "org:Opposition delegation"),
            (int(genuine[1][genuine[0].index("fatalities")]), *genuine_submitter, ""),
        ]
    )
    assert {e["submitted_by"] for e in listed} >= {"test", "party_liaison"}
    # The genuine file still round-trips exactly, and the audit log verifies.
    out_file = tmp_path / "export.csv"
    code, out = run("export", "-o", str(out_file), "--db", world.url)
    assert code == 0, out
    exported = _rows(out_file)
    for row in genuine[1:]:
        assert row in exported
    code, out = run("audit", "verify", "--db", world.url)
    assert (code, "Audit log intact" in out) == (0, True), out


def test_every_list_shows_who_submitted(server: tuple[str, World]) -> None:
    base, world = server
    with httpx.Client(base_url=base, headers=world.headers("party_liaison"), timeout=30) as http:
        sent = http.post("/documents", json={"text": "Shelling in Douma on 9 January 2017."})
        assert sent.status_code == 202, sent.text
        doc = http.get(f"/documents/{sent.json()['document_id']}").json()
        assert (doc["submitted_by"], doc["organisation"]) == (
            "party_liaison", "Opposition delegation"
        )  # fmt: skip
        events = http.get("/events").json()["items"]
        assert [(e["submitted_by"], e["id_space"]) for e in events] == [("test", ""), ("test", "")]
        incident = http.get("/incidents/1").json()
        assert [e["submitted_by"] for e in incident["events"]] == ["test"]
