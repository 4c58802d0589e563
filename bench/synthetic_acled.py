"""Synthetic ACLED-format rows (31-column schema) for benchmarks: made up, not ACLED data."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from ceasefire.events.record import ACLED_COLUMNS

_PLACES = [
    ("Idleb", "Ariha", "Ariha", 35.8133, 36.6106),
    ("Rural Damascus", "Duma", "Douma", 33.5711, 36.4028),
    ("Aleppo", "Jebel Saman", "Aleppo", 36.2021, 37.1343),
    ("Hama", "As-Suqaylabiyah", "Kafr Nabudah", 35.4064, 36.4975),
    ("Dar'a", "Dar'a", "Dar'a", 32.6189, 36.1021),
]
_TYPES = [
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
    ("Political violence", "Violence against civilians", "Attack"),
    ("Demonstrations", "Protests", "Peaceful protest"),
]
_ACTORS = [
    "Military Forces of Syria (2000-)",
    "HTS: Hayat Tahrir al Sham",
    "Opposition Rebels (Syria)",
    "Military Forces of Russia (2000-)",
    "Unidentified Armed Group (Syria)",
]


#: Distinct locations per row: ACLED's Syria rows of 2017-2023 name one location for about
#: every 15 events; one for every 10 keeps caches of repeated coordinates honest.
ROWS_PER_LOCATION = 10


def synthetic_rows(n: int, *, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    locations = max(1, n // ROWS_PER_LOCATION)
    start = date(2020, 3, 6)
    rows = []
    for i in range(n):
        spot = rng.randrange(locations)
        admin1, admin2, loc, lat, lon = _PLACES[spot % len(_PLACES)]
        near = random.Random(spot)  # the same coordinates each time this location comes up
        lat += near.uniform(-0.3, 0.3)
        lon += near.uniform(-0.3, 0.3)
        disorder, etype, sub = rng.choice(_TYPES)
        day = start + timedelta(days=rng.randrange(120))
        values = {
            "event_id_cnty": f"SYNTH{i + 1}",
            "event_date": day.isoformat(),
            "year": str(day.year),
            "time_precision": "1",
            "disorder_type": disorder,
            "event_type": etype,
            "sub_event_type": sub,
            "actor1": rng.choice(_ACTORS),
            "assoc_actor_1": "",
            "inter1": "1",
            "actor2": rng.choice(_ACTORS),
            "assoc_actor_2": "",
            "inter2": "2",
            "interaction": "12",
            "civilian_targeting": "",
            "iso": "760",
            "region": "Middle East",
            "country": "Syria",
            "admin1": admin1,
            "admin2": admin2,
            "admin3": "",
            "location": loc,
            "latitude": f"{lat:.4f}",
            "longitude": f"{lon:.4f}",
            "geo_precision": str(rng.choice((1, 1, 2))),
            "source": "Synthetic Observatory",
            "source_scale": "National",
            "notes": f"On {day.isoformat()}, a synthetic event number {i + 1} near {loc}.",
            "fatalities": str(rng.choice((0, 0, 0, 1, 2, 5))),
            "tags": "",
            "timestamp": "1600000000",
        }
        rows.append([values[c] for c in ACLED_COLUMNS])
    return rows


def write_synthetic_csv(path: Path, n: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(ACLED_COLUMNS)
        writer.writerows(synthetic_rows(n))
    return path
