"""UCDP GED place names (CC BY 4.0): clean a GED CSV's location labels into places.

Two layouts are read: GED event rows (``location``, ``admin1``, ``latitude``, ``longitude``)
and the GED place list (``where_coordinates``, ``adm_1``, ``latitude``, ``longitude``,
``where_prec``, ``events``: one row per labelled point, as in
``ucdp_ged_syria_places_2016-2019.csv``). A label used at points more than
``SAME_PLACE_KM`` apart (two villages of one name) gives one place per point.

UCDP labels name a place and its kind ("Aleppo town", "Ein Terma suburb", "Afrin district",
"Jabal al Akrad mountain"); labels for roads, borders, front lines and whole governorates
are left out. The extract is written to ``sources/ucdp_ged_places.tsv`` and committed, so
the gazetteer build does not need the GED file.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ceasefire.places.geo import haversine_km
from ceasefire.places.names import ascii_spelling, normalise_place_name

__all__ = [
    "SAME_PLACE_KM",
    "UcdpPlace",
    "clean_admin1_name",
    "clean_ucdp_label",
    "extract_ucdp_places",
    "read_ucdp_tsv",
    "write_ucdp_tsv",
]

Admin1Table = dict[tuple[str, str], tuple[str, list[str]]]

_ADMIN_SUFFIX = re.compile(
    r"\s+(Governorate|Province|Oblast|District|State|Region|Division|Department|Rayon|"
    r"Municipality|Prefecture)$",
    re.IGNORECASE,
)
_ADMIN_PREFIX = re.compile(r"^(Muhafazat|Mohafazat)\s+", re.IGNORECASE)


def clean_admin1_name(name: str) -> str:
    """ASCII admin1 name without "Governorate"/"Province"-like words, as ACLED writes them."""
    name = re.sub("'", "", ascii_spelling(name)).strip()
    name = _ADMIN_PREFIX.sub("", name)
    return _ADMIN_SUFFIX.sub("", name) or name


_UCDP_SKIP = re.compile(
    r"(governorate|\bborder\b|\broad\b|highway|\bbetween\b|junction|\boperation\b|"
    r"\benclave\b|triangle|\beast of\b|\bwest of\b|\bnear\b|^syria$|^northern syria$)",
    re.IGNORECASE,
)
_UCDP_KINDS = {
    "town": "town",
    "village": "village",
    "villge": "village",
    "villae": "village",
    "city": "city",
    "suburb": "district",
    "district": "admin2",
    "locality": "village",
    "mountain": "region",
    "hill": "region",
    "hills": "region",
    "area": "region",
    "plain": "region",
    "plains": "region",
    "desert": "region",
    "island": "region",
}
_UCDP_SITE_WORDS = re.compile(
    r"\b(field|fields|oilfield|airport|airbase|base|camp|dam|checkpoint|prison|complex|"
    r"station|reservoir|ruins|sector|mills|farm|farms|brigade|center|project|pan)\b",
    re.IGNORECASE,
)
_UCDP_REGION_WORDS = re.compile(r"^(jabal|tulul|jaroud|sahl|wadi)\b|ghouta|qalamoun|pocket", re.I)
_UCDP_DISTRICT_PREFIX = re.compile(r"^(mintaqat\s+)?(markaz\s+)?", re.IGNORECASE)


@dataclass
class UcdpPlace:
    """One UCDP GED location: the label as UCDP wrote it, cleaned names and the coordinates."""

    label: str
    name: str
    alt_names: list[str]
    latitude: float
    longitude: float
    admin1: str
    feature: str
    events: int


def _ucdp_admin1(label: str, table: Admin1Table) -> str:
    if not label:
        return ""
    want = normalise_place_name(re.sub(r"\s+Governorate$", "", label))
    for (cc, geonames_name), (name, variants) in table.items():
        if cc == "SY" and want in {
            normalise_place_name(n) for n in [geonames_name, name, *variants]
        }:
            return name
    return clean_admin1_name(label)


def clean_ucdp_label(label: str) -> tuple[str, list[str], str] | None:
    """``(name, alternate names, feature)`` for a UCDP location label, None to skip it."""
    label = " ".join(label.split())
    if not label or _UCDP_SKIP.search(label) or " – " in label:
        return None
    alts: list[str] = []
    bracket = re.search(r"\(([^)]*)\)", label)
    core = re.sub(r"\s*\([^)]*\)\s*", " ", label).strip()
    words = core.split()
    kind = words[-1].lower() if len(words) > 1 else ""
    feature = _UCDP_KINDS.get(kind)
    if feature is not None and not _UCDP_SITE_WORDS.search(" ".join(words[:-1])):
        core = " ".join(words[:-1])
    elif _UCDP_SITE_WORDS.search(core):
        feature = "site"
    elif _UCDP_REGION_WORDS.search(core):
        feature = "region"
    else:
        feature = "village"
    if feature == "admin2":
        core = _UCDP_DISTRICT_PREFIX.sub("", core)
    parts = [p.strip() for p in core.split("/") if p.strip()]
    if not parts:
        return None
    name, alts = parts[0], parts[1:]
    if bracket and feature in ("town", "village", "city"):
        alts.append(bracket.group(1).strip())
    if label != name:
        alts.append(label)
    return name, alts, feature


#: Points of one label farther apart than this are different places.
SAME_PLACE_KM = 10.0

Point = tuple[float, float]
Points = dict[str, Counter[Point]]
Admin1Votes = dict[tuple[str, Point], Counter[str]]


def _read_points(path: Path, coords: Points, admin1: Admin1Votes) -> None:
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            label = " ".join((row.get("location") or row.get("where_coordinates") or "").split())
            try:
                lat, lon = float(row["latitude"]), float(row["longitude"])
                weight = int(float(row.get("events") or 1))
            except (KeyError, ValueError):
                continue
            if label and weight > 0:
                point = (round(lat, 5), round(lon, 5))
                coords[label][point] += weight
                admin1[(label, point)][row.get("admin1") or row.get("adm_1") or ""] += weight


def _clusters(points: Counter[Point]) -> list[tuple[Point, int]]:
    """The label's points grouped within SAME_PLACE_KM: (most used point, events) each."""
    groups: list[list[tuple[Point, int]]] = []
    for point, n in sorted(points.items(), key=lambda pn: (-pn[1], pn[0])):
        for group in groups:
            if haversine_km(group[0][0], point) <= SAME_PLACE_KM:
                group.append((point, n))
                break
        else:
            groups.append([(point, n)])
    return [(group[0][0], sum(n for _, n in group)) for group in groups]


def extract_ucdp_places(
    ged_csvs: Path | Sequence[Path], admin1_table: Admin1Table
) -> list[UcdpPlace]:
    """Distinct place labels of UCDP GED CSVs (event rows or the place list) with their most
    used coordinates; one place per cluster of points of a label."""
    paths = [ged_csvs] if isinstance(ged_csvs, Path) else list(ged_csvs)
    coords: Points = defaultdict(Counter)
    admin1: Admin1Votes = defaultdict(Counter)
    for path in paths:
        _read_points(path, coords, admin1)
    places = []
    for label in sorted(coords):
        cleaned = clean_ucdp_label(label)
        if cleaned is None:
            continue
        name, alts, feature = cleaned
        for (lat, lon), events in _clusters(coords[label]):
            province = admin1[(label, (lat, lon))].most_common(1)[0][0]
            places.append(
                UcdpPlace(
                    label=label,
                    name=name,
                    alt_names=alts,
                    latitude=lat,
                    longitude=lon,
                    admin1=_ucdp_admin1(province, admin1_table),
                    feature=feature,
                    events=events,
                )
            )
    return places


_UCDP_COLUMNS = [
    "label",
    "name",
    "alt_names",
    "latitude",
    "longitude",
    "admin1",
    "feature",
    "events",
]


def write_ucdp_tsv(places: Sequence[UcdpPlace], path: Path) -> None:
    """Write the UCDP extract (committed as a build source)."""
    lines = ["\t".join(_UCDP_COLUMNS)]
    for p in places:
        values = [p.label, p.name, "|".join(p.alt_names), f"{p.latitude:.5f}"]
        values += [f"{p.longitude:.5f}", p.admin1, p.feature, str(p.events)]
        lines.append("\t".join(values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_ucdp_tsv(path: Path) -> list[UcdpPlace]:
    """Read the committed UCDP extract."""
    out = []
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    for line in rows:
        c = line.split("\t")
        out.append(
            UcdpPlace(
                label=c[0],
                name=c[1],
                alt_names=[a for a in c[2].split("|") if a],
                latitude=float(c[3]),
                longitude=float(c[4]),
                admin1=c[5],
                feature=c[6],
                events=int(c[7]),
            )
        )
    return out
