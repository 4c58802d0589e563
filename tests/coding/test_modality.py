"""Plans, threats, conditions and commentary are not observed events; PLOVER follows the verb.

Sentences written for these tests (none taken from any gold data). Reference date 25 Jan 2017.
"""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.coding.modality import is_opinion_piece
from ceasefire.coding.pipeline import Coder

from .helpers import REFERENCE, code, one


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a meeting ahead: CONSULT, planned, dated by the report and tagged with its day
        ("Russia, Turkey and Iran will meet in Moscow on 27 January to discuss the truce.",
         ("Strategic developments", "Other", "CONSULT", "planned", "planned_for=2017-01-27",
          "modality.future")),
        ("Talks between the government and the opposition will be held in Astana next week.",
         ("Strategic developments", "Other", "CONSULT", "planned", "", "modality.future")),
        ("The envoy is scheduled to meet opposition delegates in Geneva.",
         ("Strategic developments", "Other", "CONSULT", "planned", "", "modality.future")),
        # a threatened or planned act of violence is a statement, not the act
        ("Rebels threatened to shell Aleppo on Monday.",
         ("Strategic developments", "Other", "THREATEN", "planned", "", "modality.threat")),
        ("The army is set to launch an offensive on Idlib.",
         ("Strategic developments", "Other", "", "planned", "", "modality.future")),
        ("The rebels will attack Aleppo if the siege is not lifted.",
         ("Strategic developments", "Other", "", "planned", "", "modality.future")),
        # a condition: the act inside "if ..." did not happen
        ("The army warned it would respond if rebels shelled Aleppo.",
         ("Strategic developments", "Other", "THREATEN", "planned", "", "modality.conditional")),
    ],
)  # fmt: skip
def test_plans_threats_and_conditions_are_planned(
    coder: Coder, text: str, expected: tuple[str, ...]
) -> None:
    e = one(coder, text)
    rule = next(r for r in e.rules if r.startswith("modality."))
    got = (e.event_type, e.sub_event_type, e.plover_code, e.modality, e.tags, rule)
    assert got == expected
    assert e.event_date == REFERENCE  # never dated as if it had happened
    assert e.fatalities == 0


@pytest.mark.parametrize(
    "text",
    [
        "Rebels shelled Aleppo on Monday.",
        "Russia, Turkey and Iran met in Moscow on 20 January.",
        "The army launched an offensive on Idlib on Monday, killing 3 rebels.",
        "Shops closed due to the shelling of Aleppo on Monday.",
    ],
)
def test_acts_told_as_done_stay_observed(coder: Coder, text: str) -> None:
    assert [e.modality for e in code(coder, text)] == ["observed"]


def test_a_day_after_the_report_is_planned(coder: Coder) -> None:
    e = one(coder, "Delegations meet in Astana on 30 January.", date(2017, 1, 25))
    assert (e.modality, e.tags, e.event_date) == (
        "planned", "planned_for=2017-01-30", date(2017, 1, 25)
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("The Syrian government refused to negotiate with Iran on Monday.", "REJECT"),
        ("The opposition rejected the Russian proposal for talks on Monday.", "REJECT"),
        ("The opposition walked out of the talks in Astana on Monday.", "REJECT"),
        ("The opposition demanded talks on the release of detainees on Monday.", "DEMAND"),
        ("Turkey threatened to walk out of the negotiations on Monday.", "THREATEN"),
        ("Iran expressed support for the Astana talks on Monday.", "SUPPORT"),
        ("The delegations met in Astana on Monday.", "CONSULT"),
        ("Russia and Turkey agreed to hold talks in Astana on Monday.", "AGREE"),
        ("Russia accused Turkey of violating the truce on Monday.", "ACCUSE"),
    ],
)
def test_plover_code_follows_the_verb(coder: Coder, text: str, plover: str) -> None:
    assert one(coder, text).plover_code == plover


@pytest.mark.parametrize(
    "text",
    [
        "In my view, the bombardment of Idlib shows that the truce has failed.",
        "We must not pretend that the shelling of Aleppo is over.",
        "I believe the attack on Douma was a turning point.",
    ],
)
def test_commentary_codes_no_event(coder: Coder, text: str) -> None:
    assert code(coder, text) == []


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Opinion: the truce is failing. Regime forces shelled Douma.", "", True),
        ("Regime forces shelled Douma.", "Analysis | Why Astana matters", True),
        ("Regime forces shelled Douma.", "Regime forces shell Douma", False),
        ("Opinions differ on who shelled Douma.", "", False),
    ],
)
def test_opinion_pieces(text: str, title: str, expected: bool) -> None:
    assert is_opinion_piece(text, title) is expected


def test_an_opinion_piece_codes_no_event(coder: Coder) -> None:
    assert code(coder, "Opinion: regime forces shelled Douma on Monday, killing two.") == []
