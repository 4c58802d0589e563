"""ACLED's actor-naming patterns as rules, so any country's generic actors resolve unlisted.

ACLED names state forces "Military Forces of {country} ({period})" (also "Police Forces of",
"Government of"), optionally followed by a unit ("... (2000-) Prison Guards"), and groups of
people "{group} ({country})": "Civilians (Syria)", "Protesters (Iraq)", "Unidentified Armed Group
(Libya)", "Tiv Ethnic Militia (Nigeria)". UCDP names a state side "Government of {country}".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ceasefire.actors.records import CountrySpec

_COUNTRY = r"(?P<country>[A-Za-z][A-Za-z .'\-]*?)"
_STATE = re.compile(
    r"^(?P<force>military forces|police forces|government) of (?P<the>the )?"
    + _COUNTRY
    + r" \((?P<period>\d{4}-(?:\d{4})?)\)(?: (?P<unit>\S.*))?$",
    re.IGNORECASE,
)
_UCDP_STATE = re.compile(r"^government of (?P<the>the )?" + _COUNTRY + r"$", re.IGNORECASE)
_IDENTITY = re.compile(
    r"^(?:(?P<who>.+?) )?(?P<type>ethnic|communal|clan|sub-clan|tribal|caste|cult|indigenous)"
    r" militia \(" + _COUNTRY + r"\)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Pattern:
    """What a name pattern says about its actor."""

    prefix: str
    kind: str
    inter: int | None
    side: str | None


# Keys are the generic kinds ``ActorRegistry.generic`` accepts, plus group names it does not.
STATE_PATTERNS: dict[str, Pattern] = {
    "military": Pattern("Military Forces", "state_force", 1, "government"),
    "police": Pattern("Police Forces", "police", 1, "government"),
    "government": Pattern("Government", "state_force", 1, "government"),
}
GROUP_PATTERNS: dict[str, Pattern] = {
    "civilians": Pattern("Civilians", "civilians", 7, "civilian"),
    "protesters": Pattern("Protesters", "protesters", 6, None),
    "rioters": Pattern("Rioters", "rioters", 5, None),
    "unidentified": Pattern("Unidentified Armed Group", "unidentified", 3, "unknown"),
    "unidentified_gang": Pattern("Unidentified Gang", "unidentified", 3, "unknown"),
    "private_security": Pattern("Private Security Forces", "other", 8, None),
}
_GROUP = re.compile(
    r"^(?P<group>"
    + "|".join(re.escape(p.prefix) for p in GROUP_PATTERNS.values())
    + r") \("
    + _COUNTRY
    + r"\)$",
    re.IGNORECASE,
)
_IDENTITY_TYPES = {
    t.casefold(): t
    for t in ("Ethnic", "Communal", "Clan", "Sub-Clan", "Tribal", "Caste", "Cult", "Indigenous")
}
_BY_PREFIX = {p.prefix.casefold(): p for p in (*STATE_PATTERNS.values(), *GROUP_PATTERNS.values())}


@dataclass(frozen=True)
class NameParts:
    """An actor derived from a pattern name, before it becomes an ``Actor``."""

    name: str
    kind: str
    country: str
    inter: int | None
    side: str | None
    affiliation: str | None


def generic_name(kind: str, spec: CountrySpec) -> str | None:
    """ACLED name of the generic actor ``kind`` of the country in ``spec``.

    None for state kinds when the table has no regime period for that country.
    """
    if kind in STATE_PATTERNS:
        override: str | None = getattr(spec, kind)
        if override:
            return override
        if spec.period is None:
            return None
        return f"{STATE_PATTERNS[kind].prefix} of {spec.in_name} ({spec.period})"
    return f"{GROUP_PATTERNS[kind].prefix} ({spec.country})"


def _country(raw: str, the: bool, countries: Mapping[str, CountrySpec]) -> tuple[str, bool]:
    spec = countries.get(raw.casefold())
    if spec is not None:
        return spec.country, spec.the
    return (raw.title() if raw.islower() else raw), the


def parse_name(text: str, countries: Mapping[str, CountrySpec]) -> NameParts | None:
    """The actor an ACLED pattern name stands for, or None when ``text`` fits no pattern.

    ``text`` must be folded (single spaces, plain quotes). Case is forgiven; the name returned
    is spelt the ACLED way, with the country as the table spells it.
    """
    state = _STATE.match(text)
    if state:
        pattern = _BY_PREFIX[state["force"].casefold()]
        country, the = _country(state["country"], bool(state["the"]), countries)
        spec = countries.get(country.casefold())
        period = state["period"]
        base = f"{pattern.prefix} of {'the ' if the else ''}{country} ({period})"
        if state["unit"]:
            return NameParts(
                f"{base} {state['unit']}", pattern.kind, country, 1, None, affiliation=base
            )
        current = spec is None or spec.period == period
        return NameParts(base, pattern.kind, country, 1, pattern.side if current else None, None)
    group = _GROUP.match(text)
    if group:
        pattern = _BY_PREFIX[group["group"].casefold()]
        country, _ = _country(group["country"], False, countries)
        return NameParts(
            f"{pattern.prefix} ({country})",
            pattern.kind,
            country,
            pattern.inter,
            pattern.side,
            None,
        )
    identity = _IDENTITY.match(text)
    if identity:
        country, _ = _country(identity["country"], False, countries)
        who = identity["who"]
        name = f"{who} " if who else ""
        name += f"{_IDENTITY_TYPES[identity['type'].casefold()]} Militia ({country})"
        unknown = who is not None and who.casefold() == "unidentified"
        return NameParts(name, "militia", country, 4, "unknown" if unknown else None, None)
    return None


def ucdp_state_country(text: str) -> str | None:
    """The country of a UCDP state side such as "Government of Syria", else None."""
    match = _UCDP_STATE.match(text)
    return match["country"] if match else None
