"""ACLED's regional actor names (resources/coding/regional_names.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.actors.registry import load_registry
from ceasefire.coding.regional_names import parse_regional_names, regional_name, regional_names
from ceasefire.errors import InputError

SNA = "SNA: Syrian National Army"


@pytest.mark.parametrize(
    ("actor", "country", "admin1", "day", "expected"),
    [
        (SNA, "Syria", "Al-Hasakeh", date(2019, 11, 12), "Operation Peace Spring"),
        (SNA, "Syria", "Hasakah", date(2019, 10, 9), "Operation Peace Spring"),
        (SNA, "Syria", "Ar-Raqqa", date(2020, 4, 28), "Operation Peace Spring"),
        (SNA, "Syria", "Al-Hasakeh", date(2019, 10, 8), None),  # before the offensive
        (SNA, "Syria", "Aleppo", date(2020, 4, 28), None),  # Afrin, Azaz: not Peace Spring
        ("Military Forces of Turkey (2016-)", "Syria", "Al-Hasakeh", date(2019, 11, 1), None),
        (SNA, "Syria", "Al-Hasakeh", None, None),
        (SNA, "Turkey", "Al-Hasakeh", date(2019, 11, 1), None),
    ],
)
def test_regional_name(
    actor: str, country: str, admin1: str, day: date | None, expected: str | None
) -> None:
    assert regional_name(actor, country, admin1, day) == expected


def test_every_packaged_name_and_actor_is_in_the_registry() -> None:
    registry = load_registry()
    for entry in regional_names():
        assert registry.get(entry.name) is not None, entry.name
        for actor in entry.actors:
            assert registry.get(actor) is not None, actor
        assert entry.source


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "regional_names:\n  - name: X\n    actors: [A]\n",
            "names.yaml:2, field 'regional_names.0.country': invalid regional name: Field required",
        ),
        (
            "regional_names:\n  - name: X\n    actors: [A]\n    country: Syria\n"
            "    admin1: [Idleb]\n    from: not-a-day\n    source: s\n",
            "names.yaml:6, field 'regional_names.0.from': invalid regional name: Input should be "
            "a valid date",
        ),
        ("regional_names: []\nextra: 1\n", "names.yaml:2, field 'extra'"),
    ],
)
def test_bad_files_name_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_regional_names(text, source="names.yaml")
    assert str(err.value).startswith(message)
