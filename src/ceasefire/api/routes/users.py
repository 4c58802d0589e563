"""Users and API tokens (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ceasefire.accounts.service import create_user as create_lib
from ceasefire.accounts.service import list_users as list_lib
from ceasefire.accounts.service import revoke_user as revoke_lib
from ceasefire.api.deps import SessionDep, StoreDep
from ceasefire.api.routes.common import Guarded
from ceasefire.api.schemas import NewUser, UserIn, UserOut

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=list[UserOut])
def list_users(session: SessionDep, user: Guarded) -> list[UserOut]:
    """Every user, revoked ones included."""
    return [UserOut.of(u) for u in list_lib(session)]


@router.post("", response_model=NewUser, status_code=201)
def create_user(store: StoreDep, user: Guarded, body: UserIn) -> NewUser:
    """Create a user; the response holds their API token, shown this once only."""
    with store.transaction() as session:
        row, token = create_lib(
            session=session, name=body.name, role=body.role, organisation=body.organisation,
            actor=user.name,
        )  # fmt: skip
        return NewUser(user=UserOut.of(row), token=token)


@router.post("/{name}/revoke", response_model=UserOut)
def revoke_user(
    store: StoreDep, user: Guarded, name: Annotated[str, Path(min_length=1, max_length=128)]
) -> UserOut:
    """Revoke a user's token for good; their votes stay on record."""
    with store.transaction() as session:
        return UserOut.of(revoke_lib(session=session, name=name, actor=user.name))
