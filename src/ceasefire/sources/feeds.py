"""Read news feeds (RSS 2.0 and Atom 1.0) into one DocumentRecord per item.

XML is parsed with ``xml.etree.ElementTree`` after refusing any document type declaration:
a DOCTYPE is where entity definitions live, and entities are how "billion laughs" and
external-entity attacks work; no feed needs one. An item's text is its full content
(``content:encoded`` or Atom ``content``), else its description or summary, with HTML
removed by the HTML reader. Dates in RFC 822 (RSS) and ISO 8601 (Atom) are understood; an
unreadable date is logged and left empty, since feeds come from third parties.
"""

from __future__ import annotations

import codecs
import logging
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

from ceasefire.errors import InputError, UnknownFormatError
from ceasefire.sources.documents import DocumentRecord, parse_published
from ceasefire.sources.html import html_to_text
from ceasefire.sources.text import read_capped

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARATION_BYTES = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def read_feed(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[DocumentRecord]:
    """Read the RSS 2.0 or Atom 1.0 feed at ``path`` into feed-item DocumentRecords."""
    source = str(path)
    return parse_feed(read_capped(path, max_bytes=max_bytes), source=source)


def parse_feed(data: bytes | str, *, source: str = "") -> list[DocumentRecord]:
    """Parse feed XML (bytes as fetched, or text); ``source`` names it in errors."""
    if not data:
        raise InputError("the feed is empty", source=source or None)
    _refuse_declarations(data, source=source)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(
            f"not well-formed XML: {_reason(exc)} (column {column + 1})",
            source=source or None,
            line=line,
        ) from None
    except (LookupError, ValueError) as exc:
        raise InputError(
            f"cannot decode the feed: {exc}",
            source=source or None,
            line=1,
            hint="The XML declaration names an encoding Python does not know.",
        ) from None
    if root.tag == "rss":
        return _rss_items(root, source=source)
    if root.tag == f"{ATOM}feed":
        return _atom_entries(root, source=source)
    raise UnknownFormatError(
        f"not an RSS 2.0 or Atom 1.0 feed (root element <{_local(root.tag)}>)",
        source=source or None,
        line=1,
    )


def _refuse_declarations(data: bytes | str, *, source: str) -> None:
    if isinstance(data, bytes) and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace")
    if isinstance(data, bytes):
        found = _DECLARATION_BYTES.search(data)
        line = data.count(b"\n", 0, found.start()) + 1 if found else 0
        keyword = found.group(1).decode("ascii") if found else ""
    else:
        found_text = _DECLARATION.search(data)
        line = data.count("\n", 0, found_text.start()) + 1 if found_text else 0
        keyword = found_text.group(1) if found_text else ""
    if keyword:
        raise InputError(
            f"the feed contains a <!{keyword.upper()}> declaration, which is refused "
            "(entity definitions can expand without bound or read local files)",
            source=source or None,
            line=line,
            hint="Feeds do not need a DOCTYPE; ask the publisher, or remove it if you trust it.",
        )


def _reason(exc: ET.ParseError) -> str:
    return re.sub(r": line \d+, column \d+$", "", str(exc))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _date(value: str, *, source: str, what: str) -> datetime | None:
    if not value:
        return None
    parsed = parse_published(value)
    if parsed is None:
        log.warning("%s: %s has an unreadable date %r; left empty", source or "<feed>", what, value)
    return parsed


def _body(markup: str, fallback: str) -> str:
    text = html_to_text(markup) if "<" in markup or "&" in markup else markup.strip()
    return text or fallback


def _rss_items(root: ET.Element, *, source: str) -> list[DocumentRecord]:
    channel = root.find("channel")
    if channel is None:
        raise InputError("RSS feed without a <channel> element", source=source or None)
    publisher = _text(channel.find("title"))
    language = _text(channel.find("language"))
    records: list[DocumentRecord] = []
    for number, item in enumerate(channel.iter("item"), start=1):
        title = _text(item.find("title"))
        markup = _text(item.find(CONTENT_ENCODED)) or _text(item.find("description"))
        text = _body(markup, title)
        if not text:
            log.warning("%s: item %d has neither text nor title; skipped", source, number)
            continue
        when = _text(item.find("pubDate")) or _text(item.find(DC_DATE))
        records.append(
            DocumentRecord(
                kind="feed_item",
                text=text,
                title=title,
                publisher=publisher,
                url=_text(item.find("link")) or _guid_link(item),
                published_at=_date(when, source=source, what=f"item {number}"),
                language=language,
                source_path=source,
            )
        )
    return records


def _guid_link(item: ET.Element) -> str:
    guid = item.find("guid")
    if guid is None or guid.get("isPermaLink", "true").lower() == "false":
        return ""
    return _text(guid)


def _atom_entries(root: ET.Element, *, source: str) -> list[DocumentRecord]:
    publisher = _text(root.find(f"{ATOM}title"))
    feed_language = root.get(XML_LANG, "")
    records: list[DocumentRecord] = []
    for number, entry in enumerate(root.iter(f"{ATOM}entry"), start=1):
        title = _atom_text(entry.find(f"{ATOM}title"))
        content = entry.find(f"{ATOM}content")
        if content is None:
            content = entry.find(f"{ATOM}summary")
        text = _atom_text(content) or title
        if not text:
            log.warning("%s: entry %d has neither text nor title; skipped", source, number)
            continue
        when = _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
        records.append(
            DocumentRecord(
                kind="feed_item",
                text=text,
                title=title,
                publisher=publisher,
                url=_atom_link(entry),
                published_at=_date(when, source=source, what=f"entry {number}"),
                language=entry.get(XML_LANG, feed_language),
                source_path=source,
            )
        )
    return records


def _atom_text(element: ET.Element | None) -> str:
    """The text of an Atom text construct (type text, html or xhtml)."""
    if element is None:
        return ""
    kind = element.get("type", "text")
    if kind == "xhtml":
        markup = "".join(ET.tostring(child, encoding="unicode") for child in element)
        return html_to_text(re.sub(r"<(/?)[a-z0-9]+:", r"<\1", markup))
    if kind == "html":
        return html_to_text(_text(element))
    return _text(element)


def _atom_link(entry: ET.Element) -> str:
    links = entry.findall(f"{ATOM}link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "")
    return links[0].get("href", "") if links else ""
