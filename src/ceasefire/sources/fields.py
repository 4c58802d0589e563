"""Parsing of single field values shared by the structured readers, with errors naming the field."""

from __future__ import annotations

import math
from datetime import date, datetime

from ceasefire.errors import InputError
from ceasefire.events.sanity import date_problem

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


def parse_float(value: str, field: str, *, low: float, high: float) -> float | None:
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise FieldError(field, f"not a number: {value!r}") from None
    if math.isnan(number) or not low <= number <= high:
        raise FieldError(field, f"{value} is outside [{low:g}, {high:g}]")
    return number


def parse_int(
    value: str, field: str, *, low: int, high: int, default: int | None = None
) -> int | None:
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        try:
            as_float = float(value)
        except ValueError:
            raise FieldError(field, f"not a whole number: {value!r}") from None
        if not as_float.is_integer():
            raise FieldError(field, f"not a whole number: {value!r}") from None
        number = int(as_float)
    if not low <= number <= high:
        raise FieldError(field, f"{value} is outside [{low}, {high}]")
    return number


def to_input_error(exc: FieldError, *, source: str, line: int) -> InputError:
    return InputError(str(exc), source=source, line=line, field=exc.field)
