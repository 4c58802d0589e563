"""Agreements that follow each other: ``follows`` / ``superseded_by`` and their dates.

Within one file (``file_problems``, run with the other cross-reference checks): an agreement
superseded by another must say when it ends, and cannot follow or be superseded by itself.
Against the agreements already stored (``stored_problems``, run when a file is stored): a
successor must not start before its predecessor ends, whichever of the two names the other.
Each problem carries the key path of the field to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ceasefire.agreements.checks import ReferenceProblem

if TYPE_CHECKING:
    from ceasefire.agreements.schema import Agreement


def file_problems(a: Agreement) -> list[ReferenceProblem]:
    """Succession problems visible in the file alone."""
    out: list[ReferenceProblem] = []
    for key in ("follows", "superseded_by"):
        if getattr(a, key) == a.id:
            out.append(ReferenceProblem(f"agreement '{a.id}' cannot name itself in {key}", (key,)))
    if a.superseded_by and a.effective_until is None:
        out.append(
            ReferenceProblem(
                f"superseded_by '{a.superseded_by}' needs an end date: give effective_until "
                "(the moment the successor takes over)",
                ("superseded_by",),
            )
        )
    if a.follows and a.follows == a.superseded_by:
        out.append(
            ReferenceProblem(
                f"'{a.follows}' cannot both precede and follow this agreement", ("superseded_by",)
            )
        )
    return out


def _when(a: Agreement, key: str) -> str:
    value = getattr(a, key)
    return value.isoformat() if value is not None else "open-ended"


def stored_problems(new: Agreement, stored: Iterable[Agreement]) -> list[ReferenceProblem]:
    """Contradictions between ``new`` and the stored agreements it follows or precedes."""
    out: list[ReferenceProblem] = []
    for old in stored:
        if old.id == new.id:
            continue
        predecessor = new.follows == old.id or old.superseded_by == new.id
        successor = new.superseded_by == old.id or old.follows == new.id
        open_ended = old.effective_until is None
        if predecessor and (
            old.effective_until is None or new.effective_from < old.effective_until
        ):
            field = "follows" if new.follows == old.id and open_ended else "effective_from"
            out.append(
                ReferenceProblem(
                    f"'{new.id}' starts ({_when(new, 'effective_from')}) before its predecessor "
                    f"'{old.id}' (stored) ends ({_when(old, 'effective_until')})",
                    (field,),
                )
            )
        if successor and (new.effective_until is None or old.effective_from < new.effective_until):
            out.append(
                ReferenceProblem(
                    f"its successor '{old.id}' (stored) starts ({_when(old, 'effective_from')}) "
                    f"before '{new.id}' ends ({_when(new, 'effective_until')})",
                    ("effective_until" if new.effective_until is not None else "superseded_by",),
                )
            )
    return out
