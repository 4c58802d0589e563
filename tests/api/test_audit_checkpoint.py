"""GET /audit/checkpoint over a real uvicorn server: the same signed head the CLI writes."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from ceasefire.audit.checkpoint import parse_checkpoint
from ceasefire.audit.tree import verify_checkpoint
from ceasefire.db.engine import session_factory
from ceasefire.db.store import open_store

from .conftest import seed
from .live_server import serve


@pytest.mark.parametrize(("who", "status"), [("observer", 200), ("public", 403)])
def test_checkpoint_over_http(db_url: str, tmp_path: Path, who: str, status: int) -> None:
    world = seed(db_url, tmp_path)
    with serve(world.url) as base:
        answer = httpx.get(f"{base}/audit/checkpoint", headers=world.headers(who), timeout=30)
    assert answer.status_code == status, answer.text
    if status != 200:
        return
    body = answer.json()
    assert (body["format"], body["size"]) == ("ceasefire-audit-checkpoint/1", 11)
    cp = parse_checkpoint(answer.text, source="GET /audit/checkpoint")
    engine = open_store(world.url)
    with session_factory(engine)() as session:
        result = verify_checkpoint(session, cp, source="GET /audit/checkpoint")
    engine.dispose()
    assert (result.problem, result.size) == (None, 11)
