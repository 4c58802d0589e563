"""Typed values: an event as the tuple of columns the ``events`` table stores.

``EventRecord`` is the friendly form; bulk paths work on these lists directly because building
a record object per row costs more than the insert itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from ceasefire.events.record import RECORD_FIELDS, EventRecord

#: Typed columns in order: every EventRecord field but ``raw`` (rules as JSON text).
TYPED_COLUMNS: tuple[str, ...] = tuple(f for f in RECORD_FIELDS if f != "raw")
FIELD_INDEX: dict[str, int] = {name: i for i, name in enumerate(TYPED_COLUMNS)}
_RULES = FIELD_INDEX["rules"]

_EMPTY = EventRecord(event_date=date(1, 1, 1))
DEFAULTS: tuple[Any, ...] = tuple(
    "[]" if name == "rules" else None if name == "event_date" else getattr(_EMPTY, name)
    for name in TYPED_COLUMNS
)


def record_values(record: EventRecord) -> list[Any]:
    values = [getattr(record, name) for name in TYPED_COLUMNS]
    values[_RULES] = json.dumps(record.rules, ensure_ascii=False)
    return values


def values_record(values: Sequence[Any], raw: dict[str, Any] | None = None) -> EventRecord:
    fields = dict(zip(TYPED_COLUMNS, values, strict=True))
    fields["rules"] = json.loads(fields["rules"])
    return EventRecord(**fields, raw=raw or {})
