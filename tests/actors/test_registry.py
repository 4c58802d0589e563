"""The actor registry: resolving mentions, generic actors by rule, and data-file validation."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ceasefire.actors import Actor, ActorRegistry, default_registry, load_registry, normalise
from ceasefire.actors.models import ActorEntry, ActorFile, CountryEntry
from ceasefire.actors.records import KINDS
from ceasefire.errors import InputError

REPO = Path(__file__).parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
DOC = REPO / "docs" / "actors.md"

WriteFile = Callable[[str], Path]


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return load_registry()


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write YAML text to a fresh file in tmp_path and return its path."""
    counter = iter(range(1000))

    def _write(text: str) -> Path:
        path = tmp_path / f"actors_{next(counter)}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return _write


# --- normal form ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Assad's forces", "assad forces"),
        ("the Assad\u2019s Forces", "assad forces"),
        ("  Regime   forces ", "regime forces"),
        ("Hay'at Tahrir al-Sham", "hayat tahrir al sham"),
        ("U.S.-led coalition", "us led coalition"),
        ("Military Forces of Syria (2000-)", "military forces of syria 2000"),
        ("an unknown armed group", "unknown armed group"),
        ("Jabhat Fatḥ al-Shām", "jabhat fath al sham"),
        ("the", "the"),
        ("?!", ""),
    ],
)
def test_normalise(text: str, key: str) -> None:
    assert normalise(text) == key


# --- resolving -----------------------------------------------------------------------------------

SYRIA_ALIASES = [
    ("regime forces", "Military Forces of Syria (2000-)"),
    ("Assad's forces", "Military Forces of Syria (2000-)"),
    ("Assad\u2019s forces", "Military Forces of Syria (2000-)"),
    ("government forces", "Military Forces of Syria (2000-)"),
    ("Syrian army", "Military Forces of Syria (2000-)"),
    ("Syrian government forces", "Military Forces of Syria (2000-)"),
    ("Government of Syria", "Military Forces of Syria (2000-)"),
    ("Syrian government and affiliated militias", "Military Forces of Syria (2000-)"),
    ("military forces of syria (2000-)", "Military Forces of Syria (2000-)"),
    ("pro-government militias", "Militia (Pro-Government)"),
    ("Shia militias", "Militia (Pro-Government)"),
    ("Iranian-backed militias", "Militia (Pro-Government)"),
    ("Turkish-backed factions", "SNA: Syrian National Army"),
    ("SNA", "SNA: Syrian National Army"),
    ("Syrian National Army", "SNA: Syrian National Army"),
    ("OPS", "Operation Peace Spring"),
    ("YPG", "YPG: People's Protection Units"),
    ("the YPG", "YPG: People's Protection Units"),
    ("members of the YPG", "YPG: People's Protection Units"),
    ("SDF", "QSD: Syrian Democratic Forces"),
    ("QSD", "QSD: Syrian Democratic Forces"),
    ("Syrian Democratic Forces", "QSD: Syrian Democratic Forces"),
    ("Daesh", "Islamic State (Syria)"),
    ("ISIS", "Islamic State (Syria)"),
    ("IS", "Islamic State (Syria)"),
    ("Islamic State", "Islamic State (Syria)"),
    # a former name resolves to the group under that name; the date decides (test_resolution)
    ("Jabhat Fateh al-Sham", "JFS: Jabhat Fateh al Sham"),
    ("Nusra Front", "Jabhat al Nusra"),
    ("HTS fighters", "HTS: Hayat Tahrir al Sham"),
    ("Hayat Tahrir al-Sham", "HTS: Hayat Tahrir al Sham"),
    ("Tahrir al- Sham Army", "Jaish Tahrir al Sham"),
    ("Russian warplanes", "Military Forces of Russia (2000-)"),
    ("Russian forces", "Military Forces of Russia (2000-)"),
    ("Turkish army", "Military Forces of Turkey (2016-)"),
    ("Free Syrian Army", "FSA: Free Syrian Army"),
    ("FSA", "FSA: Free Syrian Army"),
    ("Jaish al-Islam", "Jaish al Islam"),
    ("Ahrar al-Sham", "Ahrar al Sham"),
    ("Faylaq al-Rahman", "Faylaq al Rahman"),
    ("Rahman Corps", "Faylaq al Rahman"),
    ("Iranian forces", "Military Forces of Iran (1989-)"),
    ("IRGC", "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps"),
    ("Hizbullah", "Hezbollah"),
    ("coalition", "Global Coalition Against Daesh"),
    ("US-led coalition", "Global Coalition Against Daesh"),
    ("International coalition forces", "Global Coalition Against Daesh"),
    ("Syrian insurgents", "Opposition Rebels (Syria)"),
    ("Armed opposition groups", "Opposition Rebels (Syria)"),
    ("unidentified gunmen", "Unidentified Armed Group (Syria)"),
    ("an unknown armed group", "Unidentified Armed Group (Syria)"),
    ("Not identified", "Unidentified Armed Group (Syria)"),
    ("civilians", "Civilians (Syria)"),
    ("Civilian", "Civilians (Syria)"),
    ("protesters", "Protesters (Syria)"),
    ("police", "Police Forces of Syria (2000-)"),
    ("unidentified warplanes", "Unidentified Military Forces"),
    ("LaQ", "LaQ: Quds Brigade"),
    ("Asayish", "Asayish (Syria)"),
]


@pytest.mark.parametrize(("mention", "name"), SYRIA_ALIASES)
def test_resolve_syria_aliases(registry: ActorRegistry, mention: str, name: str) -> None:
    actor = registry.resolve(mention, country="Syria")
    assert actor is not None
    assert actor.name == name


@pytest.mark.parametrize(
    ("mention", "country", "name"),
    [
        # a country given picks that country's actor for shared and generic words
        ("IS", "Iraq", "Islamic State (Iraq)"),
        ("Daesh", "Afghanistan", "Islamic State (Afghanistan)"),
        ("government forces", "Iraq", "Military Forces of Iraq (2018-)"),
        ("security forces", "Iraq", "Military Forces of Iraq (2018-)"),
        ("police", "Lebanon", "Police Forces of Lebanon (2020-)"),
        ("protesters", "Lebanon", "Protesters (Lebanon)"),
        ("unknown gunmen", "Yemen", "Unidentified Armed Group (Yemen)"),
        ("coalition", "Yemen", "Operation Restoring Hope"),
        ("coalition", "Iraq", "Global Coalition Against Daesh"),
        ("Houthis", "Yemen", "Military Forces of Yemen (2016-) Supreme Political Council"),
        ("LNA", "Libya", "Military Forces of Libya (2014-) Haftar Faction"),
        ("separatists", "Ukraine", "NAF: United Armed Forces of Novorossiya"),
        # distinctive aliases hold in any country's reports
        ("Hezbollah", "Syria", "Hezbollah"),
        ("PKK", "Iraq", "PKK: Kurdistan Workers Party"),
        ("Russian warplanes", "Syria", "Military Forces of Russia (2000-)"),
        # demonym + generic phrase, with or without a country
        ("Iraqi army", None, "Military Forces of Iraq (2018-)"),
        ("Jordanian army", "Syria", "Military Forces of Jordan (1999-)"),
        ("Lebanese police", None, "Police Forces of Lebanon (2020-)"),
        ("US troops", None, "Military Forces of the United States (2017-)"),
        ("Israeli jets", "Syria", "Military Forces of Israel (2009-)"),
        # ACLED and UCDP pattern names, listed or not
        ("Government of Iraq", None, "Military Forces of Iraq (2018-)"),
        ("Government of Turkey", None, "Military Forces of Turkey (2016-)"),
        ("Civilians (Chad)", None, "Civilians (Chad)"),
        ("Protesters (Zambia)", None, "Protesters (Zambia)"),
        ("protesters (zambia)", None, "Protesters (Zambia)"),
        ("Police Forces of Zambia (2011-)", None, "Police Forces of Zambia (2011-)"),
        ("Tiv Ethnic Militia (Nigeria)", None, "Tiv Ethnic Militia (Nigeria)"),
        (
            "Habar Gedir-Saad Sub-Clan Militia (Somalia)",
            None,
            "Habar Gedir-Saad Sub-Clan Militia (Somalia)",
        ),
        (
            "Military Forces of the Philippines (2016-)",
            None,
            "Military Forces of the Philippines (2016-)",
        ),
    ],
)
def test_resolve_with_country(
    registry: ActorRegistry, mention: str, country: str | None, name: str
) -> None:
    actor = registry.resolve(mention, country=country)
    assert actor is not None
    assert actor.name == name


@pytest.mark.parametrize(
    ("mention", "country"),
    [
        ("rebels", "Yemen"),  # a local alias of Opposition Rebels (Syria)
        ("government forces", "Narnia"),  # no period known, and the Syrian alias is local
        ("police", None),  # a generic phrase needs a country
        ("Non-Civilian", "Syria"),
        ("Civilians (", None),
        ("", None),
        ("   ", "Syria"),
    ],
)
def test_resolve_unknown(registry: ActorRegistry, mention: str, country: str | None) -> None:
    assert registry.resolve(mention, country=country) is None


def test_resolve_returns_full_record(registry: ActorRegistry) -> None:
    actor = registry.resolve("SNA")
    assert actor is not None
    assert (actor.name, actor.kind, actor.country, actor.affiliation, actor.side, actor.inter) == (
        "SNA: Syrian National Army",
        "rebel_group",
        "Syria",
        "Military Forces of Turkey (2016-)",
        None,
        2,
    )
    assert "Turkish-backed factions" in actor.aliases
    assert isinstance(actor, Actor)


def test_unit_of_a_state_force_follows_its_force(registry: ActorRegistry) -> None:
    unit = registry.resolve("Military Forces of Syria (2000-) Military Intelligence")
    assert unit is not None
    assert (unit.kind, unit.country, unit.affiliation, unit.inter) == (
        "state_force",
        "Syria",
        "Military Forces of Syria (2000-)",
        1,
    )
    made = registry.get("Military Forces of Syria (2000-) 4th Division")
    assert made is not None
    assert made.affiliation == "Military Forces of Syria (2000-)"
    assert registry.side_of(made.name) == "government"


# --- get, generic, side_of, patterns -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Hezbollah", True),
        ("Military Forces of Syria (2000-)", True),
        ("Military Forces of Yemen (2012-) 35th Armored Brigade", True),
        ("Unidentified Armed Group (Brazil)", True),
        ("hezbollah", False),
        ("regime forces", False),
        ("Military Forces of Philippines (2016-)", False),  # ACLED writes "of the Philippines"
    ],
)
def test_get_is_exact(registry: ActorRegistry, name: str, found: bool) -> None:
    actor = registry.get(name)
    assert (actor is not None) is found
    if actor is not None:
        assert actor.name == name


@pytest.mark.parametrize(
    ("kind", "country", "name"),
    [
        ("military", "Syria", "Military Forces of Syria (2000-)"),
        ("military", "Iraq", "Military Forces of Iraq (2018-)"),
        ("military", "iraq", "Military Forces of Iraq (2018-)"),
        ("military", "Turkey", "Military Forces of Turkey (2016-)"),
        ("military", "Lebanon", "Military Forces of Lebanon (2020-)"),
        ("military", "Israel", "Military Forces of Israel (2009-)"),
        ("military", "Iran", "Military Forces of Iran (1989-)"),
        ("military", "Yemen", "Military Forces of Yemen (2012-)"),
        ("military", "Libya", "Military Forces of Libya (2016-) Government of National Accord"),
        ("military", "Afghanistan", "Military Forces of Afghanistan (2014-)"),
        ("military", "Ukraine", "Military Forces of Ukraine (2019-)"),
        ("military", "United States", "Military Forces of the United States (2017-)"),
        ("police", "Iraq", "Police Forces of Iraq (2018-)"),
        (
            "police",
            "Democratic Republic of Congo",
            "Police Forces of the Democratic Republic of Congo (2019-)",
        ),
        ("government", "Turkey", "Government of Turkey (2016-)"),
        ("protesters", "Iraq", "Protesters (Iraq)"),
        ("rioters", "Lebanon", "Rioters (Lebanon)"),
        ("civilians", "Jordan", "Civilians (Jordan)"),
        ("unidentified", "Syria", "Unidentified Armed Group (Syria)"),
        ("protesters", "Narnia", "Protesters (Narnia)"),
    ],
)
def test_generic(registry: ActorRegistry, kind: str, country: str, name: str) -> None:
    actor = registry.generic(kind, country=country)
    assert actor is not None
    assert actor.name == name


def test_generic_state_force_needs_a_period(registry: ActorRegistry) -> None:
    assert registry.generic("military", country="Narnia") is None


def test_generic_unknown_kind_is_an_input_error(registry: ActorRegistry) -> None:
    with pytest.raises(InputError, match="unknown generic actor kind 'navy'"):
        registry.generic("navy", country="Syria")


@pytest.mark.parametrize(
    ("name", "side"),
    [
        ("Military Forces of Syria (2000-)", "government"),
        ("NDF: National Defence Forces", "government"),  # through its affiliation
        ("Sultan Murad Division", "turkey"),  # through SNA to Turkey's forces
        ("Hezbollah", "government"),
        ("YPJ: Women's Protection Units", "kurdish"),
        ("Civilians (Syria)", "civilian"),
        ("Protesters (Syria)", None),
        ("regime forces", "government"),  # a mention works too
        ("nobody at all", None),
    ],
)
def test_side_of(registry: ActorRegistry, name: str, side: str | None) -> None:
    assert registry.side_of(name) == side


def test_patterns(registry: ActorRegistry) -> None:
    pairs = set(registry.patterns())
    assert ("Military Forces of Syria (2000-)", "Military Forces of Syria (2000-)") in pairs
    assert ("regime forces", "Military Forces of Syria (2000-)") in pairs
    assert ("HTS", "HTS: Hayat Tahrir al Sham") in pairs
    assert ("Iraqi army", "Military Forces of Iraq (2018-)") in pairs
    assert ("IS", "Islamic State (Iraq)") in pairs
    assert all(registry.get(name) is not None for _, name in pairs)


def test_iter_and_len(registry: ActorRegistry) -> None:
    actors = list(registry)
    assert len(actors) == len(registry)
    assert len({a.name for a in actors}) == len(actors)
    assert {a.kind for a in actors} <= set(KINDS)
    assert registry.get("Protesters (Jordan)") in actors


def test_every_affiliation_is_an_actor(registry: ActorRegistry) -> None:
    for actor in registry:
        if actor.affiliation is not None:
            assert registry.get(actor.affiliation) is not None, actor.name


@pytest.mark.parametrize(
    ("name", "country", "inter"),
    [
        ("Military Forces of Turkey (2016-)", "Turkey", 1),
        ("Military Forces of Turkey (2016-)", "Syria", 8),
        ("Opposition Rebels (Syria)", "Syria", 2),
        ("Civilians (Syria)", "Syria", 7),
        ("Unidentified Armed Group (Syria)", "Syria", 3),
    ],
)
def test_inter_in(registry: ActorRegistry, name: str, country: str, inter: int) -> None:
    actor = registry.get(name)
    assert actor is not None
    assert actor.inter_in(country) == inter


# --- extending -----------------------------------------------------------------------------------

EXTRA = """\
country: Syria
actors:
  - name: Liwa Test
    kind: militia
    affiliation: Military Forces of Syria (2000-)
    aliases: [Test Brigade]
"""


def test_extra_paths_extend_the_package_files(write: WriteFile) -> None:
    registry = load_registry(extra_paths=[write(EXTRA)])
    actor = registry.resolve("the Test Brigade")
    assert actor is not None
    assert actor.name == "Liwa Test"
    assert registry.side_of("Liwa Test") == "government"
    assert registry.resolve("regime forces") is not None


def test_default_registry_reads_env(write: WriteFile, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEASEFIRE_ACTOR_FILES", str(write(EXTRA)))
    default_registry.cache_clear()
    try:
        assert default_registry().get("Liwa Test") is not None
        assert default_registry() is default_registry()
    finally:
        default_registry.cache_clear()


# --- validation: every error names file, line and field ------------------------------------------

BASE = """\
country: Syria
actors:
  - name: Military Forces of Syria (2000-)
    kind: state_force
    aliases: [regime forces]
"""


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        (
            BASE + "  - name: Rebels\n    kind: rebel_grup\n",
            7,
            "actors.1.kind",
            "invalid actor: Input should be 'state_force'",
        ),
        (
            BASE + "  - name: Rebels\n    kind: rebel_group\n    colour: red\n",
            8,
            "actors.1.colour",
            "invalid actor: Extra inputs are not permitted",
        ),
        (
            BASE + "  - name: Rebels\n    kind: rebel_group\n    inter: 9\n",
            8,
            "actors.1.inter",
            "invalid actor: Input should be less than or equal to 8",
        ),
        (
            BASE + "  - name: military forces of SYRIA (2000-)\n    kind: state_force\n",
            6,
            "name",
            "actor 'military forces of SYRIA (2000-)' is declared twice: first as "
            "'Military Forces of Syria (2000-)' at {path}:3",
        ),
        (
            BASE + "  - name: Army\n    kind: state_force\n    aliases: [x, Regime Forces]\n",
            8,
            "aliases",
            "alias 'Regime Forces' is claimed by two actors of Syria: "
            "'Military Forces of Syria (2000-)' ({path}:5) and 'Army' ({path}:8)",
        ),
        (
            BASE + "  - name: Army\n    kind: state_force\n    local_aliases:\n"
            "      - regime forces\n",
            9,
            "local_aliases",
            "alias 'regime forces' is claimed by two actors of Syria",
        ),
        (
            BASE + "  - name: Army\n    kind: state_force\n"
            "    aliases: [Military Forces of Syria (2000-)]\n",
            8,
            "aliases",
            "alias 'Military Forces of Syria (2000-)' of 'Army' is the name of actor",
        ),
        (
            BASE + "  - name: NDF\n    kind: militia\n    affiliation: Syrian Army\n",
            8,
            "affiliation",
            "affiliation 'Syrian Army' of 'NDF' is not a known actor",
        ),
        (
            BASE + "  - name: NDF\n    kind: militia\n"
            "    affiliation: military forces of syria (2000-)\n",
            8,
            "affiliation",
            "affiliation 'military forces of syria (2000-)' of 'NDF' is not a known actor",
        ),
        (
            BASE + "  - name: A\n    kind: militia\n    affiliation: B\n"
            "  - name: B\n    kind: militia\n    affiliation: A\n",
            8,
            "affiliation",
            "affiliations of 'A' go round in a circle through 'A'",
        ),
        (
            "actors:\n  - name: Rebels\n    kind: rebel_group\n",
            2,
            "country",
            "actor 'Rebels' has no country",
        ),
        (
            "sides: {government: the state}\n" + BASE + "    side: goverment\n",
            7,
            "side",
            "unknown side 'goverment'",
        ),
        (
            BASE + "  - name: X\n    kind: militia\n    aliases: ['!!']\n",
            8,
            "aliases",
            "alias '!!' has no letters or digits",
        ),
        (
            "countries:\n  - {country: Syria, period: 2000-}\n  - {country: syria}\n",
            3,
            "country",
            "country 'syria' is already listed at {path}:2",
        ),
        (
            "countries:\n  - {country: Syria, period: '2000'}\n",
            2,
            "countries.0.period",
            "invalid actor: String should match pattern",
        ),
        (
            "phrases:\n  police: [police]\n  military: [army, Police]\n",
            3,
            "phrases.military",
            "phrase 'Police' is listed under both 'police'",
        ),
        (
            "- name: X\n  kind: militia\n",
            1,
            None,
            "an actor file must be a mapping with an 'actors' list",
        ),
        (
            BASE + "  - name: [unclosed\n    kind: militia\n",
            7,
            None,
            "not valid YAML",
        ),
        (
            "country: Syria\nactors:\n  - &a {name: A, kind: militia}\n  - *a\n",
            3,
            None,
            "YAML anchors and aliases (&name / *name) are not allowed",
        ),
    ],
    ids=[
        "bad-kind",
        "unknown-field",
        "inter-out-of-range",
        "duplicate-name",
        "alias-clash",
        "local-alias-clash",
        "alias-is-a-name",
        "unknown-affiliation",
        "affiliation-not-exact",
        "affiliation-cycle",
        "no-country",
        "unknown-side",
        "empty-alias",
        "duplicate-country",
        "bad-period",
        "phrase-in-two-kinds",
        "not-a-mapping",
        "yaml-syntax",
        "yaml-alias-bomb",
    ],
)
def test_validation_errors_name_file_line_and_field(
    write: WriteFile, text: str, line: int, field: str | None, message: str
) -> None:
    path = write(text)
    with pytest.raises(InputError) as caught:
        load_registry([path])
    error = caught.value
    assert error.source == str(path)
    assert error.line == line
    assert error.field == field
    assert message.format(path=path) in error.reason
    assert str(error).startswith(f"{path}:{line}")


def test_alias_clash_across_files_names_both(write: WriteFile) -> None:
    first = write(BASE)
    second = write(
        "country: Syria\nactors:\n  - name: Army\n    kind: state_force\n"
        "    aliases: [Regime Forces]\n"
    )
    with pytest.raises(InputError) as caught:
        load_registry([first, second])
    assert caught.value.source == str(second)
    assert caught.value.line == 5
    assert f"({first}:5)" in caught.value.reason
    assert f"({second}:5)" in caught.value.reason


def test_same_alias_in_two_countries_is_allowed(write: WriteFile) -> None:
    path = write(
        BASE + "  - name: Military Forces of Iraq (2018-)\n    kind: state_force\n"
        "    country: Iraq\n    aliases: [regime forces]\n"
    )
    registry = load_registry([path])
    assert registry.resolve("regime forces", country="Iraq") == registry.get(
        "Military Forces of Iraq (2018-)"
    )
    assert registry.resolve("regime forces") == registry.get("Military Forces of Syria (2000-)")


def test_empty_file_is_an_empty_registry(write: WriteFile) -> None:
    registry = load_registry([write("# nothing yet\n")])
    assert len(registry) == 0
    assert registry.resolve("Civilians (Syria)") is not None  # rules need no data


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        load_registry([tmp_path / "absent.yaml"])


# --- documentation -------------------------------------------------------------------------------


def test_every_file_field_and_kind_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    fields = {*ActorEntry.model_fields, *CountryEntry.model_fields, *ActorFile.model_fields}
    missing = [f for f in sorted(fields) if f"`{f}`" not in text and f"{f}:" not in text]
    assert missing == []
    assert [k for k in KINDS if f"`{k}`" not in text] == []


def test_declared_sides_are_documented(registry: ActorRegistry) -> None:
    text = DOC.read_text(encoding="utf-8")
    sides = {a.side for a in registry if a.side is not None}
    assert [s for s in sorted(sides) if f"`{s}`" not in text] == []


# --- the dev data in ../shared/data (skipped where it is absent) ---------------------------------


def _dev_rows(name: str) -> list[dict[str, str]]:
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is not present")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _actor_values(rows: list[dict[str, str]], *, country: str | None = None) -> set[str]:
    return {
        row[column]
        for row in rows
        if country is None or row["country"] == country
        for column in ("actor1", "actor2")
        if row[column]
    }


@pytest.mark.shared
def test_every_syria_actor_of_the_acled_dev_file_resolves_to_itself(
    registry: ActorRegistry,
) -> None:
    names = _actor_values(_dev_rows("dev_acled_syria_2020-04-27_2020-04-30.csv"), country="Syria")
    assert names
    wrong = {n: registry.resolve(n) for n in sorted(names)}
    assert {n: a for n, a in wrong.items() if a is None or a.name != n} == {}
    assert all(registry.get(n) is not None for n in names)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("file", "victim_statuses"),
    [
        ("dev_ucdp_ged_syria_other_periods.csv", set()),
        ("dev_vdc_syria_other_periods.csv", {"Non-Civilian"}),
    ],
)
def test_every_ucdp_and_vdc_syria_actor_resolves(
    registry: ActorRegistry, file: str, victim_statuses: set[str]
) -> None:
    values = _actor_values(_dev_rows(file), country="Syria")
    parts = {part for value in values for part in re.split(r", ", value)} - victim_statuses
    assert parts
    assert sorted(p for p in parts if registry.resolve(p, country="Syria") is None) == []
