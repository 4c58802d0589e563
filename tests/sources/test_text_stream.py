"""Large texts read in chunks: the same text as a whole read, bounded memory, header kept."""

from __future__ import annotations

import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from ceasefire.errors import InputError
from ceasefire.sources.text_stream import stream_text

PARAGRAPH = "Regime forces shelled Douma on Tuesday.\nResidents fled the town.\n\n"


def _write(path: Path, paragraphs: int, header: str = "") -> str:
    body = PARAGRAPH * paragraphs
    path.write_text(header + body, encoding="utf-8")
    return body


@pytest.mark.parametrize("chunk", [64, 1000, 100_000])
def test_chunks_put_together_are_the_text(tmp_path: Path, chunk: int) -> None:
    body = _write(tmp_path / "a.txt", 500)
    docs = list(stream_text(tmp_path / "a.txt", chunk_chars=chunk))
    assert "\n\n".join(d.text for d in docs) == body.strip("\n")
    assert all(len(d.text) <= 2 * chunk for d in docs)
    # each chunk starts on a paragraph: its line number counts the lines before it
    starts = [1 + sum(d.text.count("\n") + 2 for d in docs[:i]) for i in range(len(docs))]
    assert [d.source_line for d in docs] == starts
    assert (len(docs) == 1) is (chunk == 100_000)


def test_the_header_applies_to_every_chunk(tmp_path: Path) -> None:
    header = "Title: Shelling\nDate: 2017-01-25\nSource: Example News\n\n"
    _write(tmp_path / "h.txt", 300, header)
    docs = list(stream_text(tmp_path / "h.txt", chunk_chars=2000))
    assert len(docs) > 3
    assert {(d.title, d.publisher) for d in docs} == {("Shelling", "Example News")}
    assert {d.published_at.date() for d in docs if d.published_at} == {date(2017, 1, 25)}
    assert len([d for d in docs if d.published_at]) == len(docs)
    assert docs[0].source_line == 5
    assert docs[0].text.startswith("Regime forces")


def test_memory_stays_bounded_whatever_the_size(tmp_path: Path) -> None:
    """8 MB read in 64 KB chunks: the peak of Python allocations stays near one chunk."""
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(8 * 1024 * 1024 // len(PARAGRAPH)):
            fh.write(PARAGRAPH)
    tracemalloc.start()
    try:
        total = sum(len(d.text) for d in stream_text(path, chunk_chars=64 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 7 * 1024 * 1024
    assert peak < 2 * 1024 * 1024, f"peak {peak:,} bytes"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the text is empty"), (b"\x00\x01\x02\x03" * 100, "binary")],
)
def test_bad_files_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        list(stream_text(path))
    assert str(path) in str(err.value)
    assert message in str(err.value)
