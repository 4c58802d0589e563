"""The primary event of a text: the one a human coder would record for it.

A text reporting one event names it first; later sentences add background (an earlier
attack, a statement about it). So the primary event is the first one coded, except that a
non-violent political event (PLOVER only) gives way to an ACLED event later in the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from ceasefire.events.record import EventRecord


def _rank(event: EventRecord) -> int:
    if event.plover_code and event.sub_event_type == "Other":
        return 2
    if event.modality != "observed":
        return 1
    return 0


def primary_event(events: Sequence[EventRecord]) -> EventRecord | None:
    """The primary event among one text's events (None when there are none)."""
    if not events:
        return None
    best = min(range(len(events)), key=lambda i: (_rank(events[i]), i))
    return events[best]
