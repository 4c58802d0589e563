"""Agreement periods of a calendar day: what fusion must not cross.

An agreement's *boundaries* are its start, its end and each guarantor's joining date. A day's
period under one agreement is (in force?, and for each guarantor with a joining date: joined
yet?), each answered yes / no / partly (``None``: the boundary falls inside that day in the
agreement's own time zone). Two events whose days have the same period under every stored
agreement are on the same side of every boundary; fusion keeps all others apart, so no
incident spans a boundary and every verdict is taken under one set of terms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from ceasefire.agreements.schema import Agreement

Period = tuple[object, ...]


def _day_bounds(agreement: Agreement, day: date) -> tuple[datetime, datetime]:
    zone = agreement.local_zone()
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def _after(moment: datetime, start: datetime, end: datetime) -> bool | None:
    """Is the whole day [start, end) at or after ``moment``? None when it falls inside."""
    if moment <= start:
        return True
    if moment >= end:
        return False
    return None


def agreement_period(agreement: Agreement, day: date) -> Period:
    """``day``'s period under one agreement (see the module docstring)."""
    start, end = _day_bounds(agreement, day)
    joined = tuple((g.name, _after(g.joined, start, end)) for g in agreement.guarantors if g.joined)
    return (agreement.id, agreement.covers_time(day), joined)


def day_periods(agreements: Sequence[Agreement]) -> Callable[[date], Period]:
    """A function giving a day's period under every agreement in ``agreements`` (cached)."""
    ordered = sorted(agreements, key=lambda a: a.id)
    cache: dict[date, Period] = {}

    def period(day: date) -> Period:
        found = cache.get(day)
        if found is None:
            found = cache[day] = tuple(agreement_period(a, day) for a in ordered)
        return found

    return period


def boundaries(agreement: Agreement) -> list[tuple[str, datetime]]:
    """The agreement's boundaries in time order: (what, when in UTC)."""
    out = [("start", agreement.effective_from)]
    if agreement.effective_until is not None:
        out.append(("end", agreement.effective_until))
    out.extend((f"{g.name} joins", g.joined) for g in agreement.guarantors if g.joined)
    return sorted(out, key=lambda b: b[1])
