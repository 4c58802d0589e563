"""Fusion in the store: incidents, sources and disagreements, re-runs, splitting."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from ceasefire.accounts.service import create_user
from ceasefire.agreements.service import store_agreement
from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import session_factory, transaction
from ceasefire.errors import ConflictError, PermissionDeniedError
from ceasefire.events.incident_models import FusionOverrideRow, IncidentEventRow, IncidentRow
from ceasefire.events.incidents import fuse, keep_apart, split_event
from ceasefire.events.record import EventRecord
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.ingest import ingest_file

SHELLING = EventRecord(
    event_date=date(2017, 1, 9),
    event_type="Explosions/Remote violence",
    sub_event_type="Shelling/artillery/missile attack",
    actor1="Military Forces of Syria (2000-)",
    actor2="Opposition Rebels (Syria)",
    country="Syria",
    admin1="Rural Damascus",
    location="Douma",
    latitude=33.5715,
    longitude=36.404,
    geo_precision=1,
    source="SOHR",
    fatalities=3,
)


def store(engine: Engine, path: Path, *records: EventRecord) -> None:
    path.write_text("".join(json.dumps(r.to_json_dict()) + "\n" for r in records))
    ingest_file(engine, path, actor="test")


def incidents(engine: Engine) -> list[tuple[int, list[int]]]:
    with session_factory(engine)() as session:
        links = session.scalars(select(IncidentEventRow).order_by(IncidentEventRow.event_id))
        out: dict[int, list[int]] = {}
        for link in links:
            out.setdefault(link.incident_id, []).append(link.event_id)
        return sorted(out.items())


def test_two_sources_make_one_incident_keeping_every_figure(engine: Engine, tmp_path: Path) -> None:
    store(
        engine, tmp_path / "a.jsonl",
        SHELLING,
        replace(SHELLING, source="AFP; Reuters", fatalities=5, event_date=date(2017, 1, 10),
                location="Duma", latitude=33.5725, longitude=36.4031, geo_precision=2),
        replace(SHELLING, source="SANA", fatalities=0),
    )  # fmt: skip
    with transaction(engine) as session:
        summary = fuse(session, actor="test")
    assert (summary.new_events, summary.incidents_created) == (3, 1)
    with session_factory(engine)() as session:
        (inc,) = session.scalars(select(IncidentRow)).all()
        assert (inc.date_from, inc.date_to) == (date(2017, 1, 9), date(2017, 1, 10))
        assert (inc.location, inc.event_count, inc.source_count) == ("Douma", 3, 3)
        assert (inc.fatalities, inc.fatalities_min, inc.fatalities_max) == (3, 0, 5)
        assert inc.sources == "AFP; Reuters; SANA; SOHR"
        assert json.loads(inc.disagreements) == {
            "event_date": ["2017-01-09", "2017-01-10"],
            "fatalities": [0, 3, 5],
            "location": ["Douma", "Duma"],
        }
        assert inc.status == "reported" and not inc.allegation
        assert verify_store(session).ok


def test_allegations_form_their_own_incident(engine: Engine, tmp_path: Path) -> None:
    accusation = replace(
        SHELLING, modality="alleged", claimant="Opposition Rebels (Syria)", source="AFP"
    )
    store(engine, tmp_path / "a.jsonl", SHELLING, accusation)
    with transaction(engine) as session:
        fuse(session)
    assert sorted(members for _, members in incidents(engine)) == [[1], [2]]
    with session_factory(engine)() as session:
        flagged = session.get_one(IncidentRow, session.get_one(IncidentEventRow, 2).incident_id)
        assert (flagged.allegation, flagged.claimant) == (True, "Opposition Rebels (Syria)")


def test_rerun_is_idempotent_and_new_events_join_existing_ids(
    engine: Engine, tmp_path: Path
) -> None:
    store(engine, tmp_path / "a.jsonl", SHELLING, replace(SHELLING, location="Daraa",
          latitude=32.6189, longitude=36.1021))  # fmt: skip
    with transaction(engine) as session:
        fuse(session)
    before = incidents(engine)
    with transaction(engine) as session:
        again = fuse(session)
    assert (again.new_events, incidents(engine)) == (0, before)
    store(engine, tmp_path / "b.jsonl", replace(SHELLING, source="AFP", fatalities=4))
    with transaction(engine) as session:
        later = fuse(session)
    assert (later.incidents_created, later.incidents_extended) == (0, 1)
    assert incidents(engine) == [(1, [1, 3]), (2, [2])]


def test_split_undoes_a_merge_and_later_runs_respect_it(engine: Engine, tmp_path: Path) -> None:
    store(engine, tmp_path / "a.jsonl", SHELLING, replace(SHELLING, source="AFP"))
    with transaction(engine) as session:
        fuse(session)
        monitor, _ = create_user(session=session, name="m", role="monitor", organisation="UN")
        liaison, _ = create_user(session=session, name="p", role="party_liaison")
    with transaction(engine) as session, pytest.raises(PermissionDeniedError):
        split_event(session=session, event_id=2, user=liaison, reason="no")
    with transaction(engine) as session:
        new = split_event(session=session, event_id=2, user=monitor, reason="other street")
        assert new.id == 2
        with pytest.raises(ConflictError, match="already alone"):
            split_event(session=session, event_id=2, user=monitor, reason="again")
    store(engine, tmp_path / "b.jsonl", replace(SHELLING, source="Reuters"))
    with transaction(engine) as session:
        fuse(session)
    assert incidents(engine) == [(1, [1, 3]), (2, [2])]
    with session_factory(engine)() as session:
        (override,) = session.scalars(select(FusionOverrideRow)).all()
        assert (override.kind, override.event_a, override.event_b) == ("split", 1, 2)
        assert session.get_one(IncidentRow, 1).event_count == 2
        assert verify_store(session).ok


def test_keep_apart_splits_a_shared_incident_and_blocks_later_merges(
    engine: Engine, tmp_path: Path
) -> None:
    store(engine, tmp_path / "a.jsonl", SHELLING, replace(SHELLING, source="AFP"))
    with transaction(engine) as session:
        fuse(session)
        monitor, _ = create_user(session=session, name="m", role="monitor")
        split = keep_apart(session=session, event_a=1, event_b=2, user=monitor, reason="two")
        assert split is not None and split.id == 2
        assert (
            keep_apart(session=session, event_a=2, event_b=1, user=monitor, reason="again") is None
        )
        assert len(session.scalars(select(FusionOverrideRow)).all()) == 1
    assert incidents(engine) == [(1, [1]), (2, [2])]


ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,"
    "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp\n"
)


def acled_row(event_id: str, day: str, source: str) -> str:
    return (
        f"{event_id},{day},2017,1,Political violence,Battles,Armed clash,"
        "Military Forces of Syria (2000-),,State forces,Opposition Rebels (Syria),,Rebel group,"
        "State forces-Rebel group,,760,Middle East,Syria,Rural Damascus,Al Tall,,Basima,"
        f"33.5990,36.2030,1,{source},National,Clashes around Basima.,2,,1487000000\n"
    )


BASIMA = replace(
    SHELLING, event_type="Battles", sub_event_type="Armed clash", location="Basima",
    latitude=33.599, longitude=36.203, source="SOHR",
)  # fmt: skip


@pytest.mark.parametrize(
    ("days", "with_agreement", "groups", "why"),
    [
        ((date(2016, 12, 29), date(2016, 12, 30)), True, 2,
         "the truce starts at 00:00 on 30 Dec: one clash before it, one under it"),
        ((date(2016, 12, 29), date(2016, 12, 30)), False, 1,
         "no agreement stored: nothing to keep apart"),
        ((date(2017, 1, 23), date(2017, 1, 24)), True, 2,
         "Iran joins the guarantors on 24 Jan: two verification bodies"),
        ((date(2017, 1, 24), date(2017, 1, 25)), True, 1, "both after Iran joined"),
        ((date(2017, 5, 5), date(2017, 5, 6)), True, 2,
         "the truce ends where the memorandum begins (its file is not even stored)"),
    ],
)  # fmt: skip
def test_fusion_never_crosses_an_agreement_boundary(
    engine: Engine, tmp_path: Path, days: tuple[date, date], with_agreement: bool, groups: int,
    why: str,
) -> None:  # fmt: skip
    if with_agreement:
        store_agreement(engine, scenario_dir("astana-2017") / "agreement.yaml")
    store(engine, tmp_path / "a.jsonl", replace(BASIMA, event_date=days[0]),
          replace(BASIMA, event_date=days[1], source="Reuters"))  # fmt: skip
    with transaction(engine) as session:
        fuse(session)
    assert len(incidents(engine)) == groups, why


@pytest.mark.parametrize(
    ("rows", "report", "expected", "why"),
    [
        ([("SYR1", "2017-01-09", "SOHR"), ("SYR2", "2017-01-10", "SOHR")], None,
         [(1, [1]), (2, [2])], "two ACLED events on consecutive days are two happenings"),
        ([("SYR1", "2017-01-09", "SOHR")], "SOHR", [(1, [1, 2])],
         "a news report of the ACLED event joins it"),
    ],
)  # fmt: skip
def test_rows_of_one_dataset_stay_distinct(
    engine: Engine, tmp_path: Path, rows: list[tuple[str, str, str]], report: str | None,
    expected: list[tuple[int, list[int]]], why: str,
) -> None:  # fmt: skip
    path = tmp_path / "acled.csv"
    path.write_text(ACLED_HEADER + "".join(acled_row(*r) for r in rows), encoding="utf-8")
    ingest_file(engine, path, actor="test")
    if report is not None:
        store(engine, tmp_path / "r.jsonl", replace(BASIMA, source=report))
    with transaction(engine) as session:
        fuse(session)
    assert incidents(engine) == expected, why


@pytest.mark.parametrize(
    ("sources", "count", "why"),
    [
        (("SOHR", "AFP", "SANA"), 3, "three sources"),
        (("SOHR", "SOHR; AFP", "Syrian Observatory for Human Rights"), 1,
         "every report rests on the Observatory"),
        (("SOHR; Reuters", "SOHR", "Reuters"), 2, "SOHR and Reuters, once each"),
    ],
)  # fmt: skip
def test_source_count_counts_independent_sources(
    engine: Engine, tmp_path: Path, sources: tuple[str, ...], count: int, why: str
) -> None:
    store(engine, tmp_path / "a.jsonl", *(replace(SHELLING, source=s) for s in sources))
    with transaction(engine) as session:
        fuse(session)
    with session_factory(engine)() as session:
        (inc,) = session.scalars(select(IncidentRow)).all()
        assert (inc.event_count, inc.source_count) == (len(sources), count), why
        assert verify_store(session).ok
