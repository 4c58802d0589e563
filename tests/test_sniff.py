"""Telling text from what is not: UTF-16/32, a stray NUL on a line, binary."""

from __future__ import annotations

import codecs

import pytest

from ceasefire.sniff import NotText, not_text

ROW = b"A,2017-01-01,Battles,Syria\n"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (ROW * 3, None),
        (b"", None),
        (b"tab\tand\r\nform\x0cfeed\n", None),
        (codecs.BOM_UTF16_LE + "abc".encode("utf-16-le"), "UTF-16"),
        (codecs.BOM_UTF16_BE + "abc".encode("utf-16-be"), "UTF-16"),
        ("event_id,date\n".encode("utf-16-le"), "UTF-16"),
        ("event_id,date\n".encode("utf-16-be"), "UTF-16"),
        (codecs.BOM_UTF32_LE + "abc".encode("utf-32-le"), "UTF-32"),
        (codecs.BOM_UTF32_BE + "abc".encode("utf-32-be"), "UTF-32"),
    ],
)
def test_wide_encodings_are_named(head: bytes, expected: str | None) -> None:
    found = not_text(head, expected="CSV")
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert found.message == f"the file is {expected} text; ceasefire reads UTF-8"
        assert f"iconv -f {expected} -t UTF-8" in found.hint


def test_a_nul_in_one_cell_names_its_line() -> None:
    head = ROW * 4 + b"B,2017-01-02,Bat\x00tles,Syria\n" + ROW
    assert not_text(head, expected="CSV") == NotText(
        "contains a NUL character (byte 0x00 at offset 124); text has none",
        5,
        "Remove it (e.g. tr -d '\\000' < IN > OUT) or correct the cell it is in.",
    )


@pytest.mark.parametrize(
    "head",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4, b"id: x\x00\x01\x02"],
)
def test_binary_is_binary(head: bytes) -> None:
    found = not_text(head, expected="YAML")
    assert found is not None and found.message == "this is a binary file, not YAML"
