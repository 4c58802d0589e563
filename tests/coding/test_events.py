from __future__ import annotations

from datetime import date

import pytest

from ceasefire.coding.pipeline import Coder

from .helpers import REFERENCE, code, one


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        # an attack takes its type from its target
        ("Gunmen shot dead a shepherd near Afrin.", "Violence against civilians", "Attack"),
        ("Gunmen attacked an army checkpoint near Afrin.", "Battles", "Armed clash"),
        ("Unknown gunmen attacked HTS fighters in Afrin.", "Battles", "Armed clash"),
        ("Hundreds protested in Afrin. Police dispersed them with tear gas.", "Protests",
         "Protest with intervention"),
        ("Hundreds protested peacefully in Afrin.", "Protests", "Peaceful protest"),
        ("Protesters clashed with police in Afrin.", "Riots", "Violent demonstration"),
        # a demonstration that burns or fights is a riot, even told in two sentences
        ("Residents blocked the road with burning tires in Afrin.", "Riots",
         "Violent demonstration"),
        ("Youths demonstrated in Afrin. They clashed with police.", "Riots",
         "Violent demonstration"),
        # unarmed groups fighting each other: mob violence, not a battle
        ("Two rival families clashed in Afrin over land.", "Riots", "Mob violence"),
        # an armed group blocking a road is not a demonstration
        ("HTS fighters blocked the road near Afrin.", "Strategic developments", "Other"),
    ],
)  # fmt: skip
def test_types_follow_acled_rules(
    coder: Coder, text: str, event_type: str, sub_event_type: str
) -> None:
    event = one(coder, text)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


def test_protests_and_riots_get_acled_generic_actors(coder: Coder) -> None:
    event = one(coder, "Hundreds protested in Afrin. Police dispersed them with tear gas.")
    assert (event.actor1, event.actor2) == ("Protesters (Syria)", "Police Forces of Syria (2000-)")


def test_a_consequence_sentence_adds_to_the_event_before_it(coder: Coder) -> None:
    text = "Regime forces shelled Douma on Monday. As a result, five civilians were killed."
    event = one(coder, text)
    assert event.fatalities == 5
    assert event.notes == text
    assert event.event_date == date(2017, 1, 23)
    assert "merge.continuation" in event.rules


def test_no_fatality_statement_in_the_next_sentence_gives_zero(coder: Coder) -> None:
    event = one(coder, "Regime forces shelled Douma. No fatalities were reported.")
    assert event.fatalities == 0


def test_separate_events_in_one_text(coder: Coder) -> None:
    events = code(
        coder,
        "Regime forces shelled Douma on Monday. On Tuesday, hundreds protested in Afrin.",
    )
    assert [(e.event_type, e.location, e.event_date) for e in events] == [
        ("Explosions/Remote violence", "Douma", date(2017, 1, 23)),
        ("Protests", "Afrin", date(2017, 1, 24)),
    ]


def test_an_event_without_a_date_takes_the_reference_date(coder: Coder) -> None:
    assert one(coder, "Regime forces shelled Douma.").event_date == REFERENCE


def test_every_event_records_its_rules_and_coder(coder: Coder) -> None:
    event = one(coder, "Shelling by regime forces killed 2 civilians in Douma.")
    assert event.coder.startswith("ceasefire-coder/")
    assert event.rules[0] == "trigger.shelling"
    assert "fatalities.killing_n" in event.rules
    assert (event.span_start, event.span_end) == (0, 54)
    assert event.civilian_targeting == "Civilian targeting"
    assert (event.inter1, event.inter2, event.interaction) == ("1", "7", "17")
    assert 0 < (event.confidence or 0) <= 1


def test_text_about_nothing_violent_has_no_events(coder: Coder) -> None:
    assert code(coder, "The weather in Geneva was mild. Shares rose on Tuesday.") == []


def test_the_forces_of_a_state_are_its_military(coder: Coder) -> None:
    event = one(coder, "The military forces of Armenia shelled Afrin.")
    assert event.actor1 == "Military Forces of Armenia (2000-)"  # the registry's generic name
    assert "actor.forces_of+role.actor1.dep" in event.rules


@pytest.fixture(scope="module")
def dated_coder(fake_gazetteer: object) -> Coder:
    """The pipeline over the real actor registry, whose renamed groups carry dates."""
    from ceasefire.actors.registry import default_registry

    return Coder(registry_override=default_registry(), gazetteer_override=fake_gazetteer)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "reference", "target", "renamed"),
    [
        # HTS was formed on 28 Jan 2017: before that day the group was JFS
        ("Regime warplanes struck HTS positions in Kafr Nabl.", date(2017, 1, 10),
         "JFS: Jabhat Fateh al Sham", True),
        # Nusra Front renamed itself JFS on 28 Jul 2016, and JFS became HTS on 28 Jan 2017
        ("Regime warplanes struck Nusra Front positions in Kafr Nabl.", date(2017, 3, 10),
         "HTS: Hayat Tahrir al Sham", True),
        ("Regime warplanes struck Nusra Front positions in Kafr Nabl.", date(2016, 3, 10),
         "Jabhat al Nusra", False),
    ],
)  # fmt: skip
def test_a_renamed_group_takes_its_name_on_the_event_day(
    dated_coder: Coder, text: str, reference: date, target: str, renamed: bool
) -> None:
    event = one(dated_coder, text, reference)
    assert (event.actor2, "actor.name_on_date" in " ".join(event.rules)) == (target, renamed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # chemical weapons, whatever delivers them
        ("Regime aircraft dropped barrels of chlorine on Douma on Monday.",
         ("Explosions/Remote violence", "Chemical weapon")),
        ("A sarin attack hit Afrin on Monday, the Syrian Observatory said.",
         ("Explosions/Remote violence", "Chemical weapon")),
        # territory handed over, entered after the other side left, taken without a fight
        ("HTS handed over control of Kafr Nabl to Turkish forces on Monday.",
         ("Strategic developments", "Non-violent transfer of territory")),
        ("Regime forces entered Afrin on Monday after the SDF withdrew from the town.",
         ("Strategic developments", "Non-violent transfer of territory")),
        ("Turkish forces took control of Afrin without a fight on Monday.",
         ("Strategic developments", "Non-violent transfer of territory")),
        # territory taken by force: who takes it decides the sub-event type
        ("HTS seized control of the town of Kafr Nabl on Monday.",
         ("Battles", "Non-state actor overtakes territory")),
        ("Regime forces recaptured Kafr Nabl from HTS on Monday.",
         ("Battles", "Government regains territory")),
        ("HTS recaptured Kafr Nabl on Monday.",
         ("Battles", "Non-state actor overtakes territory")),
        # attacks prevented: defused, seized, intercepted
        ("Regime forces defused an IED on the road to Douma on Monday.",
         ("Strategic developments", "Disrupted weapons use")),
        ("Turkish forces seized a cache of weapons and ammunition in Afrin on Monday.",
         ("Strategic developments", "Disrupted weapons use")),
        ("Russian air defences shot down two drones near Idleb on Monday.",
         ("Strategic developments", "Disrupted weapons use")),
        # a group's change, a base set up
        ("HTS appointed a new military commander in Idleb on Monday.",
         ("Strategic developments", "Change to group/activity")),
        ("Turkish forces established a new military base near Afrin on Monday.",
         ("Strategic developments", "Headquarters or base established")),
        # protests: lethal force by the police, protesters' own violence, riot police
        ("Police opened fire on peaceful protesters in Douma on Monday, killing three.",
         ("Protests", "Excessive force against protesters")),
        ("Protesters threw stones at riot police and set tyres on fire in Douma on Monday.",
         ("Riots", "Violent demonstration")),
        ("Riot police dispersed protesters with tear gas in Douma on Monday.",
         ("Protests", "Protest with intervention")),
        # shelling as part of a ground fight is a battle
        ("Regime forces and HTS clashed near Kafr Nabl on Monday amid heavy shelling.",
         ("Battles", "Armed clash")),
        # an explosion nobody explains is not an accident unless the text says so
        ("A truck loaded with fuel exploded in a market in Afrin on Monday, killing 12.",
         ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        # a claim of responsibility is a statement, not the act
        ("HTS claimed responsibility for the attack in Afrin on Monday.",
         ("Strategic developments", "Other")),
    ],
)  # fmt: skip
def test_sub_event_types_by_acled_definitions(
    coder: Coder, text: str, expected: tuple[str, str]
) -> None:
    e = one(coder, text)
    assert (e.event_type, e.sub_event_type) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A gas cylinder explosion killed four people in a restaurant in Damascus on Monday.",
        "Floods killed 12 people near Afrin on Monday.",
        "A bus crashed on the road to Idleb on Monday, killing six passengers.",
    ],
)
def test_accidents_and_disasters_are_no_events(coder: Coder, text: str) -> None:
    assert code(coder, text) == []
