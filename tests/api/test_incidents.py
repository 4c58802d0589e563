"""``/incidents`` and ``/incidents/{id}`` give the very objects the CLI gives, with the same
filters, claims attached, and the role check on both routes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ceasefire.accounts.service import create_user
from ceasefire.agreements.service import store_agreement
from ceasefire.api.app import create_app
from ceasefire.assessment.service import assess_incidents
from ceasefire.cli.main import app as cli
from ceasefire.db.engine import transaction
from ceasefire.db.store import init_store, open_store
from ceasefire.events.incidents import fuse
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file

ASTANA = "astana-2017"


class Khan:
    def __init__(self, url: str, client: TestClient, tokens: dict[str, str]) -> None:
        self.url, self.client, self.tokens = url, client, tokens

    def get(self, path: str, who: str = "observer", **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who in self.tokens else {}
        return self.client.get(path, params=params, headers=headers)

    def cli(self, *args: str) -> Any:
        result = CliRunner().invoke(cli, [*args, "--db", self.url])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def khan(db_url: str, structured: Path) -> Iterator[Khan]:
    init_store(db_url)
    engine = open_store(db_url)
    tokens: dict[str, str] = {}
    try:
        store_agreement(engine, scenario_dir(ASTANA) / "agreement.yaml", actor="test")
        ingest_file(engine, structured / "khan-sheikhoun.jsonl", actor="test")
        with transaction(engine) as session:
            fuse(session, actor="test")
            assess_incidents(session, agreement_id=ASTANA)
            for role in ("observer", "public", "party_liaison"):
                _, tokens[role] = create_user(session=session, name=role, role=role,
                                              organisation="UN", actor="test")  # fmt: skip
    finally:
        engine.dispose()
    app = create_app(db_url, warm_coder=False, background_coding=False)
    with TestClient(app) as client:
        yield Khan(db_url, client, tokens)


@pytest.mark.parametrize(
    ("params", "cli_args", "ids"),
    [
        ({}, (), [1, 2, 3, 4, 5, 6, 7]),
        ({"verdict": "violation"}, ("--verdict", "violation"), [2, 7]),
        ({"zone": "idleb", "verdict": "undetermined"},
         ("--zone", "idleb", "--verdict", "undetermined"), [1, 3, 4, 6]),
        ({"party": "Islamic State (Syria)"}, ("--party", "Islamic State (Syria)"), [5]),
        ({"date_from": "2017-01-21", "date_to": "2017-01-26"},
         ("--from", "2017-01-21", "--to", "2017-01-26"), [4, 5, 6]),
        ({"status": "under_review"}, ("--status", "under_review"), [1, 6]),
        ({"type": "Battles"}, ("--type", "Battles"), [5, 7]),
    ],
)  # fmt: skip
def test_the_list_gives_the_cli_objects(
    khan: Khan, params: dict[str, str], cli_args: tuple[str, ...], ids: list[int]
) -> None:
    response = khan.get("/incidents", agreement=ASTANA, **params)
    assert response.status_code == 200, response.text
    page = response.json()
    assert ([i["id"] for i in page["items"]], page["total"]) == (ids, len(ids))
    assert page["items"] == khan.cli("incidents", "--agreement", ASTANA, *cli_args,
                                     "--format", "json")  # fmt: skip


def test_one_incident_with_its_claims(khan: Khan) -> None:
    response = khan.get("/incidents/2", who="party_liaison", agreement=ASTANA)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body == khan.cli("incident", "show", "2", "--agreement", ASTANA, "--format", "json")
    assert [(c["claimant"], c["accused"], c["incident_id"]) for c in body["claims"]] == [
        ("Opposition Rebels (Syria)", "Military Forces of Syria (2000-)", 3),
        ("Government of Syria (2000-)", "Opposition Rebels (Syria)", 4),
    ]
    assert (body["verdict"], body["zone"], [e["event_id_cnty"] for e in body["events"]]) == (
        "violation", "idleb", ["CF-T-01"],
    )  # fmt: skip
    # without an agreement: the only one it is assessed under
    assert khan.get("/incidents/2").json() == body


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"verdict": "violation"}, "verdict"),
        ({"agreement": ASTANA, "verdict": "maybe"}, "verdict"),
        ({"agreement": ASTANA, "zone": "atlantis"}, "zone"),
    ],
)
def test_bad_filters_are_422_naming_the_field(
    khan: Khan, params: dict[str, str], field: str
) -> None:
    response = khan.get("/incidents", **params)
    assert response.status_code == 422
    assert field in json.dumps(response.json())


@pytest.mark.parametrize(("who", "status"), [("observer", 200), ("public", 403), ("nobody", 403)])
def test_both_routes_check_the_role(khan: Khan, who: str, status: int) -> None:
    assert khan.get("/incidents", who=who).status_code == status
    assert khan.get("/incidents/2", who=who).status_code == status
    if status == 200:
        assert khan.get("/incidents/99", who=who).status_code == 404
