from __future__ import annotations

from datetime import date

from ceasefire.coding.primary import primary_event
from ceasefire.events.record import EventRecord

DAY = date(2020, 1, 1)


def test_the_first_acled_event_is_primary() -> None:
    consult = EventRecord(DAY, "Strategic developments", "Other", plover_code="CONSULT")
    shelling = EventRecord(DAY, "Explosions/Remote violence", "Shelling/artillery/missile attack")
    protest = EventRecord(DAY, "Protests", "Peaceful protest")
    assert primary_event([consult, shelling, protest]) is shelling


def test_an_observed_event_comes_before_an_alleged_one() -> None:
    alleged = EventRecord(DAY, "Battles", "Armed clash", modality="alleged")
    observed = EventRecord(DAY, "Battles", "Armed clash")
    assert primary_event([alleged, observed]) is observed


def test_no_events_no_primary() -> None:
    assert primary_event([]) is None
