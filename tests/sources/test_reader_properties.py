"""Property-based tests over every reader: whatever the bytes or structure, ingest either stores
records or raises an error of the family (``CeasefireError``), never anything else.

Bounded for CI: a fixed number of examples per property, no deadline, derandomised (the same
examples each run) and no example database.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from ceasefire.agreements.loader import parse_agreement
from ceasefire.errors import CeasefireError
from ceasefire.events.record import RECORD_FIELDS
from ceasefire.scenarios import scenario_dir
from ceasefire.sources.document_files import read_documents
from ceasefire.sources.ingest import ingest_file
from ceasefire.yamlfile import parse_yaml

FIXTURES = Path(__file__).parents[1] / "fixtures" / "structured"
BOUNDED = settings(
    max_examples=40, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
_names = itertools.count()


def _fresh(folder: Path, suffix: str, content: bytes) -> Path:
    path = folder / f"case-{next(_names)}{suffix}"
    path.write_bytes(content)
    return path


def _ingest(engine: Engine, path: Path, fmt: str | None) -> None:
    with contextlib.suppress(CeasefireError):
        ingest_file(engine, path, fmt=fmt, actor="property")


# -- arbitrary bytes, every format ----------------------------------------------------------


@pytest.mark.parametrize(("suffix", "fmt"), [(".csv", "acled"), (".csv", "ucdp"),
                                             (".jsonl", "jsonl"), (".csv", None)])  # fmt: skip
@BOUNDED
@given(content=st.binary(max_size=3000))
def test_arbitrary_bytes_are_stored_or_refused(
    engine: Engine, tmp_path: Path, suffix: str, fmt: str | None, content: bytes
) -> None:
    _ingest(engine, _fresh(tmp_path, suffix, content), fmt)


# -- CSV: the real header, arbitrary cells --------------------------------------------------


def _header(name: str) -> list[str]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "2017-01-09", "0001-01-01", "9999-12-31", "2017-13-45", "1e3", "-1",
                     "٣", "NaN", "inf", "33.5", "999", "9" * 5000, "=cmd()", "\x00", "Syria"]),
)  # fmt: skip


@pytest.mark.parametrize(("fixture", "fmt"), [("acled_modern.csv", "acled"),
                                              ("acled_2016.csv", "acled"),
                                              ("ucdp_ged.csv", "ucdp")])  # fmt: skip
@BOUNDED
@given(data=st.data())
def test_csv_rows_of_arbitrary_cells_are_stored_or_refused(
    engine: Engine, tmp_path: Path, fixture: str, fmt: str, data: st.DataObject
) -> None:
    header = _header(fixture)
    rows = data.draw(
        st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=4)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    _ingest(engine, _fresh(tmp_path, ".csv", out.getvalue().encode("utf-8", "surrogatepass")), fmt)


# -- JSON Lines: arbitrary JSON values, under our keys and others ------------------------------

JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=8,
)  # fmt: skip
RECORD = st.dictionaries(
    st.sampled_from(RECORD_FIELDS) | st.text(max_size=10), JSON_VALUE, max_size=8
).map(lambda d: {"event_date": "2017-01-09", **d})


#: Lines json.dumps cannot make: too deep, too many digits, not JSON at all.
RAW_LINE = st.sampled_from([
    "[" * 100_000 + "]" * 100_000,
    '{"event_date": "2017-01-09", "fatalities": ' + "9" * 5000 + "}",
    '{"event_date": "2017-01-09", "latitude": 1' + "0" * 400 + "}",
    '{"event_date": "2017-01-09", "fatalities": 1e3}',
    '{"event_date": "2017-01-09", "event_date": "2017-01-10"}',
    '{"event_date": "2017-01-09", "latitude": NaN, "longitude": Infinity}',
    '{"event_date": "0001-01-01"}', '{"event_date": "9999-12-31"}', "{", "nul\x00l", "",
])  # fmt: skip


@BOUNDED
@given(
    lines=st.lists(
        RECORD.map(json.dumps) | JSON_VALUE.map(json.dumps) | RAW_LINE, min_size=1, max_size=4
    )
)
def test_jsonl_of_arbitrary_values_is_stored_or_refused(
    engine: Engine, tmp_path: Path, lines: list[str]
) -> None:
    text = "".join(line + "\n" for line in lines)
    _ingest(engine, _fresh(tmp_path, ".jsonl", text.encode("utf-8", "surrogatepass")), "jsonl")


# -- agreement files: the Astana file with one value replaced ---------------------------------

ASTANA = parse_yaml(
    (scenario_dir("astana-2017") / "agreement.yaml").read_text(encoding="utf-8"),
    source="agreement.yaml",
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)  # type: ignore[index]
    return copy


YAML_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    | st.dates() | st.datetimes(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=6,
)  # fmt: skip


@BOUNDED
@given(path=st.sampled_from(_paths(ASTANA.data)), new=YAML_VALUE)
def test_an_agreement_with_any_value_replaced_loads_or_is_refused(
    path: tuple[Any, ...], new: Any
) -> None:
    text = yaml.safe_dump(_replace(ASTANA.data, path, new), allow_unicode=True)
    with contextlib.suppress(CeasefireError):
        parse_agreement(text, source="agreement.yaml")


ASTANA_LINES = (scenario_dir("astana-2017") / "agreement.yaml").read_text("utf-8").splitlines()
VALUE_LINES = [
    i for i, line in enumerate(ASTANA_LINES) if ": " in line and not line.startswith("#")
]
HOSTILE_SCALAR = st.sampled_from([
    "2017-13-45", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-12:00", "!foo x", "!!binary x",
    "!!python/object:os.system x", "9" * 5000, "&a x", "*a", "[" * 60 + "]" * 60, "{a: [b", "'",
    "A" * 20_000, "[bold]x[/]", ".nan", "-.inf", "0x1F", "1_000", "~", "2017-01-24 25:00:00",
]) | st.text(max_size=30)  # fmt: skip


@BOUNDED
@given(line=st.sampled_from(VALUE_LINES), value=HOSTILE_SCALAR)
def test_an_agreement_file_with_any_value_written_in_loads_or_is_refused(
    line: int, value: str
) -> None:
    lines = list(ASTANA_LINES)
    key = lines[line].split(": ", 1)[0]
    lines[line] = f"{key}: {value}"
    with contextlib.suppress(CeasefireError):
        parse_agreement("\n".join(lines), source="agreement.yaml")


@BOUNDED
@given(text=st.text(max_size=400) | st.binary(max_size=400).map(lambda b: b.decode("latin-1")))
def test_arbitrary_text_as_an_agreement_is_refused_clearly(text: str) -> None:
    with contextlib.suppress(CeasefireError):
        parse_agreement(text, source="agreement.yaml")


# -- texts: plain text, HTML, feeds ------------------------------------------------------------

MARKUP = st.lists(
    st.sampled_from(["<html>", "<p>", "</p>", "<rss><channel><item><title>", "</title>",
                     "<description>", "</description></item></channel></rss>", "<![CDATA[",
                     "]]>", "&amp;", "&#0;", "&#xFFFFFFFF;", "<feed xmlns='http://www.w3.org/"
                     "2005/Atom'><entry>", "<pubDate>2017-13-45</pubDate>", "\x00", "Douma"])
    | st.text(max_size=20),
    max_size=20,
).map("".join)  # fmt: skip


@pytest.mark.parametrize(("suffix", "kind"), [(".txt", "text"), (".html", "html"),
                                              (".xml", "feed"), (".txt", None)])  # fmt: skip
@BOUNDED
@given(content=st.binary(max_size=2000) | MARKUP.map(lambda t: t.encode("utf-8", "replace")))
def test_texts_are_read_or_refused(
    tmp_path: Path, suffix: str, kind: str | None, content: bytes
) -> None:
    with contextlib.suppress(CeasefireError):
        read_documents(_fresh(tmp_path, suffix, content), kind)
