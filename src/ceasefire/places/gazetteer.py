"""The gazetteer: find places by name, with transliteration variants and disambiguation.

Package data (``ceasefire/resources/gazetteer``) is read lazily, one country at a time, the
first time a lookup needs that country. Curated places (``curated.yaml``) and analyst files
are read and validated when the gazetteer is created, so a bad file fails at once.
"""

from __future__ import annotations

import gzip
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from ceasefire.buildcache import content_key, file_digest, load_or_build
from ceasefire.errors import InputError
from ceasefire.places.curated import PlaceAlias, read_place_file
from ceasefire.places.geo import haversine_km
from ceasefire.places.names import (
    ARTICLES,
    ascii_spelling,
    name_variants,
    normalise_place_name,
    plausible_respelling,
    simplify_place_name,
    split_place_qualifier,
)
from ceasefire.places.records import FEATURE_RANK, Place
from ceasefire.places.table import CountryTable, light_match

__all__ = [
    "ENV_FILES",
    "Gazetteer",
    "Place",
    "default_gazetteer",
    "haversine_km",
    "load_gazetteer",
    "normalise_place_name",
]

log = logging.getLogger(__name__)

ENV_FILES = "CEASEFIRE_GAZETTEER_FILES"
RESOURCE_PACKAGE = "ceasefire.resources.gazetteer"

# Stand-in sizes for places without a population figure, so that a UCDP "town" or a curated
# district outranks an unnamed hamlet of the same name but not a real city.
_DEFAULT_PROMINENCE = {
    "city": 100_000,
    "town": 10_000,
    "district": 5_000,
    "village": 500,
    "site": 200,
    "region": 20_000,
    "valley": 20_000,
    "admin2": 0,
    "admin1": 0,
}
_ADMIN_QUALIFIERS = frozenset(
    [
        "governorate",
        "province",
        "countryside",
        "muhafazat",
        "mohafazat",
        "wilayat",
        "oblast",
        "state",
        "region",
        "department",
        "prefecture",
    ]
)
_AREAS = frozenset({"admin1", "admin2"})
# Distance bands (km) from the other places of a document: nearer bands win.
_NEAR_BANDS = (25.0, 75.0, 200.0)
# A fuzzy match is weak evidence: with context, it must lie this close to the other places.
_FUZZY_RADIUS_KM = 150.0
# A place found only in a neighbouring country is accepted this close to the document's places.
_NEIGHBOUR_RADIUS_KM = 100.0
# Alternate names this short (GeoNames has "Dara", "Bab", codes) match only as written: their
# folded keys are shared by too many other words.
SHORT_ALTERNATE = 4


def _keyed_by(place: Place, key: str, light: str) -> bool:
    """True when ``place`` has ``key`` through its name or an alternate name long enough to
    be matched loosely (or written like the query, up to case, accents and articles)."""
    if normalise_place_name(place.name) == key:
        return True
    return any(
        normalise_place_name(n) == key
        and (
            len(simplify_place_name(n).replace(" ", "")) > SHORT_ALTERNATE
            or simplify_place_name(n) == light
        )
        for n in place.alt_names
    )


def _spelling_score(place: Place, light: str) -> float:
    """How close the nearest of the place's names is to the query as written (0-100)."""
    return max(fuzz.ratio(light, simplify_place_name(n)) for n in place.names)


def _prominence(place: Place) -> int:
    return place.population or _DEFAULT_PROMINENCE.get(place.feature, 0)


def _distance(place: Place, near: Sequence[tuple[float, float]]) -> float:
    return min(haversine_km(place.point, p) for p in near)


def _near_band(place: Place, near: Sequence[tuple[float, float]]) -> int:
    if not near:
        return 0
    distance = _distance(place, near)
    for band, limit in enumerate(_NEAR_BANDS):
        if distance <= limit:
            return band
    return len(_NEAR_BANDS)


class Gazetteer:
    """Places by name. Create with :func:`load_gazetteer` or :func:`default_gazetteer`."""

    def __init__(
        self,
        *,
        resource_dir: Path | None = None,
        extra_paths: Sequence[Path] = (),
    ) -> None:
        self._dir = resource_dir
        self._extra_paths = [Path(p) for p in extra_paths]
        self._key_countries: dict[str, str] | None = None
        self._lock = threading.RLock()
        self._countries: dict[str, CountryTable] = {}
        self._aliases: dict[str, str] = {}
        self._loaded: dict[str, CountryTable] = {}
        self._read_countries()
        self._admin1_rows: dict[str, list[str]] = {}
        self._read_admin1()
        self._curated: dict[str, list[Place]] = {}
        self._alias_names: dict[str, list[PlaceAlias]] = {}
        seen: dict[str, str] = {}
        for path in [self._resource("curated.yaml"), *extra_paths]:
            self._read_place_file(Path(path), seen)
        self._check_aliases()

    # --- package data ---------------------------------------------------------------------

    def _resource(self, name: str) -> Path:
        if self._dir is not None:
            return self._dir / name
        return Path(str(resources.files(RESOURCE_PACKAGE).joinpath(name)))

    def _read_countries(self) -> None:
        lines = self._resource("countries.tsv").read_text(encoding="utf-8").splitlines()
        for line in lines[1:]:
            iso2, iso3, name, aliases, neighbours, _population = line.split("\t")
            self._countries[iso2] = CountryTable(
                iso2, name, tuple(n for n in neighbours.split(",") if n)
            )
            for alias in [iso2, iso3, name, *aliases.split("|")]:
                if alias:
                    self._aliases.setdefault(simplify_place_name(alias), iso2)

    def _read_admin1(self) -> None:
        with gzip.open(self._resource("admin1.tsv.gz"), "rt", encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                code = line.split("\t", 1)[0]
                self._admin1_rows.setdefault(code, []).append(line.rstrip("\n").split("\t", 1)[1])

    def _read_place_file(self, path: Path, seen: dict[str, str]) -> None:
        parsed = read_place_file(
            path,
            country_code_of=self._code,
            country_name_of=self.country_of_code,
            seen_ids=seen,
        )
        for place in parsed.places:
            self._curated.setdefault(place.country_code, []).append(place)
        for alias in parsed.aliases:
            self._alias_names.setdefault(alias.country_code, []).append(alias)

    def _check_aliases(self) -> None:
        for code, aliases in self._alias_names.items():
            table = self._table(code)
            for alias in aliases:
                if table.index_of(alias.place_id) is None:
                    raise InputError(
                        f"alias for unknown place '{alias.place_id}' in {table.name}",
                        source=alias.source,
                        line=alias.line,
                        field="place",
                        hint="Use the id of a place of that country (Gazetteer.lookup(name) shows "
                        "ids), or add the place under 'places'.",
                    )

    def _table(self, code: str) -> CountryTable:
        table = self._loaded.get(code)
        if table is not None:
            return table
        with self._lock:
            return self._loaded.get(code) or self._load_table(code)

    def _load_table(self, code: str) -> CountryTable:
        table = self._countries[code]
        path = self._resource(f"places/{code}.tsv.gz")
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                next(fh)
                for line in fh:
                    table.add_line(line.rstrip("\n"))
        for row in self._admin1_rows.get(code, ()):
            table.add_line(row, admin1=True)
        for place in self._curated.get(code, ()):
            table.add_place(self._complete(table, place))
        for alias in self._alias_names.get(code, ()):
            index = table.index_of(alias.place_id)
            if index is not None:
                table.add_names(index, alias.names)
        self._loaded[code] = table
        return table

    def _complete(self, table: CountryTable, place: Place) -> Place:
        """Fill a curated place's admin1/admin2 from its nearest neighbour; ACLED spelling."""
        admin1, admin2 = place.admin1, place.admin2
        if admin1:
            key = normalise_place_name(admin1)
            for area in table.admin1_places():
                if key in {normalise_place_name(n) for n in area.names}:
                    admin1 = area.name
                    break
        elif place.feature != "admin1":
            nearest = table.nearest(place.point)
            if nearest is not None:
                admin1 = nearest.admin1
                admin2 = admin2 or nearest.admin2
        if place.feature == "admin1":
            admin1 = admin1 or place.name
        return replace(place, admin1=admin1, admin2=admin2)

    def _code(self, country: str) -> str | None:
        return self._aliases.get(simplify_place_name(country))

    def _tables(self, country: str | None) -> list[CountryTable]:
        if country is None:
            return [self._table(code) for code in self._countries]
        code = self._code(country)
        if code is None:
            log.warning("unknown country %r: no places", country)
            return []
        return [self._table(code)]

    def _tables_with_key(self, key: str, country: str | None) -> list[CountryTable]:
        """The tables that can hold ``key``: without a country, only those of the countries
        having a place with that key (from the key index), not all 250."""
        if country is not None:
            return self._tables(country)
        codes = self._key_index().get(key, "")
        return [self._table(code) for code in codes.split(",") if code]

    def _key_index(self) -> dict[str, str]:
        """Normalised key -> comma-separated codes of the countries with a place of that key.

        Built by loading every country's table (most of a second), so it is kept in the disk
        cache (:mod:`ceasefire.buildcache`) keyed by the content of every file it is built
        from, the gazetteer's own code included.
        """
        if self._key_countries is None:
            with self._lock:
                if self._key_countries is None:
                    self._key_countries = load_or_build(
                        "gazetteer-keys", self._data_key(), self._build_key_index
                    )
        return self._key_countries

    def _data_key(self) -> str:
        code = sorted(Path(__file__).parent.glob("*.py"))
        places = sorted(self._resource("places").glob("*.tsv.gz"))
        data = [self._resource(n) for n in ("countries.tsv", "admin1.tsv.gz", "curated.yaml")]
        return content_key(
            [file_digest(code), file_digest(data), file_digest(places)]
            + [file_digest([p]) + str(p.resolve()) for p in self._extra_paths]
        )

    def _build_key_index(self) -> dict[str, str]:
        index: dict[str, list[str]] = {}
        for code in self._countries:
            for key in self._table(code).key_list:
                index.setdefault(key, []).append(code)
        return {key: ",".join(codes) for key, codes in index.items()}

    # --- public API -----------------------------------------------------------------------

    def lookup(self, name: str, *, country: str | None = None) -> list[Place]:
        """Places whose name or alternate name has the same normalised key as ``name``.

        Restricted to ``country`` (ACLED name, GeoNames name or ISO code) when given. Sorted
        by: same spelling modulo case/diacritics/articles first, then feature rank (populated
        places, then regions, then admin areas), then population (descending). A name that
        matches nothing is retried without a trailing kind word: "Duma town" as "Duma",
        "Idlib province" as the admin areas named "Idlib".
        """
        found = self._exact(name, country)
        if not found:
            stem, qualifier = split_place_qualifier(name)
            if qualifier in _ADMIN_QUALIFIERS:
                found = [p for p in self._exact(stem, country) if p.feature in _AREAS]
            elif qualifier is not None:
                found = self._exact(stem, country)
        return found

    def _exact(self, name: str, country: str | None) -> list[Place]:
        key = normalise_place_name(name)
        if not key:
            return []
        light = simplify_place_name(name)
        found = [
            p
            for t in self._tables_with_key(key, country)
            for p in t.places_for_key(key)
            if _keyed_by(p, key, light)
        ]
        found.sort(
            key=lambda p: (
                not light_match(p, light),
                FEATURE_RANK.get(p.feature, 9),
                -_prominence(p),
                p.id,
            )
        )
        return found

    def fuzzy(
        self, name: str, *, country: str, min_score: float = 88.0, limit: int = 5
    ) -> list[tuple[Place, float]]:
        """Places of ``country`` whose key is similar to ``name``'s: ``fuzz.ratio`` >= min_score
        and a plausible respelling (:func:`~ceasefire.places.names.plausible_respelling`: the
        consonants agree but for one after the first).

        Plain ``ratio`` over normalised keys: ``WRatio`` rewards partial matches and once
        matched "Moadamiyeh" to "Damascus"; ratio alone matched "Jadriya" to "Dar'a". Keys
        shorter than 4 letters are not matched.
        """
        key = normalise_place_name(name)
        tables = self._tables(country)
        if len(key) < 4 or not tables:
            return []
        table = tables[0]
        hits = process.extract(
            key, table.key_list, scorer=fuzz.ratio, score_cutoff=min_score, limit=limit * 4
        )
        scores: dict[str, tuple[Place, float]] = {}
        for hit_key, score, _index in hits:
            if not plausible_respelling(key, hit_key):
                continue
            for place in table.places_for_key(hit_key):
                if place.id not in scores or scores[place.id][1] < score:
                    scores[place.id] = (place, float(score))
        ranked = sorted(
            scores.values(),
            key=lambda ps: (-ps[1], FEATURE_RANK.get(ps[0].feature, 9), -_prominence(ps[0])),
        )
        return ranked[:limit]

    def best(
        self,
        name: str,
        *,
        country: str | None = None,
        near: Sequence[tuple[float, float]] = (),
    ) -> Place | None:
        """The most likely place for ``name`` as written in a document.

        Exact matches (of the name, then of simpler readings such as "Aleppo" for "Aleppo
        town" or "Idleb" province for "Idlib countryside") come before fuzzy ones. Among
        candidates: points (towns, districts, sites) before areas, then places near the
        document's other places (``near``), then the same spelling, then the bigger place.
        With ``near``, a fuzzy match farther than 150 km from every near point is refused.
        With ``country``, a place of a neighbouring country is taken only when nothing
        matches in ``country`` and it lies within 100 km of a ``near`` point.
        """
        variants = name_variants(name)
        for variant in variants:
            _stem, qualifier = split_place_qualifier(variant)
            if qualifier in _ADMIN_QUALIFIERS:
                area = self.admin1(variant, country=country)
                if area is not None:
                    return area
            found = self.lookup(variant, country=country)
            if found:
                return self._pick(found, variant, near)
        if country is not None:
            for variant in variants:
                scored = [
                    (p, s)
                    for p, s in self.fuzzy(variant, country=country)
                    if not near or _distance(p, near) <= _FUZZY_RADIUS_KM
                ]
                if scored:
                    top = scored[0][1]
                    return self._pick([p for p, s in scored if s == top], variant, near)
            return self._from_neighbours(variants, country, near)
        return None

    def _pick(self, found: list[Place], name: str, near: Sequence[tuple[float, float]]) -> Place:
        light = simplify_place_name(name)
        return min(
            found,
            key=lambda p: (
                FEATURE_RANK.get(p.feature, 9) > 0,
                _near_band(p, near),
                not light_match(p, light),
                FEATURE_RANK.get(p.feature, 9),
                -_prominence(p),
                -_spelling_score(p, light),
                p.id,
            ),
        )

    def _from_neighbours(
        self, variants: list[str], country: str, near: Sequence[tuple[float, float]]
    ) -> Place | None:
        code = self._code(country)
        if code is None or not near:
            return None
        for neighbour in self._countries[code].neighbours:
            if neighbour not in self._countries:
                continue
            for variant in variants:
                found = [
                    p
                    for p in self.lookup(variant, country=neighbour)
                    if _distance(p, near) <= _NEIGHBOUR_RADIUS_KM
                ]
                if found:
                    return self._pick(found, variant, near)
        return None

    def admin1(self, name: str, *, country: str | None = None) -> Place | None:
        """The province-level area ``name`` designates ("Idlib province", "Rural Damascus")."""
        for variant in name_variants(name):
            key = normalise_place_name(variant)
            found = [
                area
                for table in self._admin1_tables(country)
                for area in table.admin1_places()
                if key in {normalise_place_name(n) for n in area.names}
            ]
            if found:
                light = simplify_place_name(variant)
                return min(found, key=lambda a: (not light_match(a, light), -a.population, a.id))
        return None

    def _admin1_tables(self, country: str | None) -> list[CountryTable]:
        if country is not None:
            return self._tables(country)
        return [self._table(code) for code in self._countries if code in self._admin1_rows]

    def surface_forms(self, *, countries: Iterable[str] | None = None) -> Iterator[tuple[str, str]]:
        """``(surface form, place id)`` pairs for phrase matchers.

        Each name and alternate name as written, plus its ASCII spelling, its hyphens as
        spaces and, for names starting with an Arabic article, the name without it
        ("Al-Bab" also gives "Al Bab" and "Bab"). Forms shorter than 3 letters are left out.
        """
        codes = (
            list(self._countries)
            if countries is None
            else [c for c in (self._code(n) for n in countries) if c is not None]
        )
        for code in codes:
            for place in self._table(code).all_places():
                seen: set[str] = set()
                for name in place.names:
                    for form in _forms(name):
                        if len(form) >= 3 and form not in seen:
                            seen.add(form)
                            yield form, place.id

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        for table in list(self._loaded.values()):
            index = table.index_of(place_id)
            if index is not None:
                return table.place(index)
        for code in self._countries:
            if code not in self._loaded:
                table = self._table(code)
                index = table.index_of(place_id)
                if index is not None:
                    return table.place(index)
        return None

    def country_of_code(self, iso2: str) -> str | None:
        """ACLED's name of the country with this ISO 3166 alpha-2 (or alpha-3) code."""
        code = self._aliases.get(iso2.strip().lower()) if len(iso2.strip()) in (2, 3) else None
        return self._countries[code].name if code else None

    def country_code(self, country: str) -> str | None:
        """ISO 3166 alpha-2 code of a country name (ACLED's, GeoNames' or a common alias)."""
        return self._code(country)

    def countries(self) -> list[str]:
        """Country names (ACLED spelling), sorted."""
        return sorted(c.name for c in self._countries.values())


def _forms(name: str) -> list[str]:
    forms = [name]
    plain = ascii_spelling(name)
    if plain != name:
        forms.append(plain)
    for form in list(forms):
        if "-" in form:
            forms.append(" ".join(form.replace("-", " ").split()))
    for form in list(forms):
        head, _sep, rest = form.replace("-", " ", 1).partition(" ")
        if head.lower() in ARTICLES and len(rest) >= 4:
            forms.append(rest)
    return forms


def load_gazetteer(*, extra_paths: Sequence[Path] = ()) -> Gazetteer:
    """A gazetteer of the package data, the curated file and ``extra_paths`` (analyst files)."""
    return Gazetteer(extra_paths=extra_paths)


@cache
def _cached(paths: tuple[str, ...]) -> Gazetteer:
    return load_gazetteer(extra_paths=[Path(p) for p in paths])


def default_gazetteer() -> Gazetteer:
    """The shared gazetteer: package data plus the files named in CEASEFIRE_GAZETTEER_FILES.

    ``CEASEFIRE_GAZETTEER_FILES`` is a list of YAML place files separated by ``os.pathsep``.
    Cached per value of that variable.
    """
    from ceasefire.settings import Settings, path_list

    return _cached(tuple(str(p) for p in path_list(Settings().gazetteer_files)))
