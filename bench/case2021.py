"""CASE 2021 Task 2: the coder's sub-event type against the shared task's test labels.

Codes each snippet of ``../shared/data/dev_case2021_task2_event_snippets.csv`` on its own and
compares its primary event's ACLED sub-event type with the label. Scored like the shared task:
weighted F1 over the rows whose label is one of ACLED's 25 sub-event types (829 rows), printed
beside the best published system (0.839, a fine-tuned transformer; Haneczok et al. 2021), with
per-label precision, recall and F1. The five labels outside ACLED's taxonomy (MAN_MADE_DISASTER,
NATURAL_DISASTER, ORG_CRIME, ATTRIB, DIPLO) must not become ACLED violent events: their rate
of violent events is printed too.

This file is a TEST set. ``--half tune`` keeps only its odd data rows (0-based index 1, 3, 5,
...), the half a rule may be checked against while it is written; ``--half held-out`` the even
rows, which no rule was looked at against: that half's figure is the independent one. No row
or text is printed.

    python bench/case2021.py [--data PATH] [--half all|tune|held-out] [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dev_case2021_task2_event_snippets.csv"
PUBLISHED_BEST = 0.839

#: CASE 2021 Task 2 label -> ACLED sub-event type
ACLED_LABELS = {
    "ARMED_CLASH": "Armed clash",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "CHEM_WEAP": "Chemical weapon",
    "AIR_STRIKE": "Air/drone strike",
    "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
    "SEX_VIOL": "Sexual violence",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
}
OUTSIDE_ACLED = ("MAN_MADE_DISASTER", "NATURAL_DISASTER", "ORG_CRIME", "ATTRIB", "DIPLO")
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")


def weighted_f1(gold: list[str], predicted: list[str]) -> tuple[float, dict[str, dict[str, float]]]:
    """Support-weighted F1 over the gold labels (as scikit-learn's ``average='weighted'``),
    and precision, recall, F1 and support per gold label."""
    support = Counter(gold)
    per: dict[str, dict[str, float]] = {}
    total = 0.0
    for label, n in sorted(support.items()):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        n_pred = sum(1 for p in predicted if p == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[label] = {"precision": precision, "recall": recall, "f1": f1, "support": n}
        total += f1 * n
    return total / len(gold) if gold else 0.0, per


HALVES = {"all": None, "tune": 1, "held-out": 0}


def run(data: Path, limit: int | None = None, half: str = "all") -> dict[str, Any]:
    from ceasefire.coding.extract import code_texts, default_coder
    from ceasefire.coding.inputs import InputText
    from ceasefire.coding.primary import primary_event
    from ceasefire.sources.documents import DocumentRecord

    with data.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    parity = HALVES[half]
    if parity is not None:
        rows = [r for i, r in enumerate(rows) if i % 2 == parity]
    rows = rows[:limit]
    items = [
        InputText(DocumentRecord(kind="article", text=r["notes"]), None, data.name, i + 2, r["id"])
        for i, r in enumerate(rows)
    ]
    labels = {r["id"]: r["sub_event_type"] for r in rows}
    coded: dict[str, Any] = {}
    for item, events in code_texts(items, coder=default_coder()):
        coded[item.row_id] = primary_event(events)
    gold: list[str] = []
    predicted: list[str] = []
    outside = Counter[str]()
    outside_violent = Counter[str]()
    for row_id, label in labels.items():
        event = coded.get(row_id)
        if label in ACLED_LABELS:
            gold.append(ACLED_LABELS[label])
            predicted.append(event.sub_event_type if event is not None else "")
        elif label in OUTSIDE_ACLED:
            outside[label] += 1
            if event is not None and event.event_type in VIOLENT_TYPES:
                outside_violent[label] += 1
    score, per = weighted_f1(gold, predicted)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0
    return {
        "half": half,
        "rows": len(gold),
        "weighted_f1": round(score, 3),
        "accuracy": round(accuracy, 3),
        "published_best": PUBLISHED_BEST,
        "per_label": {k: {m: round(v, 3) for m, v in d.items()} for k, d in per.items()},
        "outside_acled": {
            k: {"rows": outside[k], "coded_violent": outside_violent[k]} for k in OUTSIDE_ACLED
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--half", choices=sorted(HALVES), default="all")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data} is absent: nothing to measure", file=sys.stderr)
        return 1
    result = run(args.data, args.limit, args.half)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"CASE 2021 Task 2 ({args.half} rows), {result['rows']} rows with an ACLED sub-event "
        "type: weighted F1 "
        f"{result['weighted_f1']:.3f} (accuracy {result['accuracy']:.3f}); "
        f"best published {PUBLISHED_BEST:.3f}"
    )
    print(f"{'label':40} {'prec':>5} {'rec':>5} {'F1':>5} {'n':>4}")
    for label, d in sorted(result["per_label"].items(), key=lambda kv: -kv[1]["support"]):
        print(
            f"{label:40} {d['precision']:5.2f} {d['recall']:5.2f} {d['f1']:5.2f} "
            f"{int(d['support']):4d}"
        )
    print("labels outside ACLED's taxonomy, coded as an ACLED violent event:")
    for label, d in result["outside_acled"].items():
        print(f"  {label:20} {d['coded_violent']:3d} of {d['rows']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
