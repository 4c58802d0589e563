"""Score the coder against ACLED-format gold: the library behind ``ceasefire eval``.

Each gold row's text (``notes``) is coded on its own, its primary event compared with the row.
Old (pre-2019) ACLED event types in the gold are mapped to the current ones first; sub-event
types are scored only where the gold has one; location counts as right within 25 km of the gold
coordinates; admin1 names are compared after folding spelling variants ("Idleb" / "Idlib").
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from ceasefire.coding.extract import code_texts
from ceasefire.coding.inputs import InputText, read_inputs
from ceasefire.coding.pipeline import Coder
from ceasefire.coding.primary import primary_event
from ceasefire.events.record import EventRecord
from ceasefire.events.taxonomy import normalise_event_type

FIELDS = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location_25km",
    "admin1",
    "fatalities",
    "event_date",
)
LOCATION_KM = 25.0
NO_EVENT = "(no event)"


@dataclass
class FieldScore:
    """How often one field was right."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class Mismatch:
    """One field of one gold row the coder got wrong."""

    row_id: str
    line: int | None
    field: str
    gold: str
    predicted: str
    text: str


@dataclass
class EvalReport:
    """Per-field accuracy, the event-type confusion matrix and the mismatches."""

    gold_path: str
    rows: int = 0
    rows_with_event: int = 0
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)

    def accuracy(self, name: str) -> float | None:
        """Accuracy of one field (None when no gold row had a value for it)."""
        return self.fields[name].accuracy

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (mismatches left out; see ``mismatches``)."""
        return {
            "gold": self.gold_path,
            "rows": self.rows,
            "rows_with_event": self.rows_with_event,
            "fields": {
                name: {
                    "accuracy": None if s.accuracy is None else round(s.accuracy, 4),
                    "correct": s.correct,
                    "total": s.total,
                }
                for name, s in self.fields.items()
            },
            "confusion": self.confusion,
        }

    def to_json_text(self) -> str:
        """``to_json`` as indented text."""
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def fold_admin(name: str) -> str:
    """An admin1 name folded for comparison: no accents, article, hyphens or generic words."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(governorate|province|region|state|oblast|department|muhafazat)\b", "", text)
    text = re.sub(r"\b(a[dlnrst]|el|ad-|ar-|as-)[- ]", "", text)
    text = re.sub(r"[^a-z]", "", text)
    return text.replace("ee", "i").replace("e", "i").replace("ou", "u").replace("y", "i")


def same_admin1(gold: str, predicted: str) -> bool:
    """True when two admin1 names are spellings of one division."""
    g, p = fold_admin(gold), fold_admin(predicted)
    if not g or not p:
        return False
    if g == p or g in p or p in g:
        return True
    from rapidfuzz.fuzz import ratio

    return bool(ratio(g, p) >= 85)


def _norm(value: str) -> str:
    return " ".join(value.split()).lower()


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def score_row(gold: dict[str, str], event: EventRecord | None) -> dict[str, tuple[bool, str, str]]:
    """field -> (right?, gold value, predicted value) for the fields the gold row has."""
    out: dict[str, tuple[bool, str, str]] = {}
    g_type, g_sub = normalise_event_type(gold.get("event_type", ""), gold.get("sub_event_type", ""))
    p_type = event.event_type if event else ""
    p_sub = event.sub_event_type if event else ""
    if g_type:
        ok = g_type == p_type
        if gold.get("event_type", "").strip().lower() == "riots/protests":
            ok = p_type in ("Protests", "Riots")  # the old type did not tell them apart
        out["event_type"] = (ok, g_type, p_type)
    if g_sub:
        out["sub_event_type"] = (g_sub == p_sub, g_sub, p_sub)
    if "actor1" in gold:
        p = event.actor1 if event else ""
        out["actor1"] = (_norm(gold["actor1"]) == _norm(p), gold["actor1"], p)
    if "actor2" in gold:
        p = event.actor2 if event else ""
        out["actor2"] = (_norm(gold["actor2"]) == _norm(p), gold["actor2"], p)
    glat, glon = _float(gold.get("latitude", "")), _float(gold.get("longitude", ""))
    if glat is not None and glon is not None:
        ok, shown = False, ""
        if event is not None and event.latitude is not None and event.longitude is not None:
            km = haversine_km((glat, glon), (event.latitude, event.longitude))
            ok, shown = km <= LOCATION_KM, f"{event.location} ({km:.0f} km)"
        out["location_25km"] = (ok, gold.get("location", ""), shown)
    if gold.get("admin1"):
        p = event.admin1 if event else ""
        out["admin1"] = (same_admin1(gold["admin1"], p), gold["admin1"], p)
    if gold.get("fatalities", "").strip():
        p = str(event.fatalities) if event else ""
        out["fatalities"] = (gold["fatalities"].strip() == p, gold["fatalities"].strip(), p)
    if gold.get("event_date"):
        p = event.event_date.isoformat() if event and event.event_date else ""
        out["event_date"] = (gold["event_date"].strip()[:10] == p, gold["event_date"], p)
    return out


def evaluate(
    gold_path: str | Path,
    *,
    text_column: str = "notes",
    date_column: str | None = None,
    id_column: str | None = None,
    limit: int | None = None,
    country_column: str | None = None,
    progress: Callable[[int], None] | None = None,
    coder: Coder | None = None,
) -> EvalReport:
    """Code every gold row's text and score its primary event against the row.

    The reference date of a row is the value of ``date_column`` (none by default, so dates
    must come from the text itself). ``country_column`` tells the coder each row's country, as
    an ACLED coder working on one country knows it (off by default: the text must say it).
    """
    report = EvalReport(gold_path=str(gold_path))
    items = read_inputs(
        [gold_path],
        text_column=text_column,
        date_column=date_column,
        id_column=id_column,
        country_column=country_column,
    )
    if limit is not None:
        items = islice(items, limit)
    confusion: dict[str, Counter[str]] = {}
    for item, events in code_texts(items, coder=coder, progress=progress):
        _score(report, confusion, item, primary_event(events))
    report.confusion = {g: dict(c.most_common()) for g, c in sorted(confusion.items())}
    return report


def _score(
    report: EvalReport,
    confusion: dict[str, Counter[str]],
    item: InputText,
    event: EventRecord | None,
) -> None:
    report.rows += 1
    report.rows_with_event += event is not None
    for name, (ok, gold, predicted) in score_row(item.fields, event).items():
        score = report.fields[name]
        score.total += 1
        score.correct += ok
        if not ok:
            report.mismatches.append(
                Mismatch(item.row_id, item.line, name, gold, predicted, item.document.text[:300])
            )
    g_type, _ = normalise_event_type(item.fields.get("event_type", ""))
    if g_type:
        confusion.setdefault(g_type, Counter())[event.event_type if event else NO_EVENT] += 1
