"""Code documents and files into events: the library behind ``ceasefire extract``.

``extract_documents`` codes DocumentRecords; ``extract_files`` reads input files (text, HTML,
feeds, CSV, JSON Lines), codes them and writes ACLED CSV, JSON Lines or GeoJSON.

What a caller should hear about a text comes back as a :class:`Notice`: a text not in
English is not coded ("not English: no events"); a text with no reference date at all (none
in the document, none given) names its events that therefore have no date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import islice
from pathlib import Path

from ceasefire.coding.inputs import InputText, read_inputs
from ceasefire.coding.language import not_english
from ceasefire.coding.model import DocumentContext
from ceasefire.coding.notice import Notice, OnNotice
from ceasefire.coding.outputs import open_writer
from ceasefire.coding.pipeline import Coder
from ceasefire.coding.primary import primary_event
from ceasefire.errors import shorten
from ceasefire.events.record import EventRecord
from ceasefire.sources.documents import DocumentRecord

Progress = Callable[[int], None]


#: How many undated events a notice quotes.
QUOTED_EVENTS = 3


@lru_cache(maxsize=1)
def default_coder() -> Coder:
    """The coder with the packaged pipeline, registry and gazetteer (built once per process)."""
    return Coder()


@dataclass
class ExtractSummary:
    """What ``extract_files`` did."""

    output: str
    format: str
    texts: int = 0
    texts_with_events: int = 0
    events: int = 0
    rows_written: int = 0
    notices: list[Notice] = field(default_factory=list)

    @property
    def no_events(self) -> bool:
        """True when no event was found in any input."""
        return self.events == 0


def _reference(doc: DocumentRecord, given: date | None) -> date | None:
    """The date a document states wins over the one given for texts that state none."""
    if doc.published_at is not None:
        return doc.published_at.date()
    return given


def _undated_notice(item: InputText, events: list[EventRecord]) -> Notice | None:
    undated = [e for e in events if e.event_date is None]
    if not undated:
        return None
    quoted = "; ".join(f"'{shorten(e.notes, 80)}'" for e in undated[:QUOTED_EVENTS])
    more = f" and {len(undated) - QUOTED_EVENTS} more" if len(undated) > QUOTED_EVENTS else ""
    return Notice(
        item.source,
        item.row_id,
        f"no reference date (the text gives none and none was given with --date): "
        f"{len(undated)} event(s) without a date: {quoted}{more}",
    )


def code_texts(
    items: Iterable[InputText],
    *,
    coder: Coder | None = None,
    progress: Progress | None = None,
    notices: OnNotice | None = None,
) -> Iterator[tuple[InputText, list[EventRecord]]]:
    """Code input texts; each comes back with its events (possibly none). A text that is not
    English is not coded and comes back without events; ``notices`` hears of it, and of
    events left without a date."""
    coder = coder or default_coder()
    pending: dict[int, InputText] = {}
    skipped: list[InputText] = []

    def contexts() -> Iterator[DocumentContext]:
        for i, item in enumerate(items):
            reason = not_english(item.document.text)
            if reason is not None:
                if notices is not None:
                    notices(Notice(item.source, item.row_id, f"not English ({reason}): no events"))
                skipped.append(item)
                continue
            pending[i] = item
            ctx = DocumentContext(i, item.document.text, item.reference_date, item.document)
            if item.country:
                ctx.country, ctx.country_rule = item.country, "country.given"
            yield ctx

    for ctx in coder.code(contexts()):
        while skipped:
            yield _skip(skipped.pop(0), progress)
        item = pending.pop(ctx.index)
        for event in ctx.events:
            event.raw = {"document_id": item.document.id, "input": item.row_id}
        if progress is not None:
            progress(1)
        notice = _undated_notice(item, ctx.events)
        if notice is not None and notices is not None:
            notices(notice)
        yield item, list(ctx.events)
    while skipped:
        yield _skip(skipped.pop(0), progress)


def _skip(item: InputText, progress: Progress | None) -> tuple[InputText, list[EventRecord]]:
    if progress is not None:
        progress(1)
    return item, []


def extract_documents(
    docs: Iterable[DocumentRecord],
    *,
    reference_date: date | None = None,
    progress: Progress | None = None,
    coder: Coder | None = None,
    notices: OnNotice | None = None,
) -> Iterator[EventRecord]:
    """Every event in ``docs``. Relative dates resolve against each document's publication
    date or, for a document that gives none, ``reference_date``."""
    items = (
        InputText(
            doc,
            _reference(doc, reference_date),
            doc.source_path,
            doc.source_line,
            shorten(doc.title, 60),  # names a feed's item in a notice
        )
        for doc in docs
    )
    for _, events in code_texts(items, coder=coder, progress=progress, notices=notices):
        yield from events


def extract_files(
    paths: Iterable[str | Path],
    *,
    output: str | Path,
    fmt: str = "acled",
    text_column: str | None = None,
    date_column: str | None = None,
    id_column: str | None = None,
    date: date | None = None,
    one_per_row: bool = False,
    limit: int | None = None,
    country: str | None = None,
    country_column: str | None = None,
    progress: Progress | None = None,
    coder: Coder | None = None,
    force: bool = False,
    protected: Mapping[Path, str] | None = None,
) -> ExtractSummary:
    """Code input files and write their events to ``output`` in ``fmt``.

    With ``one_per_row``, exactly one row per input text: its primary event, or an empty row.
    ``country`` (or each row's ``country_column``) names the country of texts that do not.
    ``output`` is never one of the inputs nor a path of ``protected`` (e.g. the store).
    """
    summary = ExtractSummary(output=str(output), format=fmt)
    input_paths = [Path(p) for p in paths]
    items: Iterable[InputText] = read_inputs(
        input_paths,
        text_column=text_column,
        date_column=date_column,
        id_column=id_column,
        date=date,
        country_column=country_column,
        country=country,
    )
    if limit is not None:
        items = islice(items, limit)
    with open_writer(
        output, fmt, with_id=one_per_row, inputs=input_paths, force=force, protected=protected
    ) as writer:
        coded = code_texts(items, coder=coder, progress=progress, notices=summary.notices.append)
        for item, events in coded:
            summary.texts += 1
            summary.events += len(events)
            summary.texts_with_events += bool(events)
            if one_per_row:
                writer.write(primary_event(events), item.row_id)
                summary.rows_written += 1
            else:
                for event in events:
                    writer.write(event)
                    summary.rows_written += 1
    return summary
