"""Re-deriving a stored CSV row quickly: rebuild its cells from the typed values and residual
and hash them, which must give the stored content hash.

That alone proves the row when every typed value is what the cells give: no cell of a typed
column is kept verbatim in the residual (its typed value would then not be rebuilt), the
format derives no value from other cells, and each typed value with no column in the file is
the format's default. Otherwise, or when the hash differs, ``integrity`` parses the rebuilt
cells again in full (``RowPlan.insert_row``) to find and name the column that changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from ceasefire.events.store import INSERT_COLUMNS, ROW_HASH, hash_key
from ceasefire.sources.csvplan import RowPlan

_RESIDUAL = INSERT_COLUMNS.index("residual")
_KEY = INSERT_COLUMNS.index("hash_key")
_VALUES = _RESIDUAL + 1


class FastRows:
    """The quick check of one batch's stored rows against its plan (see the module)."""

    def __init__(self, plan: RowPlan) -> None:
        self.plan = plan
        direct = {pos for pos, _kind in plan.direct.values()}
        self.typed_cells = frozenset(
            plan.header[ci] for ci, (_pos, kind) in plan.direct.items() if kind != "year"
        )
        rest = [pos for pos in range(len(plan.defaults)) if pos not in direct]
        self.defaults_of = itemgetter(*rest) if len(rest) > 1 else None
        self.defaults = self.defaults_of(plan.defaults) if self.defaults_of else None
        self.usable = len(rest) > 1 and not plan.derive_sets_values

    def proves(
        self, batch_id: int, stored: Sequence[Any], cells: list[str], residual: dict[str, str]
    ) -> bool:
        """Whether ``cells`` (rebuilt from ``stored`` and its ``residual``) prove the stored row
        unchanged, so that no full re-parse is needed."""
        if not self.usable or stored[0] != batch_id or self.typed_cells.intersection(residual):
            return False
        if self.defaults_of is None or self.defaults_of(stored[_VALUES:]) != self.defaults:
            return False
        digest = self.plan.cells_hash(cells)
        return bool(digest.hex() == stored[ROW_HASH] and hash_key(digest) == stored[_KEY])
