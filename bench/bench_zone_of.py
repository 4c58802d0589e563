"""``Agreement.zone_of`` (indexed and memoised, ``agreements/zones.py``) against the plain walk
over the zones in file order that it replaced, on every scenario's agreement.

Places: ``--points`` points (default 20,000) on a grid over Syria, each asked with an admin1
name too, as fusion, reports and the dashboard ask per event; ``--places`` distinct places
(default 2,000) repeat as ACLED's locations do. Both lookups answer the same (checked), timed
in the same run: the ratio printed is indexed time / walk time (first pass over fresh
agreements, and a second pass with the memo warm).

Usage: python bench/bench_zone_of.py [--points 20000] [--places 2000]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from ceasefire.agreements.loader import load_agreement
from ceasefire.agreements.names import normalise_place
from ceasefire.agreements.schema import Agreement, Zone
from ceasefire.scenarios import scenario_dir

SCENARIOS = ("astana-2017", "de-escalation-2017", "idlib-2020")
ADMIN1 = (None, "Idleb", "Rural Damascus", "Dar'a", "Homs", "Hama", "Aleppo", "Lattakia")
Place = tuple[str | None, float, float]


def walk(agreement: Agreement, admin1: str | None, lat: float, lon: float) -> Zone | None:
    """The lookup as it was: every polygon, then admin names folded on every call."""
    for zone in agreement.zones:
        if zone.polygon is not None and zone.polygon.contains(lon, lat):
            return zone
    if admin1:
        wanted = normalise_place(admin1)
        for zone in agreement.zones:
            if wanted in {normalise_place(n) for n in zone.admin1}:
                return zone
    return None


def timed(places: list[Place], ask: Callable[[str | None, float, float], Zone | None]) -> float:
    start = time.perf_counter()
    for admin1, lat, lon in places:
        ask(admin1, lat, lon)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--places", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(7)
    distinct = [
        (rng.choice(ADMIN1), round(rng.uniform(32.3, 37.3), 4), round(rng.uniform(35.7, 42.3), 4))
        for _ in range(args.places)
    ]
    places = [rng.choice(distinct) for _ in range(args.points)]
    for name in SCENARIOS:
        path = scenario_dir(name) / "agreement.yaml"
        plain, indexed = load_agreement(path), load_agreement(path)
        for admin1, lat, lon in distinct:
            expected = walk(plain, admin1, lat, lon)
            found = indexed.zone_of(admin1, None, lat, lon)
            assert (found.id if found else None) == (expected.id if expected else None)
        fresh = load_agreement(path)
        base = timed(places, lambda a, la, lo, terms=plain: walk(terms, a, la, lo))
        first = timed(places, lambda a, la, lo, terms=fresh: terms.zone_of(a, None, la, lo))
        warm = timed(places, lambda a, la, lo, terms=fresh: terms.zone_of(a, None, la, lo))
        per = 1e6 / len(places)
        print(
            f"{name}: {len(plain.zones)} zones, {len(places)} lookups of {len(distinct)} places: "
            f"walk {base * per:.2f} us, indexed {first * per:.2f} us (ratio {first / base:.3f}), "
            f"memo warm {warm * per:.2f} us (ratio {warm / base:.3f})"
        )


if __name__ == "__main__":
    main()
