"""The parser process gives exactly what in-process parsing gives: rows, rejects, errors."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from ceasefire.db.store import init_store, open_store
from ceasefire.errors import InputError
from ceasefire.sources import parallel
from ceasefire.sources.ingest import ingest_file
from ceasefire.sources.parallel import parsed_chunks, worth_a_parser_process
from ceasefire.sources.reading import Reject, csv_insert_rows, open_csv


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _mixed_file(structured: Path, tmp_path: Path, n: int = 5000) -> Path:
    """Thousands of rows (several chunks), with bad rows and repeats among them."""
    with (structured / "acled_modern.csv").open(newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    out = []
    for i in range(n - 7):
        row = list(rows[i % len(rows)])
        row[0] = f"PAR{i}"
        if i % 997 == 5:
            row[header.index("latitude")] = "north"
        out.append(row)
    return _write(tmp_path / "mixed.csv", header, out + out[:7])  # the last 7 repeat the first


def parsed_rows(path: Path, fmt: str, batch_id: int, **kwargs: Any) -> list[Any]:
    return [item for chunk in parsed_chunks(path, fmt, batch_id, **kwargs) for item in chunk]


def _stored(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM events ORDER BY id")).all()
    return [tuple(r)[1:] for r in rows]  # all but the row id


def test_parser_process_yields_what_in_process_parsing_yields(
    structured: Path, tmp_path: Path
) -> None:
    path = _mixed_file(structured, tmp_path)
    here = list(csv_insert_rows(open_csv(path), 7))
    positions: list[int] = []
    there = list(parsed_rows(path, "acled", 7, progress=positions.append))
    assert there == here
    assert any(isinstance(item, Reject) for item in there)
    assert positions and positions == sorted(positions)
    assert positions[-1] == path.stat().st_size


def test_ingest_with_parser_process_stores_the_same(structured: Path, tmp_path: Path) -> None:
    path = _mixed_file(structured, tmp_path)
    results = []
    for name, parallel_parse in (("serial", False), ("parallel", True)):
        url = f"sqlite:///{tmp_path / (name + '.db')}"
        init_store(url)
        engine = open_store(url)
        summary = ingest_file(
            engine,
            path,
            skip_bad=True,
            rejects_path=tmp_path / f"{name}.rejects.csv",
            parallel=parallel_parse,
        )
        rejects = (tmp_path / f"{name}.rejects.csv").read_text(encoding="utf-8")
        results.append((summary.rows, summary.stored, summary.duplicates, summary.rejected,
                        rejects, _stored(engine)))  # fmt: skip
        engine.dispose()
    assert results[0] == results[1]
    rows, stored, duplicates, rejected, _, _ = results[1]
    # bad rows at 5, 1002, 1999, 2996, 3993, 4990, and row 5 again among the repeats
    assert (rows, rejected, duplicates, stored) == (5000, 7, 6, 4987)


def test_read_error_in_parser_process_names_file_line_and_stores_nothing(
    engine: Engine, structured: Path, tmp_path: Path
) -> None:
    path = _mixed_file(structured, tmp_path, n=4000)
    data = bytearray(path.read_bytes())
    cut = data.index(b"PAR3500,")
    data[cut + 3 : cut + 4] = b"\xff"
    path.write_bytes(bytes(data))
    errors = []
    for parallel_parse in (False, True):
        with pytest.raises(InputError) as err:
            ingest_file(engine, path, skip_bad=True, parallel=parallel_parse)
        errors.append((err.value.message, err.value.line, err.value.hint))
    assert errors[0] == errors[1]
    assert errors[1][1] == 3502 and "not UTF-8" in errors[1][0]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM events")).scalar_one() == 0


def test_small_files_are_parsed_in_process(structured: Path, tmp_path: Path) -> None:
    assert not worth_a_parser_process(structured / "acled_modern.csv")
    assert not worth_a_parser_process(tmp_path / "missing.csv")


def test_big_files_get_a_parser_process_where_there_are_two_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(parallel.MIN_BYTES)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1})
    assert worth_a_parser_process(big)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0})
    assert not worth_a_parser_process(big)


def test_without_a_parser_process_the_file_is_parsed_here(
    structured: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _mixed_file(structured, tmp_path, n=3000)
    monkeypatch.setattr(parallel.sys, "executable", str(tmp_path / "no-such-python"))
    assert list(parsed_rows(path, "acled", 1)) == list(csv_insert_rows(open_csv(path), 1))
