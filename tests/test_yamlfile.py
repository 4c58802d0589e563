"""Analyst-edited YAML: every value that cannot be read is an InputError naming its line."""

from __future__ import annotations

import codecs
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from ceasefire.errors import InputError
from ceasefire.yamlfile import MAX_YAML_DEPTH, parse_yaml, read_yaml


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2017-13-45\n",
         "doc.yaml:2: cannot read '2017-13-45' as a date: month must be in 1..12"),
        ("a: 2017-02-30\n", "doc.yaml:1: cannot read '2017-02-30' as a date: day is out of range "
         "for month"),
        ("a:\n  - " + "9" * 4301 + "\n", f"doc.yaml:2: cannot read '{'9' * 40}... (4,301 "
         "characters)' as a whole number: too many digits"),
        ("a: !foo bar\n", "doc.yaml:1: unknown YAML tag '!foo'"),
        ("a: !!python/object:os.system x\n",
         "doc.yaml:1: unknown YAML tag 'tag:yaml.org,2002:python/object:os.system'"),
        ("? [a, b]\n: 1\n", "doc.yaml:1: a key must be a plain value, not a list or a mapping"),
        ("a: &x 1\nb: *x\n", "doc.yaml:1: YAML anchors and aliases (&name / *name) are not "
         "allowed"),
        ("a: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1) + "\n",
         f"doc.yaml:1: lists and mappings are nested more than {MAX_YAML_DEPTH} deep"),
        ("a: [1, 2\n", "doc.yaml:2: not valid YAML: did not find expected ',' or ']'"),
    ],
)  # fmt: skip
def test_values_that_cannot_be_read_name_their_line(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, source="doc.yaml")
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: 2017-01-24\n", {"a": date(2017, 1, 24)}),
        ("a: 0001-01-01T00:00:00+05:00\n",
         {"a": datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))}),
        ("a: " + "9" * 4300 + "\n", {"a": int("9" * 4300)}),
        ("1: x\n", {"1": "x"}),
    ],
)  # fmt: skip
def test_values_that_can_be_read(text: str, value: Any) -> None:
    assert parse_yaml(text, source="doc.yaml").data == value


@pytest.mark.parametrize(
    ("content", "message", "hint"),
    [
        (codecs.BOM_UTF16_LE + "a: 1\n".encode("utf-16-le"),
         "doc.yaml: the file is UTF-16 text; ceasefire reads UTF-8", "iconv -f UTF-16 -t UTF-8"),
        ("name: Wadi Barada\nid: x\n".encode("utf-16-be"), "doc.yaml: the file is UTF-16 text",
         "UTF-16"),
        (codecs.BOM_UTF32_LE + "a: 1\n".encode("utf-32-le"), "doc.yaml: the file is UTF-32 text",
         "iconv -f UTF-32"),
        (b"a: 1\nb: x\x00y\n", "doc.yaml:2: contains a NUL character (byte 0x00 at offset 9)",
         "tr -d"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "doc.yaml: this is a binary file, "
         "not YAML", "convert"),
        (b"a: caf\xe9\n", "doc.yaml:1: not UTF-8 text (byte 0xe9 at offset 6)", "UTF-8"),
    ],
)  # fmt: skip
def test_files_that_are_not_utf8_text_say_what_they_are(
    tmp_path: Path, content: bytes, message: str, hint: str
) -> None:
    path = tmp_path / "doc.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert caught.value.message.replace(f"{tmp_path}/", "").startswith(message)
    assert hint in (caught.value.hint or "")
