"""Actor ids stored at ingest: every spelling and every group of a field resolved to the
registry's id as named on the event's date; read back by assessment, with the text as a
fallback where the ids cannot be used."""

from __future__ import annotations

from datetime import date

import pytest

from ceasefire.actors.ids import IdResolver, decode_ids, stored_resolutions
from ceasefire.actors.registry import default_registry

JAN, FEB = date(2017, 1, 5), date(2017, 2, 5)
HTS, JFS = "HTS: Hayat Tahrir al Sham", "JFS: Jabhat Fateh al Sham"


@pytest.mark.parametrize(
    ("text", "on", "ids", "why"),
    [
        ("Nusra Front", date(2016, 1, 5), ["Jabhat al Nusra"], "before the 28 Jul 2016 renaming"),
        ("Nusra Front", JAN, [JFS], "JFS from 28 Jul 2016"),
        ("Nusra Front", FEB, [HTS], "HTS from 28 Jan 2017"),
        ("HTS", JAN, [JFS], "HTS did not exist yet: the group was JFS"),
        ("Government of Syria", FEB, ["Military Forces of Syria (2000-)"], "UCDP dyad side"),
        ("Syrian insurgents", FEB, ["Opposition Rebels (Syria)"], "UCDP dyad side"),
        ("Syrian Arab Army", FEB, ["Military Forces of Syria (2000-)"], "news spelling"),
        ("Daesh", FEB, ["Islamic State (Syria)"], "Arabic acronym"),
        ("IS", FEB, ["Islamic State (Syria)"], "English acronym"),
        ("Free Syrian Army", FEB, ["FSA: Free Syrian Army"], "ACLED's 'ABBR: name'"),
        ("Ahrar al-Sham, HTS, Southern Front", FEB,
         ["Ahrar al Sham", HTS, "Southern Front"], "several groups: one id each, in order"),
        ("Ahrar al-Sham; Liwa Foo", FEB, ["Ahrar al Sham", None], "an unknown group: null"),
        ("Brigade of the Unknown Martyr", FEB, [None], "unknown to the registry"),
        ("", FEB, [], "an empty field"),
    ],
)  # fmt: skip
def test_ids_of_a_field(text: str, on: date, ids: list[str | None], why: str) -> None:
    stored = IdResolver(default_registry()).ids(text, country="Syria", on=on)
    assert decode_ids(stored) == ids, why


def test_the_resolver_remembers_fields_and_namings() -> None:
    resolver = IdResolver(default_registry())
    first = [resolver.ids("Nusra Front", country="Syria", on=d) for d in (JAN, FEB, JAN)]
    assert [decode_ids(s) for s in first] == [[JFS], [HTS], [JFS]]
    assert (len(resolver._fields), len(resolver._named)) == (1, 2)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [("", None), ("not json", None), ('{"a": 1}', None), ("[1]", None), ("[]", []),
     ('["A", null]', ["A", None])],
)  # fmt: skip
def test_decode_ids(stored: str, expected: list[str | None] | None) -> None:
    assert decode_ids(stored) == expected


@pytest.mark.parametrize(
    ("text", "stored", "read", "why"),
    [
        ("Nusra Front", f'["{HTS}"]', [("Nusra Front", HTS)], "the stored id decides"),
        ("Nusra Front", '["Islamic State (Syria)"]', [("Nusra Front", "Islamic State (Syria)")],
         "even where the text alone would say otherwise"),
        ("Nusra Front", '["JFS: Jabhat Fateh al Sham"]', [("Nusra Front", HTS)],
         "named as on the date assessed (the incident's first day)"),
        ("Nusra Front", "", [("Nusra Front", HTS)], "no ids stored: the text is resolved"),
        ("Nusra Front", '["No Such Id"]', [("Nusra Front", HTS)], "an id the registry lost"),
        ("Daesh", "[null]", [("Daesh", "Islamic State (Syria)")],
         "unknown at ingest, known now: looked up again"),
        ("Ahrar al-Sham, HTS", '["Ahrar al Sham", null]',
         [("Ahrar al-Sham", "Ahrar al Sham"), ("HTS", HTS)], "one id per group"),
        ("Ahrar al-Sham, HTS", '["Ahrar al Sham", null, "Southern Front"]',
         [("Ahrar al-Sham", "Ahrar al Sham"), ("HTS", HTS)],
         "three ids for two groups do not fit the text: the text is resolved"),
        ("Liwa Foo", "[null]", [("Liwa Foo", None)], "still unknown"),
    ],
)  # fmt: skip
def test_stored_resolutions(
    text: str, stored: str, read: list[tuple[str, str | None]], why: str
) -> None:
    found = stored_resolutions(default_registry(), text, stored, country="Syria", on=FEB)
    assert [(r.text, r.actor.name if r.actor else None) for r in found] == read, why
