"""What a stored value may be for later steps to work on it: plausible dates and coordinates.

Readers refuse implausible values at ingest (``sources.fields``); the steps after ingest
(fusion, assessment) check again what they read, because a value can reach the store another
way (an older version, a row written by hand): a bad record is skipped and reported, never a
crash for every user.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from ceasefire.errors import InputError

#: The first event date ceasefire accepts; ACLED starts in 1997, UCDP GED in 1989.
FIRST_DAY = date(1900, 1, 1)


def last_day(today: date | None = None) -> date:
    """The last event date accepted: one year after today (scheduled, planned events)."""
    today = today or date.today()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def date_problem(value: object, today: date | None = None) -> str | None:
    """Why ``value`` is not a plausible event date, or None."""
    if not isinstance(value, date):
        return f"not a date: {value!r}"
    latest = last_day(today)
    if not FIRST_DAY <= value <= latest:
        return f"{value.isoformat()} is outside the plausible range {FIRST_DAY} to {latest}"
    return None


def require_plausible_date(value: date | None, field: str) -> None:
    """Refuse a reference date (``--date``, ``reference_date``) outside the plausible range."""
    problem = None if value is None else date_problem(value)
    if problem is not None:
        raise InputError(problem, field=field, hint="Give the date the texts were published.")


def coordinates_problem(latitude: object, longitude: object) -> str | None:
    """Why a latitude/longitude pair cannot be used, or None (both absent is fine)."""
    if latitude is None and longitude is None:
        return None
    if latitude is None:
        return "a longitude without a latitude"
    if longitude is None:
        return "a latitude without a longitude"
    for name, value, bound in (("latitude", latitude, 90.0), ("longitude", longitude, 180.0)):
        if not isinstance(value, int | float) or not math.isfinite(value) or abs(value) > bound:
            return f"{name} {value!r} is outside [-{bound:g}, {bound:g}]"
    return None


@dataclass(frozen=True)
class SkippedRecord:
    """A stored record a step could not work on, and why."""

    kind: str
    id: int
    reason: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}: {self.reason}"


def event_problem(
    event_date: object, latitude: object, longitude: object, today: date | None = None
) -> str | None:
    """Why a stored event cannot be fused or assessed, or None."""
    problem = date_problem(event_date, today)
    if problem is not None:
        return f"event_date {problem}"
    return coordinates_problem(latitude, longitude)
