"""The actor registry: ACLED canonical names, the aliases reports use, and generic actors by rule.

    >>> registry = default_registry()
    >>> registry.resolve("Assad's forces").name
    'Military Forces of Syria (2000-)'
    >>> registry.resolve("security forces", country="Iraq").name
    'Military Forces of Iraq (2018-)'
    >>> registry.generic("protesters", country="Jordan").name
    'Protesters (Jordan)'

Resolution is dict lookups on a normal form (``normalise``), tried in this order: canonical
names; aliases written in the files; aliases read off canonical names ("HTS" from
"HTS: Hayat Tahrir al Sham"); ACLED name patterns ("Military Forces of Zambia (2011-) Border
Guard", "Civilians (Chad)", UCDP's "Government of Iraq"); a demonym with a generic phrase
("Iraqi army"); a generic phrase with the ``country`` given ("police"); the same again without a
trailing group word ("HTS fighters", "members of the YPG"). Where an alias is shared by actors
of several countries, the actor of ``country`` wins, then an international one, then the first
loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from ceasefire.actors.names import generic_name, parse_name, ucdp_state_country
from ceasefire.actors.normalise import fold, normalise
from ceasefire.actors.records import GENERIC_KINDS, INTERNATIONAL, Actor, ActorTables, CountrySpec
from ceasefire.errors import InputError

__all__ = ["Actor", "ActorRegistry", "default_registry", "load_registry"]

ENV_ACTOR_FILES = "CEASEFIRE_ACTOR_FILES"
_CACHE_LIMIT = 200_000
_GROUP_WORDS = (
    "members|member|fighters|fighter|militants|militant|elements|units|unit|cells|cell"
    "|forces|troops|gunmen|militiamen|insurgents|jihadists|convoy|convoys|patrol|patrols"
)
_TRAILING = re.compile(rf" (?:{_GROUP_WORDS})$")
_LEADING = re.compile(rf"^(?:{_GROUP_WORDS}) (?:of|from) (?:the )?")


class ActorRegistry:
    """Actors by canonical name and alias; build it with ``load_registry``."""

    def __init__(self, tables: ActorTables) -> None:
        self._countries: dict[str, CountrySpec] = {
            spec.country.casefold(): spec for spec in tables.countries
        }
        self._phrases = tables.phrases
        self._generated: dict[str, Actor] = {}
        self._cache: dict[tuple[str, str | None], Actor | None] = {}
        self._actors: dict[str, Actor] = {a.name: a for a in tables.actors}
        for spec in tables.countries:
            for kind in GENERIC_KINDS:
                name = generic_name(kind, spec)
                if name is not None and name not in self._actors:
                    made = self._from_pattern(name)
                    if made is not None and made.name == name:
                        self._actors[name] = made
        self._by_name = {normalise(a.name): a for a in self._actors.values()}
        self._predecessor = {a.successor: a for a in tables.actors if a.successor}
        self._by_alias: dict[str, list[tuple[Actor, bool]]] = {}
        self._by_derived: dict[str, list[tuple[Actor, bool]]] = {}
        for actor in tables.actors:
            for alias in actor.aliases:
                key = normalise(alias)
                _add(self._by_alias, key, actor, local=(actor.name, key) in tables.local)
            for alias, local in _derived_aliases(actor):
                _add(self._by_derived, normalise(alias), actor, local=local)
        self._phrase_kind = {
            normalise(p): kind for kind, items in tables.phrases.items() for p in items
        }
        self._demonym_phrase: dict[str, tuple[str, str]] = {}
        for spec in tables.countries:
            for demonym in (*spec.demonyms, spec.country):
                for key, kind in self._phrase_kind.items():
                    self._demonym_phrase.setdefault(
                        f"{normalise(demonym)} {key}", (kind, spec.country)
                    )

    def __iter__(self) -> Iterator[Actor]:
        """Actors declared in the files and the generic actors of every country in the table."""
        return iter(self._actors.values())

    def __len__(self) -> int:
        return len(self._actors)

    def get(self, name: str) -> Actor | None:
        """The actor whose canonical name is exactly ``name`` (pattern names included)."""
        actor = self._actors.get(name)
        if actor is not None:
            return actor
        made = self._from_pattern(name)
        return made if made is not None and made.name == name else None

    def resolve(self, mention: str, *, country: str | None = None) -> Actor | None:
        """The actor a surface form from text or a structured file stands for, or None."""
        slot = (mention, country)
        if slot in self._cache:
            return self._cache[slot]
        result = self._resolve(mention, country)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[slot] = result
        return result

    def generic(self, kind: str, *, country: str) -> Actor | None:
        """The generic ACLED actor ``kind`` of ``country``: military, police, government,
        protesters, rioters, civilians or unidentified (armed group).

        None for military, police and government when the country table has no period for
        ``country``.
        """
        if kind not in GENERIC_KINDS:
            raise InputError(
                f"unknown generic actor kind '{kind}'",
                field="kind",
                hint=f"Use one of: {', '.join(GENERIC_KINDS)}.",
            )
        spec = self._countries.get(country.casefold())
        if spec is None:
            written = fold(country)
            spec = CountrySpec(country=written.title() if written.islower() else written)
        name = generic_name(kind, spec)
        return self.get(name) if name is not None else None

    def patterns(self) -> list[tuple[str, str]]:
        """(surface form, canonical name) pairs for a spaCy PhraseMatcher or EntityRuler.

        Canonical names, aliases, aliases read off names and "{demonym} {phrase}" forms of the
        country table. A form shared across countries appears once per actor; generic phrases
        that need a country ("police") are left out (see ``generic_phrases``).
        """
        pairs: dict[tuple[str, str], None] = {}
        for actor in self._actors.values():
            pairs[(actor.name, actor.name)] = None
            for alias in (*actor.aliases, *(a for a, _ in _derived_aliases(actor))):
                pairs[(alias, actor.name)] = None
        for spec in self._countries.values():
            for kind, items in self._phrases.items():
                target = self.generic(kind, country=spec.country)
                if target is None:
                    continue
                for demonym in spec.demonyms:
                    for phrase in items:
                        pairs[(f"{demonym} {phrase}", target.name)] = None
        return list(pairs)

    def generic_phrases(self) -> dict[str, tuple[str, ...]]:
        """Phrases that name a generic actor of whatever country the text is about, by kind."""
        return dict(self._phrases)

    def side_of(self, name: str) -> str | None:
        """The actor's side, or the side of what it is affiliated with when it has none."""
        actor = self.get(name) or self.resolve(name)
        seen: set[str] = set()
        while actor is not None and actor.name not in seen:
            if actor.side is not None:
                return actor.side
            seen.add(actor.name)
            actor = self.get(actor.affiliation) if actor.affiliation else None
        return None

    def named_on(self, actor: Actor, on: date) -> Actor:
        """The group ``actor`` as it was named on ``on``: a former or later name of one group.

        "Nusra Front" on 5 Jan 2017 is JFS (renamed 28 Jul 2016); "HTS" on 5 Jan 2017 is JFS
        too (HTS was formed on 28 Jan 2017). Actors without dates are returned unchanged.
        """
        current, seen = actor, {actor.name}
        while current.active_until is not None and on >= current.active_until:
            later = self.get(current.successor) if current.successor else None
            if later is None or later.name in seen:
                break
            current = later
            seen.add(current.name)
        while current.active_from is not None and on < current.active_from:
            earlier = self._predecessor.get(current.name)
            if earlier is None or earlier.name in seen:
                break
            current = earlier
            seen.add(current.name)
        return current

    def lineage(self, actor: Actor) -> tuple[Actor, ...]:
        """Every name of ``actor``'s group, oldest first (itself alone when never renamed)."""
        first, seen = actor, {actor.name}
        while first.name in self._predecessor and self._predecessor[first.name].name not in seen:
            first = self._predecessor[first.name]
            seen.add(first.name)
        chain = [first]
        while chain[-1].successor and len(chain) <= len(self._actors):
            later = self.get(chain[-1].successor)
            if later is None or later in chain:
                break
            chain.append(later)
        return tuple(chain)

    def affiliations(self, actor: Actor) -> tuple[Actor, ...]:
        """The actors ``actor`` belongs to or fights for, nearest first (no cycles)."""
        out: list[Actor] = []
        seen = {actor.name}
        current = self.get(actor.affiliation) if actor.affiliation else None
        while current is not None and current.name not in seen:
            out.append(current)
            seen.add(current.name)
            current = self.get(current.affiliation) if current.affiliation else None
        return tuple(out)

    def _resolve(self, mention: str, country: str | None) -> Actor | None:
        key = normalise(mention)
        if not key:
            return None
        found, fallback = self._lookup(key, country)
        if found is not None:
            return found
        made = self._from_pattern(_strip_article(fold(mention)))
        if made is not None:
            return made
        ucdp_country = ucdp_state_country(_strip_article(fold(mention)))
        if ucdp_country is not None:
            state = self.generic("military", country=ucdp_country)
            if state is not None:
                return state
        stripped = _TRAILING.sub("", _LEADING.sub("", key))
        if stripped and stripped != key:
            found, second = self._lookup(stripped, country)
            if found is not None:
                return found
            fallback = fallback or second
        return fallback

    def _lookup(self, key: str, country: str | None) -> tuple[Actor | None, Actor | None]:
        """(actor of the right country or none needed, best actor of another country)."""
        actor = self._by_name.get(key)
        if actor is not None:
            return actor, None
        fallback: Actor | None = None
        for index in (self._by_alias, self._by_derived):
            candidates = index.get(key)
            if candidates:
                chosen = _pick(candidates, country)
                if chosen is not None:
                    return chosen, None
                fallback = fallback or next((a for a, local in candidates if not local), None)
        generic = self._demonym_phrase.get(key)
        if generic is not None:
            actor = self.generic(generic[0], country=generic[1])
            if actor is not None:
                return actor, None
        if country is not None and key in self._phrase_kind:
            actor = self.generic(self._phrase_kind[key], country=country)
            if actor is not None:
                return actor, None
        return None, fallback

    def _from_pattern(self, name: str) -> Actor | None:
        actor = self._generated.get(name)
        if actor is not None:
            return actor
        parts = parse_name(name, self._countries)
        if parts is None:
            return None
        actor = self._actors.get(parts.name) or Actor(
            name=parts.name,
            aliases=(),
            kind=parts.kind,
            country=parts.country,
            affiliation=parts.affiliation,
            side=parts.side,
            inter=parts.inter,
        )
        if len(self._generated) >= _CACHE_LIMIT:
            self._generated.clear()
        self._generated[name] = actor
        return actor


def _add(
    index: dict[str, list[tuple[Actor, bool]]], key: str, actor: Actor, *, local: bool
) -> None:
    bucket = index.setdefault(key, [])
    if all(a is not actor for a, _ in bucket):
        bucket.append((actor, local))


def _pick(candidates: list[tuple[Actor, bool]], country: str | None) -> Actor | None:
    """The candidate of ``country``, else an international one; the first one without a country."""
    if country is None:
        return candidates[0][0]
    wanted = country.casefold()
    for actor, _ in candidates:
        if actor.country.casefold() == wanted:
            return actor
    for actor, _ in candidates:
        if actor.country == INTERNATIONAL:
            return actor
    return None


def _derived_aliases(actor: Actor) -> tuple[tuple[str, bool], ...]:
    """(alias, local) pairs an ACLED name carries in itself.

    "HTS" and "Hayat Tahrir al Sham" from "HTS: Hayat Tahrir al Sham"; "Asayish" from
    "Asayish (Syria)", local to Syria. Pattern names ("Civilians (Syria)") give none: their bare
    words are generic phrases that need a country.
    """
    name = actor.name
    head, sep, tail = name.partition(": ")
    if sep and head and tail:
        return ((head, False), (tail, False))
    suffix = f" ({actor.country})"
    if name.endswith(suffix) and len(name) > len(suffix) and parse_name(name, {}) is None:
        return ((name[: -len(suffix)], True),)
    return ()


def _strip_article(text: str) -> str:
    return text[4:] if text[:4].casefold() == "the " else text


def load_registry(
    paths: Sequence[Path] | None = None, *, extra_paths: Sequence[Path] = ()
) -> ActorRegistry:
    """A registry from the package's actor files (or ``paths`` instead), plus ``extra_paths``.

    Raises ``InputError`` naming file, line and field for the first problem found.
    """
    from ceasefire.actors.loader import documents_for, load_tables  # pydantic and YAML: on use

    return ActorRegistry(load_tables(documents_for(paths, extra_paths)))


@lru_cache(maxsize=1)
def default_registry() -> ActorRegistry:
    """The package's actors plus the files named in ``CEASEFIRE_ACTOR_FILES``.

    The variable holds paths separated by ``os.pathsep``; the registry is loaded once per process.
    """
    from ceasefire.settings import Settings, path_list

    return load_registry(extra_paths=path_list(Settings().actor_files))
