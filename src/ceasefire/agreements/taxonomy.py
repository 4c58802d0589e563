"""ACLED's event taxonomy (2019 onwards): the six event types and their sub-event types.

Agreements name prohibited acts in these terms, so a typo or a pre-2019 type ("Remote
violence", "Battle-No change of territory") is caught when the agreement file is loaded.
"""

from __future__ import annotations

import difflib

from ceasefire.events.taxonomy import OLD_EVENT_TYPES, SUB_EVENT_TYPES

#: Event type -> its sub-event types, as ACLED's codebook spells them.
ACLED_EVENT_TYPES = SUB_EVENT_TYPES


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
    if event_type.lower() in OLD_EVENT_TYPES:
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
