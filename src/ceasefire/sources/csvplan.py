"""How the columns of one CSV file map onto event fields, worked out once per file.

A ``RowPlan`` turns a row's cells into the row the ``events`` table stores: typed values, the
content hash of the cells, and as a *residual* only the cells the typed values do not
reproduce (a latitude written ``36.20``, a column the record has no field for). ``rebuild``
inverts it: typed values plus residual give back the row's cells exactly, which is how
exports round-trip and how ``audit verify`` re-derives every stored row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from ceasefire.events.values import DEFAULTS, FIELD_INDEX
from ceasefire.sources.fields import FieldError, parse_date, parse_float, parse_int

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True)
class Column:
    """A file column that maps directly onto a typed field (``kind`` says how to convert)."""

    name: str
    field: str
    kind: str = "text"  # text | date | year | int | float
    low: float = 0
    high: float = 0
    default: int | None = None


Derive = Callable[[list[Any], "RowPlan", list[str]], None]


_RENDER: dict[str, Callable[[Any], str]] = {
    "date": date.isoformat,
    "year": lambda d: str(d.year),
    "float": repr,
    "int": str,
    "text": str,
}


def render(value: Any) -> str:
    """A typed value as a CSV cell, the way ACLED writes it (floats as Python's repr)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


Converted = tuple[Any, bool]  # the typed value, and whether it renders back as the same cell
_CACHE_LIMIT = 65_536


class _Converter:
    """Cells of one column -> (typed value, cell == render(value)), remembered per file.

    Dates, coordinates and small counts repeat across an export (one place, many events), so
    most cells are answered from ``seen`` without parsing; a bad cell raises ``FieldError``
    and is never remembered.
    """

    __slots__ = ("col", "render", "seen")

    def __init__(self, col: Column) -> None:
        self.col = col
        self.render = _RENDER[col.kind]
        self.seen: dict[str, Converted] = {}

    def __call__(self, cell: str) -> Converted:
        col = self.col
        if col.kind == "date":
            value: Any = parse_date(cell, col.name)
        elif col.kind == "float":
            value = parse_float(cell, col.name, low=col.low, high=col.high)
        else:
            value = parse_int(
                cell, col.name, low=int(col.low), high=int(col.high), default=col.default
            )
        hit = (value, cell == ("" if value is None else self.render(value)))
        if len(self.seen) < _CACHE_LIMIT:
            self.seen[cell] = hit
        return hit


def _lone_coordinate(latitude_missing: bool) -> FieldError:
    if latitude_missing:
        return FieldError("latitude", "a longitude without a latitude: give both, or neither")
    return FieldError("longitude", "a latitude without a longitude: give both, or neither")


class RowPlan:
    """Cells <-> typed values for one header of one format."""

    def __init__(
        self,
        fmt: str,
        header: Sequence[str],
        columns: Sequence[Column],
        *,
        coder: str,
        derive: Derive | None = None,
        derive_sets_values: bool = True,
    ) -> None:
        self.format = fmt
        self.header = tuple(header)
        position = {name: i for i, name in enumerate(self.header)}
        self.position = position
        defaults = list(DEFAULTS)
        defaults[FIELD_INDEX["coder"]] = coder
        self.special: list[tuple[int, int, Column]] = []
        direct: dict[int, tuple[int, str]] = {}
        # Typed values are picked in one C call from the row's cells followed by the
        # defaults: ``pick`` holds, per typed column, a cell index or a default's index.
        width = len(self.header)
        pick = [width + pos for pos in range(len(defaults))]
        for col in columns:
            ci = position.get(col.name)
            if ci is None:
                continue
            pos = FIELD_INDEX[col.field]
            direct[ci] = (pos, col.kind)
            if col.kind == "text":
                pick[pos] = ci
            else:
                self.special.append((pos, ci, col))
        self.defaults = defaults
        self._pick = itemgetter(*pick)
        self._converters = []
        for pos, ci, col in self.special:
            if col.kind != "year":
                convert = _Converter(col)
                self._converters.append((pos, ci, col.name, convert.seen.get, convert))
        year = [ci for _, ci, col in self.special if col.kind == "year"]
        self._year = year[0] if year else None
        self._date_pos = FIELD_INDEX["event_date"]
        self._lat_pos, self._lon_pos = FIELD_INDEX["latitude"], FIELD_INDEX["longitude"]
        self.direct = direct
        #: Per cell: its column name, typed position and renderer (None: not a typed column).
        self._rebuild: list[tuple[str, int, Callable[[Any], str] | None]] = [
            (name, *((direct[ci][0], _RENDER[direct[ci][1]]) if ci in direct else (0, None)))
            for ci, name in enumerate(self.header)
        ]
        self.kept = [(ci, name) for ci, name in enumerate(self.header) if ci not in direct]
        self.derive = derive
        #: Whether ``derive`` sets values (else it only checks them): see audit/fastrows.py.
        self.derive_sets_values = derive is not None and derive_sets_values
        prefix = f"{fmt}\n{_ENCODE(list(self.header))}\n".encode()
        self._hash_base = hashlib.sha256(prefix)

    def insert_row(self, batch_id: int, line: int, cells: list[str]) -> tuple[Any, ...]:
        """The ``events`` row (``store.INSERT_COLUMNS``) for one CSV row: typed values,
        residual and content hash in one pass. The bulk path; raises ``FieldError``."""
        values = list(self._pick(cells + self.defaults))
        residual: dict[str, str] = {}
        for pos, ci, name, seen, convert in self._converters:
            cell = cells[ci]
            hit = seen(cell) or convert(cell)
            values[pos] = hit[0]
            if not hit[1]:
                residual[name] = cell
        if self._year is not None:
            year = cells[self._year]
            when = values[self._date_pos]
            if not year:
                residual["year"] = year  # rebuilt from the date otherwise
            elif year != str(when.year):
                raise FieldError("year", f"year {year} does not match the event date {when}")
        if self.derive is not None:
            self.derive(values, self, cells)
        if (values[self._lat_pos] is None) is not (values[self._lon_pos] is None):
            raise _lone_coordinate(values[self._lat_pos] is None)
        for ci, name in self.kept:
            if cells[ci]:
                residual[name] = cells[ci]
        if "\x00" in "".join(cells):  # binary junk; PostgreSQL cannot store it in text either
            column = next(n for n, c in zip(self.header, cells, strict=True) if "\x00" in c)
            raise FieldError(column, "contains a NUL character (binary data in a text file?)")
        digest = self.cells_hash(cells)
        return (
            batch_id, line, None, digest.hex(), int.from_bytes(digest[:8], "big", signed=True),
            _ENCODE(residual) if residual else "{}", *values,
        )  # fmt: skip

    def cells_hash(self, cells: list[str]) -> bytes:
        """SHA-256 over format, header and cells (the content hash, as bytes)."""
        h = self._hash_base.copy()
        joined = "\x1f".join(cells)
        if joined.count("\x1f") != len(cells) - 1:  # a cell holds the separator itself
            joined = _ENCODE(cells)
        h.update(joined.encode())
        return h.digest()

    def rebuild(self, values: Sequence[Any], residual: dict[str, str]) -> list[str]:
        """The row's cells from its typed values and residual (the inverse of the two above)."""
        cells: list[str] = []
        append = cells.append
        for name, pos, render in self._rebuild:
            if name in residual:
                append(residual[name])
            elif render is None:
                append("")
            else:
                value = values[pos]
                append("" if value is None else render(value))
        return cells

    def content_hash(self, cells: list[str]) -> str:
        """SHA-256 over format, header and cells: the same row in the same layout hashes equal."""
        return self.insert_row(0, 0, cells)[3]  # type: ignore[no-any-return]

    def cell(self, cells: list[str], name: str) -> str:
        """The cell of column ``name``, or "" where the file has no such column."""
        ci = self.position.get(name)
        return "" if ci is None else cells[ci]
