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
