"""Loading agreement files: every mistake names the file, the line and the field."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ceasefire.agreements.loader import agreement_from_json, load_agreement, parse_agreement
from ceasefire.errors import InputError


def test_base_file_loads_with_times_in_utc(base_yaml: str) -> None:
    a = parse_agreement(base_yaml, source="base.yaml")
    assert a.id == "test-ceasefire"
    assert a.effective_from == datetime(2016, 12, 29, 22, 0, tzinfo=UTC)
    assert a.effective_until == datetime(2017, 6, 29, 21, 0, tzinfo=UTC)
    assert [g.name for g in a.guarantors] == ["Russia", "Turkey", "Iran"]
    assert a.guarantors[2].joined == datetime(2017, 1, 23, 22, 0, tzinfo=UTC)
    assert a.prohibited_acts[0].event_type == "Battles"
    assert a.prohibited_acts[0].sub_event_types == []


def test_load_agreement_reads_a_file(tmp_path: Path, base_yaml: str) -> None:
    path = tmp_path / "agreement.yaml"
    path.write_text(base_yaml, encoding="utf-8")
    assert load_agreement(path) == parse_agreement(base_yaml, source="x")


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        pytest.param(
            "timezone: Asia/Damascus",
            "description: no zone",
            4,
            "effective_from",
            "date-time '2016-12-30T00:00:00' has no UTC offset",
            id="naive-datetime-without-timezone",
        ),
        pytest.param(
            "timezone: Asia/Damascus",
            "timezone: Asia/Damscus",
            3,
            "timezone",
            "'Asia/Damscus' is not an IANA time zone name",
            id="unknown-timezone",
        ),
        pytest.param(
            "effective_until: 2017-06-30T00:00:00",
            "effective_until: 2016-12-01T00:00:00",
            5,
            "effective_until",
            "must be after effective_from",
            id="until-before-from",
        ),
        pytest.param(
            "effective_from: 2016-12-30T00:00:00",
            "effective_from: 30/12/2016",
            4,
            "effective_from",
            "'30/12/2016' is not an ISO 8601 date-time",
            id="not-a-date",
        ),
        pytest.param(
            "id: test-ceasefire",
            "id: Test Ceasefire",
            1,
            "id",
            "'Test Ceasefire' is not a valid id",
            id="id-not-a-slug",
        ),
        pytest.param(
            "  - Battles\n",
            "  - Battle\n",
            24,
            "prohibited_acts.0.event_type",
            "'Battle' is not an ACLED event type; did you mean 'Battles'?",
            id="event-type-typo",
        ),
        pytest.param(
            "event_type: Explosions/Remote violence",
            "event_type: Remote violence",
            25,
            "prohibited_acts.1.event_type",
            "belongs to ACLED's pre-2019 taxonomy",
            id="pre-2019-event-type",
        ),
        pytest.param(
            "sub_event_types: [Attack]",
            "sub_event_types: [Air/drone strike]",
            27,
            "prohibited_acts.2.sub_event_types.0",
            "'Air/drone strike' is a sub-event type of 'Explosions/Remote violence', "
            "not of 'Violence against civilians'",
            id="sub-event-type-of-another-type",
        ),
        pytest.param(
            "sub_event_types: [Attack]",
            "sub_event_types: [Atack]",
            27,
            "prohibited_acts.2.sub_event_types.0",
            "did you mean 'Attack'?",
            id="sub-event-type-typo",
        ),
        pytest.param(
            "  - Battles\n",
            "  - event_type: Violence against civilians\n",
            26,
            "prohibited_acts.2.event_type",
            "'Violence against civilians' is listed twice",
            id="prohibited-act-twice",
        ),
        pytest.param(
            "quorum: unanimous",
            "quorum: {n: 4}",
            41,
            "verification.quorum.n",
            "quorum n = 4 but only 3 members can vote",
            id="quorum-larger-than-members",
        ),
        pytest.param(
            "quorum: unanimous",
            "quorum: {n: 0}",
            41,
            "verification.quorum.n",
            "quorum n must be a whole number >= 1, not 0",
            id="quorum-zero",
        ),
        pytest.param(
            "quorum: unanimous",
            "quorum: unanimously",
            41,
            "verification.quorum",
            "quorum must be 'unanimous', 'majority' or {n: N}, not 'unanimously'",
            id="quorum-unknown-word",
        ),
        pytest.param(
            "members: [Russia, Turkey, Iran]",
            "members: [Russia, Turkey, France]",
            40,
            "verification.members.2",
            "member 'France' is neither a guarantor nor a monitor",
            id="member-not-guarantor-or-monitor",
        ),
        pytest.param(
            "members: [Russia, Turkey, Iran]",
            "members: [Russia, Turkey, russia]",
            40,
            "verification.members.2",
            "member 'russia' is listed twice",
            id="member-twice",
        ),
        pytest.param(
            "  - id: al-tall",
            "  - id: damascus",
            36,
            "zones.2.id",
            "zone id 'damascus' is used twice",
            id="zone-id-twice",
        ),
        pytest.param(
            "    admin2: [Al-Tall]\n",
            "",
            36,
            "zones.2",
            "zone 'al-tall' needs admin1, admin2 or a polygon",
            id="zone-without-area",
        ),
        pytest.param(
            "[[[36.0, 33.55], [36.25, 33.55], [36.25, 33.7], [36.0, 33.7], [36.0, 33.55]]]",
            "[[[36.0, 33.55], [36.25, 33.7], [36.25, 33.55], [36.0, 33.7], [36.0, 33.55]]]",
            32,
            "zones.0.polygon.coordinates",
            "outer ring crosses itself: the edge from point 0 to 1 meets the edge from point 2",
            id="zone-polygon-self-intersecting",
        ),
        pytest.param(
            "effective_until: 2017-06-30T00:00:00",
            "superseded_by: next-ceasefire",
            5,
            "superseded_by",
            "superseded_by 'next-ceasefire' needs an end date: give effective_until",
            id="superseded-without-end",
        ),
        pytest.param(
            "effective_until: 2017-06-30T00:00:00",
            "effective_until: 2017-06-30T00:00:00\nfollows: test-ceasefire",
            6,
            "follows",
            "agreement 'test-ceasefire' cannot name itself in follows",
            id="follows-itself",
        ),
        pytest.param(
            "  quorum: unanimous",
            "  quorum: unanimous\n  recusal:\n    affiliates:\n      Syria: [Hezbollah]",
            44,
            "verification.recusal.affiliates.Syria",
            "recusal affiliates names 'Syria', which is not a member of the verification body "
            "(members: Russia, Turkey, Iran)",
            id="recusal-names-an-unknown-member",
        ),
        pytest.param(
            "  quorum: unanimous",
            "  quorum: unanimous\n  quorum_basis: assumption",
            42,
            "verification.quorum_basis",
            "an assumed quorum needs a quorum_note",
            id="assumed-quorum-without-note",
        ),
        pytest.param(
            "  quorum: unanimous",
            "  quorum: unanimous\n  recusal:\n    rule: sometimes",
            43,
            "verification.recusal.rule",
            "Input should be 'own_forces' or 'none'",
            id="unknown-recusal-rule",
        ),
        pytest.param(
            "  countries: [Syria]",
            "  countries: []",
            20,
            "scope",
            "scope needs at least one of: countries, admin1, polygons",
            id="empty-scope",
        ),
    ],
)
def test_invalid_agreement_names_line_and_field(
    base_yaml: str, old: str, new: str, line: int, field: str, message: str
) -> None:
    assert old in base_yaml
    with pytest.raises(InputError) as caught:
        parse_agreement(base_yaml.replace(old, new, 1), source="bad.yaml")
    err = caught.value
    assert (err.source, err.line, err.field) == ("bad.yaml", line, field)
    assert message in err.reason


def test_missing_section_points_at_the_top(base_yaml: str) -> None:
    text = base_yaml.split("verification:")[0]
    with pytest.raises(InputError) as caught:
        parse_agreement(text, source="bad.yaml")
    assert (caught.value.line, caught.value.field) == (1, "verification")
    assert "Field required" in caught.value.reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "the agreement file is empty", id="empty"),
        pytest.param("# only a comment\n", "the agreement file is empty", id="only-comment"),
        pytest.param("- a\n- b\n", "must be a mapping of keys", id="top-level-list"),
        pytest.param("id: [unclosed\n", "not valid YAML", id="broken-yaml"),
        pytest.param("a: &x 1\nb: *x\n", "anchors and aliases", id="yaml-alias"),
    ],
)
def test_unreadable_agreement_files(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_agreement(text, source="bad.yaml")
    assert caught.value.source == "bad.yaml"
    assert message in caught.value.reason


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "agreement.yaml"
    path.write_bytes(b"id: x\x00\x01\x02")
    with pytest.raises(InputError, match="binary file"):
        load_agreement(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        load_agreement(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "timezone: Asia/Damascus\n"
            "effective_from: 2016-12-30T00:00:00\n"
            "effective_until: 2017-06-30T00:00:00",
            "effective_from: 2016-12-30T00:00:00+02:00\n"
            "effective_until: 2017-06-29T21:00:00Z\n"
            "timezone: Asia/Damascus",
            id="explicit-offsets",
        ),
        pytest.param(
            "effective_from: 2016-12-30T00:00:00",
            "effective_from: 2016-12-30",
            id="date-means-local-midnight",
        ),
        pytest.param(
            "effective_from: 2016-12-30T00:00:00",
            "effective_from: '2016-12-30 00:00'",
            id="quoted-string",
        ),
    ],
)
def test_equivalent_ways_to_write_the_start(base_yaml: str, old: str, new: str) -> None:
    a = parse_agreement(base_yaml.replace(old, new, 1), source="x.yaml")
    assert a == parse_agreement(base_yaml, source="x.yaml")


def test_agreement_from_json_reports_broken_json() -> None:
    with pytest.raises(InputError) as caught:
        agreement_from_json('{"id": "x"}', source="row 7")
    assert caught.value.source == "row 7"
    assert "invalid agreement JSON" in caught.value.reason


def test_example_in_the_docs_is_valid() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "agreements.md"
    example = docs.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    a = parse_agreement(example, source="docs/agreements.md")
    assert a.id == "astana-2017"
    assert a.effective_from == datetime(2016, 12, 29, 22, 0, tzinfo=UTC)
