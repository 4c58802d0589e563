"""Reading RSS 2.0 and Atom 1.0 feeds, and refusing hostile or broken ones."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ceasefire.errors import InputError, UnknownFormatError
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.feeds import parse_feed, read_feed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
RSS_PATH = str(FIXTURES / "feed_rss.xml")
ATOM_PATH = str(FIXTURES / "feed_atom.xml")


def test_rss_items(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="ceasefire.sources.feeds"):
        items = read_feed(RSS_PATH)
    common = {"kind": "feed_item", "publisher": "Example Wire: Syria", "language": "en"}
    assert items == [
        DocumentRecord(
            **common,  # type: ignore[arg-type]
            text="A nationwide truce is to start at midnight.",
            title="Truce announced",
            url="https://example.org/a1",
            published_at=datetime(2016, 12, 29, 14, tzinfo=timezone(timedelta(hours=3))),
            source_path=RSS_PATH,
        ),
        DocumentRecord(
            **common,  # type: ignore[arg-type]
            text="Millions are without running water.\n\nRepairs wait on a local deal.",
            title="Water cut in Damascus",
            url="https://example.org/a2",
            published_at=datetime(2017, 1, 9, 8, 15, tzinfo=UTC),
            source_path=RSS_PATH,
        ),
        DocumentRecord(
            **common,  # type: ignore[arg-type]
            text="Only a title",
            title="Only a title",
            url="",
            published_at=None,
            source_path=RSS_PATH,
        ),
    ]
    assert "item 3 has an unreadable date 'sometime in January'" in caplog.text


def test_atom_entries() -> None:
    items = read_feed(ATOM_PATH)
    assert [(i.title, i.text, i.url, i.published_at, i.language) for i in items] == [
        (
            "Strikes hit Idlib city",
            "Air strikes hit the city at dawn.",
            "https://example.org/e1",
            datetime(2017, 2, 7, 10, tzinfo=timezone(timedelta(hours=2))),
            "en",
        ),
        (
            "Frappes sur Idleb",
            "Des frappes ont touché la ville.\n\nBilan incertain.",
            "https://example.org/e2",
            datetime(2017, 2, 7, 12, tzinfo=UTC),
            "fr",
        ),
        (
            "Plain summary",
            "Monitors reported calm overnight.",
            "",
            datetime(2017, 2, 8, tzinfo=UTC),
            "en",
        ),
    ]
    assert {i.publisher for i in items} == {"Example Monitor"}
    assert {i.kind for i in items} == {"feed_item"}


def test_feed_as_text_and_bytes_agree() -> None:
    data = Path(RSS_PATH).read_bytes()
    assert parse_feed(data, source="x") == parse_feed(data.decode("utf-8"), source="x")


def test_utf16_feed() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        "<rss><channel><item><title>Ş</title></item></channel></rss>"
    )
    items = parse_feed(xml.encode("utf-16"), source="x")
    assert [i.text for i in items] == ["Ş"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<rss><channel><item><title>&lol2;</title></item></channel></rss>
"""


@pytest.mark.parametrize(
    ("data", "keyword", "line"),
    [
        pytest.param(BILLION_LAUGHS, "DOCTYPE", 2, id="billion-laughs"),
        pytest.param(b'<!doctype rss SYSTEM "file:///etc/passwd"><rss/>', "DOCTYPE", 1, id="xxe"),
        pytest.param(b"<rss>\n<!ENTITY x 'y'>\n</rss>", "ENTITY", 2, id="stray-entity"),
        pytest.param(
            '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x []><rss/>'.encode("utf-16"),
            "DOCTYPE",
            2,
            id="utf-16-doctype",
        ),
    ],
)
def test_declarations_are_refused(data: bytes, keyword: str, line: int) -> None:
    with pytest.raises(InputError) as caught:
        parse_feed(data, source="evil.xml")
    err = caught.value
    assert (err.source, err.line) == ("evil.xml", line)
    assert f"<!{keyword}> declaration, which is refused" in err.reason


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        pytest.param(
            b"<rss>\n<channel>\n<item></channel>\n</rss>", 3, "mismatched tag (column 9)",
            id="mismatched-tag",
        ),
        pytest.param(b"<rss><channel>&nbsp;</channel></rss>", 1, "undefined entity",
                     id="undefined-entity"),
        pytest.param(b"not xml at all", 1, "syntax error", id="not-xml"),
        pytest.param(b"<rss>\n<channel>", 2, "no element found", id="truncated"),
    ],
)  # fmt: skip
def test_malformed_feeds_name_the_line(data: bytes, line: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_feed(data, source="bad.xml")
    err = caught.value
    assert (err.source, err.line) == ("bad.xml", line)
    assert err.reason.startswith("not well-formed XML: ")
    assert message in err.reason


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        pytest.param(b"", InputError, "the feed is empty", id="empty"),
        pytest.param(b"<html><body/></html>", UnknownFormatError, "root element <html>", id="html"),
        pytest.param(
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
            UnknownFormatError,
            "not an RSS 2.0 or Atom 1.0 feed (root element <RDF>)",
            id="rss-1.0",
        ),
        pytest.param(b"<rss version='2.0'/>", InputError, "without a <channel>", id="no-channel"),
        pytest.param(
            b'<?xml version="1.0" encoding="klingon"?><rss/>',
            InputError,
            "cannot decode the feed: unknown encoding: klingon",
            id="unknown-encoding",
        ),
    ],
)
def test_unusable_feeds(data: bytes, error: type[InputError], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        parse_feed(data, source="x.xml")


def test_items_without_text_or_title_are_skipped(caplog: pytest.LogCaptureFixture) -> None:
    data = (
        b"<rss><channel><item><link>https://x</link></item>"
        b"<item><title>T</title></item></channel></rss>"
    )
    with caplog.at_level(logging.WARNING, logger="ceasefire.sources.feeds"):
        items = parse_feed(data, source="x.xml")
    assert [i.title for i in items] == ["T"]
    assert "item 1 has neither text nor title; skipped" in caplog.text


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(Path(RSS_PATH).read_bytes())
    with pytest.raises(InputError, match="larger than the 100 bytes limit"):
        read_feed(path, max_bytes=100)


def test_item_text_hashes_like_the_same_text_elsewhere() -> None:
    first = read_feed(RSS_PATH)[0]
    assert first.id == DocumentRecord(kind="article", text=first.text + "\n").id
