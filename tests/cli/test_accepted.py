"""Inputs that used to be accepted without complaint, now refused with file, line and field,
through the CLI and the real HTTP API, on SQLite and PostgreSQL (regressions: duplicate YAML
and JSONL keys kept the last value, fatalities `1e3` were stored as 1000, Arabic-Indic digits
were read as numbers, a longitude without a latitude was stored, a PNG uploaded as HTML)."""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from tests.api.conftest import World, seed
from tests.api.live_server import serve
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.scenarios import scenario_dir

runner = CliRunner()
HEADER = "event_id_cnty,event_date,year,event_type,actor1,country,latitude,longitude,fatalities"
GOOD = ["SYR1", "2017-01-02", "2017", "Battles", "X", "Syria", "33.5", "36.4", "3"]


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
            + chunk(b"IEND", b""))  # fmt: skip


def _row(**cells: str) -> str:
    names = HEADER.split(",")
    values = list(GOOD)
    for name, value in cells.items():
        values[names.index(name)] = value
    return HEADER + "\n" + ",".join(values) + "\n"


def _jsonl(line: str) -> str:
    return line + "\n"


AGREEMENT = (scenario_dir("astana-2017") / "agreement.yaml").read_text(encoding="utf-8")

#: (case, file name, content, ingest --format, what the error must say)
CASES: list[tuple[str, str, bytes, str | None, list[str]]] = [
    ("fatalities 1e3", "a.csv", _row(fatalities="1e3").encode(), None,
     ["a.csv:2", "field 'fatalities'", "not a whole number: '1e3'"]),
    ("fatalities Arabic-Indic", "a.csv", _row(fatalities="\u0661\u0662").encode(), None,
     ["a.csv:2", "field 'fatalities'", "write the number with ASCII digits"]),
    ("fatalities Persian digits", "a.csv", _row(fatalities="\u06f3").encode(), None,
     ["a.csv:2", "field 'fatalities'", "write the number with ASCII digits"]),
    ("latitude Arabic-Indic", "a.csv", _row(latitude="\u0663\u0663").encode(), None,
     ["a.csv:2", "field 'latitude'", "write the number with ASCII digits"]),
    ("fatalities 1_000", "a.csv", _row(fatalities="1_000").encode(), None,
     ["a.csv:2", "field 'fatalities'", "not a whole number: '1_000'"]),
    ("longitude without latitude (CSV)", "a.csv", _row(latitude="").encode(), None,
     ["a.csv:2", "field 'latitude'", "a longitude without a latitude"]),
    ("latitude without longitude (CSV)", "a.csv", _row(longitude="").encode(), None,
     ["a.csv:2", "field 'longitude'", "a latitude without a longitude"]),
    ("longitude without latitude (JSONL)", "e.jsonl",
     _jsonl('{"event_date": "2017-01-02", "longitude": 36.4}').encode(), None,
     ["e.jsonl:1", "field 'latitude'", "a longitude without a latitude"]),
    ("duplicate JSONL key", "e.jsonl",
     _jsonl('{"event_date": "2017-01-02", "fatalities": 2, "fatalities": 200}').encode(), None,
     ["e.jsonl:1", "field 'fatalities'", "duplicate key 'fatalities'"]),
    ("duplicate nested JSONL key", "e.jsonl",
     _jsonl('{"event_date": "2017-01-02", "raw": {"a": 1, "a": 2}}').encode(), None,
     ["e.jsonl:1", "field 'a'", "duplicate key 'a'"]),
    ("fatalities 1e3 (JSONL)", "e.jsonl",
     _jsonl('{"event_date": "2017-01-02", "fatalities": 1e3}').encode(), None,
     ["e.jsonl:1", "field 'fatalities'", "must be a whole number"]),
    ("PNG as html", "img.html", _png(), "html", ["img.html", "this is a PNG image, not html"]),
    ("PNG as text", "img.txt", _png(), "text", ["img.txt", "this is a PNG image, not text"]),
    ("PNG as feed", "img.xml", _png(), "feed", ["img.xml", "this is a PNG image, not feed"]),
    ("PDF as html", "doc.html", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "html",
     ["doc.html", "this is a PDF, not html"]),
    ("GIF as html", "pic.html", b"GIF89a\x01\x01\x01\x01\xf0\x01\x01" + b"<p>x</p>" * 10, "html",
     ["pic.html", "this is a GIF image, not html"]),
]  # fmt: skip


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


def _stored(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = int(conn.execute(text("SELECT count(*) FROM events")).scalar_one())
        count += int(conn.execute(text("SELECT count(*) FROM documents")).scalar_one())
    engine.dispose()
    return count


@pytest.mark.parametrize(
    ("case", "name", "content", "fmt", "says"), CASES, ids=[c[0] for c in CASES]
)
def test_refused_through_the_cli(
    db_url: str, tmp_path: Path, case: str, name: str, content: bytes, fmt: str | None,
    says: list[str],
) -> None:  # fmt: skip
    assert run("init", "--db", db_url)[0] == 0
    path = tmp_path / name
    path.write_bytes(content)
    code, out = run("ingest", str(path), *(["--format", fmt] if fmt else []), "--db", db_url)
    assert code == 1, out
    assert [s for s in says if s not in out] == [], out
    assert "Traceback" not in out
    assert _stored(db_url) == 0


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[tuple[str, World]]:
    world = seed(db_url, tmp_path)
    with serve(world.url) as base:
        yield base, world


@pytest.mark.parametrize(
    ("case", "name", "content", "fmt", "says"), CASES, ids=[c[0] for c in CASES]
)
def test_refused_over_http(
    server: tuple[str, World], case: str, name: str, content: bytes, fmt: str | None,
    says: list[str],
) -> None:  # fmt: skip
    base, world = server
    before = _stored(world.url)
    with httpx.Client(base_url=base, headers=world.headers("monitor"), timeout=30) as http:
        answer = http.post(
            "/documents/file", files={"file": (name, content)}, data={"format": fmt} if fmt else {}
        )
        assert answer.status_code == 422, answer.text
        message = answer.json()["error"]["message"]
        assert [s for s in says[1:] if s not in message] == [], message
        assert http.get("/health").status_code == 200
    assert _stored(world.url) == before


#: Duplicate keys in YAML: (case, the agreement file changed, key, the second key's line)
YAML_CASES = [
    ("top-level key twice", AGREEMENT + "timezone: Europe/Moscow\n", "timezone",
     "timezone: Europe/Moscow"),
    ("nested key twice", AGREEMENT.replace("quorum: unanimous", "quorum: unanimous\n  quorum: 1"),
     "quorum", "  quorum: 1"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "content", "key", "second"), YAML_CASES, ids=[c[0] for c in YAML_CASES]
)
def test_duplicate_yaml_keys_are_refused(
    server: tuple[str, World], tmp_path: Path, case: str, content: str, key: str, second: str
) -> None:
    base, world = server
    line = content.splitlines().index(second) + 1
    path = tmp_path / "dup.yaml"
    path.write_text(content, encoding="utf-8")
    code, out = run("agreement", "load", str(path), "--db", world.url)
    assert code == 1, out
    assert f"dup.yaml:{line}, field '{key}': duplicate key '{key}' (first given on line" in out
    with httpx.Client(base_url=base, headers=world.headers("admin"), timeout=30) as http:
        answer = http.post(
            "/agreements", content=content.encode(), headers={"Content-Type": "application/yaml"}
        )
    assert answer.status_code == 422, answer.text
    assert f"duplicate key '{key}'" in answer.json()["error"]["message"]


def test_duplicate_key_in_extract_input_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "texts.jsonl"
    path.write_text(json.dumps({"text": "a"})[:-1] + ', "text": "b"}\n', encoding="utf-8")
    code, out = run("extract", str(path), "--text-column", "text", "-o", str(tmp_path / "o.csv"))
    assert code == 1, out
    assert "texts.jsonl:1, field 'text': duplicate key 'text'" in out
    assert not (tmp_path / "o.csv").exists()
