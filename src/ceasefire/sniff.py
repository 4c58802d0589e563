"""Telling text from what is not text, by a file's first bytes, with a message that says what
the file is instead: UTF-16 or UTF-32 text (and how to convert it), text with a stray NUL
character (and on which line), or a binary file."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
#: Control bytes allowed in text: tab, newline, vertical tab, form feed, carriage return.
_TEXT_CONTROLS = frozenset(range(9, 14))


@dataclass(frozen=True)
class NotText:
    """Why some bytes are not UTF-8 text: the message, the 1-based line if one, a hint."""

    message: str
    line: int | None
    hint: str


def _wide_encoding(head: bytes) -> str | None:
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            return name
    pairs = head[: len(head) - len(head) % 2]
    if len(pairs) >= 8:
        # ASCII as UTF-16 without a byte order mark: every other byte is NUL.
        odd, even = pairs[1::2], pairs[0::2]
        for half in (odd, even):
            if half.count(0) >= 0.9 * len(half) and (odd if half is even else even).count(0) == 0:
                return "UTF-16"
    return None


def not_text(head: bytes, *, expected: str) -> NotText | None:
    """Why ``head`` (a file's first bytes) is not ``expected`` text, or None when it may be."""
    wide = _wide_encoding(head)
    if wide is not None:
        return NotText(
            f"the file is {wide} text; ceasefire reads UTF-8",
            None,
            f"Convert it from {wide} to UTF-8, e.g. iconv -f {wide} -t UTF-8 IN > OUT "
            "(or save it as UTF-8 in your editor).",
        )
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    nul = head.find(b"\x00")
    if controls > len(head) // 100 + 1:
        return NotText(
            f"this is a binary file, not {expected}",
            None,
            f"Pass {expected}; convert PDFs, spreadsheets and word-processor files first.",
        )
    if nul >= 0:
        return NotText(
            f"contains a NUL character (byte 0x00 at offset {nul}); text has none",
            head.count(b"\n", 0, nul) + 1,
            "Remove it (e.g. tr -d '\\000' < IN > OUT) or correct the cell it is in.",
        )
    return None
