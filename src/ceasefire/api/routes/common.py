"""What the route modules share: the guarded user, pagination and list paging."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Annotated, TypeVar

from fastapi import Depends, Query

from ceasefire.accounts.models import UserRow
from ceasefire.api.deps import guard
from ceasefire.api.schemas import MAX_LIMIT

T = TypeVar("T")

#: The current user, after the route's access check passed.
Guarded = Annotated[UserRow, Depends(guard)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1-{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]


def page_of(items: Iterable[T], *, limit: int, offset: int) -> tuple[list[T], int]:
    """Items ``offset`` to ``offset + limit`` of a stream, and the stream's length."""
    stream = iter(items)
    skipped = sum(1 for _ in islice(stream, offset))
    page = list(islice(stream, limit))
    rest = sum(1 for _ in stream)
    return page, skipped + len(page) + rest
