"""Cells a spreadsheet would run as a formula (CSV injection): find them, escape them.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before one) is a formula to Excel, LibreOffice and Google Sheets, unless it
is a plain number (``-36.2``). Stored values are never altered: ACLED files round-trip exactly.
Submissions from users who do not curate datasets are flagged when they hold such cells
(``IngestSummary.formula_cells``), and CSV exports escape them (see docs/formats.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)


def is_formula(cell: str) -> bool:
    """Would a spreadsheet read ``cell`` as a formula?"""
    return cell.startswith(_STARTS) and _NUMBER.fullmatch(cell) is None


def escape_cell(cell: str) -> str:
    """``cell`` made inert for spreadsheets: a leading apostrophe before a formula."""
    return "'" + cell if is_formula(cell) else cell


def formula_fields(names: Sequence[str], values: Sequence[Any], residual: str) -> Iterator[str]:
    """The fields of one stored row (typed text values and residual cells) holding a formula."""
    for name, value in zip(names, values, strict=True):
        if isinstance(value, str) and is_formula(value):
            yield name
    if any(f'"{c}' in residual for c in ("=", "+", "-", "@", "\\t", "\\r")):
        cells = json.loads(residual)
        if isinstance(cells, dict):
            for name, value in cells.items():
                if isinstance(value, str) and is_formula(value):
                    yield name
