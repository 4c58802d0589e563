"""ACLED's event taxonomy (2019 onwards): the six event types and their sub-event types.

Agreements name prohibited acts in these terms, so a typo or a pre-2019 type ("Remote
violence", "Battle-No change of territory") is caught when the agreement file is loaded.
"""

from __future__ import annotations

import difflib

#: Event type -> its sub-event types, as ACLED's codebook spells them.
ACLED_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": (
        "Violent demonstration",
        "Mob violence",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

#: Event types of ACLED's taxonomy before 2019, which agreement files must not use.
PRE_2019_EVENT_TYPES: frozenset[str] = frozenset(
    {
        "Battle-No change of territory",
        "Battle-Government regains territory",
        "Battle-Non-state actor overtakes territory",
        "Remote violence",
        "Riots/Protests",
        "Headquarters or base established",
        "Non-violent transfer of territory",
        "Strategic development",
    }
)


def suggest(value: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """The closest spelling of ``value`` among ``choices``, if one is close enough."""
    by_fold = {c.casefold(): c for c in choices}
    if value.casefold() in by_fold:
        return by_fold[value.casefold()]
    close = difflib.get_close_matches(value.casefold(), list(by_fold), n=1, cutoff=0.6)
    return by_fold[close[0]] if close else None


def check_event_type(event_type: str) -> str:
    """Return ``event_type`` if ACLED has it; otherwise raise ValueError saying what to write."""
    if event_type in ACLED_EVENT_TYPES:
        return event_type
    message = f"'{event_type}' is not an ACLED event type"
    if event_type in PRE_2019_EVENT_TYPES:
        message += " (it belongs to ACLED's pre-2019 taxonomy)"
    close = suggest(event_type, tuple(ACLED_EVENT_TYPES))
    if close:
        message += f"; did you mean '{close}'?"
    else:
        message += f"; use one of: {', '.join(ACLED_EVENT_TYPES)}"
    raise ValueError(message)


def check_sub_event_type(event_type: str, sub_event_type: str) -> str:
    """Return ``sub_event_type`` if it belongs to ``event_type``; otherwise raise ValueError."""
    allowed = ACLED_EVENT_TYPES[event_type]
    if sub_event_type in allowed:
        return sub_event_type
    owner = next((t for t, subs in ACLED_EVENT_TYPES.items() if sub_event_type in subs), None)
    if owner:
        raise ValueError(
            f"'{sub_event_type}' is a sub-event type of '{owner}', not of '{event_type}'"
        )
    message = f"'{sub_event_type}' is not a sub-event type of '{event_type}'"
    close = suggest(sub_event_type, allowed)
    message += f"; did you mean '{close}'?" if close else f"; use one of: {', '.join(allowed)}"
    raise ValueError(message)
