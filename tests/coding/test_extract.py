from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from ceasefire.coding.extract import extract_files
from ceasefire.coding.pipeline import Coder
from ceasefire.errors import InputError
from ceasefire.events.record import ACLED_COLUMNS

SHELLING = "On 3 March 2020, regime forces shelled Kafr Nabl, killing two civilians."
PROTEST = "Hundreds protested in Afrin on Friday."
NOTHING = "The lake was calm and the shops were open."


@pytest.fixture
def notes_csv(tmp_path: Path) -> Path:
    path = tmp_path / "notes.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["key", "published", "body"])
        w.writerow(["a1", "2020-03-04", SHELLING])
        w.writerow(["b2", "2020-03-09", NOTHING])
        w.writerow(["c3", "2020-03-09", PROTEST])
    return path


def test_one_row_per_input_row_with_its_id(coder: Coder, notes_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    summary = extract_files(
        [notes_csv], output=out, fmt="acled", text_column="body", date_column="published",
        id_column="key", one_per_row=True, coder=coder,
    )  # fmt: skip
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == ["id", *ACLED_COLUMNS]
    assert [r["id"] for r in rows] == ["a1", "b2", "c3"]
    assert (rows[0]["event_date"], rows[0]["year"], rows[0]["fatalities"]) == (
        "2020-03-03", "2020", "2",
    )  # fmt: skip
    assert rows[0]["actor1"] == "Military Forces of Syria (2000-)"
    assert all(v == "" for k, v in rows[1].items() if k != "id")  # no basis: empty
    assert (rows[2]["event_type"], rows[2]["event_date"]) == ("Protests", "2020-03-06")
    assert (summary.texts, summary.events, summary.rows_written) == (3, 2, 3)


def test_jsonl_output_keeps_provenance(coder: Coder, tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(SHELLING + " " + PROTEST)
    out = tmp_path / "out.jsonl"
    extract_files([src], output=out, fmt="jsonl", date=date(2020, 3, 9), coder=coder)
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["event_type"] for x in lines] == ["Explosions/Remote violence", "Protests"]
    first = lines[0]
    assert (first["span_start"], first["modality"], first["coder"][:16]) == (
        0, "observed", "ceasefire-coder/",
    )  # fmt: skip
    assert "trigger.shelling" in first["rules"]


def test_geojson_is_a_feature_collection_of_points(coder: Coder, tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(SHELLING)
    out = tmp_path / "out.geojson"
    extract_files([src], output=out, fmt="geojson", coder=coder)
    data = json.loads(out.read_text())
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.5614, 35.6136]}
    assert feature["properties"]["location"] == "Kafr Nabl"


def test_jsonl_input_and_html_input(coder: Coder, tmp_path: Path) -> None:
    rows = tmp_path / "in.jsonl"
    rows.write_text(json.dumps({"text": SHELLING, "id": "x"}) + "\n")
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><nav>Home</nav><article><p>{PROTEST}</p></article></body></html>")
    out = tmp_path / "out.csv"
    summary = extract_files([rows, page], output=out, date=date(2020, 3, 9), coder=coder)
    assert summary.events == 2


def test_no_events_found_still_writes_a_valid_file(coder: Coder, tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("Der Waffenstillstand hält. Les négociations continuent.")
    out = tmp_path / "out.csv"
    summary = extract_files([src], output=out, coder=coder)
    assert summary.no_events
    assert out.read_text().strip() == ",".join(ACLED_COLUMNS)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blob.bin", b"\x00\x01\x02\xff" * 100, "binary"),
        ("broken.csv", b'id,text\n1,"unclosed\n', "CSV"),
        ("feed.rss", b"<rss><channel><item><title>x</title>", "feed"),
    ],
)
def test_bad_input_is_a_clear_error_and_leaves_no_file(
    coder: Coder, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "out.csv"
    with pytest.raises(InputError) as err:
        extract_files([src], output=out, coder=coder)
    assert str(src) in err.value.message
    assert not out.exists()
    assert list(tmp_path.glob(".out.csv.*")) == []


def test_a_missing_text_column_names_the_file_line_and_field(
    coder: Coder, notes_csv: Path, tmp_path: Path
) -> None:
    with pytest.raises(InputError) as err:
        extract_files([notes_csv], output=tmp_path / "o.csv", text_column="notes", coder=coder)
    assert (err.value.source, err.value.line, err.value.field) == (str(notes_csv), 1, "notes")


def test_a_bad_date_cell_names_its_line(coder: Coder, tmp_path: Path) -> None:
    src = tmp_path / "d.csv"
    src.write_text("text,day\nRegime forces shelled Douma.,yesterday\n")
    with pytest.raises(InputError) as err:
        extract_files([src], output=tmp_path / "o.csv", date_column="day", coder=coder)
    assert (err.value.line, err.value.field) == (2, "day")


def test_a_failure_midway_keeps_the_previous_output(coder: Coder, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("previous\n")
    good = tmp_path / "good.txt"
    good.write_text(SHELLING)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    with pytest.raises(InputError):
        extract_files([good, bad], output=out, coder=coder)
    assert out.read_text() == "previous\n"


def test_a_feed_is_coded_item_by_item(coder: Coder, tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
        "<item><title>a</title><description>Regime forces shelled Douma.</description>"
        "<pubDate>Tue, 24 Jan 2017 10:00:00 GMT</pubDate></item>"
        "<item><title>b</title><description>The lake was calm.</description></item>"
        "</channel></rss>"
    )
    out = tmp_path / "out.csv"
    summary = extract_files([feed], output=out, one_per_row=True, coder=coder)
    rows = list(csv.DictReader(out.open()))
    assert [r["id"] for r in rows] == ["news.rss#1", "news.rss#2"]
    assert (rows[0]["event_date"], rows[0]["location"]) == ("2017-01-24", "Douma")
    assert summary.texts == 2


def test_a_huge_html_page_is_read_in_bounded_time_and_memory(coder: Coder, tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    paragraph = "<p>Shares rose and the lake was calm in the city today.</p>\n"
    with page.open("w") as fh:
        fh.write("<html><body>")
        fh.write(paragraph * 100_000)  # ~6 MB of markup
        fh.write("<p>Regime forces shelled Douma.</p></body></html>")
    summary = extract_files([page], output=tmp_path / "o.csv", coder=coder)
    assert summary.texts == 1


ARABIC = "قصفت قوات النظام بلدة سراقب في ريف إدلب يوم الاثنين، ما أدى إلى مقتل مدنيين اثنين."
RUSSIAN = "Правительственные войска обстреляли город Саракиб в провинции Идлиб, убив двух жителей."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ARABIC, "not English (Arabic script): no events"),
        (RUSSIAN, "not English (Cyrillic script): no events"),
    ],
)
def test_a_text_in_another_language_is_said_to_be_not_english(
    coder: Coder, tmp_path: Path, text: str, message: str
) -> None:
    src = tmp_path / "other.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = extract_files([src], output=out, fmt="jsonl", coder=coder)
    assert (summary.texts, summary.events, out.read_text()) == (1, 0, "")
    assert [str(n) for n in summary.notices] == [f"{src}: {message}"]


def test_each_text_of_a_csv_is_judged_on_its_own(coder: Coder, tmp_path: Path) -> None:
    src = tmp_path / "mixed.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["id", "text"], ["en", SHELLING], ["ar", ARABIC]])
    summary = extract_files([src], output=tmp_path / "o.csv", id_column="id", coder=coder)
    assert summary.events == 1
    assert [(n.row_id, n.message) for n in summary.notices] == [
        ("ar", "not English (Arabic script): no events")
    ]


def test_without_any_reference_date_events_have_no_date_and_are_named(
    coder: Coder, tmp_path: Path
) -> None:
    """Issue 9: such events silently took today's date."""
    src = tmp_path / "undated.txt"
    src.write_text("Regime forces shelled Douma on Tuesday, killing two civilians.\n")
    out = tmp_path / "out.jsonl"
    summary = extract_files([src], output=out, fmt="jsonl", coder=coder)
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert [e["event_date"] for e in events] == [None]
    assert [str(n) for n in summary.notices] == [
        f"{src}: no reference date (the text gives none and none was given with --date): "
        "1 event(s) without a date: 'Regime forces shelled Douma on Tuesday, killing two "
        "civilians.'"
    ]
    # the ACLED CSV leaves the cells empty
    extract_files([src], output=tmp_path / "out.csv", coder=coder)
    row = next(csv.DictReader((tmp_path / "out.csv").open()))
    assert (row["event_date"], row["year"]) == ("", "")


@pytest.mark.parametrize(
    ("header", "given", "expected"),
    [
        ("", date(2017, 1, 27), "2017-01-24"),  # --date is for texts that give none
        ("Date: 2017-01-05\n\n", date(2017, 1, 27), "2017-01-03"),  # the text's date wins
        ("Date: 2017-01-05\n\n", None, "2017-01-03"),
        # "on Saturday" in an article dated Saturday is that day, not the week before
        ("Date: 2017-01-07\n\n", None, "2017-01-07"),
    ],
)
def test_the_date_a_document_states_wins_over_the_given_one(
    coder: Coder, tmp_path: Path, header: str, given: date | None, expected: str
) -> None:
    day = "Saturday" if header.endswith("07\n\n") else "Tuesday"
    src = tmp_path / "a.txt"
    src.write_text(f"{header}Regime forces shelled Douma on {day}, killing two civilians.\n")
    out = tmp_path / "out.jsonl"
    summary = extract_files([src], output=out, fmt="jsonl", date=given, coder=coder)
    assert [json.loads(line)["event_date"] for line in out.read_text().splitlines()] == [expected]
    assert summary.notices == []


def test_every_bad_cell_of_a_date_column_is_named(coder: Coder, tmp_path: Path) -> None:
    src = tmp_path / "dates.csv"
    src.write_text(
        "text,day\n"
        "Regime forces shelled Douma.,2017-01-25\n"
        "Regime forces shelled Douma.,25/01/2017\n"
        "Regime forces shelled Douma.,\n"
        "Regime forces shelled Douma.,Jan 26 2017\n"
        "Regime forces shelled Douma.,2017-01-27T10:00:00\n"
    )
    out = tmp_path / "o.csv"
    with pytest.raises(InputError) as err:
        extract_files([src], output=out, date_column="day", coder=coder)
    assert (err.value.source, err.value.line, err.value.field) == (str(src), 3, "day")
    assert err.value.reason == (
        "2 cell(s) of column 'day' are not dates (YYYY-MM-DD): line 3: '25/01/2017'; "
        "line 5: 'Jan 26 2017'"
    )
    assert not out.exists()


def test_a_large_text_is_coded_in_pieces_with_progress(
    coder: Coder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ceasefire.coding import inputs

    monkeypatch.setattr(inputs, "STREAM_BYTES", 1000)
    monkeypatch.setattr(inputs, "STREAM_CHUNK_CHARS", 2000)
    src = tmp_path / "big.txt"
    src.write_text(f"Date: 2020-03-05\n\n{(NOTHING + chr(10) * 2) * 100}{SHELLING}\n")
    ticks: list[int] = []
    out = tmp_path / "out.jsonl"
    summary = extract_files([src], output=out, fmt="jsonl", progress=ticks.append, coder=coder)
    assert (summary.texts, len(ticks), summary.events) == (3, 3, 1)
    event = json.loads(out.read_text())
    # pieces of 46 paragraphs (2,024 characters) from line 3: the third starts on line 187
    assert (event["event_date"], event["raw"]["input"]) == ("2020-03-03", "big.txt:187")
