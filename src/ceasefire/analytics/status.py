"""Is the ceasefire holding, and where not? Status per zone and per party, trend, hotspots.

:func:`holding_status` answers for the ``days`` days up to ``as_of`` (the *window*):

- per zone of the agreement (plus ``(no zone)`` for incidents outside every zone) and per
  party: ``incidents`` (all incidents with their first day in the window), ``violations``
  (assessed a violation by the rules, not allegations), ``verified`` (those the verification
  body verified), ``allegations`` (accusations; for a party, those against it),
  ``fatalities`` (in the violations), ``undetermined`` and ``unassessed`` incidents;
- the same counts for the ``baseline``: the same length of time just before the ceasefire
  took effect (counted as if it had been in force) while the window starts within
  ``baseline_horizon_days`` of its start, else the previous period;
- the ``trend``: the counted violations against the previous period;
- ``status`` per zone from the agreement's thresholds (scaled to the window), with ``why``;
- ``hotspots`` (H3 cells with the most violations) and ``spikes`` (days far above the
  rolling mean of the days before).

Counting is over the incidents' first days, in the agreement's calendar.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ceasefire.actors.registry import ActorRegistry
from ceasefire.agreements.service import get_agreement
from ceasefire.agreements.thresholds import Thresholds
from ceasefire.analytics.hotspots import Hotspot, Spike, find_hotspots, find_spikes
from ceasefire.analytics.window import (
    NO_ZONE,
    UNATTRIBUTED,
    Group,
    Period,
    count_groups,
    first_full_day,
)
from ceasefire.errors import InputError, NotFoundError

__all__ = [
    "Counts", "Hotspot", "PartyStatus", "Period", "Spike", "StatusReport", "Trend",
    "ZoneStatus", "holding_status", "status_periods",
]  # fmt: skip


@dataclass(frozen=True)
class Counts:
    """What happened in one place (zone or party) over one period."""

    incidents: int = 0
    violations: int = 0
    verified: int = 0
    allegations: int = 0
    fatalities: int = 0
    undetermined: int = 0
    unassessed: int = 0

    @classmethod
    def of(cls, groups: Iterable[Group]) -> Counts:
        n = v = ver = alleg = dead = und = unass = 0
        for g in groups:
            k = g.incidents
            n += k
            if g.allegation:
                alleg += k
            elif g.verdict == "violation":
                v += k
                dead += g.fatalities
                ver += k if g.verified else 0
            elif g.verdict == "undetermined":
                und += k
            elif not g.verdict:
                unass += k
        return cls(n, v, ver, alleg, dead, und, unass)

    def counted(self, which: str) -> int:
        """The count the thresholds read: ``violations`` or ``verified``."""
        return self.verified if which == "verified" else self.violations


@dataclass(frozen=True)
class Trend:
    """Counted violations now against the previous period: ``up``, ``down`` or ``flat``."""

    previous: int
    change: int
    direction: str

    @classmethod
    def between(cls, now: int, before: int) -> Trend:
        change = now - before
        return cls(before, change, "up" if change > 0 else "down" if change < 0 else "flat")


@dataclass(frozen=True)
class ZoneStatus(Counts):
    """A zone's counts in the window, its status and why, its baseline and trend."""

    zone: str = ""
    name: str = ""
    status: str = "holding"
    why: str = ""
    baseline: Counts = field(default_factory=Counts)
    trend: Trend = field(default_factory=lambda: Trend(0, 0, "flat"))


@dataclass(frozen=True)
class PartyStatus(Counts):
    """A party's counts in the window (violations attributed to it, allegations against it)."""

    party: str = ""
    side: str = ""
    baseline: Counts = field(default_factory=Counts)
    trend: Trend = field(default_factory=lambda: Trend(0, 0, "flat"))


@dataclass(frozen=True)
class StatusReport:
    """The answer of :func:`holding_status`; :meth:`to_json_dict` is the ``--format json``
    shape."""

    agreement: str
    agreement_name: str
    as_of: date
    cutoff: datetime
    days: int
    window: Period
    previous: Period
    baseline: Period
    thresholds: Thresholds
    zones: list[ZoneStatus]
    parties: list[PartyStatus]
    hotspots: list[Hotspot]
    spikes: list[Spike]
    totals: Counts
    zone: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        def period(p: Period) -> dict[str, Any]:
            return {"from": p.start.isoformat(), "to": p.end.isoformat(), "kind": p.kind}

        def plain(record: Any) -> dict[str, Any]:
            return {k: v for k, v in asdict(record).items()}

        return {
            "agreement": self.agreement,
            "as_of": self.as_of.isoformat(),
            "cutoff": self.cutoff.isoformat(),
            "days": self.days,
            "window": period(self.window),
            "previous": period(self.previous),
            "baseline_period": period(self.baseline),
            "thresholds": {**self.thresholds.model_dump(mode="json"),
                           "rule": self.thresholds.describe()},
            "zones": [_ordered(plain(z), "zone") for z in self.zones],
            "parties": [_ordered(plain(p), "party") for p in self.parties],
            "hotspots": [plain(h) for h in self.hotspots],
            "spikes": [{**plain(s), "date": s.date.isoformat()} for s in self.spikes],
            "totals": plain(self.totals),
            "zone": self.zone,
        }  # fmt: skip


def _ordered(d: dict[str, Any], first: str) -> dict[str, Any]:
    head = [first, "name", "status", "why", "side"]
    return {k: d[k] for k in head if k in d} | {k: v for k, v in d.items() if k not in head}


def status_periods(as_of: date, days: int, start_day: date, horizon: int) -> tuple[Period, ...]:
    """(window, previous period, baseline) for a window of ``days`` ending ``as_of``."""
    window = Period(as_of - timedelta(days=days - 1), as_of, "window")
    previous = window.shifted(days, "previous_period")
    if window.start < start_day + timedelta(days=horizon):
        end = start_day - timedelta(days=1)
        baseline = Period(end - timedelta(days=days - 1), end, "before_ceasefire")
    else:
        baseline = previous.shifted(0, "previous_period")
    return window, previous, baseline


def holding_status(
    session: Session,
    *,
    agreement_id: str,
    as_of: date | None = None,
    days: int = 7,
    zone: str | None = None,
    registry: ActorRegistry | None = None,
) -> StatusReport:
    """Status of ``agreement_id`` per zone and per party over the ``days`` days to ``as_of``.

    ``as_of`` (default: today in the agreement's time zone) is the last day counted; the
    cut-off is the end of that day. ``zone`` (a zone id, or ``(no zone)``) narrows every
    count to the incidents in that zone: the zone table, the parties, hotspots, spikes and
    totals. ``registry`` resolves actors' affiliations when the
    baseline is counted as if the ceasefire had been in force (default: none, parties and
    their listed affiliates only). Raises ``NotFoundError`` for an unknown agreement or zone
    and ``InputError`` for ``days`` < 1 or an ``as_of`` before the ceasefire's first full day.

    Example:
        report = holding_status(session, agreement_id="astana-2017", as_of=date(2017, 1, 31))
        [(z.zone, z.status, z.violations) for z in report.zones]
    """
    agreement = get_agreement(session, agreement_id)
    zone_tz = agreement.local_zone()
    if as_of is None:
        as_of = datetime.now(UTC).astimezone(zone_tz).date()
    if days < 1:
        raise InputError(f"--days must be 1 or more, not {days}", field="days")
    start_day = first_full_day(agreement)
    if as_of < start_day:
        raise InputError(
            f"{agreement_id} took effect on {start_day.isoformat()}; a status as of "
            f"{as_of.isoformat()} would be before it",
            field="as_of",
            hint=f"Give --as-of {start_day.isoformat()} or later.",
        )
    if zone is not None and zone != NO_ZONE and agreement.zone(zone) is None:
        raise NotFoundError(
            f"agreement {agreement_id!r} has no zone {zone!r}",
            hint=f"Its zones: {', '.join(z.id for z in agreement.zones) or 'none'}.",
        )
    declared = agreement.status_thresholds()
    limits = declared.for_window(days)
    window, previous, baseline = status_periods(
        as_of, days, start_day, declared.baseline_horizon_days
    )
    rolling = Period(window.start - timedelta(days=declared.rolling_days), as_of, "rolling")
    counted = count_groups(session, agreement, (window, previous, baseline), rolling,
                           registry=registry)  # fmt: skip
    by_period = {
        "window": counted.groups[window.kind],
        "previous": counted.groups[previous.kind],
        "baseline": counted.groups[baseline.kind],
    }
    daily = counted.daily
    declared_zones = list(agreement.zones)
    if zone is not None:
        declared_zones = [z for z in declared_zones if z.id == zone]
        by_period = {k: [g for g in v if g.zone == zone] for k, v in by_period.items()}
        daily = [d for d in daily if d.zone == zone]
    zones = _zones(declared_zones, by_period, limits, only=zone)
    parties = _parties([(p.actor, p.side) for p in agreement.parties], by_period, limits.counts)
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time(), tzinfo=zone_tz)
    return StatusReport(
        agreement=agreement.id, agreement_name=agreement.name, as_of=as_of,
        cutoff=cutoff.astimezone(UTC), days=days, window=window, previous=previous,
        baseline=baseline, thresholds=limits, zones=zones, parties=parties,
        hotspots=find_hotspots(by_period["window"], declared),
        spikes=find_spikes(daily, window, declared), totals=Counts.of(by_period["window"]),
        zone=zone,
    )  # fmt: skip


def _grouped(rows: list[Group], key: str) -> dict[str, list[Group]]:
    out: dict[str, list[Group]] = defaultdict(list)
    for r in rows:
        out[getattr(r, key)].append(r)
    return out


def _counted(groups: dict[str, list[Group]], key: str, which: str) -> int:
    return Counts.of(groups.get(key, [])).counted(which)


def _zones(
    declared: Iterable[Any], by: dict[str, list[Group]], limits: Thresholds, only: str | None
) -> list[ZoneStatus]:
    now, prev, base = (_grouped(by[k], "zone") for k in ("window", "previous", "baseline"))
    names = [(z.id, z.name) for z in declared]
    if only in (None, NO_ZONE) and (any(NO_ZONE in g for g in (now, prev, base)) or not names):
        names.append((NO_ZONE, "outside every zone"))
    out = []
    for zone_id, name in names:
        c = Counts.of(now.get(zone_id, []))
        counted = c.counted(limits.counts)
        status = limits.status(counted, c.fatalities)
        why = (
            f"{counted} {'verified ' if limits.counts == 'verified' else ''}violation"
            f"{'s' if counted != 1 else ''} and {c.fatalities} death"
            f"{'s' if c.fatalities != 1 else ''} in {limits.per_days} days; "
            f"{limits.describe()}"
        )
        out.append(
            ZoneStatus(
                **asdict(c), zone=zone_id, name=name, status=status, why=why,
                baseline=Counts.of(base.get(zone_id, [])),
                trend=Trend.between(counted, _counted(prev, zone_id, limits.counts)),
            )
        )  # fmt: skip
    return out


def _parties(
    declared: list[tuple[str, str]], by: dict[str, list[Group]], counts: str
) -> list[PartyStatus]:
    groups = [
        _grouped([r for r in by[k] if r.violation or r.allegation], "party")
        for k in ("window", "previous", "baseline")
    ]
    now, prev, base = groups
    names = list(declared)
    if any("" in g for g in groups):
        names.append((UNATTRIBUTED, ""))
    out = []
    for party, side in names:
        key = "" if party == UNATTRIBUTED else party
        c = Counts.of(now.get(key, []))
        out.append(
            PartyStatus(
                **asdict(c), party=party, side=side, baseline=Counts.of(base.get(key, [])),
                trend=Trend.between(c.counted(counts), _counted(prev, key, counts)),
            )
        )  # fmt: skip
    return out
