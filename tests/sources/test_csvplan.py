"""Row plans: typed values plus residual rebuild a row's cells exactly, whatever their form."""

from __future__ import annotations

import json

import pytest

from ceasefire.actors.ids import IdResolver
from ceasefire.actors.registry import default_registry
from ceasefire.events.record import ACLED_COLUMNS
from ceasefire.events.store import ROW_HASH, ROW_VALUES, WRITE_COLUMNS, insert_sql, with_actor_ids
from ceasefire.events.values import FIELD_INDEX
from ceasefire.sources import acled, ucdp
from ceasefire.sources.fields import FieldError

BASE = dict.fromkeys(ACLED_COLUMNS, "")
BASE.update(
    event_id_cnty="T1", event_date="2017-01-14", year="2017", event_type="Battles",
    actor1="Military Forces of Syria (2000-)", country="Syria", latitude="33.65",
    longitude="36.1667", fatalities="3",
)  # fmt: skip


def cells(**changes: str) -> list[str]:
    row = {**BASE, **changes}
    return [row[c] for c in ACLED_COLUMNS]


PLAN = acled.plan(list(ACLED_COLUMNS))


@pytest.mark.parametrize(
    ("changes", "residual"),
    [
        ({}, {}),
        ({"latitude": "33.6500"}, {"latitude": "33.6500"}),
        ({"fatalities": ""}, {"fatalities": ""}),
        ({"fatalities": "03"}, {"fatalities": "03"}),
        ({"event_date": "14 January 2017"}, {"event_date": "14 January 2017"}),
        ({"geo_precision": "1.0"}, {"geo_precision": "1.0"}),
        ({"notes": "a\x1fb, with the separator"}, {}),
        ({"year": ""}, {"year": ""}),
    ],
)
def test_rebuild_gives_back_the_cells(changes: dict[str, str], residual: dict[str, str]) -> None:
    row = cells(**changes)
    stored = PLAN.insert_row(1, 2, row)
    assert json.loads(stored[ROW_VALUES - 1]) == residual
    assert PLAN.rebuild(stored[ROW_VALUES:], residual) == row


def test_extra_columns_are_kept_in_the_residual() -> None:
    header = [*ACLED_COLUMNS, "data_id"]
    plan = acled.plan(header)
    stored = plan.insert_row(1, 2, [*cells(), "9001"])
    assert json.loads(stored[ROW_VALUES - 1]) == {"data_id": "9001"}


def test_same_cells_same_hash_and_any_change_changes_it() -> None:
    first = PLAN.insert_row(1, 2, cells())[ROW_HASH]
    assert PLAN.insert_row(7, 9, cells())[ROW_HASH] == first
    assert PLAN.insert_row(1, 2, cells(notes="x"))[ROW_HASH] != first
    other_layout = acled.plan([*ACLED_COLUMNS, "data_id"])
    assert other_layout.insert_row(1, 2, [*cells(), ""])[ROW_HASH] != first


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"latitude": "nan"}, "latitude", "not a number: 'nan'"),
        ({"latitude": "3_3"}, "latitude", "not a number: '3_3'"),
        ({"latitude": "\u0663\u0663"}, "latitude", "write the number with ASCII digits"),
        ({"latitude": ""}, "latitude", "a longitude without a latitude"),
        ({"longitude": ""}, "longitude", "a latitude without a longitude"),
        ({"fatalities": "1e3"}, "fatalities", "not a whole number: '1e3'"),
        ({"fatalities": "\u0661\u0662"}, "fatalities", "write the number with ASCII digits"),
        ({"fatalities": "\u06f1\u06f2"}, "fatalities", "write the number with ASCII digits"),
        ({"fatalities": "1_000"}, "fatalities", "not a whole number: '1_000'"),
        ({"fatalities": " 3"}, "fatalities", "not a whole number: ' 3'"),
        ({"fatalities": "9" * 5000}, "fatalities", "has 5000 characters"),
        ({"event_date": "0001-01-01"}, "event_date", "outside the plausible range"),
        ({"event_date": "9999-12-31"}, "event_date", "outside the plausible range"),
        ({"longitude": "181"}, "longitude", "outside [-180, 180]"),
        ({"geo_precision": "4"}, "geo_precision", "outside [1, 3]"),
        ({"fatalities": "-1"}, "fatalities", "outside"),
        ({"fatalities": "2.5"}, "fatalities", "not a whole number"),
        ({"event_date": "2017-02-30"}, "event_date", "not a date"),
        ({"year": "2016"}, "year", "does not match"),
        ({"event_type": ""}, "event_type", "every ACLED row has an event type"),
    ],
)
def test_bad_cells_name_their_column(changes: dict[str, str], field: str, message: str) -> None:
    with pytest.raises(FieldError) as err:
        PLAN.insert_row(1, 2, cells(**changes))
    assert err.value.field == field
    assert message in str(err.value)


def test_ucdp_maps_type_of_violence() -> None:
    header = ["id", "type_of_violence", "side_a", "side_b", "date_start", "best", "where_prec"]
    plan = ucdp.plan(header)
    stored = plan.insert_row(1, 2, ["5", "3", "IS", "Civilians", "2017-01-21", "2", "4"])
    values = stored[ROW_VALUES:]
    assert values[FIELD_INDEX["event_type"]] == "Violence against civilians"
    assert values[FIELD_INDEX["geo_precision"]] == 3
    assert plan.rebuild(values, json.loads(stored[ROW_VALUES - 1]))[1] == "3"


def test_insert_sql_matches_the_row_width() -> None:
    """What is written is the insert row followed by its actor ids (``with_actor_ids``)."""
    resolver = IdResolver(default_registry())
    written = with_actor_ids([PLAN.insert_row(1, 2, cells())], resolver)[0]
    assert insert_sql("qmark").count("?") == len(written) == len(WRITE_COLUMNS)
