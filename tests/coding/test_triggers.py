from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.coding.triggers import load_triggers, parse_triggers
from ceasefire.errors import InputError


@pytest.mark.parametrize(
    ("sentence", "event_type", "sub_event_type", "plover"),
    [
        ("Regime forces shelled the village.", "Explosions/Remote violence",
         "Shelling/artillery/missile attack", ""),
        ("A Russian air strike hit the market.", "Explosions/Remote violence",
         "Air/drone strike", ""),
        ("An IED exploded under a car.", "Explosions/Remote violence",
         "Remote explosive/landmine/IED", ""),
        ("A suicide bomber blew himself up at the gate.", "Explosions/Remote violence",
         "Suicide bomb", ""),
        ("Rebels clashed with the army.", "Battles", "Armed clash", ""),
        ("Gunmen kidnapped a teacher.", "Violence against civilians",
         "Abduction/forced disappearance", ""),
        ("Hundreds protested outside parliament.", "Protests", "Peaceful protest", ""),
        ("Youths threw stones at the police.", "Riots", "Violent demonstration", ""),
        ("Engineers defused a roadside bomb.", "Strategic developments",
         "Disrupted weapons use", ""),
        ("Looting: soldiers looted shops.", "Strategic developments",
         "Looting/property destruction", ""),
        ("The two sides agreed to a truce.", "Strategic developments", "Agreement", "AGREE"),
        ("Delegations met in Astana for talks.", "Strategic developments", "Other", "CONSULT"),
        ("Moscow accused Damascus of breaking the deal.", "Strategic developments", "Other",
         "ACCUSE"),
        ("The opposition demanded the release of detainees.", "Strategic developments",
         "Other", "DEMAND"),
    ],
)  # fmt: skip
def test_the_strongest_trigger_decides_the_type(
    sentence: str, event_type: str, sub_event_type: str, plover: str
) -> None:
    triggers = load_triggers()
    assert triggers.is_relevant(sentence)  # the cue stems let it through to the patterns
    top = triggers.find(sentence)[0]
    assert (top.event_type, top.sub_event_type, top.plover) == (
        event_type,
        sub_event_type,
        plover,
    )


def test_a_bad_event_type_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "triggers.yaml"
    path.write_text(
        "version: 1\ntriggers:\n  - id: x\n    pattern: 'boom'\n"
        "    event_type: Battles\n    sub_event_type: Big bang\n"
    )
    with pytest.raises(InputError) as err:
        load_triggers(path)
    assert err.value.line == 6
    assert "Big bang" in err.value.message


def test_a_bad_regular_expression_is_named_with_its_line() -> None:
    text = "triggers:\n  - id: x\n    pattern: '(unclosed'\n    event_type: Battles\n" \
        "    sub_event_type: Armed clash\n"  # fmt: skip
    with pytest.raises(InputError) as err:
        parse_triggers(text, source="t.yaml")
    assert err.value.line == 3
    assert "regular expression" in err.value.message


@pytest.mark.parametrize(
    "sentence",
    [
        "United beat Rovers 3-0 on Saturday.",
        "The museum opened a new wing in Izmir.",
        "According to the bank, inflation eased in April.",
        "The central bank raised its interest rate.",
    ],
)
def test_ordinary_news_is_not_relevant(sentence: str) -> None:
    assert not load_triggers().is_relevant(sentence)
