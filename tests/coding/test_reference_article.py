"""The reference article (Astana talks, 25 January 2017) must come out as a careful coder would
code it. The article is not part of the repository: the test reads it from ../shared and is
skipped where that is absent. It uses the packaged actor registry and gazetteer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ceasefire.coding.extract import extract_documents
from ceasefire.events.record import EventRecord

ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "astana-talks-2017.txt"
PUBLISHED = date(2017, 1, 25)

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not ARTICLE.exists(), reason="../shared/seeds is not present"),
]


@pytest.fixture(scope="module")
def events() -> list[EventRecord]:
    from ceasefire.sources.text import read_text

    return list(extract_documents([read_text(ARTICLE)], reference_date=PUBLISHED))


def _actors(e: EventRecord) -> str:
    return " ".join((e.actor1, e.assoc_actor_1, e.actor2))


def test_the_astana_meeting_is_a_consultation_of_russia_turkey_and_iran(
    events: list[EventRecord],
) -> None:
    consult = [e for e in events if e.plover_code == "CONSULT" and "co-sponsored" in e.notes]
    assert len(consult) == 1
    e = consult[0]
    assert e.location == "Astana"
    assert all(state in _actors(e) for state in ("Russia", "Turkey", "Iran"))


def test_the_ceasefire_since_29_december_is_an_agreement(events: list[EventRecord]) -> None:
    agree = [e for e in events if e.plover_code == "AGREE"]
    assert [e.event_date for e in agree] == [date(2016, 12, 29)]
    assert agree[0].sub_event_type == "Agreement"


def test_the_wadi_barada_violation_is_violent_located_and_attributed(
    events: list[EventRecord],
) -> None:
    violent = [e for e in events if "Wadi Barada" in e.notes and not e.plover_code]
    assert len(violent) == 1
    e = violent[0]
    assert e.event_type == "Battles"
    assert e.location == "Wadi Barada"
    assert e.country == "Syria"
    assert e.latitude == pytest.approx(33.63, abs=0.1)
    assert e.longitude == pytest.approx(36.13, abs=0.15)
    assert e.actor1 == "Military Forces of Iran (1989-)"
    assert "Military Forces of Syria (2000-)" in e.assoc_actor_1
    assert e.modality == "observed"


def test_the_russian_accusation_is_an_allegation_not_an_observed_violation(
    events: list[EventRecord],
) -> None:
    accuse = [e for e in events if e.plover_code == "ACCUSE"]
    assert len(accuse) == 1
    e = accuse[0]
    assert e.modality == "alleged"
    assert "Russia" in e.claimant
    assert "Russia" in e.actor1
    assert "Syria" in e.actor2
    assert not any(x.notes == e.notes and x.event_type == "Battles" for x in events)


def test_the_moscow_meeting_is_planned_for_27_january(events: list[EventRecord]) -> None:
    """A meeting two days after publication has not happened: it is planned, dated by the
    report, and the day it is planned for is kept in the tags (coding/modality.py)."""
    moscow = [e for e in events if "Cairo and Riyadh" in e.notes]
    assert [(e.plover_code, e.modality, e.event_date) for e in moscow] == [
        ("CONSULT", "planned", PUBLISHED)
    ]
    assert "planned_for=2017-01-27" in moscow[0].tags.split(";")
    assert moscow[0].country == "Russia"


def test_the_geneva_talks_on_8_february_are_not_dated_as_if_held(
    events: list[EventRecord],
) -> None:
    geneva = [e for e in events if "Geneva process" in e.notes]
    assert len(geneva) == 1
    assert geneva[0].event_date == PUBLISHED
    assert "planned_for=2017-02-08" in geneva[0].tags.split(";")


def test_every_event_keeps_its_provenance(events: list[EventRecord]) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    for e in events:
        assert e.coder.startswith("ceasefire-coder/")
        assert e.rules and e.rules[0].startswith("trigger.")
        assert e.span_start is not None and e.span_end is not None
        assert text.strip()[e.span_start : e.span_end] == e.notes
