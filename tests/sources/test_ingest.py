"""Structured intake: formats, idempotency, transactions, rejects, and every kind of bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from ceasefire.audit.integrity import verify_store
from ceasefire.db.engine import session_factory
from ceasefire.errors import InputError, UnknownFormatError
from ceasefire.events.models import EventRow
from ceasefire.sources.ingest import ingest_file


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def snapshot(engine: Engine) -> dict[str, int]:
    return {t: count(engine, t) for t in ("events", "batches", "audit_entries", "documents")}


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def acled_rows(structured: Path) -> tuple[list[str], list[list[str]]]:
    with (structured / "acled_modern.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_acled_file_is_stored_with_typed_values(engine: Engine, structured: Path) -> None:
    summary = ingest_file(engine, structured / "acled_modern.csv")
    assert (summary.format, summary.rows, summary.stored, summary.rejected) == ("acled", 6, 6, 0)
    with session_factory(engine)() as session:
        row = session.scalars(select(EventRow).where(EventRow.event_id_cnty == "CFT102")).one()
    assert str(row.event_date) == "2017-01-15"
    assert (row.latitude, row.longitude, row.fatalities) == (33.5711, 36.4028, 2)
    assert row.actor2 == "Civilians (Syria)"
    assert row.notes.endswith("killing 2 civilians, including a child.")
    assert row.coder == "acled"


def test_same_file_twice_is_stored_once(engine: Engine, structured: Path) -> None:
    ingest_file(engine, structured / "acled_modern.csv")
    again = ingest_file(engine, structured / "acled_modern.csv")
    assert (again.stored, again.duplicates, again.audit_seq) == (0, 6, None)
    assert count(engine, "events") == 6
    assert count(engine, "audit_entries") == 1


def test_repeated_row_in_one_file_is_stored_once(
    engine: Engine, structured: Path, tmp_path: Path
) -> None:
    header, rows = acled_rows(structured)
    path = write_csv(tmp_path / "dup.csv", header, [rows[0], rows[1], rows[0]])
    summary = ingest_file(engine, path)
    assert (summary.rows, summary.stored, summary.duplicates) == (3, 2, 1)


def test_acled_2016_schema(engine: Engine, structured: Path) -> None:
    summary = ingest_file(engine, structured / "acled_2016.csv")
    assert (summary.format, summary.stored) == ("acled", 2)
    with session_factory(engine)() as session:
        row = session.scalars(select(EventRow).where(EventRow.event_id_cnty == "SYR9002")).one()
    assert row.event_type == "Remote violence"
    assert row.actor1 == "Unidentified Armed Group (Syria)"
    assert json.loads(row.residual)["data_id"] == "9002"


def test_ucdp_ged_file(engine: Engine, structured: Path) -> None:
    summary = ingest_file(engine, structured / "ucdp_ged.csv")
    assert (summary.format, summary.stored) == ("ucdp", 2)
    with session_factory(engine)() as session:
        rows = {r.event_id_cnty: r for r in session.scalars(select(EventRow))}
    clash, execution = rows["UCDP-900001"], rows["UCDP-900002"]
    assert (clash.event_type, clash.actor1, clash.fatalities) == (
        "Battles",
        "Government of Syria",
        4,
    )
    assert (clash.geo_precision, clash.time_precision) == (1, 1)
    assert execution.event_type == "Violence against civilians"
    assert json.loads(execution.rules) == ["ucdp.type3.one_sided"]


def test_jsonl_records(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        json.dumps({"event_date": "2017-01-05", "event_type": "Battles", "country": "Syria",
                    "fatalities": 2, "latitude": 33.6, "longitude": 36.2, "modality": "alleged",
                    "claimant": "Military Forces of Russia (2000-)"}) + "\n\n",
        encoding="utf-8",
    )  # fmt: skip
    summary = ingest_file(engine, path)
    assert (summary.format, summary.stored) == ("jsonl", 1)
    assert ingest_file(engine, path).duplicates == 1


def test_format_is_forced_with_format(engine: Engine, structured: Path, tmp_path: Path) -> None:
    path = tmp_path / "export.txt.csv"
    path.write_bytes((structured / "ucdp_ged.csv").read_bytes())
    with pytest.raises(InputError, match="missing columns"):
        ingest_file(engine, path, fmt="acled")
    assert ingest_file(engine, path, fmt="ucdp").stored == 2


def test_bad_row_stores_nothing_and_names_line_and_field(
    engine: Engine, structured: Path, tmp_path: Path
) -> None:
    ingest_file(engine, structured / "acled_2016.csv")
    before = snapshot(engine)
    header, rows = acled_rows(structured)
    bad = list(rows[2])
    bad[header.index("latitude")] = "95.5"
    path = write_csv(tmp_path / "bad.csv", header, [rows[0], rows[1], bad, rows[3]])
    with pytest.raises(InputError) as err:
        ingest_file(engine, path)
    assert err.value.line == 4 and err.value.field == "latitude"
    assert "bad.csv:4" in err.value.message and "95.5" in err.value.message
    assert snapshot(engine) == before


def test_skip_bad_writes_rejects_with_reasons(
    engine: Engine, structured: Path, tmp_path: Path
) -> None:
    header, rows = acled_rows(structured)
    bad_date, bad_lon = list(rows[1]), list(rows[2])
    bad_date[header.index("event_date")] = "2017-13-45"
    bad_lon[header.index("longitude")] = "east"
    path = write_csv(tmp_path / "mixed.csv", header, [rows[0], bad_date, bad_lon, rows[3]])
    summary = ingest_file(engine, path, skip_bad=True)
    assert (summary.stored, summary.rejected) == (2, 2)
    with open(summary.rejects_path or "", newline="", encoding="utf-8") as fh:
        rejects = list(csv.DictReader(fh))
    assert [(r["line"], r["field"]) for r in rejects] == [("3", "event_date"), ("4", "longitude")]
    assert "not a number: 'east'" in rejects[1]["reason"]


def test_revised_record_is_not_silently_replaced(
    engine: Engine, structured: Path, tmp_path: Path
) -> None:
    ingest_file(engine, structured / "acled_modern.csv")
    header, rows = acled_rows(structured)
    revised = list(rows[0])
    revised[header.index("fatalities")] = "4"
    path = write_csv(tmp_path / "revised.csv", header, [revised])
    with pytest.raises(InputError, match="CFT101 is already stored with different content"):
        ingest_file(engine, path)
    with session_factory(engine)() as session:
        stored = session.scalars(
            select(EventRow.fatalities).where(EventRow.event_id_cnty == "CFT101")
        )
        assert list(stored) == [3]


@pytest.mark.parametrize(
    ("name", "content", "message", "line"),
    [
        ("semicolons.csv", b"event_id_cnty;event_date;event_type;actor1\nA;2017-01-01;B;C\n",
         "semicolon-separated", 1),
        ("latin1.csv", "event_id_cnty,event_date,event_type,actor1,country,latitude,longitude\n"
         "X1,2017-01-01,Battles,Forces,Syria,33.5,36.3\nX2,2017-01-02,Battles,Forc\xe9s,Syria,33.5,36.3\n"
         .encode("latin-1"), "not UTF-8 text", 3),
        ("binary.csv", bytes(range(256)) * 40, "binary file", None),
        ("empty.csv", b"", "empty", None),
        ("utf16.csv", "event_id_cnty,event_date\n".encode("utf-16"), "UTF-16", None),
        ("other.csv", b"name,age\nann,3\n", "cannot tell the format", 1),
        ("short.csv", b"event_id_cnty,event_date,event_type,actor1\nA,2017-01-01,B,C\n",
         "missing columns country, latitude, longitude", 1),
        ("ragged.csv", b"event_id_cnty,event_date,event_type,actor1,country,latitude,longitude\n"
         b"A,2017-01-01,Battles,C,Syria,33.5\n", "expected 7 fields like the header, found 6", 2),
        ("badyear.csv",
         b"event_id_cnty,event_date,year,event_type,actor1,country,latitude,longitude\n"
         b"A,2017-01-01,2016,Battles,C,Syria,33.5,36.1\n", "does not match the event date", 2),
        ("nul.csv", b"event_id_cnty,event_date,event_type,actor1,country,latitude,longitude\n"
         b"A,2017-01-01,Battles,C\x00,Syria,33.5,36.1\n", "contains a NUL character", 2),
        ("late-nul.csv", b"event_id_cnty,event_date,event_type,actor1,country,latitude,longitude\n"
         + b"A,2017-01-01,Battles,C,Syria,33.5,36.1\n" * 2000 + b"B,2017-01-01,Battles,\x00,Syria,"
         b"33.5,36.1\n", "contains a NUL character", 2002),
        ("bad.jsonl", b'{"event_date": "2017-01-01"}\n{"event_date": \n', "not valid JSON", 2),
        ("unknown.jsonl", b'{"event_date": "2017-01-01", "colour": "red"}\n', "unknown field", 1),
    ],
)  # fmt: skip
def test_bad_input_is_refused_whole(
    engine: Engine, structured: Path, tmp_path: Path, name: str, content: bytes, message: str,
    line: int | None,
) -> None:  # fmt: skip
    ingest_file(engine, structured / "acled_modern.csv")
    before = snapshot(engine)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        ingest_file(engine, path)
    assert message in str(err.value)
    assert name in err.value.message
    assert err.value.line == line
    assert snapshot(engine) == before
    with session_factory(engine)() as session:
        assert verify_store(session).ok


def test_unknown_format_name(engine: Engine, structured: Path) -> None:
    with pytest.raises(UnknownFormatError, match="unknown format 'acledd'"):
        ingest_file(engine, structured / "acled_modern.csv", fmt="acledd")


def test_gigabyte_of_junk_is_refused_quickly(engine: Engine, tmp_path: Path) -> None:
    """A 1 GB file (sparse, so the test costs no disk) is refused without being read whole."""
    junk = tmp_path / "junk.csv"
    with junk.open("wb") as fh:
        fh.write(b"event_id_cnty,event_date,event_type,actor1,country,latitude,longitude\n")
        fh.write(b"\x8f\x01junk" * 1000)
        fh.truncate(1024**3)
    with pytest.raises(InputError, match="binary file"):
        ingest_file(engine, junk)
    assert count(engine, "events") == 0


def test_gigabyte_of_text_junk_fails_at_its_first_line(engine: Engine, tmp_path: Path) -> None:
    junk = tmp_path / "junk.csv"
    with junk.open("wb") as fh:
        fh.write(b"lorem ipsum dolor sit amet " * 3000 + b"\n")
        fh.truncate(1024**3)
    with pytest.raises(UnknownFormatError):
        ingest_file(engine, junk)


def test_large_file_counts(engine: Engine, structured: Path, tmp_path: Path) -> None:
    header, rows = acled_rows(structured)
    many = []
    for i in range(12_000):
        row = list(rows[i % len(rows)])
        row[0] = f"BULK{i}"
        many.append(row)
    summary = ingest_file(engine, write_csv(tmp_path / "bulk.csv", header, many))
    assert summary.stored == 12_000
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(EventRow)) == 12_000
        assert verify_store(session).ok


def test_failed_skip_bad_ingest_leaves_no_rejects_file(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(
        b"event_id_cnty,event_date,event_type,actor1,country,latitude,longitude\n"
        b"A,not-a-date,Battles,X,Syria,33.5,36.1\n"
        b"B,2017-01-02,Battles,X\xff,Syria,33.5,36.1\n"
    )
    with pytest.raises(InputError, match="not UTF-8"):
        ingest_file(engine, path, skip_bad=True)
    assert not (tmp_path / "broken.csv.rejects.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".broken.csv")]
    assert count(engine, "events") == 0
