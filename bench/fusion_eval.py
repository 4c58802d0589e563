"""Measure fusion: precision and recall of merges on real Syria data, with pairs to check by hand.

Two measurements (the data files stay in /work/shared/data; nothing of them is written out):

ucdp      UCDP GED Syria rows plus synthetic second-source re-reports of half of them (as for
          acled below). Each GED row is an event UCDP coded apart (its own id), so rows of the
          dataset are never one incident; the gold is: a copy and its original are one incident.
          ``--old-ucdp-gold`` also prints the earlier measurement on the rows alone, whose gold
          called two rows one incident iff same day, same point and same dyad.
acled     ACLED Syria rows (each a distinct event by ACLED's coding) plus synthetic second-source
          re-reports of a random half of them: 30% dated a day later; 70% at the same place and
          point, 30% under another place name moved up to 3 km; another fatality figure; actor1
          cut to its short form. Gold: a copy and its original are one incident; any two ACLED
          rows are not. The synthetic mix is an assumption; change it with --moved.

Rows of the dataset are items of that dataset (``FusionItem.dataset``); copies are not (they
stand for news reports). ``--no-dataset-rule`` treats every row as an unrelated source, as
fusion did before rows of one dataset were kept apart.

Precision = correct merged pairs / merged pairs; recall = correct merged pairs / gold pairs.

    python bench/fusion_eval.py                      # both, default thresholds
    python bench/fusion_eval.py --sweep              # also P/R over day-gap and distance limits
    python bench/fusion_eval.py --pairs 30 --seed 7  # print 30 merged pairs for hand checking
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

from ceasefire.actors.registry import default_registry
from ceasefire.agreements.names import normalise_place
from ceasefire.events import fusion
from ceasefire.events.fusion import FusionItem, cluster, mismatch

DATA = Path("/work/shared/data")
UCDP = "dev_ucdp_ged_syria_other_periods.csv"
ACLED = "dev_acled_syria_2020-04-27_2020-04-30.csv"
UCDP_TYPES = {"1": "Battles", "2": "Battles", "3": "Violence against civilians"}
Row = dict[str, str]


def read(path: Path) -> list[Row]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def to_item(i: int, row: Row, dataset: str = "") -> FusionItem:
    registry = default_registry()
    sides = {registry.side_of(row[a]) for a in ("actor1", "actor2") if row[a].strip()}
    lat, lon = row["latitude"], row["longitude"]
    kind = row["event_type"].split(" ", 1)[0]
    return FusionItem(
        event_id=i, key=f"{i:08d}", day=date.fromisoformat(row["event_date"]),
        source_key=f"row:{i}", event_type=UCDP_TYPES.get(kind, row["event_type"]),
        country=normalise_place(row["country"]), admin1="",
        location=normalise_place(row["location"]),
        lat=float(lat) if lat else None, lon=float(lon) if lon else None,
        sides=frozenset(s for s in sides if s), dataset=dataset, dataset_id=f"{dataset}{i}",
    )  # fmt: skip


def merged_pairs(items: list[FusionItem]) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for group in cluster(items):
        ids = sorted(m.event_id for m in group.members)
        out.update(combinations(ids, 2))
    return out


def score(predicted: set[tuple[int, int]], gold: set[tuple[int, int]]) -> tuple[float, float]:
    hit = len(predicted & gold)
    return (hit / len(predicted) if predicted else 1.0, hit / len(gold) if gold else 1.0)


def ucdp_rows(data: Path, days: int | None, seed: int) -> list[Row]:
    rows = read(data / UCDP)
    if days:
        chosen = sorted({r["event_date"] for r in rows})
        keep = set(random.Random(seed).sample(chosen, min(days, len(chosen))))
        rows = [r for r in rows if r["event_date"] in keep]
    return rows


def ucdp(data: Path, days: int | None, seed: int) -> tuple[list[Row], set[tuple[int, int]]]:
    """The earlier UCDP gold: same day, point and dyad (rows alone, no copies)."""
    rows = read(data / UCDP)
    if days:
        chosen = sorted({r["event_date"] for r in rows})
        keep = set(random.Random(seed).sample(chosen, min(days, len(chosen))))
        rows = [r for r in rows if r["event_date"] in keep]
    key: dict[tuple[str, ...], list[int]] = {}
    for i, r in enumerate(rows):
        dyad = tuple(sorted((r["actor1"], r["actor2"])))
        key.setdefault((r["event_date"], r["latitude"], r["longitude"], *dyad), []).append(i)
    gold = {p for ids in key.values() for p in combinations(ids, 2)}
    return rows, gold


def with_copies(rows: list[Row], seed: int, moved: float) -> tuple[list[Row], set[tuple[int, int]]]:
    """The rows plus synthetic re-reports of half of them (see the module docstring)."""
    rng = random.Random(seed)
    rows = list(rows)
    gold: set[tuple[int, int]] = set()
    for i in range(len(rows)):
        if rng.random() >= 0.5 or not rows[i]["latitude"]:
            continue
        copy = dict(rows[i])
        if rng.random() < 0.3:
            day = date.fromisoformat(copy["event_date"]) + timedelta(days=1)
            copy["event_date"] = day.isoformat()
        if rng.random() < moved:
            bearing, km = rng.uniform(0, 2 * math.pi), rng.uniform(0, 3)
            copy["latitude"] = str(float(copy["latitude"]) + km * math.cos(bearing) / 111.0)
            copy["longitude"] = str(float(copy["longitude"]) + km * math.sin(bearing) / 92.0)
            copy["location"] = copy["location"] + " (nearby)"
        copy["fatalities"] = str(int(copy["fatalities"] or 0) + rng.choice((0, 0, 1, 2)))
        copy["actor1"] = copy["actor1"].split(":")[0].split(" (")[0]
        rows.append(copy)
        gold.add((i, len(rows) - 1))
    return rows, gold


@contextmanager
def thresholds(day_gap: int, km: float, near: float) -> Iterator[None]:
    saved = fusion.MAX_DAY_GAP, fusion.MAX_DISTANCE_KM, fusion.NEAR_KM
    fusion.MAX_DAY_GAP, fusion.MAX_DISTANCE_KM, fusion.NEAR_KM = day_gap, km, near
    try:
        yield
    finally:
        fusion.MAX_DAY_GAP, fusion.MAX_DISTANCE_KM, fusion.NEAR_KM = saved


def show(rows: list[Row], pairs: list[tuple[int, int]], gold: set[tuple[int, int]], n: int,
         title: str, seed: int) -> None:  # fmt: skip
    print(f"\n{title} ({min(n, len(pairs))} of {len(pairs)}):")
    for a, b in random.Random(seed).sample(pairs, min(n, len(pairs))):
        label = "SAME" if (a, b) in gold else "DIFF"
        print(f"  [{label}] {a} ~ {b}")
        for i in (a, b):
            r = rows[i]
            print(f"    {r['event_date']} {r['location'][:28]:28} {r['event_type'][:22]:22} "
                  f"{r['actor1'][:28]:28} | {r['actor2'][:24]:24} f={r['fatalities']:>3} "
                  f"{r['notes'][:90]}")  # fmt: skip


def _same_place_dyad(a: Row, b: Row) -> bool:
    return (a["latitude"], a["longitude"]) == (b["latitude"], b["longitude"]) and sorted(
        (a["actor1"], a["actor2"])
    ) == sorted((b["actor1"], b["actor2"]))


def evaluate(name: str, rows: list[Row], gold: set[tuple[int, int]], args: argparse.Namespace,
             dataset: str = "", originals: int = 0) -> None:  # fmt: skip
    if args.no_dataset_rule:
        dataset = ""
    items = [to_item(i, r, dataset if i < originals else "") for i, r in enumerate(rows)]
    predicted = merged_pairs(items)
    precision, recall = score(predicted, gold)
    print(f"{name}: {len(rows)} rows, {len(gold)} gold pairs, {len(predicted)} merged pairs; "
          f"precision {precision:.3f}, recall {recall:.3f} (day gap <= {fusion.MAX_DAY_GAP}, "
          f"<= {fusion.MAX_DISTANCE_KM:g} km, other names <= {fusion.NEAR_KM:g} km)")  # fmt: skip
    if name == "ucdp-rows":
        lenient = {(a, b) for a, b in predicted if _same_place_dyad(rows[a], rows[b])} | gold
        p, r = score(predicted, lenient)
        print(f"  lenient (adjacent days at one place and dyad count as one): precision {p:.3f}")
    wrong = sorted(predicted - gold)
    reasons: dict[str, int] = {}
    for a, b in wrong:
        ra, rb = rows[a], rows[b]
        why = ("other day" if ra["event_date"] != rb["event_date"] else
               "other place" if (ra["latitude"], ra["longitude"]) != (rb["latitude"],
                                                                     rb["longitude"])
               else "other dyad")  # fmt: skip
        reasons[why] = reasons.get(why, 0) + 1
    print(f"  false merges by what differs: {reasons}")
    missed: dict[str, int] = {}
    for a, b in sorted(gold - predicted):
        why = mismatch(items[a], items[b]) or "complete linkage"
        missed[why] = missed.get(why, 0) + 1
    print(f"  missed merges by the rule that kept them apart: {missed}")
    if args.sweep:
        for gap in (0, 1):
            for km, near in ((10.0, 10.0), (10.0, 5.0), (10.0, 2.0), (10.0, 1.0), (5.0, 1.0)):
                with thresholds(gap, km, near):
                    p, r = score(merged_pairs(items), gold)
                print(f"    day gap <= {gap}, same name <= {km:>4g} km, other names <= "
                      f"{near:>4g} km: precision {p:.3f}, recall {r:.3f}")  # fmt: skip
    if args.pairs:
        show(rows, sorted(predicted), gold, args.pairs, f"{name}: merged pairs to check",
             args.seed)  # fmt: skip
        show(rows, wrong, gold, args.pairs // 2, f"{name}: merges the gold calls wrong",
             args.seed)  # fmt: skip
        show(rows, sorted(gold - predicted), gold, args.pairs // 2, f"{name}: missed merges",
             args.seed)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--only", choices=("ucdp", "acled"))
    parser.add_argument("--days", type=int, default=None, help="UCDP: a sample of N days.")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--pairs", type=int, default=0, help="Print N pairs for hand checking.")
    parser.add_argument("--moved", type=float, default=0.3, help="acled: share of copies "
                        "under another name up to 3 km away.")  # fmt: skip
    parser.add_argument("--sweep", action="store_true", help="P/R over other thresholds.")
    parser.add_argument("--no-dataset-rule", action="store_true",
                        help="Treat every dataset row as an unrelated source.")  # fmt: skip
    parser.add_argument("--old-ucdp-gold", action="store_true",
                        help="Also score UCDP rows alone against same day+point+dyad.")  # fmt: skip
    args = parser.parse_args()
    if args.only in (None, "ucdp"):
        rows = ucdp_rows(args.data, args.days, args.seed)
        evaluate("ucdp+copies", *with_copies(rows, args.seed, args.moved), args, "ucdp",
                 len(rows))  # fmt: skip
        if args.old_ucdp_gold:
            evaluate("ucdp-rows", *ucdp(args.data, args.days, args.seed), args, "ucdp",
                     len(rows))  # fmt: skip
    if args.only in (None, "acled"):
        rows = read(args.data / ACLED)
        evaluate("acled+copies", *with_copies(rows, args.seed, args.moved), args, "acled",
                 len(rows))  # fmt: skip


if __name__ == "__main__":
    main()
