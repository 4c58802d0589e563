"""Parsing of single field values shared by the structured readers, with errors naming the field."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from ceasefire.errors import InputError
from ceasefire.events.sanity import date_problem

#: A whole number as written in CSV files: ASCII digits, a sign, at most a zero fraction (3.0).
_WHOLE = re.compile(r"[+-]?[0-9]+(?:\.0*)?", re.ASCII)
#: A decimal number: ASCII digits, a sign, a fraction, an exponent (JSON writes 1e-05).
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d/%m/%Y", "%d-%B-%Y", "%d-%b-%Y", "%d %b %Y")
_date_cache: dict[str, date] = {}


class FieldError(ValueError):
    """A value that cannot be read; the reader adds file and line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_date(value: str, field: str) -> date:
    """ISO dates, and the day-first forms ACLED exports have used (27 April 2020, 27/04/2020),
    from 1900-01-01 to one year after today (``events.sanity``)."""
    hit = _date_cache.get(value)
    if hit is not None:
        return hit
    text = value.strip()
    if len(text) >= 10 and text[4] == "-":
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        problem = date_problem(parsed)
        if problem is not None:
            raise FieldError(field, problem)
        if len(_date_cache) < 100_000:
            _date_cache[value] = parsed
        return parsed
    raise FieldError(field, f"not a date: {value!r} (expected YYYY-MM-DD)")


def _plain_number(value: str, field: str, pattern: re.Pattern[str], what: str) -> None:
    """Refuse what Python reads as a number but a spreadsheet or a reader would not agree on:
    other scripts' digits (Arabic-Indic, ...), underscores, exponents in counts, spaces."""
    if len(value) > 40:
        raise FieldError(field, f"not {what}: {value[:20]!r}... has {len(value)} characters")
    if pattern.fullmatch(value) is None:
        hint = ""
        if any(ch.isdigit() and not ch.isascii() for ch in value):
            hint = " (digits other than 0-9: write the number with ASCII digits)"
        raise FieldError(field, f"not {what}: {value!r}{hint}")


def parse_float(value: str, field: str, *, low: float, high: float) -> float | None:
    if value == "":
        return None
    _plain_number(value, field, _DECIMAL, "a number")
    number = float(value)
    if math.isnan(number) or not low <= number <= high:
        raise FieldError(field, f"{value} is outside [{low:g}, {high:g}]")
    return number


def parse_int(
    value: str, field: str, *, low: int, high: int, default: int | None = None
) -> int | None:
    if value == "":
        return default
    _plain_number(value, field, _WHOLE, "a whole number")
    number = int(value.split(".", 1)[0])
    if not low <= number <= high:
        raise FieldError(field, f"{value} is outside [{low}, {high}]")
    return number


def to_input_error(exc: FieldError, *, source: str, line: int) -> InputError:
    return InputError(str(exc), source=source, line=line, field=exc.field)
