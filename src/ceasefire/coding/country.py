"""The country a document is about, for disambiguating places and naming generic actors.

Votes, strongest first: the country named in the text, first-level divisions ("Idleb
countryside"), place names that exist in one country only, and the countries of named actors.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ceasefire.coding.model import DocumentContext, GazetteerLike, RegistryLike
from ceasefire.coding.places import candidate_spans, clean_name, fold_name, is_admin1, same_name


def _same(name: str, place: Any) -> bool:
    """True when ``name`` is the place's name or an alternate name, spelling aside."""
    return any(same_name(name, n) for n in (place.name, *getattr(place, "alt_names", ())))


def country_names(gazetteer: GazetteerLike) -> dict[str, str]:
    """Lower-cased country name -> the gazetteer's country name."""
    out: dict[str, str] = {}
    try:
        raw = gazetteer.countries()
    except Exception:  # a gazetteer without a country list still codes text
        return out
    items = raw.items() if isinstance(raw, dict) else ((c, c) for c in raw)
    for key, value in items:
        for name in (key, value):
            n = str(getattr(name, "name", name))
            if len(n) > 3 and not n.isupper():
                out[n.lower()] = str(getattr(value, "name", value))
    return out


def named_countries(text: str, names: dict[str, str]) -> frozenset[str]:
    """The countries ``text`` names (``names``: lower-cased country name -> name, as from
    :func:`country_names`): the only countries besides the document's own that its places
    may be taken from."""
    low = text.lower()
    return frozenset(
        name
        for key, name in names.items()
        if key in low and re.search(rf"\b{re.escape(key)}\b", low) is not None
    )


def infer_country(
    doc: DocumentContext,
    gazetteer: GazetteerLike | None,
    registry: RegistryLike | None,
    names: dict[str, str] | None = None,
) -> DocumentContext:
    """Stage ``ceasefire.country.v1``: set ``doc.country`` by vote (``names``: lower-cased
    country name -> name, as from :func:`country_names`)."""
    if doc.country or gazetteer is None:
        return doc
    votes: Counter[str] = Counter()
    names = country_names(gazetteer) if names is None else names
    relevant = [s for s in doc.sentences if s.relevant]
    if not relevant:
        return doc
    if names:
        text = " ".join(s.text for s in relevant).lower()
        for low, name in names.items():
            if low not in text:
                continue
            for m in re.finditer(
                rf"(\bin|\bacross|,) {re.escape(low)}\b(?! (city|town))|\b{re.escape(low)}\b", text
            ):
                votes[name] += 30 if m.group(1) else 5
    for s in relevant[:20]:
        names_here = [clean_name(s.text[a:b]) for a, b, _ in candidate_spans(s)]
        folded_here = {fold_name(n) for n in names_here}
        for name in names_here:
            if len(name) < 3:
                continue
            try:
                places = gazetteer.lookup(name)
            except (KeyError, ValueError, LookupError):
                continue
            exact = [p for p in places if _same(name, p)]
            # a province name several countries share ("Western") is split between them
            areas = sorted({str(p.country) for p in exact if is_admin1(p)})
            for c in areas:
                votes[c] += 25 // len(areas)
            # a place lying in a province the sentence also names: "Gordi (..., North East)"
            for c in sorted(
                {
                    str(p.country)
                    for p in exact
                    if not is_admin1(p)
                    and fold_name(str(getattr(p, "admin1", "") or "_")) in folded_here
                }
            ):
                votes[c] += 40
            big = {str(p.country) for p in exact if int(getattr(p, "population", 0) or 0) >= 100000}
            countries = {str(getattr(p, "country", "")) for p in exact} - {""}
            for c in sorted(big):
                votes[c] += 15 // len(big)
            if 0 < len(countries) <= 2:
                for c in sorted(countries):
                    votes[c] += 10 // len(countries)
        if s.parsed is not None:
            for ent in s.parsed.ents:
                if ent.label_ == "PLACE" and ent.ent_id_:
                    ruled: Any = gazetteer.get(ent.ent_id_)
                    ruled_country = str(getattr(ruled, "country", None) or "")
                    if ruled_country:
                        votes[ruled_country] += 20
        if registry is not None and s.parsed is not None:
            for ent in s.parsed.ents:
                if ent.label_ == "ACTOR" and ent.ent_id_:
                    actor = registry.get(ent.ent_id_)
                    c = str(getattr(actor, "country", None) or "")
                    if c:
                        votes[c] += 10
    if votes:
        doc.country, _ = votes.most_common(1)[0]
        doc.country_rule = "country.vote"
    return doc
