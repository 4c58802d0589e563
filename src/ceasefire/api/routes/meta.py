"""``/health`` and ``/me``."""

from __future__ import annotations

from fastapi import APIRouter

from ceasefire import __version__
from ceasefire.accounts.permissions import ACTIONS, allowed
from ceasefire.api.routes.common import Guarded
from ceasefire.api.schemas import Health, Me

router = APIRouter(tags=["meta"])


@router.get("/health", response_model=Health)
def health() -> Health:
    """The server is up."""
    return Health(status="ok", version=__version__)


@router.get("/me", response_model=Me)
def whoami(user: Guarded) -> Me:
    """Who the request's token belongs to (``anonymous`` without one) and what they may do."""
    return Me(
        name=user.name, role=user.role, organisation=user.organisation,
        actions=[a for a in ACTIONS if allowed(user.role, a)],
    )  # fmt: skip
