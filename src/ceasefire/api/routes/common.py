"""What the route modules share: the guarded user and pagination parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from ceasefire.accounts.models import UserRow
from ceasefire.api.deps import guard
from ceasefire.api.schemas import MAX_LIMIT

#: The current user, after the route's access check passed.
Guarded = Annotated[UserRow, Depends(guard)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1-{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
