"""Inputs found by trying to break the CLI (issue 12): each gets one clear error naming the file,
the line and what to do, exit code 1, no traceback, and the store is left as it was."""

from __future__ import annotations

import codecs
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.scenarios import scenario_dir

runner = CliRunner()
AGREEMENT = (scenario_dir("astana-2017") / "agreement.yaml").read_text(encoding="utf-8")
ACLED = (Path(__file__).parents[1] / "fixtures" / "structured" / "acled_modern.csv").read_text(
    encoding="utf-8"
)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output


@pytest.fixture
def store(db_url: str) -> str:
    code, out = run("init", "--db", db_url)
    assert code == 0, out
    return db_url


def _agreement(old: str, new: str) -> bytes:
    assert old in AGREEMENT
    return AGREEMENT.replace(old, new, 1).encode()


def _deep_json(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth + b"\n"


def _long_int(digits: int) -> bytes:
    return b'{"event_date": "2017-01-09", "fatalities": ' + b"9" * digits + b"}\n"


#: (case, file name, content, command, message pattern, line in the message or None)
AGREEMENT_FILES: list[tuple[str, bytes, str]] = [
    ("integer of 5,000 digits", _agreement("id: astana-2017", "id: " + "9" * 5000),
     r"agreement\.yaml:\d+: cannot read '9{40}\.\.\. \(5,000 characters\)' as a whole number: "
     r"too many digits"),
    ("month 13", _agreement("effective_from: 2016-12-30T00:00:00", "effective_from: 2017-13-45"),
     r"agreement\.yaml:\d+: cannot read '2017-13-45' as a date: month must be in 1\.\.12"),
    ("year 1 with an offset",
     _agreement("effective_from: 2016-12-30T00:00:00",
                "effective_from: 0001-01-01T00:00:00+05:00"),
     r"field 'effective_from'.*outside the years 1900 to 2200"),
    ("unknown tag", _agreement("name: Syria", "name: !foo Syria"),
     r"agreement\.yaml:\d+: unknown YAML tag '!foo'"),
    ("nested 100,000 deep", b"id: x\nname: " + _deep_json(100_000),
     r"agreement\.yaml:2: (not valid YAML|lists and mappings are nested)"),
    ("name of 100,000 characters", _agreement("name: Syria", "name: " + "A" * 100_000),
     r"field 'name': invalid agreement: String should have at most 300 characters"),
    ("UTF-16", codecs.BOM_UTF16_LE + AGREEMENT.encode("utf-16-le"),
     r"the file is UTF-16 text; ceasefire reads UTF-8"),
    ("UTF-16 without a byte order mark", AGREEMENT.encode("utf-16-le"),
     r"the file is UTF-16 text"),
    ("a mapping as a key", b"? [a, b]\n: 1\n", r"agreement\.yaml:1: a key must be a plain value"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "pattern"),
    [pytest.param(content, pattern, id=case) for case, content, pattern in AGREEMENT_FILES],
)
def test_a_hostile_agreement_file_gets_a_clear_error(
    store: str, tmp_path: Path, content: bytes, pattern: str
) -> None:
    path = tmp_path / "agreement.yaml"
    path.write_bytes(content)
    code, out = run("agreement", "load", str(path), "--db", store)
    assert code == 1, out
    assert re.search(pattern, " ".join(out.split())), out
    assert "Traceback" not in out
    assert run("agreement", "list", "--db", store)[1].count("astana") == 0


RECORDS: list[tuple[str, str, bytes, str]] = [
    ("JSON nested 100,000 deep", "deep.jsonl", _deep_json(100_000),
     r"deep\.jsonl:1: JSON nested too deeply to be a record"),
    ("integer of 5,000 digits", "long.jsonl", _long_int(5000),
     r"long\.jsonl:1: not valid JSON: a number with more than 4,300 digits"),
    ("NUL in one cell", "nul.csv", ACLED.replace("Douma", "Do\x00uma", 1).encode(),
     r"nul\.csv:\d+: contains a NUL character \(byte 0x00 at offset \d+\)"),
    ("UTF-16 CSV", "wide.csv", codecs.BOM_UTF16_LE + ACLED.encode("utf-16-le"),
     r"the file is UTF-16 text.*iconv -f UTF-16 -t UTF-8"),
    ("a 100 KB cell", "wide-cell.jsonl",
     b'{"event_date": "2017-01-09", "fatalities": "' + b"x" * 100_000 + b'"}\n',
     r"field 'fatalities': must be a whole number, got 'x+ \[\.\.\. [\d,]+ characters cut"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "pattern"),
    [pytest.param(name, content, pattern, id=case) for case, name, content, pattern in RECORDS],
)
def test_a_hostile_record_file_gets_a_clear_error_and_stores_nothing(
    store: str, tmp_path: Path, name: str, content: bytes, pattern: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out = run("ingest", str(path), "--db", store)
    assert code == 1, out
    flat = " ".join(out.split())
    assert re.search(pattern, flat), out
    assert len(flat) < 1200, "long values are cut in messages"
    code, out = run("audit", "verify", "--db", store)
    assert (code, "0 events" in out) == (0, True), out


def test_integer_of_4300_digits_in_a_known_field_is_refused_with_the_field(
    store: str, tmp_path: Path
) -> None:
    path = tmp_path / "long.jsonl"
    path.write_bytes(_long_int(4300))
    code, out = run("ingest", str(path), "--db", store)
    flat = " ".join(out.split())
    assert code == 1
    assert re.search(r"long\.jsonl:1, field 'fatalities': ", flat), flat
    assert len(flat) < 600, "the 4,300 digits are not repeated in full"


def test_ingest_of_a_directory_says_to_name_the_files(store: str, tmp_path: Path) -> None:
    code, out = run("ingest", str(tmp_path), "--db", store)
    flat = " ".join(out.split())
    assert code == 1
    assert f"{tmp_path}: this is a directory; ingest takes files" in flat
    assert f"ceasefire ingest {tmp_path}/*.csv" in flat


def test_export_to_a_directory_is_an_error_not_a_traceback(store: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    code, out = run("export", "-o", str(folder), "--db", store)
    assert code == 1, out
    assert str(folder) in out and "Traceback" not in out
    assert folder.is_dir() and not any(folder.iterdir())


def _not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database\n" * 100, encoding="utf-8")
    return path


def _a_directory(tmp_path: Path) -> Path:
    path = tmp_path / "folder.db"
    path.mkdir()
    return path


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "missing.db"


@pytest.mark.parametrize(
    ("make", "command", "pattern"),
    [
        (_not_a_database, "audit verify", r"notes\.txt is not a ceasefire store: file is not a"),
        (_not_a_database, "init", r"notes\.txt is not a ceasefire store"),
        (_not_a_database, "incidents", r"notes\.txt is not a ceasefire store"),
        (_a_directory, "audit verify", r"no ceasefire store at .*folder\.db \(that path is a"),
        (_a_directory, "init", r"cannot connect to the database .*folder\.db: unable to open"),
        (_missing, "audit verify", r"no ceasefire store at .*missing\.db"),
        (_missing, "export -o out.csv", r"no ceasefire store at .*missing\.db"),
    ],
)
def test_db_naming_something_that_is_not_a_store(
    tmp_path: Path, make: Callable[[Path], Path], command: str, pattern: str
) -> None:
    path = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out = run(*command.split(), "--db", f"sqlite:///{path}")
    assert code == 1, out
    assert re.search(pattern, " ".join(out.split())), out
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "no file was created"


def test_db_before_the_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'first.db'}"
    code, out = run("--db", url, "init")
    assert (code, out.startswith(f"Store ready at {url}")) == (0, True), out
    code, out = run("--db", url, "audit", "verify")
    assert (code, "Audit log intact: 0 entries" in out) == (0, True), out
    other = f"sqlite:///{tmp_path / 'second.db'}"
    code, out = run("--db", url, "init", "--db", other)  # the one after the command wins
    assert other in out and (tmp_path / "second.db").is_file()


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    """Through the installed entry point: the message on stderr, exit 1, no traceback."""
    deep = tmp_path / "deep.jsonl"
    deep.write_bytes(_deep_json(100_000))
    url = f"sqlite:///{tmp_path / 'real.db'}"
    command = [sys.executable, "-c", "from ceasefire.cli.main import main; main()"]
    subprocess.run([*command, "--db", url, "init"], check=True, capture_output=True)
    done = subprocess.run(
        [*command, "ingest", str(deep), "--db", url], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: {deep}:1: JSON nested too deeply to be a record\n")
    assert "Traceback" not in done.stderr and done.stdout == ""
