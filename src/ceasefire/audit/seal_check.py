"""``audit verify`` of seals: each sealed record's fields outside its content hash, as its
latest audit entry sealed them (see ``audit.seal``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ceasefire.audit.models import AuditEntryRow
from ceasefire.audit.seal import changed_field, read_seals, seals

Problem = tuple[int | None, str, str]


@dataclass
class SealBook:
    """The latest seal of every sealed record, read entry by entry in order."""

    latest: dict[str, dict[int, tuple[int, str | None]]] = field(default_factory=dict)

    def read(self, entry: AuditEntryRow) -> None:
        detail: dict[str, Any] = json.loads(entry.detail)
        for kind, record_id, seal in read_seals(entry.record_type, entry.record_id, detail):
            self.latest.setdefault(kind, {})[record_id] = (entry.seq, seal)

    @property
    def unsealed(self) -> int:
        """Records whose latest entry predates seals (fields outside their hash unvouched)."""
        return sum(1 for book in self.latest.values() for _, s in book.values() if s is None)


def check_seals(session: Session, book: SealBook) -> Iterator[Problem]:
    """Problems (seq, record, reason) for each sealed record whose sealed fields changed."""
    for kind, records in sorted(book.latest.items()):
        sealed = {k: v for k, v in records.items() if v[1] is not None}
        for record_id, actual in seals(session, kind, sorted(sealed)):
            seq, expected = sealed[record_id]
            if expected is not None and actual != expected:
                name = changed_field(kind, actual, expected)
                table, _, column = name.partition(".")
                yield (
                    seq,
                    f"{kind} {record_id} (table {table}, field {column})",
                    f"{name} was changed after its audit entry sealed it "
                    "(changed behind the tool's back: restore it from a backup)",
                )
