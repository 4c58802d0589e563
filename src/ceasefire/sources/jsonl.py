"""JSON Lines of ceasefire's own event records (``EventRecord.to_json_dict()`` a line).

The same reading serves records the coder writes: a record's content hash is taken over its
canonical JSON, so a record read back, stored and exported again hashes the same.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ceasefire.events.record import MODALITIES, RECORD_FIELDS, EventRecord
from ceasefire.sources.fields import FieldError, parse_date, parse_float, parse_int

FORMAT = "jsonl"
DESCRIPTION = "JSON Lines of ceasefire event records"

_INT_FIELDS = {
    "time_precision": (1, 3),
    "geo_precision": (1, 3),
    "fatalities": (0, 10**6),
    "span_start": (0, 2**62),
    "span_end": (0, 2**62),
}
_FLOAT_FIELDS = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0), "confidence": (0.0, 1.0)}
_KNOWN = set(RECORD_FIELDS)


def _int(name: str, value: Any) -> int | None:
    if value is None or value == "":
        return 0 if name == "fatalities" else None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(name, f"must be a whole number, got {value!r}")
    low, high = _INT_FIELDS[name]
    return parse_int(str(value), name, low=low, high=high)


def _float(name: str, value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(name, f"must be a number, got {value!r}")
    low, high = _FLOAT_FIELDS[name]
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any float
        raise FieldError(name, f"must be between {low} and {high}") from None
    return parse_float(repr(number), name, low=low, high=high)


def parse(obj: dict[str, Any]) -> EventRecord:
    """One JSON object -> an EventRecord; unknown keys and wrong types raise ``FieldError``."""
    unknown = sorted(set(obj) - _KNOWN)
    if unknown:
        raise FieldError(
            unknown[0], "unknown field (the record fields are listed in docs/formats.md)"
        )
    values: dict[str, Any] = {}
    for name, value in obj.items():
        if name == "event_date":
            if not isinstance(value, str):
                raise FieldError(name, "must be a string YYYY-MM-DD")
            values[name] = parse_date(value, name)
        elif name in _INT_FIELDS:
            values[name] = _int(name, value)
        elif name in _FLOAT_FIELDS:
            values[name] = _float(name, value)
        elif name == "rules":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise FieldError(name, "must be a list of strings")
            values[name] = list(value)
        elif name == "raw":
            if not isinstance(value, dict):
                raise FieldError(name, "must be an object")
            values[name] = dict(value)
        else:
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise FieldError(name, f"must be a string, got {type(value).__name__}")
            if "\x00" in value:
                raise FieldError(name, "contains a NUL character")
            values[name] = value
    if (values.get("latitude") is None) is not (values.get("longitude") is None):
        missing = "latitude" if values.get("latitude") is None else "longitude"
        other = "longitude" if missing == "latitude" else "latitude"
        raise FieldError(missing, f"a {other} without a {missing}: give both, or neither")
    if "event_date" not in values:
        raise FieldError("event_date", "missing; every record needs an event date")
    if values.get("modality", "observed") not in MODALITIES:
        raise FieldError("modality", f"must be one of {', '.join(MODALITIES)}")
    event_date: date = values.pop("event_date")
    return EventRecord(event_date=event_date, **values)
