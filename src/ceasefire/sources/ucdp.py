"""UCDP Georeferenced Event Dataset (GED) CSV exports.

UCDP codes dyads and types of violence rather than ACLED's event types; the mapping below is
the conventional one (state-based and non-state conflict -> Battles / Armed clash, one-sided
violence -> Violence against civilians / Attack) and every record names it in ``rules``.
UCDP's own columns (dyad ids, deaths by side, low/high estimates, ...) stay in the residual.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ceasefire.events.values import FIELD_INDEX
from ceasefire.sources.csvplan import Column, RowPlan
from ceasefire.sources.fields import FieldError

FORMAT = "ucdp"
DESCRIPTION = "UCDP GED CSV export"
REQUIRED = ("id", "type_of_violence", "side_a", "side_b", "date_start", "best")
SIGNATURE = ("type_of_violence", "side_a", "side_b", "date_start")

COLUMNS: tuple[Column, ...] = (
    Column("date_start", "event_date", "date"),
    Column("latitude", "latitude", "float", -90, 90),
    Column("longitude", "longitude", "float", -180, 180),
    Column("best", "fatalities", "int", 0, 10**6),
    Column("side_a", "actor1"),
    Column("side_b", "actor2"),
    Column("country", "country"),
    Column("region", "region"),
    Column("adm_1", "admin1"),
    Column("adm_2", "admin2"),
    Column("where_coordinates", "location"),
    Column("source_office", "source"),
    Column("source_headline", "notes"),
)

_VIOLENCE_TYPES = {
    "1": ("Battles", "Armed clash", "ucdp.type1.state_based"),
    "2": ("Battles", "Armed clash", "ucdp.type2.non_state"),
    "3": ("Violence against civilians", "Attack", "ucdp.type3.one_sided"),
}
# UCDP where_prec (1 exact place .. 7 country) -> ACLED geo_precision (1 town .. 3 province).
_WHERE_PREC = {"1": 1, "2": 2, "3": 2, "4": 3, "5": 3, "6": 3, "7": 3}
# UCDP date_prec (1 exact day .. 5 year) -> ACLED time_precision (1 day, 2 week, 3 month).
_DATE_PREC = {"1": 1, "2": 2, "3": 3, "4": 3, "5": 3}
_I = FIELD_INDEX


def _derive(values: list[Any], plan: RowPlan, cells: list[str]) -> None:
    violence = plan.cell(cells, "type_of_violence")
    if violence not in _VIOLENCE_TYPES:
        raise FieldError("type_of_violence", f"expected 1, 2 or 3, got {violence!r}")
    if values[_I["fatalities"]] is None:
        raise FieldError("best", "empty; UCDP's best estimate of deaths is required")
    ged_id = plan.cell(cells, "id")
    if not ged_id:
        raise FieldError("id", "empty; every GED row has an id")
    event_type, sub_event_type, rule = _VIOLENCE_TYPES[violence]
    values[_I["event_type"]] = event_type
    values[_I["sub_event_type"]] = sub_event_type
    values[_I["event_id_cnty"]] = f"UCDP-{ged_id}"
    values[_I["time_precision"]] = _DATE_PREC.get(plan.cell(cells, "date_prec"))
    values[_I["geo_precision"]] = _WHERE_PREC.get(plan.cell(cells, "where_prec"))
    values[_I["rules"]] = json.dumps([rule])


def plan(header: Sequence[str]) -> RowPlan:
    return RowPlan(FORMAT, header, COLUMNS, coder="ucdp", derive=_derive)
