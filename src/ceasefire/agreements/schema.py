"""The Agreement record: who agreed to stop doing what, where, from when, and who verifies.

Pydantic models for agreement files. Every date-time must carry a UTC offset, or the file
must name its ``timezone`` (an IANA name such as ``Asia/Damascus``); all are kept in UTC.
Cross-references (quorum against members, members against guarantors and monitors, zone ids,
parties against excluded actors) are checked after the fields (``checks.py``); a failing
check raises a ``ReferenceProblem`` carrying the key path, so the loader can name the line.

The helper methods (``covers_time``, ``covers_place``, ``is_party``, ``prohibits``, ...) are
what the violation rules ask. Those that can lack the facts to answer return ``None`` rather
than guess.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_serializer,
    model_validator,
)

from ceasefire.agreements.checks import ReferenceProblem, reference_problems
from ceasefire.agreements.geometry import Polygon
from ceasefire.agreements.names import index_of, lookup_actor, normalise_name, normalise_place
from ceasefire.agreements.succession import file_problems
from ceasefire.agreements.taxonomy import check_event_type, check_sub_event_type
from ceasefire.agreements.thresholds import DEFAULT_THRESHOLDS, Thresholds
from ceasefire.agreements.verification_terms import (
    VERIFICATION_DEFAULTS,
    QuorumBasis,
    Recusal,
    verification_problems,
)
from ceasefire.agreements.zones import ZoneIndex

#: Bounds on what an agreement file may hold. Names are shown in tables and messages; nothing
#: real comes near (the longest ACLED actor name is about 150 characters).
MAX_ID_CHARS = 100
MAX_NAME_CHARS = 300
MAX_TEXT_CHARS = 20_000
#: ACLED geo_precision from which a point stands for an area (a province or wider), not a place.
APPROXIMATE_PRECISION = 3


def approximate_point(precision: int | None) -> bool:
    """Whether a point of this ACLED geo_precision stands for an area (a capital, a centroid)."""
    return precision is not None and precision >= APPROXIMATE_PRECISION


#: Years an agreement's dates may fall in (a date at year 1 with an offset is not in UTC's range).
MIN_YEAR, MAX_YEAR = 1900, 2200
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NAIVE = (
    "date-time '{value}' has no UTC offset; write it with one "
    "(e.g. 2016-12-30T00:00:00+02:00) or name the file's zone in a top-level "
    "'timezone:' key (e.g. timezone: Asia/Damascus)"
)


def _to_utc(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"'{value}' is not an ISO 8601 date-time (e.g. 2016-12-30T00:00:00+02:00)"
            ) from None
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError(_NAIVE.format(value=value.isoformat()))
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValueError(
                f"'{value.isoformat()}' is outside the years {MIN_YEAR} to {MAX_YEAR} "
                "an agreement can be in force"
            )
        return value.astimezone(UTC)
    if isinstance(value, date):
        raise ValueError(_NAIVE.format(value=value.isoformat()))
    return value


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens "
            "(e.g. astana-2017)"
        )
    return value


UtcDatetime = Annotated[datetime, BeforeValidator(_to_utc)]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_CHARS)
]
#: Free text (a description, a reference): bounded too, so every face can show it whole.
FreeText = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]
Slug = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=MAX_ID_CHARS), AfterValidator(_slug)
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Party(_Model):
    """A party bound by the agreement: a canonical actor name, its side and its affiliates."""

    actor: Name
    side: Name
    label: Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS)] = ""
    includes: list[Name] = Field(default_factory=list)


class ExcludedActor(_Model):
    """An actor the agreement excludes; ``contested_by`` names who disputed the exclusion.

    Written as a plain name, or as a mapping when the exclusion was contested. The verdict
    follows the agreement text (the actor stays excluded); the trace names the contest.
    """

    actor: Name
    contested_by: list[Name] = Field(default_factory=list)
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _accept_plain_name(cls, data: Any) -> Any:
        return {"actor": data} if isinstance(data, str) else data

    @model_serializer(mode="wrap")
    def _plain_when_uncontested(self, handler: Any) -> Any:
        # an uncontested exclusion serialises as the bare name, as files write it, so the
        # content hash of agreements that use no contest is what it was before the field
        return self.actor if not (self.contested_by or self.note) else handler(self)

    def __str__(self) -> str:
        return self.actor


class Guarantor(_Model):
    """A state or organisation guaranteeing the agreement, from ``joined`` if it joined later."""

    name: Name
    joined: UtcDatetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_plain_name(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data


class Scope(_Model):
    """Where the agreement applies: listed countries, narrowed to admin1 areas or polygons."""

    countries: list[Name] = Field(default_factory=list)
    admin1: list[Name] = Field(default_factory=list)
    polygons: list[Polygon] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> Scope:
        if not (self.countries or self.admin1 or self.polygons):
            raise ValueError("scope needs at least one of: countries, admin1, polygons")
        return self


class ProhibitedAct(_Model):
    """An ACLED event type the parties may not commit, optionally only some sub-event types."""

    event_type: str
    sub_event_types: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _accept_plain_type(cls, data: Any) -> Any:
        return {"event_type": data} if isinstance(data, str) else data

    @field_validator("event_type")
    @classmethod
    def _known_event_type(cls, value: str) -> str:
        return check_event_type(value.strip())

    @model_validator(mode="after")
    def _known_sub_event_types(self) -> ProhibitedAct:
        for i, sub in enumerate(self.sub_event_types):
            try:
                check_sub_event_type(self.event_type, sub)
            except ValueError as exc:
                raise ReferenceProblem(str(exc), ("sub_event_types", i)) from None
        return self


class Zone(_Model):
    """A named part of the scope, for per-zone reporting: admin areas or a polygon."""

    id: Slug
    name: Name
    admin1: list[Name] = Field(default_factory=list)
    admin2: list[Name] = Field(default_factory=list)
    polygon: Polygon | None = None

    @model_validator(mode="after")
    def _has_an_area(self) -> Zone:
        if not (self.admin1 or self.admin2 or self.polygon):
            raise ValueError(f"zone '{self.id}' needs admin1, admin2 or a polygon")
        return self


class QuorumN(_Model):
    """At least ``n`` of the members must agree."""

    n: int = Field(ge=1)


Quorum = Literal["unanimous", "majority"] | QuorumN


class Verification(_Model):
    """Who votes on whether a reported incident is a verified violation, and how many must."""

    members: list[Name] = Field(min_length=1)
    quorum: Quorum = "unanimous"
    # -- where the quorum comes from, and who recuses (agreements/verification_terms.py)
    quorum_basis: QuorumBasis = "unspecified"
    quorum_note: str = ""
    recusal: Recusal = Field(default_factory=Recusal)

    @field_validator("quorum", mode="before")
    @classmethod
    def _known_quorum(cls, value: Any) -> Any:
        if value in ("unanimous", "majority") or isinstance(value, QuorumN):
            return value
        if isinstance(value, dict) and set(value) == {"n"}:
            n = value["n"]
            if not isinstance(n, int) or isinstance(n, bool) or n < 1:
                raise ReferenceProblem(f"quorum n must be a whole number >= 1, not {n!r}", ("n",))
            return value
        raise ValueError(f"quorum must be 'unanimous', 'majority' or {{n: N}}, not {value!r}")

    def votes_needed(self, members: int | None = None) -> int:
        """Votes needed for a decision when ``members`` (default: all) can vote."""
        m = len(self.members) if members is None else members
        if self.quorum == "unanimous":
            return m
        if self.quorum == "majority":
            return m // 2 + 1
        assert isinstance(self.quorum, QuorumN)
        return min(self.quorum.n, m)


def _localise(value: Any, zone: ZoneInfo) -> Any:
    """Attach ``zone`` to a date-time written without an offset (a date means midnight)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone) if value.utcoffset() is None else value
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=zone)
    return value


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"'{name}' is not an IANA time zone name (e.g. Asia/Damascus, Europe/Istanbul, UTC)"
        ) from None


class Agreement(_Model):
    """A ceasefire agreement as loaded from its file; all date-times in UTC."""

    timezone: str | None = None
    id: Slug
    name: Name
    description: FreeText = ""
    effective_from: UtcDatetime
    effective_until: UtcDatetime | None = None
    parties: list[Party] = Field(min_length=1)
    guarantors: list[Guarantor] = Field(default_factory=list)
    observers: list[Name] = Field(default_factory=list)
    monitors: list[Name] = Field(default_factory=list)
    scope: Scope
    excluded_actors: list[ExcludedActor] = Field(default_factory=list)
    prohibited_acts: list[ProhibitedAct] = Field(min_length=1)
    zones: list[Zone] = Field(default_factory=list)
    verification: Verification
    references: list[FreeText] = Field(default_factory=list)
    # Status thresholds (analytics): optional, omitted from the canonical JSON when absent so
    # agreements stored before the block existed keep their content hash.
    thresholds: Thresholds | None = None
    # -- succession (agreements/succession.py): the agreement this one follows / is replaced by
    follows: Slug | None = None
    superseded_by: Slug | None = None

    _parties: dict[str, Party] = PrivateAttr(default_factory=dict)
    _excluded: dict[str, bool] = PrivateAttr(default_factory=dict)
    _zones: ZoneIndex | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _apply_timezone(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("timezone"), str):
            return data
        try:
            zone = _zone(data["timezone"])
        except ValueError:
            return data
        out = dict(data)
        for key in ("effective_from", "effective_until"):
            if key in out:
                out[key] = _localise(out[key], zone)
        if isinstance(out.get("guarantors"), list):
            out["guarantors"] = [
                {**g, "joined": _localise(g["joined"], zone)}
                if isinstance(g, dict) and "joined" in g
                else g
                for g in out["guarantors"]
            ]
        return out

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        if value is not None:
            _zone(value)
        return value

    @model_validator(mode="after")
    def _check_references(self) -> Agreement:
        problems = reference_problems(self) + file_problems(self) + verification_problems(self)
        if problems:
            raise problems[0]
        return self

    def model_post_init(self, context: Any, /) -> None:
        for party in self.parties:
            for actor in (party.actor, *party.includes):
                self._parties[normalise_name(actor)] = party
        self._excluded = {normalise_name(a.actor): True for a in self.excluded_actors}

    # -- serialisation ---------------------------------------------------------------------

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, no spaces, UTC date-times; equal agreements match."""
        data = self.model_dump(mode="json")
        if data.get("thresholds") is None:
            data.pop("thresholds", None)
        for key in ("follows", "superseded_by"):  # the same for succession
            if data.get(key) is None:
                data.pop(key, None)
        rule = data["verification"]  # and for the quorum basis and recusal left at defaults
        for key, default in VERIFICATION_DEFAULTS.items():
            if rule.get(key) == default:
                rule.pop(key, None)
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> Agreement:
        """Rebuild an agreement from :meth:`to_json` output (raises pydantic ValidationError)."""
        return cls.model_validate_json(text)

    def content_hash(self) -> str:
        """SHA-256 hex digest of :meth:`to_json`; changes whenever any term changes."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    # -- questions the violation rules ask -----------------------------------------------

    def local_zone(self) -> ZoneInfo:
        """The agreement's own time zone (UTC when the file names none)."""
        return ZoneInfo(self.timezone or "UTC")

    def covers_time(self, when: datetime | date) -> bool | None:
        """Is ``when`` inside [effective_from, effective_until)?

        A date-time must be timezone-aware. A calendar date is read in the agreement's own
        time zone; a day that is only partly in force (the agreement started or ended during
        it) gives ``None``.
        """
        if isinstance(when, datetime):
            if when.utcoffset() is None:
                raise ValueError("covers_time() needs a timezone-aware date-time")
            return self._in_force(when.astimezone(UTC))
        zone = self.local_zone()
        start = datetime.combine(when, time(0), tzinfo=zone).astimezone(UTC)
        end = datetime.combine(when + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
        first, last = self._in_force(start), self._in_force(end - timedelta(microseconds=1))
        return first if first == last else None

    def _in_force(self, moment: datetime) -> bool:
        if moment < self.effective_from:
            return False
        return self.effective_until is None or moment < self.effective_until

    def covers_place(
        self,
        country: str | None,
        admin1: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        *,
        precision: int | None = None,
    ) -> bool | None:
        """Is the place inside the scope? ``None`` when the facts given cannot tell.

        The place must be in a listed country (when countries are listed) and, when admin1
        areas or polygons are listed, in one of those admin1 areas or inside one polygon. A
        point located only to a province or wider (ACLED ``geo_precision`` 3: a capital or a
        centroid standing for the area) places nothing against polygons.
        """
        scope = self.scope
        if scope.countries:
            if not country:
                return None
            if normalise_place(country) not in index_of(scope.countries, normalise_place):
                return False
        if not (scope.admin1 or scope.polygons):
            return True
        if admin1 and normalise_place(admin1) in index_of(scope.admin1, normalise_place):
            return True
        point = (lon, lat) if lon is not None and lat is not None else None
        if approximate_point(precision):
            point = None
        if point and any(p.contains(*point) for p in scope.polygons):
            return True
        unknown = (scope.admin1 and not admin1) or (scope.polygons and point is None)
        return None if unknown else False

    def is_party(self, actor: str) -> Party | None:
        """The party ``actor`` belongs to (directly, as an affiliate or a sub-unit), if any."""
        if not actor.strip():
            return None
        return lookup_actor(self._parties, actor)

    def side_of(self, actor: str) -> str | None:
        """The side (e.g. government, opposition) of ``actor``'s party, if it is a party."""
        party = self.is_party(actor)
        return party.side if party else None

    def is_excluded(self, actor: str) -> bool:
        """Is ``actor`` (or the force it is a sub-unit of) excluded from the agreement?"""
        return bool(actor.strip()) and bool(lookup_actor(self._excluded, actor))

    def exclusion(self, actor: str) -> ExcludedActor | None:
        """The excluded-actor entry for ``actor`` (or the force it is a sub-unit of), if any."""
        if not actor.strip():
            return None
        index = {normalise_name(a.actor): a for a in self.excluded_actors}
        return lookup_actor(index, actor)

    def prohibits(self, event_type: str, sub_event_type: str | None = None) -> bool | None:
        """Is this ACLED event (sub-)type a prohibited act?

        ``None`` when the act is prohibited only for some sub-event types and none is given.
        """
        for act in self.prohibited_acts:
            if act.event_type.casefold() != event_type.strip().casefold():
                continue
            if not act.sub_event_types:
                return True
            if not sub_event_type:
                return None
            return sub_event_type.strip().casefold() in {s.casefold() for s in act.sub_event_types}
        return False

    def zone_of(
        self,
        admin1: str | None = None,
        admin2: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
    ) -> Zone | None:
        """The most specific zone containing the place: polygon, then admin2, then admin1.

        Zones may overlap (a valley inside its province); within one level the first zone in
        the file wins. Answers are indexed and remembered (``agreements/zones.py``).
        """
        # Straight to pydantic's private store: going through ``self._zones`` costs more than
        # a remembered answer (pydantic's __getattr__ runs on every private read).
        private: dict[str, Any] = self.__pydantic_private__ or {}
        index = private.get("_zones")
        if index is None:
            index = private["_zones"] = ZoneIndex(self.zones)
        return cast(ZoneIndex, index).zone_of(admin1, admin2, lat, lon)

    def status_thresholds(self) -> Thresholds:
        """The file's ``thresholds:`` block, or the defaults when it has none."""
        return self.thresholds or DEFAULT_THRESHOLDS

    def zone(self, zone_id: str) -> Zone | None:
        """The zone with id ``zone_id``, if declared."""
        return next((z for z in self.zones if z.id == zone_id), None)

    def guarantor_at(self, name: str, when: datetime) -> bool:
        """Was ``name`` a guarantor at ``when`` (it is listed and had joined by then)?"""
        wanted = normalise_name(name)
        for g in self.guarantors:
            if normalise_name(g.name) == wanted:
                return g.joined is None or g.joined <= when
        return False

    def voting_members(self, when: datetime) -> list[str]:
        """Verification members able to vote at ``when``: guarantors once joined, monitors."""
        guarantors = {normalise_name(g.name) for g in self.guarantors}
        return [
            m
            for m in self.verification.members
            if normalise_name(m) not in guarantors or self.guarantor_at(m, when)
        ]
