"""Reading plain-text documents, and the DocumentRecord they become (hash, id, dates)."""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ceasefire.errors import InputError
from ceasefire.sources.documents import DocumentRecord, normalise_text, parse_published
from ceasefire.sources.text import parse_text, read_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"

BODY = (
    "Government forces backed by allied fighters pressed their offensive in the Wadi Barada "
    "valley on Tuesday, monitors said.\n\n"
    "Rebel groups said the attacks broke the nationwide truce that began on 30 December."
)


def write(tmp_path: Path, data: bytes, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_article_with_header_block() -> None:
    doc = read_text(FIXTURES / "article.txt")
    assert doc == DocumentRecord(
        kind="article",
        text=BODY,
        title="Fighting flares near Damascus water source",
        publisher="Example Wire",
        url="https://example.org/news/wadi-barada-0103",
        published_at=datetime(2017, 1, 3, tzinfo=UTC),
        language="en",
        source_path=str(FIXTURES / "article.txt"),
        source_line=7,
    )


@pytest.mark.parametrize(
    ("text", "body", "title", "line"),
    [
        pytest.param("Just a text.\n", "Just a text.", "", 1, id="no-header"),
        pytest.param(
            "Note: rebels said so.\n\nMore.", "Note: rebels said so.\n\nMore.", "", 1,
            id="unknown-first-key-is-body",
        ),
        pytest.param(
            "Title: A\nThis line is prose, so no header\n\nBody",
            "Title: A\nThis line is prose, so no header\n\nBody", "", 1,
            id="prose-in-block-is-body",
        ),
        pytest.param("title: A\n\n\n\nBody\n", "Body", "A", 5, id="lower-case-key-extra-blanks"),
        pytest.param("Title: A\r\nSource: S\r\n\r\nBody\r\nmore", "Body\nmore", "A", 4, id="crlf"),
        pytest.param("\ufeffTitle: A\n\nBody", "Body", "A", 3, id="bom-before-header"),
    ],
)  # fmt: skip
def test_header_detection(text: str, body: str, title: str, line: int) -> None:
    doc = parse_text(text, source="t.txt")
    assert (doc.text, doc.title, doc.source_line) == (body, title, line)


@pytest.mark.parametrize(
    ("header", "kind"),
    [("Kind: statement\n", "statement"), ("", "article")],
)
def test_kind_from_header_or_default(header: str, kind: str) -> None:
    assert parse_text(f"Title: A\n{header}\nBody", source="t").kind == kind


def test_publisher_header_is_an_alias_of_source() -> None:
    assert parse_text("Publisher: SANA\n\nBody", source="t").publisher == "SANA"


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        pytest.param(
            "Title: A\nAuthor: B\n\nBody", 2, "Author", "unknown header key 'Author'",
            id="unknown-key-in-header",
        ),
        pytest.param(
            "Title: A\nTitle: B\n\nBody", 2, "Title", "header key 'Title' is given twice",
            id="key-twice",
        ),
        pytest.param(
            "Title: A\nDate: 3 Jan\n\nBody", 2, "Date", "'3 Jan' is not a date", id="bad-date",
        ),
        pytest.param(
            "Title: A\nKind: blog\n\nBody", 2, "Kind", "unknown kind 'blog'", id="bad-kind",
        ),
        pytest.param(
            "Title: A\nDate: 2017-01-03\n", 3, None, "header block but no text", id="no-body",
        ),
    ],
)  # fmt: skip
def test_bad_header(text: str, line: int, field: str | None, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_text(text, source="t.txt")
    err = caught.value
    assert (err.source, err.line, err.field) == ("t.txt", line, field)
    assert message in err.reason


TEXT = "Truce holds in Dar\u2019a\nsecond line \u00e9"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(TEXT.encode("utf-16"), id="utf-16-native-bom"),
        pytest.param(b"\xff\xfe" + TEXT.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(TEXT.encode("utf-32"), id="utf-32-bom"),
        pytest.param(TEXT.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
    ],
)
def test_encodings_give_the_same_document(tmp_path: Path, data: bytes) -> None:
    doc = read_text(write(tmp_path, data))
    assert doc.text == TEXT
    assert doc.id == DocumentRecord(kind="article", text=TEXT).id


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        pytest.param(b"", "the file is empty", None, id="empty"),
        pytest.param(b"  \n\t\n", "the file is empty (only whitespace)", None, id="whitespace"),
        pytest.param(
            b"ok\nfine\nthe \x93quote\x94\n", "not UTF-8 text (byte 0x93 at offset 12)", 3,
            id="cp1252-bytes",
        ),
        pytest.param(
            b"\xff\xfe" + "ab\n".encode("utf-16-le") + b"\x00\xd8", "not UTF-16 text", 2,
            id="broken-utf-16",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text (NUL byte at offset 8)",
            None, id="png",
        ),
        pytest.param(
            bytes(range(1, 9)) * 20 + b"some text", "looks like a binary file", None,
            id="control-characters",
        ),
    ],
)  # fmt: skip
def test_unreadable_files(tmp_path: Path, data: bytes, message: str, line: int | None) -> None:
    path = write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert caught.value.source == str(path)
    assert caught.value.line == line
    assert message in caught.value.reason


def test_parse_text_refuses_empty_text() -> None:
    with pytest.raises(InputError, match="the text is empty"):
        parse_text(" \n ", source="t")


def test_tabs_and_form_feeds_are_text(tmp_path: Path) -> None:
    assert read_text(write(tmp_path, b"a\tb\x0cc\n")).text == "a\tb\x0cc"


@pytest.mark.parametrize(("size", "ok"), [(10, True), (11, False)])
def test_size_cap(tmp_path: Path, size: int, ok: bool) -> None:
    path = write(tmp_path, b"x" * size)
    if ok:
        assert read_text(path, max_bytes=10).text == "x" * 10
    else:
        with pytest.raises(InputError, match=re.escape("larger than the 10 bytes limit")):
            read_text(path, max_bytes=10)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_size_cap_stops_reading_an_endless_file() -> None:
    with pytest.raises(InputError, match="larger than the 1 MB limit"):
        read_text("/dev/zero", max_bytes=1024 * 1024)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


# -- DocumentRecord --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("text", "  text \n\n", id="surrounding-whitespace"),
        pytest.param("a\r\nb", "a\nb", id="crlf"),
        pytest.param("a\rb", "a\nb", id="cr"),
        pytest.param(
            unicodedata.normalize("NFD", "Daraa \u00e9t\u00e9"), "Daraa \u00e9t\u00e9", id="nfd"
        ),
    ],
)
def test_same_content_hashes_equal(a: str, b: str) -> None:
    first = DocumentRecord(kind="article", text=a, title="one")
    second = DocumentRecord(kind="feed_item", text=b, title="two", url="https://x")
    assert first.content_hash() == second.content_hash() == first.id


def test_different_content_hashes_differ() -> None:
    assert DocumentRecord("article", "a b").id != DocumentRecord("article", "a  b").id


def test_normalise_text() -> None:
    assert normalise_text(" \r\ne\u0301\r\n ") == "\u00e9"


def test_hash_is_sha256_of_utf8_normalised_text() -> None:
    assert DocumentRecord("report", "abc").id == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "tweet", "text": "x"}, "unknown document kind 'tweet'"),
        (
            {"kind": "article", "text": "x", "published_at": datetime(2017, 1, 1)},
            "published_at must be timezone-aware",
        ),
    ],
)
def test_invalid_document_records(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        DocumentRecord(**kwargs)  # type: ignore[arg-type]


def test_document_record_is_frozen() -> None:
    doc = DocumentRecord("article", "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "y"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-01-03", datetime(2017, 1, 3, tzinfo=UTC)),
        ("2017-01-03T10:00:00Z", datetime(2017, 1, 3, 10, tzinfo=UTC)),
        (
            "2017-01-23T09:30:00+06:00",
            datetime(2017, 1, 23, 9, 30, tzinfo=timezone(timedelta(hours=6))),
        ),
        ("2017-01-03 10:00", datetime(2017, 1, 3, 10, tzinfo=UTC)),
        ("Tue, 03 Jan 2017 10:00:00 GMT", datetime(2017, 1, 3, 10, tzinfo=UTC)),
        (
            "Thu, 29 Dec 2016 14:00:00 +0300",
            datetime(2016, 12, 29, 14, tzinfo=timezone(timedelta(hours=3))),
        ),
        ("3 Jan", None),
        ("", None),
    ],
)
def test_parse_published(value: str, expected: datetime | None) -> None:
    parsed = parse_published(value)
    assert parsed == expected
    if parsed is not None:
        assert parsed.utcoffset() is not None
        assert parsed.date() == (expected.date() if expected else date.min)


@pytest.mark.parametrize(
    ("key", "length", "ok"), [("Title", 1000, True), ("Title", 1001, False),
                              ("Source", 100_000, False)],
)  # fmt: skip
def test_header_values_are_bounded(key: str, length: int, ok: bool) -> None:
    text = f"{key}: {'T' * length}\nDate: 2017-01-10\n\nGovernment forces shelled Douma."
    if ok:
        assert parse_text(text, source="r.txt").text == "Government forces shelled Douma."
        return
    with pytest.raises(InputError) as caught:
        parse_text(text, source="r.txt")
    assert caught.value.message == (
        f"r.txt:1, field '{key}': the {key} is {length:,} characters long; at most 1,000"
    )
