"""Read news pages (HTML) into DocumentRecords: the article's text and its metadata.

Text extraction uses the standard library's ``html.parser``. Scripts, styles, navigation,
headers, footers, asides, forms and the like are dropped; paragraphs and headings become
paragraphs separated by a blank line. When the page marks its content with ``<article>`` or
``<main>``, only the text inside is kept.

Metadata: title from ``og:title``, else ``<title>``, else the first ``<h1>``; publisher from
``og:site_name``; date from ``article:published_time`` (or similar meta), else the first
``<time datetime>``; URL from ``og:url`` or the canonical link; language from ``<html lang>``.

Files are fed to the parser in chunks, so a 200 MB page is not held in memory, and reading
stops once ``max_text_chars`` of text have been extracted (with a logged warning).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from ceasefire.errors import InputError
from ceasefire.sources.documents import DocumentRecord, parse_published

log = logging.getLogger(__name__)

DEFAULT_MAX_TEXT_CHARS = 2_000_000
DEFAULT_CHUNK_BYTES = 256 * 1024
#: Largest piece of unparsed markup (an unclosed comment or script) held before giving up.
MAX_PENDING_CHARS = 16 * 1024 * 1024

SKIP_TAGS = frozenset(
    {
        "script", "style", "nav", "header", "footer", "aside", "form", "noscript",
        "template", "svg", "iframe", "button", "select", "textarea", "object", "canvas",
    }
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
        "li", "ul", "ol", "dl", "dd", "dt", "hr", "tr", "td", "th", "table",
        "blockquote", "pre", "figure", "figcaption", "address", "details", "summary",
        "body", "caption",
    }
)  # fmt: skip
MAIN_TAGS = frozenset({"article", "main"})
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass
class HtmlExtract:
    """What the extractor found in a page."""

    text: str = ""
    title: str = ""
    publisher: str = ""
    url: str = ""
    published_at: datetime | None = None
    language: str = ""
    truncated: bool = False


@dataclass
class _Paragraph:
    text: str
    in_main: bool


@dataclass
class _State:
    paragraphs: list[_Paragraph] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    chars: int = 0
    skip_depth: int = 0
    main_depth: int = 0
    in_title: bool = False
    in_h1: bool = False
    title: list[str] = field(default_factory=list)
    first_h1: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    time_datetime: str = ""
    canonical: str = ""
    language: str = ""
    full: bool = False


class _Extractor(HTMLParser):
    def __init__(self, max_text_chars: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_text_chars = max_text_chars
        self.s = _State()

    # -- tags ------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        s = self.s
        if tag == "meta":
            self._meta(attrs)
            return
        if tag == "link":
            a = {k: v or "" for k, v in attrs}
            if "canonical" in a.get("rel", "").lower().split() and not s.canonical:
                s.canonical = a.get("href", "").strip()
            return
        if tag == "html":
            s.language = s.language or (dict(attrs).get("lang") or "").strip()
        elif tag == "time" and not s.time_datetime:
            s.time_datetime = (dict(attrs).get("datetime") or "").strip()
        elif tag == "title":
            s.in_title = True
            return
        if tag in SKIP_TAGS:
            s.skip_depth += 1
            return
        if s.skip_depth:
            return
        if tag == "br":
            self._break_line()
        elif tag in BLOCK_TAGS:
            self._flush()
        if tag in MAIN_TAGS:
            s.main_depth += 1
        if tag == "h1" and not s.first_h1:
            s.in_h1 = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            return
        self.handle_starttag(tag, attrs)
        if tag not in ("meta", "link", "br", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        s = self.s
        if tag == "title":
            s.in_title = False
            return
        if tag in SKIP_TAGS:
            s.skip_depth = max(0, s.skip_depth - 1)
            return
        if s.skip_depth:
            return
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in MAIN_TAGS:
            s.main_depth = max(0, s.main_depth - 1)
        if tag == "h1":
            s.in_h1 = False

    def handle_data(self, data: str) -> None:
        s = self.s
        if s.in_title:
            s.title.append(data)
            return
        if s.skip_depth or s.full:
            return
        s.buffer.append(data)
        if s.in_h1:
            s.first_h1.append(data)

    # -- helpers ---------------------------------------------------------------------------

    def _meta(self, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
        content = a.get("content", "").strip()
        if key and content and key not in self.s.meta:
            self.s.meta[key] = content

    def _break_line(self) -> None:
        s = self.s
        line = " ".join("".join(s.buffer).split())
        s.buffer.clear()
        if line:
            s.lines.append(line)

    def _flush(self) -> None:
        s = self.s
        self._break_line()
        if not s.lines:
            return
        text = "\n".join(s.lines)
        s.lines.clear()
        room = self.max_text_chars - s.chars
        if len(text) >= room:
            text = text[:room].rstrip()
            s.full = True
        if text:
            s.paragraphs.append(_Paragraph(text, s.main_depth > 0))
            s.chars += len(text) + 2

    def result(self) -> HtmlExtract:
        self._flush()
        s = self.s
        chosen = [p.text for p in s.paragraphs if p.in_main] or [p.text for p in s.paragraphs]
        meta = s.meta
        title = meta.get("og:title") or " ".join("".join(s.title).split())
        title = title or " ".join("".join(s.first_h1).split())
        published = None
        for key in _DATE_META:
            if key in meta:
                published = parse_published(meta[key])
                if published is not None:
                    break
        if published is None and s.time_datetime:
            published = parse_published(s.time_datetime)
        return HtmlExtract(
            text="\n\n".join(chosen),
            title=title,
            publisher=meta.get("og:site_name", ""),
            url=meta.get("og:url") or s.canonical,
            published_at=published,
            language=s.language or meta.get("og:locale", "").replace("_", "-"),
            truncated=s.full,
        )


def extract_html(
    markup: str,
    *,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    chunk_chars: int = DEFAULT_CHUNK_BYTES,
) -> HtmlExtract:
    """Extract text and metadata from HTML given as a string."""
    parser = _Extractor(max_text_chars)
    for start in range(0, len(markup), chunk_chars):
        parser.feed(markup[start : start + chunk_chars])
        if parser.s.full:
            break
    else:
        parser.close()
    return parser.result()


def html_to_text(markup: str, *, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS) -> str:
    """Only the text of an HTML fragment (e.g. a feed item's description)."""
    return extract_html(markup, max_text_chars=max_text_chars).text


def read_html(
    source: str | Path,
    *,
    kind: str = "article",
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
) -> DocumentRecord:
    """Read a page into a DocumentRecord.

    ``source`` is a path (``Path``, or a ``str`` without ``<``) or the markup itself (a
    ``str`` containing ``<``). A page with no text left after extraction is an InputError.
    """
    if isinstance(source, str) and "<" in source:
        name = ""
        extract = extract_html(source, max_text_chars=max_text_chars, chunk_chars=chunk_bytes)
    else:
        name = str(source)
        try:
            with open(source, "rb") as handle:
                extract = _extract_stream(
                    handle, name=name, max_text_chars=max_text_chars, chunk_bytes=chunk_bytes
                )
        except IsADirectoryError:
            raise InputError("this is a directory, not a file", source=name) from None
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", source=name) from exc
    if extract.truncated:
        log.warning(
            "%s: extracted text reached the limit of %d characters; the rest was not read",
            name or "<html>",
            max_text_chars,
        )
    if not extract.text.strip():
        raise InputError(
            "no text found in the HTML page (after dropping scripts, menus and footers)",
            source=name or None,
            hint="Check that this is the article page and not a script-rendered shell.",
        )
    return DocumentRecord(
        kind=kind,
        text=extract.text,
        title=extract.title,
        publisher=extract.publisher,
        url=extract.url,
        published_at=extract.published_at,
        language=extract.language,
        source_path=name,
    )


def _extract_stream(
    handle: BinaryIO, *, name: str, max_text_chars: int, chunk_bytes: int
) -> HtmlExtract:
    first = handle.read(chunk_bytes)
    if not first:
        raise InputError("the file is empty", source=name)
    if b"\x00" in first[:8192] and not first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("this is a binary file, not HTML", source=name)
    encoding = sniff_encoding(first)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    parser = _Extractor(max_text_chars)
    chunk = first
    replaced = 0
    while chunk:
        text = decoder.decode(chunk)
        replaced += text.count("\ufffd")
        parser.feed(text)
        if parser.s.full:
            break
        if len(parser.rawdata) > MAX_PENDING_CHARS:
            log.warning(
                "%s: unclosed markup longer than %d characters (a comment, script or tag); "
                "stopped reading there",
                name,
                MAX_PENDING_CHARS,
            )
            break
        chunk = handle.read(chunk_bytes)
    else:
        parser.feed(decoder.decode(b"", final=True))
        parser.close()
    if replaced:
        log.warning("%s: %d bytes could not be decoded as %s", name, replaced, encoding)
    return parser.result()


def sniff_encoding(head: bytes) -> str:
    """Encoding of an HTML file from its byte-order mark or ``<meta charset>``; UTF-8 if none."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    match = _CHARSET.search(head[:4096])
    if match:
        try:
            name = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            return "utf-8"
        # As browsers do (WHATWG Encoding), pages labelled Latin-1 or ASCII are read as cp1252.
        return "cp1252" if name in ("iso8859-1", "ascii", "latin-1") else name
    return "utf-8"
