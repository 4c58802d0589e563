"""The questions an agreement answers for the violation rules, and its JSON form."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from ceasefire.agreements.loader import parse_agreement
from ceasefire.agreements.schema import Agreement

DAMASCUS_WINTER = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        pytest.param(datetime(2016, 12, 29, 21, 59, tzinfo=UTC), False, id="minute-before"),
        pytest.param(datetime(2016, 12, 29, 22, 0, tzinfo=UTC), True, id="start-instant"),
        pytest.param(datetime(2016, 12, 30, 0, 0, tzinfo=DAMASCUS_WINTER), True, id="local-start"),
        pytest.param(datetime(2017, 6, 29, 20, 59, tzinfo=UTC), True, id="last-minute"),
        pytest.param(datetime(2017, 6, 29, 21, 0, tzinfo=UTC), False, id="end-is-exclusive"),
        pytest.param(date(2016, 12, 29), False, id="day-before"),
        pytest.param(date(2016, 12, 30), True, id="first-day"),
        pytest.param(date(2017, 6, 29), True, id="last-day"),
        pytest.param(date(2017, 6, 30), False, id="day-after"),
    ],
)
def test_covers_time(agreement: Agreement, when: datetime | date, expected: bool) -> None:
    assert agreement.covers_time(when) is expected


def test_covers_time_refuses_naive_datetimes(agreement: Agreement) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        agreement.covers_time(datetime(2017, 1, 1, 12, 0))


def test_day_partly_in_force_is_undetermined(base_yaml: str) -> None:
    text = base_yaml.replace("2016-12-30T00:00:00", "2016-12-30T12:00:00", 1)
    a = parse_agreement(text, source="x.yaml")
    assert a.covers_time(date(2016, 12, 30)) is None
    assert a.covers_time(date(2016, 12, 31)) is True


SCOPED_YAML_SCOPE = """\
scope:
  countries: [Syria]
  admin1: [Idleb]
  polygons:
    - coordinates: [[[36.5, 35.9], [37.0, 35.9], [37.0, 36.3], [36.5, 36.3], [36.5, 35.9]]]
"""


@pytest.fixture
def idlib_scoped(base_yaml: str) -> Agreement:
    text = base_yaml.replace("scope:\n  countries: [Syria]\n", SCOPED_YAML_SCOPE)
    return parse_agreement(text, source="x.yaml")


@pytest.mark.parametrize(
    ("country", "admin1", "lat", "lon", "expected"),
    [
        pytest.param("Syria", "Idleb", None, None, True, id="listed-admin1"),
        pytest.param("syria", "idleb", None, None, True, id="case-insensitive"),
        pytest.param("Syria", "Aleppo", 36.1, 36.8, True, id="inside-polygon"),
        pytest.param("Syria", "Aleppo", 36.2, 37.16, False, id="outside-polygon"),
        pytest.param("Syria", "Aleppo", None, None, None, id="admin1-not-listed-no-point"),
        pytest.param("Syria", None, 36.2, 37.16, None, id="no-admin1-outside-polygon"),
        pytest.param("Turkey", "Hatay", 36.2, 36.16, False, id="other-country"),
        pytest.param(None, "Idleb", None, None, None, id="no-country"),
    ],
)
def test_covers_place_with_admin1_and_polygons(
    idlib_scoped: Agreement,
    country: str | None,
    admin1: str | None,
    lat: float | None,
    lon: float | None,
    expected: bool | None,
) -> None:
    assert idlib_scoped.covers_place(country, admin1, lat, lon) is expected


@pytest.mark.parametrize(
    ("country", "expected"),
    [("Syria", True), ("SYRIA", True), ("Lebanon", False), ("", None)],
)
def test_covers_place_country_only(agreement: Agreement, country: str, expected: bool) -> None:
    assert agreement.covers_place(country, "Rural Damascus") is expected


@pytest.mark.parametrize(
    ("actor", "party_actor"),
    [
        ("Military Forces of Syria (2000-)", "Military Forces of Syria (2000-)"),
        ("military forces of syria (2000-)", "Military Forces of Syria (2000-)"),
        ("Military Forces of Syria (2000-) Prison Guards", "Military Forces of Syria (2000-)"),
        ("Hezbollah", "Military Forces of Syria (2000-)"),
        ("NDF: National Defense Forces", "Military Forces of Syria (2000-)"),
        ("Opposition Rebels (Syria)", "Opposition Rebels (Syria)"),
        ("Jaish  al   Islam", "Opposition Rebels (Syria)"),
        ("Islamic State (Syria)", None),
        ("Military Forces of Syria", None),
        ("", None),
    ],
)
def test_is_party(agreement: Agreement, actor: str, party_actor: str | None) -> None:
    party = agreement.is_party(actor)
    assert (party.actor if party else None) == party_actor


def test_side_of(agreement: Agreement) -> None:
    assert agreement.side_of("Hezbollah") == "government"
    assert agreement.side_of("Jaish al Islam") == "opposition"
    assert agreement.side_of("Civilians (Syria)") is None


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("Islamic State (Syria)", True),
        ("islamic state (syria)", True),
        ("JFS: Jabhat Fateh al Sham", True),
        ("Islamic State (Iraq)", False),
        ("Opposition Rebels (Syria)", False),
        ("", False),
    ],
)
def test_is_excluded(agreement: Agreement, actor: str, expected: bool) -> None:
    assert agreement.is_excluded(actor) is expected


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Battles", "Armed clash", True),
        ("Battles", None, True),
        ("battles", "", True),
        ("Explosions/Remote violence", "Air/drone strike", True),
        ("Violence against civilians", "Attack", True),
        ("Violence against civilians", "Abduction/forced disappearance", False),
        ("Violence against civilians", None, None),
        ("Protests", "Peaceful protest", False),
        ("Strategic developments", "Agreement", False),
    ],
)
def test_prohibits(
    agreement: Agreement, event_type: str, sub_event_type: str | None, expected: bool | None
) -> None:
    assert agreement.prohibits(event_type, sub_event_type) is expected


@pytest.mark.parametrize(
    ("admin1", "admin2", "lat", "lon", "zone_id"),
    [
        pytest.param("Rural Damascus", None, 33.615, 36.17, "wadi-barada", id="polygon-first"),
        pytest.param("Rural Damascus", None, 33.57, 36.40, "damascus", id="admin1"),
        pytest.param("Rural-Damascus", None, None, None, "damascus", id="hyphen-as-space"),
        pytest.param("Rural Damascus", "Al-Tall", None, None, "al-tall", id="admin2-before-admin1"),
        pytest.param("Idleb", None, 35.93, 36.63, None, id="no-zone"),
        pytest.param(None, None, None, None, None, id="nothing-known"),
    ],
)
def test_zone_of(
    agreement: Agreement,
    admin1: str | None,
    admin2: str | None,
    lat: float | None,
    lon: float | None,
    zone_id: str | None,
) -> None:
    zone = agreement.zone_of(admin1, admin2, lat, lon)
    assert (zone.id if zone else None) == zone_id


def test_zone_by_id(agreement: Agreement) -> None:
    zone = agreement.zone("damascus")
    assert zone is not None and zone.admin1 == ["Damascus", "Rural Damascus"]
    assert agreement.zone("nowhere") is None


@pytest.mark.parametrize(
    ("quorum", "members", "expected"),
    [
        ("unanimous", None, 3),
        ("unanimous", 2, 2),
        ("majority", None, 2),
        ("majority", 2, 2),
        ("{n: 2}", None, 2),
        ("{n: 3}", 2, 2),
    ],
)
def test_votes_needed(base_yaml: str, quorum: str, members: int | None, expected: int) -> None:
    a = parse_agreement(base_yaml.replace("quorum: unanimous", f"quorum: {quorum}"), source="x")
    assert a.verification.votes_needed(members) == expected


@pytest.mark.parametrize(
    ("when", "members"),
    [
        (datetime(2017, 1, 10, tzinfo=UTC), ["Russia", "Turkey"]),
        (datetime(2017, 1, 23, 22, 0, tzinfo=UTC), ["Russia", "Turkey", "Iran"]),
    ],
)
def test_voting_members_follow_when_guarantors_joined(
    agreement: Agreement, when: datetime, members: list[str]
) -> None:
    assert agreement.voting_members(when) == members


def test_monitors_vote_from_the_start(base_yaml: str) -> None:
    text = base_yaml.replace(
        "members: [Russia, Turkey, Iran]", "members: [Russia, Iran, Joint Monitoring Team]"
    )
    a = parse_agreement(text, source="x.yaml")
    early = datetime(2017, 1, 1, tzinfo=UTC)
    assert a.voting_members(early) == ["Russia", "Joint Monitoring Team"]


def test_json_round_trip_keeps_everything(agreement: Agreement) -> None:
    again = Agreement.from_json(agreement.to_json())
    assert again == agreement
    assert again.content_hash() == agreement.content_hash()
    assert again.is_party("Hezbollah") is not None


def test_json_is_canonical_utc(agreement: Agreement) -> None:
    text = agreement.to_json()
    assert text.startswith('{"description":"","effective_from":"2016-12-29T22:00:00Z",')
    assert ", " not in text.split('"name"')[0]


def test_content_hash_is_sha256_of_canonical_json(agreement: Agreement) -> None:
    expected = hashlib.sha256(agreement.to_json().encode("utf-8")).hexdigest()
    assert agreement.content_hash() == expected
    assert len(expected) == 64


def test_content_hash_changes_with_any_term(base_yaml: str, agreement: Agreement) -> None:
    text = base_yaml.replace("[Attack]", "[Attack, Sexual violence]")
    changed = parse_agreement(text, source="x")
    assert changed.content_hash() != agreement.content_hash()


def test_models_are_frozen(agreement: Agreement) -> None:
    with pytest.raises(ValidationError):
        agreement.name = "changed"  # type: ignore[misc]
