"""Places: find place names in a sentence, geocode them and choose where the event happened.

Candidates are the gazetteer ruler's ``PLACE`` entities, the model's GPE/LOC/FAC entities and
capitalised names after a preposition ("in Kafr Nabl", "near al-Bab"). Each is looked up in the
gazetteer within the document's country (exact name first, then fuzzy), disambiguated by
population and the other places named nearby. The context sets its role: "in/at X" is where the
event happened (ACLED geo-precision 1), "near X", "the outskirts of X", "rural X" is near it
(precision 2), "X countryside", "X province" name the first administrative division (context for
admin1; precision 3 when nothing finer is named) and "from X" an origin.

A place is never taken from another country than the document's unless the text names that
country: "Geneva" in a text about Syria that does not name Switzerland is no place of the
event. Names of days and months ("on Monday", "in May") are never places.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from ceasefire.coding.model import GazetteerLike, PlaceMention, Sentence

log = logging.getLogger(__name__)

_PARTICLE = (
    r"(?:al|el|ad|ar|as|an|at|az|ash|adh|de|del|la|le|di|da|bin|bani|ibn|abu|um|umm|wadi|tal|"
    r"tell|jabal|kafr|deir|bab|ras|ain|ein|beit|sheikh|of|and)"
)
_CAP = r"[A-Z][\w'’`-]*"
_NAME = (
    rf"(?:{_CAP}|{_PARTICLE}-{_CAP}|{_PARTICLE}(?= {_CAP}))"
    rf"(?:[ -](?:{_CAP}|{_PARTICLE}-?{_CAP}|(?:al|el|ad|ar|as|an|at|ash)(?=[ -]{_CAP})|\d+))*"
)
_CANDIDATE = re.compile(
    rf"\b(?P<prep>in|at|near|outside|around|of|from|to|into|towards|toward|on|across|between|and"
    rf"|via|along|through|inside|within|over"
    rf"|targeting|hit|shelled|struck|entered|captured|stormed|besieged|bombed)\s+"
    rf"(?:the\s+)?(?:(?:town|city|village|villages|area|district|province|governorate|region|"
    rf"camp|neighbou?rhood|suburb|countryside|outskirts|vicinity|municipality|town of|city of|"
    rf"village of|area of|district of|province of|suburb of|outskirts of|vicinity of|"
    rf"countryside of)\s+(?:of\s+)?)?(?P<name>{_NAME})"
)
_CONTEXT = re.compile(
    rf"(?:\(|(?<=[a-z]), )(?P<name>{_NAME})(?:, (?P<name2>{_NAME}))?(?:\)|[,.;]|\s+(?=\())"
)
_GENERIC_TAIL = re.compile(
    r"\s+(city|town|village|area|district|province|governorate|region|camp|countryside|sub-?district"
    r"|municipality|neighbou?rhood|suburbs?|outskirts|airbase|air base|base|desert|plain|plains"
    r"|gas field|oil field|field"
    r"|front|frontline|road|highway|state|county|LGA|valley)$",
    re.IGNORECASE,
)
_NEAR = re.compile(
    r"\b(near|outside|around|outskirts of|vicinity of|close to|nearby|rural|countryside of|"
    r"(north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(ern)?( of)?|(\d+|few) ?(km|kilometers|kilometres|miles) (from|of)|"
    r"suburb of|outside of|between)\s+(the\s+)?$",
    re.IGNORECASE,
)
_ORIGIN = re.compile(
    r"\b(from|to|towards|toward|native of|hails from|resident of)\s+(the\s+)?$", re.I
)
_ADMIN_AFTER = re.compile(
    r"^\s*(countryside|province|governorate|region|state|oblast|county|department|prefecture)\b"
    r"|^\s*'s countryside",
    re.IGNORECASE,
)
_PART_OF = re.compile(
    r"^\s+(border\s+)?(street|road|highway|square|roundabout|bridge|market|mosque|hospital|school|"
    r"neighbou?rhood|quarter|gathering|checkpoint|front|axis|crossing)\b",
    re.IGNORECASE,
)
_CITY_AFTER = re.compile(r"\s+(city|town)\b", re.IGNORECASE)
_ADMIN_BEFORE = re.compile(r"\b(province|governorate|region|state) of\s+$", re.IGNORECASE)
_STOP = frozenset(
    [
        "The",
        "A",
        "An",
        "On",
        "In",
        "At",
        "As",
        "It",
        "He",
        "She",
        "They",
        "We",
        "This",
        "That",
        "These",
        "Those",
        "Neither",
        "No",
        "Both",
        "Among",
        "According",
        "Around",
        "After",
        "Before",
        "During",
        "Total",
        "Also",
        "However",
        "Although",
        "While",
        "When",
        "Later",
        "Meanwhile",
        # days and months: "on Monday" is no "Moanda", "in May" no village
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)


_LEADING_WORD = re.compile(r"^(?:of|and)\s+(?=[A-Z])")


def clean_name(name: str) -> str:
    """A place name without a trailing generic word ("Jarablus city" -> "Jarablus")."""
    name = _LEADING_WORD.sub("", name.strip(" ,.'’"))
    prev = None
    while prev != name:
        prev = name
        name = _GENERIC_TAIL.sub("", name).strip(" ,.'’")
    return name


def candidate_spans(sentence: Sentence) -> list[tuple[int, int, str]]:
    """(start, end, rule) of the place names worth a gazetteer look-up, in text order."""
    spans: list[tuple[int, int, str]] = []
    parsed = sentence.parsed
    if parsed is not None:
        for ent in parsed.ents:
            if ent.label_ in ("PLACE", "GPE", "LOC", "FAC") and ent.ent_id_ != "state":
                spans.append((ent.start_char, ent.end_char, f"place.ent.{ent.label_.lower()}"))
    for m in _CANDIDATE.finditer(sentence.text):
        s, e = m.span("name")
        if m.group("name") in _STOP:
            continue
        overlapping = [sp for sp in spans if s < sp[1] and sp[0] < e]
        if all(e - s > sp[1] - sp[0] for sp in overlapping):
            spans = [sp for sp in spans if sp not in overlapping]
            spans.append((s, e, "place.preposition"))
    for m in _CONTEXT.finditer(sentence.text):
        for group in ("name", "name2"):
            if m.group(group) is None or m.group(group) in _STOP:
                continue
            s, e = m.span(group)
            overlapping = [sp for sp in spans if s < sp[1] and sp[0] < e]
            if not overlapping:
                spans.append((s, e, "place.context"))
    spans.sort()
    return spans


def _role(text: str, start: int, end: int) -> tuple[str, int]:
    before = text[max(0, start - 40) : start]
    if re.search(r"(\(|\(\s*[^()]{1,40},\s*|\w, )$", before):
        return "admin", 3  # "Kota city (Kota, Rajasthan)", "in El Ramie, Veracruz"
    after = text[end : end + 20]
    if _ADMIN_AFTER.match(after) or _ADMIN_BEFORE.search(before):
        return "admin", 3
    if _PART_OF.match(after):
        return "part", 1
    if _NEAR.search(before):
        return "near", 2
    if _ORIGIN.search(before):
        return "origin", 1
    if re.search(
        r"\b(in|at|on|into|inside|hit|targeting|shelled|struck|(street|road|area|market|part|"
        r"neighbou?rhood|district|quarter|entrance|entrances) of)\s+(the\s+)?$",
        before,
    ):
        return "location", 1
    return "mention", 1


def _is_modifier(sentence: Sentence, start: int, end: int) -> bool:
    doc = sentence.parsed
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return bool(
        root.dep_ in ("compound", "amod", "nmod")
        and root.head.i >= span.end
        and _GENERIC_TAIL.search(" " + root.head.text) is None
    )


def geocode_sentence(
    sentence: Sentence,
    gazetteer: GazetteerLike | None,
    country: str,
    near: list[Any],
    countries: frozenset[str] = frozenset(),
    *,
    lead: bool = False,
    named: frozenset[str] = frozenset(),
) -> Sentence:
    """Stage ``ceasefire.places.v1``: geocode the place names of a relevant sentence (or of
    the ``lead`` sentence before one). ``named``: the countries the document's text names,
    the only ones besides ``country`` a place may be taken from."""
    if not (sentence.relevant or lead) or gazetteer is None:
        return sentence
    out: list[PlaceMention] = []
    cands: list[tuple[int, int, str, str, str, int]] = []
    for start, end, rule in candidate_spans(sentence):
        raw = sentence.text[start:end]
        name = clean_name(raw)
        if len(name) < 2 or name in _STOP or name in countries:
            continue  # a country named is the scope of a report, not its location
        role, precision = _role(sentence.text, start, end)
        if role in ("mention", "location") and _is_modifier(sentence, start, end):
            role = "modifier"  # "the Riyadh group", "the Astana process": not where it happened
        cands.append((start, end, rule, name, role, precision))
    # the first-level divisions the sentence names ("in Deir-ez-Zor", "Idleb countryside")
    # narrow down the look-up of the places named in them
    provinces = set()
    for _, _, _, name, _, _ in cands:
        hit = gazetteer.admin1(name, country=country or None) if country else None
        if hit is not None and similar_name(name, hit):
            provinces.add(fold_name(str(getattr(hit, "admin1", "") or hit.name)))
        elif country:  # "Qatma in Afrin": Afrin's province narrows the look-up of Qatma
            for known in gazetteer.lookup(name, country=country)[:1]:
                known_admin1 = str(getattr(known, "admin1", None) or "")
                if same_name(name, str(known.name)) and known_admin1:
                    provinces.add(fold_name(known_admin1))
    for start, end, rule, name, role, precision in cands:
        raw = sentence.text[start:end]
        place, how = lookup_place(
            gazetteer, name, country, near, admin=role == "admin", provinces=provinces, named=named
        )
        if place is None:
            if how == FOREIGN:
                sentence.foreign_places.append(name)
            continue
        city = _CITY_AFTER.match(sentence.text, end)
        if city is not None:  # "Idleb city": the span says which of city and province
            end = city.end()
            raw = sentence.text[start:end]
        precision = max(precision, int(getattr(place, "geo_precision", 1) or 1))
        out.append(PlaceMention(raw, start, end, place, role, precision, f"{rule}+{how}"))
        near.append(place)
    sentence.places = out
    return sentence


def _points(near: list[Any]) -> tuple[tuple[float, float], ...]:
    return tuple((float(p.latitude), float(p.longitude)) for p in near[-5:])


def similar_name(name: str, place: Any, *, min_score: float = 80) -> bool:
    """True when ``place`` is plausibly what ``name`` spells (guards fuzzy look-ups)."""
    from rapidfuzz.fuzz import ratio

    want = fold_name(name)
    names = (place.name, *getattr(place, "alt_names", ()))
    return any(ratio(want, fold_name(n)) >= min_score for n in names)


def same_name(a: str, b: str) -> bool:
    """True when two spellings are one name up to accents, case, hyphens and the article
    ("al-Bukamal" / "Albu Kamal")."""
    return bool(_keys(a) & _keys(b))


@lru_cache(maxsize=100000)
def _keys(text: str) -> frozenset[str]:
    import unicodedata

    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return frozenset({fold_name(text), re.sub(r"[^a-z]", "", t)})


@lru_cache(maxsize=100000)
def fold_name(text: str) -> str:
    """A place name folded for comparison: ASCII, lower case, no article or punctuation."""
    import unicodedata

    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"^(al|el|ad|ar|as|an|at|ash|az)[- ]", "", t)
    return re.sub(r"[^a-z]", "", t)


#: What :func:`lookup_place` says of a name that is a place only in a country the text does
#: not name ("Geneva" in a text about Syria).
FOREIGN = "gazetteer.foreign"


def lookup_place(
    gazetteer: GazetteerLike,
    name: str,
    country: str,
    near: list[Any],
    *,
    admin: bool = False,
    provinces: set[str] | frozenset[str] = frozenset(),
    named: frozenset[str] = frozenset(),
) -> tuple[Any, str]:
    """The best gazetteer place for ``name``: in the document's country (in one of the
    ``provinces`` the sentence names, when it names any), else an exact match in a country
    the text names (``named``: "Astana" in an article that names Kazakhstan), else a close
    spelling in the country. Without a document country, only an exact spelling is taken,
    from a named country when the text names any."""
    c = country or None
    points = _points(near)
    foreign = False

    def in_provinces(place: Any) -> bool:
        return not provinces or fold_name(str(getattr(place, "admin1", "") or "")) in provinces

    try:
        if admin:
            hit = gazetteer.admin1(name, country=c)
            if hit is not None:
                return hit, "gazetteer.admin1"
        if c is not None:
            hits = [p for p in gazetteer.lookup(name, country=c) if similar_name(name, p)]
            hits = [p for p in hits if in_provinces(p)] or hits
            if hits:
                place = gazetteer.best(name, country=c, near=points)
                if place is None or not similar_name(name, place) or not in_provinces(place):
                    place = hits[0]
                return place, "gazetteer.exact"
        if name[:1].isupper() or re.match(r"(al|el|ad|ar|as|an|at|ash)-", name):
            exact = [
                p
                for p in gazetteer.lookup(name)
                if any(same_name(name, n) for n in (p.name, *getattr(p, "alt_names", ())))
            ]
            elsewhere = [p for p in exact if str(getattr(p, "country", "")) in named]
            if c is None and not named:
                elsewhere = exact
            foreign = bool(exact) and not elsewhere
            if elsewhere:
                if c is None:
                    other = str(getattr(elsewhere[0], "country", "") or "") or None
                    return gazetteer.best(name, country=other, near=points) or elsewhere[0], (
                        "gazetteer.exact"
                    )
                return elsewhere[0], "gazetteer.other_country"
        if c is not None and len(name) >= 4:
            fuzzy = gazetteer.fuzzy(name, country=c, min_score=88, limit=5)
            for hit in fuzzy:
                place = hit[0] if isinstance(hit, tuple) else hit
                if in_provinces(place) and not is_admin1(place):
                    return place, "gazetteer.fuzzy"
    except (KeyError, ValueError, LookupError) as exc:
        log.debug("gazetteer look-up of %r failed: %s", name, exc)
    return None, FOREIGN if foreign else ""


def _names_province(mention: PlaceMention, others: list[PlaceMention]) -> bool:
    """True when a city mention could as well mean its province ("shelled Idleb") and the
    sentence names a place in that province more precisely ("via the Kafr Lusin crossing"),
    unless the text says it is the city ("Idleb city")."""
    admin1 = str(getattr(mention.place, "admin1", "") or "")
    if not admin1 or re.search(r"\b(city|town)\b", mention.text, re.IGNORECASE):
        return False
    if not similar_name(admin1, mention.place):
        return False
    return any(
        other is not mention
        and fold_name(str(getattr(other.place, "admin1", "") or "")) == fold_name(admin1)
        and not similar_name(admin1, other.place)
        for other in others
    )


def is_admin1(place: Any) -> bool:
    """True when a gazetteer entry is a first-level division rather than a settlement."""
    return str(getattr(place, "feature", "") or "").lower() == "admin1"


def choose_location(places: list[PlaceMention]) -> tuple[PlaceMention | None, str]:
    """The place where the event happened, and the admin1 context, from a sentence's places."""
    for p in places:
        if p.role in ("location", "mention") and any(
            q is not p
            and similar_name(str(getattr(q.place, "admin1", "") or "_"), p.place)
            and q.start < p.start
            for q in places
        ):
            p.role = "admin"
    admin = next((p for p in places if p.role == "admin"), None)
    admin_name = str(getattr(admin.place, "admin1", "") or admin.place.name) if admin else ""
    # "Idleb", "Aleppo", "Hasakeh" name a city and its province alike; news and ACLED notes
    # mostly mean the province, so a place named more precisely in the sentence wins
    settlements = [p for p in places if not is_admin1(p.place)]
    demoted = [p for p in settlements if _names_province(p, settlements)]
    where = (("location", "near"), ("part",), ("mention",))
    for second in (False, True):
        for roles in where:
            for p in settlements:
                if p.role in roles and (p in demoted) is second:
                    return p, admin_name
    for roles in (("origin",), ("modifier",)):
        for p in settlements:
            if p.role in roles:
                return p, admin_name
    for p in places:
        if p.role != "admin" and is_admin1(p.place):
            p.precision = 3
            return p, admin_name
    if admin is not None:
        admin.precision = 3
        return admin, admin_name
    return None, admin_name


class CachedGazetteer:
    """Remembers the gazetteer's answers: news repeats the same few place names."""

    def __init__(self, gazetteer: GazetteerLike, size: int = 50000) -> None:
        from functools import lru_cache

        self.inner = gazetteer
        self.lookup_cached = lru_cache(maxsize=size)(self._lookup)
        self.admin1_cached = lru_cache(maxsize=size)(self._admin1)
        self.best_cached = lru_cache(maxsize=size)(self._best)

    def _lookup(self, name: str, country: str | None) -> list[Any]:
        return list(self.inner.lookup(name, country=country))

    def _admin1(self, name: str, country: str | None) -> Any:
        return self.inner.admin1(name, country=country)

    def _best(self, name: str, country: str | None, near: tuple[Any, ...]) -> Any:
        return self.inner.best(name, country=country, near=near)

    def lookup(self, name: str, *, country: str | None = None) -> list[Any]:
        return self.lookup_cached(name, country)  # type: ignore[no-any-return]

    def admin1(self, name: str, *, country: str | None = None) -> Any:
        return self.admin1_cached(name, country)

    def best(
        self, name: str, *, country: str | None = None, near: Sequence[tuple[float, float]] = ()
    ) -> Any:
        return self.best_cached(name, country, tuple(near))

    def fuzzy(self, name: str, *, country: str, min_score: float = 88, limit: int = 5) -> list[Any]:
        return list(self.inner.fuzzy(name, country=country, min_score=min_score, limit=limit))

    def surface_forms(self, *, countries: Iterable[str] | None = None) -> Iterator[tuple[str, Any]]:
        return self.inner.surface_forms(countries=countries)

    def get(self, place_id: str, /) -> Any:
        return self.inner.get(place_id)

    def countries(self) -> Any:
        return self.inner.countries()
