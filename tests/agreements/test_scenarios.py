"""The scenario files load, follow our formats, and agree with their agreements."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from ceasefire.agreements.loader import load_agreement
from ceasefire.agreements.schema import Agreement
from ceasefire.agreements.taxonomy import ACLED_EVENT_TYPES
from ceasefire.events.record import MODALITIES, RECORD_FIELDS, EventRecord
from ceasefire.sources.feeds import read_feed
from ceasefire.sources.html import read_html
from ceasefire.sources.text import read_text

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SYRIA_ADMIN1 = {
    "Damascus", "Rural Damascus", "Aleppo", "Idleb", "Hama", "Homs", "Lattakia", "Tartous",
    "Dar'a", "Quneitra", "As-Sweida", "Deir-ez-Zor", "Ar-Raqqa", "Al-Hasakeh",
}  # fmt: skip
PLOVER_CODES = {"ACCUSE", "AGREE", "CONSULT"}


def load_reports(name: str) -> list[dict[str, Any]]:
    path = SCENARIOS / name / "reports.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def to_record(row: dict[str, Any]) -> EventRecord:
    return EventRecord(**{**row, "event_date": date.fromisoformat(row["event_date"])})


@pytest.fixture(scope="module")
def astana() -> Agreement:
    return load_agreement(SCENARIOS / "astana-2017" / "agreement.yaml")


@pytest.fixture(scope="module")
def memorandum() -> Agreement:
    return load_agreement(SCENARIOS / "de-escalation-2017" / "agreement.yaml")


@pytest.fixture(scope="module")
def idlib() -> Agreement:
    return load_agreement(SCENARIOS / "idlib-2020" / "agreement.yaml")


def test_astana_agreement_terms(astana: Agreement) -> None:
    assert astana.effective_from == datetime(2016, 12, 29, 22, 0, tzinfo=UTC)
    # Ends where the de-escalation memorandum takes over: 00:00 on 6 May 2017, Damascus time.
    assert astana.effective_until == datetime(2017, 5, 5, 21, 0, tzinfo=UTC)
    assert astana.superseded_by == "de-escalation-2017"
    assert astana.covers_time(date(2017, 5, 5)) is True
    assert astana.covers_time(date(2020, 3, 10)) is False
    assert [g.name for g in astana.guarantors] == ["Russia", "Turkey", "Iran"]
    assert astana.guarantors[2].joined == datetime(2017, 1, 23, 22, 0, tzinfo=UTC)
    assert astana.observers == ["United States", "European Union", "United Nations"]
    assert astana.verification.quorum == "unanimous"
    assert astana.voting_members(datetime(2017, 1, 14, tzinfo=UTC)) == ["Russia", "Turkey"]
    assert astana.side_of("Hezbollah") == "government"
    assert astana.side_of("Jaish al Islam") == "opposition"
    assert astana.is_excluded("JFS: Jabhat Fateh al Sham")
    assert [a.event_type for a in astana.prohibited_acts] == [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
    ]


def test_idlib_agreement_terms(idlib: Agreement) -> None:
    assert idlib.effective_from == datetime(2020, 3, 5, 22, 0, tzinfo=UTC)
    assert [g.name for g in idlib.guarantors] == ["Russia", "Turkey"]
    assert idlib.verification.members == ["Russia", "Turkey"]
    assert idlib.is_excluded("HTS: Hayat Tahrir al Sham")
    assert idlib.side_of("Military Forces of Turkey (2016-)") == "opposition"


def test_memorandum_terms(memorandum: Agreement, astana: Agreement) -> None:
    assert memorandum.effective_from == astana.effective_until
    assert (memorandum.follows, memorandum.effective_until) == ("astana-2017", None)
    assert [g.name for g in memorandum.guarantors] == ["Russia", "Turkey", "Iran"]
    assert all(g.joined is None for g in memorandum.guarantors)
    assert [z.id for z in memorandum.zones] == ["idlib", "north-homs", "eastern-ghouta", "south"]
    assert memorandum.is_excluded("HTS: Hayat Tahrir al Sham")


@pytest.mark.parametrize(
    ("place", "lat", "lon", "zone"),
    [
        ("Idleb city", 35.93, 36.63, "idlib"),
        ("Kafr Zita (northern Hama)", 35.37, 36.60, "idlib"),
        ("Atarib (western Aleppo)", 36.14, 36.83, "idlib"),
        ("Jisr al-Shughur", 35.81, 36.32, "idlib"),
        ("Rastan", 34.93, 36.73, "north-homs"),
        ("Talbiseh", 34.84, 36.73, "north-homs"),
        ("Douma", 33.57, 36.40, "eastern-ghouta"),
        ("Daraa city", 32.62, 36.10, "south"),
        ("Nawa", 32.89, 36.04, "south"),
        ("Quneitra", 33.13, 35.82, "south"),
        ("Aleppo city (government-held)", 36.20, 37.16, None),
        ("Homs city (government-held)", 34.73, 36.71, None),
        ("Damascus", 33.51, 36.29, None),
        ("As-Sweida (government-held)", 32.71, 36.57, None),
        ("Raqqa (Islamic State)", 35.95, 39.01, None),
    ],
)  # fmt: skip
def test_memorandum_zones(
    memorandum: Agreement, place: str, lat: float, lon: float, zone: str | None
) -> None:
    found = memorandum.zone_of(None, None, lat, lon)
    assert (found.id if found else None) == zone, place
    assert memorandum.covers_place("Syria", None, lat, lon) is (zone is not None), place


@pytest.mark.parametrize(
    ("place", "lat", "lon", "zone", "covered"),
    [
        ("Saraqib", 35.8625, 36.8053, "m4-corridor", True),
        ("Ariha", 35.8131, 36.6069, "m4-corridor", True),
        ("Jisr al-Shughur", 35.8125, 36.3192, "m4-corridor", True),
        ("Idleb city", 35.9306, 36.6339, "idleb", True),
    ],
)
def test_idlib_zones(
    idlib: Agreement, place: str, lat: float, lon: float, zone: str, covered: bool
) -> None:
    found = idlib.zone_of("Idleb", None, lat, lon)
    assert found is not None and found.id == zone, place
    assert idlib.covers_place("Syria", "Idleb", lat, lon) is covered


@pytest.mark.parametrize(
    ("admin1", "lat", "lon", "covered"),
    [
        ("Aleppo", 36.1389, 36.8297, True),  # Atarib, western Aleppo countryside
        ("Aleppo", 36.2021, 37.1343, False),  # Aleppo city
        ("Hama", 35.63, 36.33, True),  # northern Sahl al-Ghab
        ("Lattakia", 35.5317, 35.7901, False),  # Lattakia city
    ],
)
def test_idlib_scope_beyond_idleb(
    idlib: Agreement, admin1: str, lat: float, lon: float, covered: bool
) -> None:
    assert idlib.covers_place("Syria", admin1, lat, lon) is covered


@pytest.mark.parametrize("name", ["astana-2017", "de-escalation-2017", "idlib-2020"])
def test_reports_follow_the_event_record_format(name: str) -> None:
    rows = load_reports(name)
    prefix = {"astana-2017": "CF-AST-", "de-escalation-2017": "CF-DES-", "idlib-2020": "CF-IDL-"}[
        name
    ]
    assert [r["event_id_cnty"] for r in rows] == [
        f"{prefix}{i:04d}" for i in range(1, len(rows) + 1)
    ]
    for row in rows:
        assert set(row) == set(RECORD_FIELDS), row["event_id_cnty"]
        record = to_record(row)
        assert record.to_json_dict() == row
        assert record.sub_event_type in ACLED_EVENT_TYPES[record.event_type]
        assert record.modality in MODALITIES
        assert record.coder == "scenario"
        assert record.fatalities >= 0
        assert record.notes.startswith(("On ", "Around "))
        assert record.source and record.source_scale
        assert record.latitude is not None and -90 <= record.latitude <= 90
        assert record.longitude is not None and -180 <= record.longitude <= 180
        assert record.geo_precision in (1, 2, 3)
        if record.modality == "alleged":
            assert record.claimant and record.plover_code == "ACCUSE"
        if record.plover_code:
            assert record.plover_code in PLOVER_CODES
            assert record.event_type == "Strategic developments"
        if record.country == "Syria":
            assert record.admin1 in SYRIA_ADMIN1 | {""}
            assert 32.3 <= record.latitude <= 37.4 and 35.6 <= record.longitude <= 42.4


def test_astana_report_window_and_size() -> None:
    rows = load_reports("astana-2017")
    assert 25 <= len(rows) <= 40
    dates = [r["event_date"] for r in rows]
    assert dates == sorted(dates)
    assert dates[0] < "2016-12-30" <= dates[-1] <= "2017-02-28"


@pytest.mark.parametrize(
    ("event_id", "zone", "in_time", "excluded_target"),
    [
        ("CF-AST-0001", "wadi-barada", False, False),  # offensive begins before the truce
        ("CF-AST-0006", "wadi-barada", True, False),  # strikes hours after the truce began
        ("CF-AST-0008", "idleb", True, True),  # strike on JFS near Sarmada
        ("CF-AST-0013", "eastern-ghouta", True, False),  # Douma shelled
        ("CF-AST-0017", "wadi-barada", True, False),  # negotiator killed
        ("CF-AST-0038", "damascus", True, False),  # Qaboun
    ],
)
def test_astana_reports_meet_the_agreement(
    astana: Agreement, event_id: str, zone: str, in_time: bool, excluded_target: bool
) -> None:
    row = next(r for r in load_reports("astana-2017") if r["event_id_cnty"] == event_id)
    record = to_record(row)
    found = astana.zone_of(record.admin1, record.admin2, record.latitude, record.longitude)
    assert found is not None and found.id == zone
    assert astana.covers_time(record.event_date) is in_time
    assert astana.is_excluded(record.actor2) is excluded_target


def test_talks_abroad_are_outside_the_scope(astana: Agreement) -> None:
    abroad = [r for r in load_reports("astana-2017") if r["country"] != "Syria"]
    assert {r["location"] for r in abroad} == {"Astana"}
    for row in abroad:
        assert astana.covers_place(row["country"], row["admin1"]) is False


ARTICLES = SCENARIOS / "astana-2017" / "articles"


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.name)
def test_articles_have_headers(path: Path) -> None:
    doc = read_text(path)
    assert doc.title and doc.publisher == "ceasefire scenario desk"
    assert doc.published_at is not None
    assert path.name.startswith(doc.published_at.date().isoformat())
    assert doc.source_line == 5


def test_html_article() -> None:
    doc = read_html(ARTICLES / "2017-02-07-idlib-strikes.html")
    assert doc.title == "Dawn air strikes kill at least 26 in Idlib city"
    assert doc.published_at == datetime(2017, 2, 7, 14, 0, tzinfo=UTC)
    assert "Related" not in doc.text and "Home" not in doc.text
    assert doc.text.count("\n\n") == 3


def test_feed() -> None:
    items = read_feed(ARTICLES / "feed.xml")
    assert [i.title for i in items] == [
        "Nationwide truce to start at midnight",
        "Rebels freeze Astana talks over Wadi Barada",
        "Air strikes hit besieged al-Waer in Homs",
    ]
    assert all(i.published_at is not None for i in items)
