"""The working records the coder's stages pass along, and the interfaces it needs from the
actor registry and the gazetteer (structural, so tests can hand in small fakes)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


class ActorLike(Protocol):
    """What the coder reads from an actor of the registry."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def country(self) -> str | None: ...
    @property
    def inter(self) -> Any: ...


class RegistryLike(Protocol):
    """The part of ``ceasefire.actors.registry.ActorRegistry`` the coder uses."""

    def resolve(self, mention: str, *, country: str | None = None) -> Any: ...
    def generic(self, kind: str, *, country: str) -> Any: ...
    def patterns(self) -> list[tuple[str, str]]: ...
    def get(self, name: str, /) -> Any: ...


class PlaceLike(Protocol):
    """What the coder reads from a gazetteer place."""

    @property
    def id(self) -> Any: ...
    @property
    def name(self) -> str: ...
    @property
    def latitude(self) -> float: ...
    @property
    def longitude(self) -> float: ...
    @property
    def country(self) -> str: ...
    @property
    def admin1(self) -> str: ...
    @property
    def admin2(self) -> str: ...
    @property
    def feature(self) -> str: ...
    @property
    def population(self) -> int: ...


class GazetteerLike(Protocol):
    """The part of ``ceasefire.places.gazetteer.Gazetteer`` the coder uses."""

    def lookup(self, name: str, *, country: str | None = None) -> list[Any]: ...
    def fuzzy(
        self, name: str, *, country: str, min_score: float = 88, limit: int = 5
    ) -> list[Any]: ...
    def best(
        self, name: str, *, country: str | None = None, near: Sequence[tuple[float, float]] = ()
    ) -> Any: ...
    def admin1(self, name: str, *, country: str | None = None) -> Any: ...
    def surface_forms(
        self, *, countries: Iterable[str] | None = None
    ) -> Iterator[tuple[str, Any]]: ...
    def get(self, place_id: str, /) -> Any: ...
    def countries(self) -> Any: ...


@dataclass
class TriggerHit:
    """An event trigger found in a sentence: which rule, where, and what it codes."""

    rule: str
    start: int  # character offsets within the sentence
    end: int
    event_type: str
    sub_event_type: str
    plover: str = ""
    priority: int = 0
    violent: bool = False
    role: str = ""


@dataclass
class ActorMention:
    """An actor named in a sentence, resolved to a canonical name when the registry knows it."""

    text: str
    start: int
    end: int
    name: str
    kind: str = ""
    country: str = ""
    inter: str = ""
    role: str = ""  # "actor1", "actor2", "claimant" or "" when the parse gives no role
    rule: str = ""


@dataclass
class PlaceMention:
    """A place named in a sentence and what the gazetteer made of it."""

    text: str
    start: int
    end: int
    place: Any = None
    role: str = ""  # "location", "near", "admin", "origin", "mention", "part", "modifier"
    precision: int = 1
    rule: str = ""


@dataclass
class Sentence:
    """One sentence of one document, and everything the stages found in it."""

    doc_index: int
    index: int  # position within its document
    text: str
    start: int  # offset of the sentence within the document text
    relevant: bool = False
    triggers: list[TriggerHit] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    foreign_places: list[str] = field(default_factory=list)  # places only in unnamed countries
    dates: list[tuple[int, int, date, int]] = field(default_factory=list)  # start, end, day, prec
    fatalities: int | None = None
    fatality_rule: str = ""
    fatality_total: bool = False
    modality: str = "observed"
    claimant: str = ""
    modality_rule: str = ""
    parsed: Any = None  # the spaCy Doc, when the sentence went through the parser


@dataclass
class DocumentContext:
    """One input document being coded: its text, reference date, sentences and country."""

    index: int
    text: str
    reference_date: date | None
    record: Any = None
    sentences: list[Sentence] = field(default_factory=list)
    country: str = ""
    country_rule: str = ""
    named_countries: frozenset[str] = frozenset()  # countries the text names
    events: list[Any] = field(default_factory=list)  # EventRecords, set by the events stage
