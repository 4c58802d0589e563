"""Storing agreements: successions checked against the stored agreements, nothing half-stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ceasefire.agreements.models import AgreementRow
from ceasefire.agreements.service import store_agreement, store_agreement_text
from ceasefire.audit.models import AuditEntryRow
from ceasefire.db.engine import session_factory
from ceasefire.errors import InputError
from ceasefire.scenarios import scenario_dir

from .conftest import BASE_YAML

NEXT = (
    BASE_YAML.replace("id: test-ceasefire", "id: next-ceasefire")
    .replace("effective_from: 2016-12-30T00:00:00", "effective_from: 2017-07-01T00:00:00")
    .replace("effective_until: 2017-06-30T00:00:00", "follows: test-ceasefire")
)


def counts(engine: Engine) -> tuple[int, int]:
    with session_factory(engine)() as session:
        agreements = session.scalar(select(func.count()).select_from(AgreementRow)) or 0
        entries = session.scalar(select(func.count()).select_from(AuditEntryRow)) or 0
        return agreements, entries


@pytest.mark.parametrize(
    ("first", "second", "line", "field", "message"),
    [
        pytest.param(
            BASE_YAML, NEXT.replace("2017-07-01T00:00:00", "2017-06-01T00:00:00"),
            4, "effective_from",
            "'next-ceasefire' starts (2017-05-31T21:00:00+00:00) before its predecessor "
            "'test-ceasefire' (stored) ends (2017-06-29T21:00:00+00:00)",
            id="successor-starts-before-predecessor-ends",
        ),
        pytest.param(
            BASE_YAML.replace("effective_until: 2017-06-30T00:00:00\n", ""), NEXT, 5, "follows",
            "before its predecessor 'test-ceasefire' (stored) ends (open-ended)",
            id="predecessor-without-end",
        ),
        pytest.param(
            NEXT.replace("2017-07-01T00:00:00", "2017-06-01T00:00:00"),
            BASE_YAML.replace("effective_until: 2017-06-30T00:00:00",
                              "effective_until: 2017-06-30T00:00:00\nsuperseded_by: x"),
            5, "effective_until",
            "its successor 'next-ceasefire' (stored) starts (2017-05-31T21:00:00+00:00) before "
            "'test-ceasefire' ends (2017-06-29T21:00:00+00:00)",
            id="predecessor-loaded-second",
        ),
    ],
)  # fmt: skip
def test_a_successor_may_not_start_before_its_predecessor_ends(
    engine: Engine, first: str, second: str, line: int, field: str, message: str
) -> None:
    store_agreement_text(engine, first, source="first.yaml")
    before = counts(engine)
    with pytest.raises(InputError) as caught:
        store_agreement_text(engine, second, source="second.yaml")
    err = caught.value
    assert (err.source, err.line, err.field) == ("second.yaml", line, field)
    assert message in err.reason
    assert counts(engine) == before  # nothing stored, no audit entry


def test_a_proper_succession_is_stored(engine: Engine) -> None:
    store_agreement_text(engine, BASE_YAML, source="first.yaml")
    _, outcome = store_agreement_text(engine, NEXT, source="second.yaml")
    assert outcome == "stored"
    assert counts(engine)[0] == 2


def test_the_scenarios_follow_each_other(engine: Engine, tmp_path: Path) -> None:
    for name in ("de-escalation-2017", "astana-2017"):
        _, outcome = store_agreement(engine, scenario_dir(name) / "agreement.yaml")
        assert outcome == "stored"
