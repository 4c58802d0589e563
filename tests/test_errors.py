"""The error family: messages keep their start and end and cut long values between."""

from __future__ import annotations

import pytest

from ceasefire.errors import MAX_MESSAGE_CHARS, CeasefireError, InputError, shorten


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("x" * 10, 10, "x" * 10),
        ("a" * 6 + "b" * 10 + "c" * 4, 10, "aaaaaa [... 12 characters cut ...] cc"),
    ],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected


def test_a_100_kb_value_is_cut_in_message_hint_and_field() -> None:
    cell = "x" * 100_000
    error = InputError(f"must be a number, got {cell!r}", source="f.csv", line=7, field=cell,
                       hint=f"Fix {cell}.")  # fmt: skip
    assert len(error.message) < MAX_MESSAGE_CHARS + 40
    assert error.message.startswith("f.csv:7, field 'xxxx")
    assert error.message.endswith("xxx'")
    assert len(error.hint or "") < MAX_MESSAGE_CHARS + 40
    assert len(error.field or "") < 240
    assert len(error.reason) < MAX_MESSAGE_CHARS + 40


def test_a_short_message_is_kept_whole() -> None:
    assert CeasefireError("agreement 'x' not found", hint="List them.").to_dict() == {
        "code": "ceasefire_error", "message": "agreement 'x' not found", "hint": "List them.",
    }  # fmt: skip
