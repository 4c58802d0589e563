"""The violation rules, one row per rule outcome: incident facts -> verdict, party and trace."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ceasefire.actors.registry import default_registry
from ceasefire.agreements.loader import load_agreement, parse_agreement
from ceasefire.agreements.schema import Agreement
from ceasefire.assessment.rules import IncidentFacts, assess
from ceasefire.scenarios import scenario_dir

GOV = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"
STRIKE = IncidentFacts(
    date_from=date(2017, 1, 9),
    date_to=date(2017, 1, 9),
    event_type="Explosions/Remote violence",
    sub_event_type="Air/drone strike",
    actor1=GOV,
    actor2=REBELS,
    country="Syria",
    admin1="Rural Damascus",
    source_count=2,
)


@pytest.fixture(scope="module")
def astana() -> Agreement:
    return load_agreement(scenario_dir("astana-2017") / "agreement.yaml")


# (case, changes to STRIKE, verdict, party, side, confidence, trace as "rule:answer" steps)
CASES = [
    ("party strikes rebels", {}, "violation", GOV, "government", 0.9,
     "time:yes scope:yes act:yes excluded:no perpetrator:yes"),
    ("one source only", {"source_count": 1}, "violation", GOV, "government", 0.75,
     "time:yes scope:yes act:yes excluded:no perpetrator:yes"),
    ("before the truce", {"date_from": date(2016, 12, 29), "date_to": date(2016, 12, 29)},
     "no_violation", "", "", 0.95, "time:no"),
    ("dates straddle the start", {"date_from": date(2016, 12, 29)},
     "undetermined", "", "", None, "time:unknown"),
    ("outside the scope", {"country": "Iraq"}, "no_violation", "", "", 0.95,
     "time:yes scope:no"),
    ("no country given", {"country": ""}, "undetermined", "", "", None,
     "time:yes scope:unknown"),
    ("allegation names the accused", {"allegation": True, "claimant": REBELS,
     "actor1": REBELS, "actor2": GOV, "event_type": "Strategic developments"},
     "undetermined", GOV, "government", None, "time:yes scope:yes allegation:yes"),
    ("not a prohibited act", {"event_type": "Protests", "sub_event_type": "Peaceful protest"},
     "no_violation", "", "", 0.95, "time:yes scope:yes act:no"),
    ("by an excluded group", {"actor1": "Islamic State (Syria)"}, "no_violation", "", "",
     0.95, "time:yes scope:yes act:yes excluded:yes"),
    ("against an excluded group", {"actor2": "JFS: Jabhat Fateh al Sham"}, "no_violation",
     "", "", 0.95, "time:yes scope:yes act:yes excluded:yes"),
    ("perpetrator unknown", {"actor1": ""}, "undetermined", "", "", None,
     "time:yes scope:yes act:yes excluded:no perpetrator:unknown"),
    ("perpetrator unidentified", {"actor1": "Unidentified Armed Group (Syria)"},
     "undetermined", "", "", None, "time:yes scope:yes act:yes excluded:no perpetrator:unknown"),
    ("a listed affiliate", {"actor1": "Hezbollah"}, "violation", GOV, "government", 0.9,
     "time:yes scope:yes act:yes excluded:no perpetrator:yes"),
    ("affiliated through the registry", {"actor1": "Liwa Fatemiyoun"}, "violation", GOV,
     "government", 0.75, "time:yes scope:yes act:yes excluded:no perpetrator:yes"),
    ("a party's sub-unit", {"actor1": f"{GOV} Republican Guard"}, "violation", GOV,
     "government", 0.9, "time:yes scope:yes act:yes excluded:no perpetrator:yes"),
    ("clash between the sides", {"event_type": "Battles", "sub_event_type": "Armed clash"},
     "violation", "", "", 0.7, "time:yes scope:yes act:yes excluded:no perpetrator:yes"),
    ("non-party fights a party", {"event_type": "Battles", "sub_event_type": "Armed clash",
     "actor1": "Military Forces of Turkey (2016-)"}, "undetermined", "", "", None,
     "time:yes scope:yes act:yes excluded:no perpetrator:unknown"),
    ("non-party strikes", {"actor1": "Military Forces of the United States (2017-)",
     "actor2": "Civilians (Syria)"}, "no_violation", "", "", 0.95,
     "time:yes scope:yes act:yes excluded:no perpetrator:no"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "verdict", "party", "side", "confidence", "steps"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_rule_table(
    astana: Agreement,
    changes: dict[str, object],
    verdict: str,
    party: str,
    side: str,
    confidence: float | None,
    steps: str,
) -> None:
    result = assess(replace(STRIKE, **changes), astana, default_registry())  # type: ignore[arg-type]
    trace = " ".join(f"{s.rule}:{s.answer}" for s in result.trace)
    assert (result.verdict, result.party, result.side, result.confidence, trace) == (
        verdict, party, side, confidence, steps,
    )  # fmt: skip


def test_sub_event_restriction_without_sub_event_is_undetermined(astana: Agreement) -> None:
    text = (scenario_dir("astana-2017") / "agreement.yaml").read_text()
    text = text.replace(
        "  - Violence against civilians\n",
        "  - event_type: Violence against civilians\n    sub_event_types: [Attack]\n",
    )
    narrowed = parse_agreement(text, source="narrowed")
    facts = replace(STRIKE, event_type="Violence against civilians", sub_event_type="")
    result = assess(facts, narrowed)
    assert (result.verdict, result.trace[-1].rule, result.trace[-1].answer) == (
        "undetermined", "act", "unknown",
    )  # fmt: skip


def test_trace_says_why_in_words(astana: Agreement) -> None:
    result = assess(replace(STRIKE, actor2="JFS: Jabhat Fateh al Sham"), astana)
    assert result.trace[-1].as_dict() == {
        "rule": "excluded",
        "answer": "yes",
        "detail": "act against JFS: Jabhat Fateh al Sham, excluded from the truce",
    }
