"""Reading HTML pages: main text, metadata, encodings, limits and bad input."""

from __future__ import annotations

import logging
import time
import tracemalloc
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ceasefire.errors import InputError
from ceasefire.sources import html as html_module
from ceasefire.sources.documents import DocumentRecord
from ceasefire.sources.html import extract_html, html_to_text, read_html, sniff_encoding

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def test_news_page_fixture() -> None:
    doc = read_html(FIXTURES / "page.html")
    assert doc == DocumentRecord(
        kind="article",
        text=(
            "Talks open in Astana\n\n"
            "Delegations of the Syrian government and armed opposition met in the Kazakh "
            "capital on Monday, with Russia, Turkey and Iran as sponsors.\n\n"
            "The opposition said it would press for a firmer ceasefire & an end to sieges.\n\n"
            "Line one\nline two"
        ),
        title="Talks open in Astana",
        publisher="Example Daily",
        url="https://example.org/astana-talks",
        published_at=datetime(2017, 1, 23, 9, 30, tzinfo=timezone(timedelta(hours=6))),
        language="en",
        source_path=str(FIXTURES / "page.html"),
    )


def test_markup_string_and_path_give_the_same_text() -> None:
    path = FIXTURES / "page.html"
    from_text = read_html(path.read_text(encoding="utf-8"))
    assert from_text.text == read_html(str(path)).text
    assert from_text.source_path == ""


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        pytest.param("<p>a</p><p>b</p>", "a\n\nb", id="paragraphs"),
        pytest.param("<h2>Head</h2>text<div>block</div>", "Head\n\ntext\n\nblock", id="headings"),
        pytest.param("<p>a  \n  b <i>c</i>d</p>", "a b cd", id="whitespace-folded"),
        pytest.param("<p>a<br>b<br/>c</p>", "a\nb\nc", id="line-breaks"),
        pytest.param("<p>Dar&#8217;a &amp; Idleb&nbsp;x</p>", "Dar\u2019a & Idleb x", id="refs"),
        pytest.param(
            "<nav>menu</nav><script>x<y</script><style>p{}</style><p>kept</p>"
            "<footer>f</footer><aside>a</aside><form>q</form><noscript>n</noscript>",
            "kept",
            id="boilerplate-dropped",
        ),
        pytest.param("<nav/><p>kept after self-closing nav</p>", "kept after self-closing nav",
                     id="self-closing-skip-tag"),
        pytest.param("</nav><p>stray end tag</p>", "stray end tag", id="stray-end-tag"),
        pytest.param("<div>outside</div><main><p>inside</p></main>", "inside", id="main-wins"),
        pytest.param("<!-- c --><p>x</p>", "x", id="comment"),
        pytest.param("<ul><li>one</li><li>two</li></ul>", "one\n\ntwo", id="list-items"),
    ],
)  # fmt: skip
def test_text_extraction(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ('<meta property="og:title" content="OG"><title>T</title>', "OG"),
        ("<title> Plain   title </title>", "Plain title"),
        ("", "Heading"),
    ],
)
def test_title_fallbacks(head: str, title: str) -> None:
    page = f"<html><head>{head}</head><body><h1>Heading</h1><p>x</p></body></html>"
    assert read_html(page).title == title


@pytest.mark.parametrize(
    ("markup", "published"),
    [
        pytest.param(
            '<meta name="date" content="2017-01-15"><p>x</p>',
            datetime(2017, 1, 15, tzinfo=UTC),
            id="meta-date",
        ),
        pytest.param(
            '<meta itemprop="datePublished" content="2017-01-15T08:00:00Z"><p>x</p>',
            datetime(2017, 1, 15, 8, tzinfo=UTC),
            id="itemprop",
        ),
        pytest.param(
            '<p>x <time datetime="2017-01-28T12:00:00+02:00">Saturday</time></p>',
            datetime(2017, 1, 28, 10, tzinfo=UTC),
            id="time-element",
        ),
        pytest.param(
            '<meta property="article:published_time" content="soon"><p>x'
            '<time datetime="2017-01-28">Sat</time></p>',
            datetime(2017, 1, 28, tzinfo=UTC),
            id="bad-meta-falls-back",
        ),
        pytest.param("<p>x</p>", None, id="none"),
    ],
)
def test_published_at(markup: str, published: datetime | None) -> None:
    assert read_html(markup).published_at == published


def test_canonical_link_and_locale() -> None:
    page = (
        '<head><link rel="canonical" href="https://example.org/c">'
        '<meta property="og:locale" content="ar_SY"></head><p>x</p>'
    )
    doc = read_html(page)
    assert (doc.url, doc.language) == ("https://example.org/c", "ar-SY")


def test_windows_1252_page_with_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(
        b'<html><head><meta charset="windows-1252"></head><body>'
        b"<p>\x93Truce\x94 holds \x96 for now</p></body></html>"
    )
    assert read_html(path).text == "\u201cTruce\u201d holds \u2013 for now"


def test_utf16_page_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes("<p>Idleb \u00e9t\u00e9</p>".encode("utf-16"))
    assert read_html(path).text == "Idleb \u00e9t\u00e9"


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        (b"\xef\xbb\xbf<p>", "utf-8-sig"),
        (b"\xff\xfe<\x00", "utf-16"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252"),
        (b"<meta charset='utf-8'>", "utf-8"),
        (b"<meta charset=bogus>", "utf-8"),
        (b"<p>none</p>", "utf-8"),
    ],
)
def test_sniff_encoding(head: bytes, encoding: str) -> None:
    assert sniff_encoding(head) == encoding


def test_undecodable_bytes_are_replaced_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"<p>bad \xff byte</p>")
    with caplog.at_level(logging.WARNING, logger="ceasefire.sources.html"):
        assert read_html(path).text == "bad \ufffd byte"
    assert "1 bytes could not be decoded as utf-8" in caplog.text


def test_text_cap_truncates_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    page = "<p>" + "word " * 100 + "</p><p>never read</p>"
    with caplog.at_level(logging.WARNING, logger="ceasefire.sources.html"):
        doc = read_html(page, max_text_chars=50)
    assert len(doc.text) <= 50
    assert doc.text.startswith("word word")
    assert "never read" not in doc.text
    assert "reached the limit of 50 characters" in caplog.text


def test_cap_stops_reading_the_file_early(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(2000):
            handle.write("<p>" + "text " * 2000 + "</p>\n")
    start = time.perf_counter()
    extract = extract_html("<p>warm</p>")
    doc = read_html(path, max_text_chars=100_000)
    assert time.perf_counter() - start < 2.0
    assert extract.text == "warm"
    assert len(doc.text) <= 100_000


def test_large_page_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "scripts.html"
    block = "<script>" + "var x = 1;" * 1000 + "</script>\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("<html><body>")
        for _ in range(2000):  # about 20 MB of markup, almost no text
            handle.write(block)
        handle.write("<p>the end</p></body></html>")
    assert path.stat().st_size > 20_000_000
    tracemalloc.start()
    try:
        doc = read_html(path, chunk_bytes=256 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc.text == "the end"
    assert peak < 8_000_000


def test_unclosed_comment_stops_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(html_module, "MAX_PENDING_CHARS", 10_000)
    path = tmp_path / "broken.html"
    path.write_text("<p>before</p><!--" + "x" * 50_000, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="ceasefire.sources.html"):
        doc = read_html(path, chunk_bytes=4096)
    assert doc.text == "before"
    assert "unclosed markup longer than 10000 characters" in caplog.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "binary file, not HTML", id="binary"),
        pytest.param(b"<script>only()</script><nav>menu</nav>", "no text found", id="no-text"),
    ],
)
def test_unusable_files(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_html(path)
    assert caught.value.source == str(path)
    assert message in caught.value.reason


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        read_html(tmp_path / "missing.html")
    with pytest.raises(InputError, match="directory"):
        read_html(tmp_path)


def test_same_text_as_plain_file_gives_same_id() -> None:
    from_html = read_html("<p>Calm in Idleb.</p>")
    assert from_html.id == DocumentRecord(kind="article", text="Calm in Idleb.\n").id
