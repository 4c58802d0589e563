"""ACLED's 2019+ taxonomy checks used for prohibited acts."""

from __future__ import annotations

import re

import pytest

from ceasefire.agreements.taxonomy import (
    ACLED_EVENT_TYPES,
    check_event_type,
    check_sub_event_type,
    suggest,
)


def test_six_event_types_and_their_sub_types() -> None:
    assert list(ACLED_EVENT_TYPES) == [  # the codebook's order
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    ]
    assert sum(len(s) for s in ACLED_EVENT_TYPES.values()) == 25


@pytest.mark.parametrize("event_type", list(ACLED_EVENT_TYPES))
def test_every_event_type_passes(event_type: str) -> None:
    assert check_event_type(event_type) == event_type


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("battles", "did you mean 'Battles'?"),
        ("Explosions/Remote Violence", "did you mean 'Explosions/Remote violence'?"),
        ("Remote violence", "pre-2019 taxonomy"),
        ("Battle-No change of territory", "pre-2019 taxonomy"),
        ("Ceasefire", "use one of: Battles, Explosions/Remote violence"),
    ],
)
def test_unknown_event_types(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        check_event_type(value)


@pytest.mark.parametrize(
    ("event_type", "sub", "message"),
    [
        ("Battles", "Air/drone strike", "sub-event type of 'Explosions/Remote violence'"),
        ("Battles", "Armed clashes", "did you mean 'Armed clash'?"),
        ("Riots", "Looting", "use one of: Violent demonstration, Mob violence"),
    ],
)
def test_wrong_sub_event_types(event_type: str, sub: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        check_sub_event_type(event_type, sub)


def test_suggest_returns_none_when_nothing_is_close() -> None:
    assert suggest("zzz", ("Battles", "Riots")) is None
