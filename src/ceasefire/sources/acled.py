"""ACLED CSV exports: the current 31-column schema and the 2016 schema (ally_actor_*, data_id).

Every current column maps onto a record field; columns only older exports have
(data_id, event_id_no_cnty, gwno, ...) are kept verbatim in the row's residual.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ceasefire.events.values import FIELD_INDEX
from ceasefire.sources.csvplan import Column, RowPlan
from ceasefire.sources.fields import FieldError

FORMAT = "acled"
DESCRIPTION = "ACLED CSV export (current and 2016 schemas)"

#: Column names of older exports, mapped to the current names.
COLUMN_ALIASES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
REQUIRED = ("event_date", "event_type", "actor1", "country", "latitude", "longitude")
SIGNATURE = ("event_id_cnty", "event_date", "event_type", "actor1")

_TEXT = (
    "event_id_cnty", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "source", "source_scale", "notes", "tags", "timestamp",
)  # fmt: skip
COLUMNS: tuple[Column, ...] = (
    Column("event_date", "event_date", "date"),
    Column("year", "event_date", "year"),
    Column("time_precision", "time_precision", "int", 1, 3),
    Column("latitude", "latitude", "float", -90, 90),
    Column("longitude", "longitude", "float", -180, 180),
    Column("geo_precision", "geo_precision", "int", 1, 3),
    Column("fatalities", "fatalities", "int", 0, 10**6, default=0),
    *(Column(name, name) for name in _TEXT),
    *(Column(old, new) for old, new in COLUMN_ALIASES.items()),
)
_EVENT_TYPE = FIELD_INDEX["event_type"]


def canonical_column(name: str) -> str:
    return name.strip().lower()


def _check(values: list[Any], _plan: RowPlan, _cells: list[str]) -> None:
    if not values[_EVENT_TYPE]:
        raise FieldError("event_type", "empty; every ACLED row has an event type")


def plan(header: Sequence[str]) -> RowPlan:
    return RowPlan(FORMAT, header, COLUMNS, coder="acled", derive=_check, derive_sets_values=False)
