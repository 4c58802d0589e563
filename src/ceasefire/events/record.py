"""The event record every step exchanges: readers yield it, the store keeps it, exporters write it.

Field names follow ACLED's columns where ACLED has one, so that an ACLED row maps onto a
record one to one; the fields after ``timestamp`` are ceasefire's own (modality, PLOVER code,
provenance of the coding decision).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

#: ACLED's current export columns, in ACLED's order (the 31-column schema).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

MODALITIES = ("observed", "alleged", "denied", "planned")


@dataclass(slots=True)
class EventRecord:
    """One coded event. ``raw`` keeps the original values of the record it came from."""

    event_date: date | None  # None: coded from a text that gives no date and has no reference
    event_type: str = ""
    sub_event_type: str = ""
    event_id_cnty: str = ""
    time_precision: int | None = None
    disorder_type: str = ""
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: str = ""
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: str = ""
    interaction: str = ""
    civilian_targeting: str = ""
    iso: str = ""
    region: str = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str = ""
    source_scale: str = ""
    notes: str = ""
    fatalities: int = 0
    tags: str = ""
    timestamp: str = ""
    # ceasefire's own fields
    plover_code: str = ""
    modality: str = "observed"
    claimant: str = ""
    confidence: float | None = None
    coder: str = ""
    span_start: int | None = None
    span_end: int | None = None
    rules: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO text); the JSON Lines format has one such a line."""
        out = {name: getattr(self, name) for name in RECORD_FIELDS}
        out["event_date"] = self.event_date.isoformat() if self.event_date else None
        out["rules"] = list(self.rules)
        out["raw"] = dict(self.raw)
        return out

    def content_hash(self) -> str:
        """SHA-256 over the record's canonical JSON, stable across processes and databases."""
        return hash_content(self.to_json_dict())


RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(EventRecord))


def canonical_json(data: Any) -> str:
    """Compact JSON with sorted keys: the form every content hash is taken over."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def hash_content(data: Any) -> str:
    """SHA-256 hex digest of ``canonical_json(data)``."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()
