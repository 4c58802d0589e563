"""Parties and exclusions of an agreement matched on resolved actors, not on spellings."""

from __future__ import annotations

import json

import pytest

from ceasefire.actors import ActorRegistry, load_registry
from ceasefire.agreements.loader import parse_agreement
from ceasefire.agreements.parties import AgreementActors
from ceasefire.agreements.schema import Agreement

from .conftest import BASE_YAML

GOV = "Military Forces of Syria (2000-)"
OPP = "Opposition Rebels (Syria)"


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return load_registry()


@pytest.fixture(scope="module")
def agreement() -> Agreement:
    return parse_agreement(BASE_YAML, source="test.yaml")


@pytest.fixture(scope="module")
def actors(agreement: Agreement, registry: ActorRegistry) -> AgreementActors:
    return AgreementActors(agreement, registry)


@pytest.mark.parametrize(
    ("name", "party", "how", "via"),
    [
        (GOV, GOV, "direct", GOV),
        # the file writes "National Defense Forces", the registry "Defence": same actor
        ("NDF: National Defence Forces", GOV, "direct", "NDF: National Defence Forces"),
        ("Government of Syria (2000-)", GOV, "same state", "Government of Syria (2000-)"),
        ("Police Forces of Syria (2000-)", GOV, "same state", "Police Forces of Syria (2000-)"),
        ("Liwa Fatemiyoun", None, None, None),  # through Iran's IRGC: Iran is no party here
        ("Military Forces of Syria (2000-) Tiger Forces", GOV, "direct",
         "Military Forces of Syria (2000-) Tiger Forces"),
        ("FSA: Free Syrian Army", OPP, "affiliated", OPP),
        ("QSD: Syrian Democratic Forces", None, None, None),
    ],
)  # fmt: skip
def test_party_of(
    actors: AgreementActors,
    registry: ActorRegistry,
    name: str,
    party: str | None,
    how: str | None,
    via: str | None,
) -> None:
    actor = registry.get(name)
    assert actor is not None
    match = actors.party_of(actor)
    found = (match.party.actor, match.how, match.via) if match else (None, None, None)
    assert found == (party, how, via)


def test_exclusion_follows_a_renamed_group(registry: ActorRegistry) -> None:
    # an agreement of 2016 that excluded Jabhat al Nusra still excludes it as JFS and HTS
    text = BASE_YAML.replace('"JFS: Jabhat Fateh al Sham"', "Nusra Front")
    actors = AgreementActors(parse_agreement(text, source="nusra.yaml"), registry)
    found = []
    for name in ("Jabhat al Nusra", "JFS: Jabhat Fateh al Sham", "HTS: Hayat Tahrir al Sham"):
        actor = registry.get(name)
        assert actor is not None
        match = actors.exclusion_of(actor)
        found.append((match.entry.actor, match.how, match.via) if match else None)
    assert found == [
        ("Nusra Front", "listed", "Jabhat al Nusra"),
        ("Nusra Front", "renamed", "Jabhat al Nusra"),
        ("Nusra Front", "renamed", "Jabhat al Nusra"),
    ]


def test_exclusion_covers_an_affiliate(actors: AgreementActors, registry: ActorRegistry) -> None:
    actor = registry.resolve("Khalid ibn al-Walid Army")
    assert actor is not None
    match = actors.exclusion_of(actor)
    assert match is not None
    assert (match.entry.actor, match.how, match.via) == (
        "Islamic State (Syria)", "affiliated", "Islamic State (Syria)",
    )  # fmt: skip


CONTESTED = BASE_YAML.replace(
    'excluded_actors: [Islamic State (Syria), "JFS: Jabhat Fateh al Sham"]',
    'excluded_actors:\n  - Islamic State (Syria)\n  - actor: "JFS: Jabhat Fateh al Sham"\n'
    "    contested_by: [Turkey, Opposition Rebels (Syria)]\n    note: disputed in Dec 2016\n",
)


def test_a_contested_exclusion_stays_an_exclusion_and_names_the_contest(
    registry: ActorRegistry,
) -> None:
    agreement = parse_agreement(CONTESTED, source="contested.yaml")
    actor = registry.resolve("Jabhat Fatah al Sham")
    assert actor is not None
    match = AgreementActors(agreement, registry).exclusion_of(actor)
    assert match is not None
    assert (agreement.is_excluded("JFS: Jabhat Fateh al Sham"), match.contest()) == (
        True,
        "; the exclusion was contested by Turkey, Opposition Rebels (Syria), the verdict "
        "follows the agreement text",
    )


def test_an_uncontested_exclusion_serialises_as_its_name(agreement: Agreement) -> None:
    # the content hash of files that use no contest does not change with the new field
    assert json.loads(agreement.to_json())["excluded_actors"] == [
        "Islamic State (Syria)", "JFS: Jabhat Fateh al Sham",
    ]  # fmt: skip
    contested = parse_agreement(CONTESTED, source="contested.yaml")
    again = Agreement.from_json(contested.to_json())
    assert (again == contested, json.loads(contested.to_json())["excluded_actors"][1]) == (
        True,
        {"actor": "JFS: Jabhat Fateh al Sham", "contested_by": ["Turkey", OPP],
         "note": "disputed in Dec 2016"},
    )  # fmt: skip
