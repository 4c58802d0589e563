"""Actor fields resolved on a date: spellings, former names, several groups, unknown names;
and the checks on renamed groups in actor files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ceasefire.actors import ActorRegistry, load_registry
from ceasefire.actors.resolution import resolve_actor_field
from ceasefire.errors import InputError

GOV = "Military Forces of Syria (2000-)"
NUSRA, JFS, HTS = "Jabhat al Nusra", "JFS: Jabhat Fateh al Sham", "HTS: Hayat Tahrir al Sham"
BEFORE, JAN, MAR = date(2016, 3, 1), date(2017, 1, 9), date(2017, 3, 10)


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return load_registry()


@pytest.mark.parametrize(
    ("text", "on", "names"),
    [
        # UCDP GED dyad sides, ACLED names, news and monitor spellings
        ("Government of Syria", JAN, [GOV]),
        ("Syrian insurgents", JAN, ["Opposition Rebels (Syria)"]),
        ("Government of Syria (2000-)", JAN, ["Government of Syria (2000-)"]),
        ("Syrian Arab Army", JAN, [GOV]),
        ("Free Syrian Army", JAN, ["FSA: Free Syrian Army"]),
        ("Government of Russia (Soviet Union)", JAN, ["Military Forces of Russia (2000-)"]),
        # acronyms of Islamic State
        ("IS", JAN, ["Islamic State (Syria)"]),
        ("ISIS", JAN, ["Islamic State (Syria)"]),
        ("ISIL", JAN, ["Islamic State (Syria)"]),
        ("Daesh", JAN, ["Islamic State (Syria)"]),
        # one group, three names: the name it bore on the day wins
        ("Nusra Front", BEFORE, [NUSRA]),
        ("Nusra Front", JAN, [JFS]),
        ("Nusra Front", MAR, [HTS]),
        ("Jabhat Fateh al-Sham", JAN, [JFS]),
        ("Jabhat Fatah al Sham", JAN, [JFS]),
        ("Jabhat Fateh al-Sham", MAR, [HTS]),
        ("HTS", JAN, [JFS]),
        ("HTS", BEFORE, [NUSRA]),
        ("Hay'at Tahrir al-Sham", MAR, [HTS]),
        # the day a name is taken belongs to the new name
        ("JFS", date(2017, 1, 28), [HTS]),
        ("JFS", date(2017, 1, 27), [JFS]),
        # several groups in one field, with ACLED's ";" or a list in prose
        ("Ahrar al-Sham, HTS, Southern Front", MAR, ["Ahrar al Sham", HTS, "Southern Front"]),
        ("Ahrar al Sham; Jabhat Fateh al-Sham", JAN, ["Ahrar al Sham", JFS]),
        ("Ahrar al Sham; HTS: Hayat Tahrir al Sham", MAR, ["Ahrar al Sham", HTS]),
        ("Jaish al-Islam and Faylaq al-Rahman", JAN, ["Jaish al Islam", "Faylaq al Rahman"]),
        # SOHR / SNHR and wire-service phrasings
        ("regime forces and loyal gunmen", JAN, [GOV, "Militia (Pro-Government)"]),
        ("Syrian regime forces and their allies", JAN, [GOV]),
        ("Iranian-backed militiamen", JAN, ["Militia (Pro-Government)"]),
        ("Russian Aerospace Forces", JAN, ["Military Forces of Russia (2000-)"]),
        ("Islamic State organization", JAN, ["Islamic State (Syria)"]),
        ("White Helmets", JAN, ["Syrian Civil Defence"]),
        # warplanes are the military's, not ACLED's "Government of Syria (2000-)"
        ("Syrian government warplanes", JAN, [GOV]),
        # a name with a bracketed gloss: the name, else what the brackets say
        ("Syrian Democratic Forces (SDF)", JAN, ["QSD: Syrian Democratic Forces"]),
        ("HTS (formerly Jabhat al-Nusra)", JAN, [JFS]),
        ("Islamic State (Syria)", JAN, ["Islamic State (Syria)"]),
        # an ACLED "ABBR: Full Name" written with another spelling of the full name
        ("NDF: National Defense Forces", JAN, ["NDF: National Defence Forces"]),
        # a name nobody knows stays, unresolved, with its text
        ("Katibat al-Ghuraba al-Jadida", JAN, [None]),
        ("Ahrar al-Sham, Katibat al-Ghuraba al-Jadida", JAN, ["Ahrar al Sham", None]),
        ("", JAN, []),
    ],
)
def test_resolve_actor_field(
    registry: ActorRegistry, text: str, on: date, names: list[str | None]
) -> None:
    found = resolve_actor_field(registry, text, country="Syria", on=on)
    assert [r.actor.name if r.actor else None for r in found] == names


def test_resolution_keeps_the_original_string_and_says_how_it_read_it(
    registry: ActorRegistry,
) -> None:
    found = resolve_actor_field(registry, "Nusra Front; Daesh; Liwa X", country="Syria", on=JAN)
    assert [(r.text, r.describe()) for r in found] == [
        ("Nusra Front", "'Nusra Front' = JFS: Jabhat Fateh al Sham (the group's name on "
         "2017-01-09; until 2016-07-28 it was Jabhat al Nusra)"),
        ("Daesh", "'Daesh' = Islamic State (Syria)"),
        ("Liwa X", "unknown actor 'Liwa X'"),
    ]  # fmt: skip


def test_lineage_lists_every_name_of_one_group(registry: ActorRegistry) -> None:
    jfs = registry.get(JFS)
    assert jfs is not None
    assert [a.name for a in registry.lineage(jfs)] == [NUSRA, JFS, HTS]


BASE = """\
country: Syria
actors:
  - name: Old Name
    kind: rebel_group
"""


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        (BASE + "    successor: Nobody\n    active_until: 2016-07-28\n", 5, "successor",
         "successor 'Nobody' of 'Old Name' is not another declared actor"),
        (BASE + "    successor: New Name\n  - name: New Name\n    kind: rebel_group\n", 5,
         "active_until", "'Old Name' names a successor but not the day it took the new name"),
        (BASE + "    active_from: 2017-01-01\n    active_until: 2016-01-01\n", 6,
         "active_until", "'Old Name' stops bearing its name (2016-01-01) before it starts"),
        (BASE + "    successor: New Name\n    active_until: 2016-01-01\n"
         "  - name: New Name\n    kind: rebel_group\n    successor: Old Name\n"
         "    active_until: 2017-01-01\n", 5, "successor",
         "successors of 'Old Name' go round in a circle through 'Old Name'"),
    ],
    ids=["unknown-successor", "successor-without-date", "dates-reversed", "successor-cycle"],
)  # fmt: skip
def test_renamed_group_errors_name_file_line_and_field(
    tmp_path: Path, text: str, line: int, field: str, message: str
) -> None:
    path = tmp_path / "renamed.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_registry([path])
    assert (caught.value.line, caught.value.field, message in caught.value.reason) == (
        line, field, True,
    ), caught.value.reason  # fmt: skip
