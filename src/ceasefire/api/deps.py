"""Dependencies shared by the routes: the store, sessions, the current user and the guard.

``Authorization: Bearer <token>`` identifies a user; no header means an anonymous visitor with
the ``public`` role. A token that is given but wrong is refused (401), never downgraded.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.permissions import require
from ceasefire.accounts.service import authenticate
from ceasefire.api.access import ROUTE_ACTIONS
from ceasefire.api.locks import WriteQueue
from ceasefire.api.writer import Writer
from ceasefire.db.engine import read_session, transaction
from ceasefire.db.store import open_store
from ceasefire.errors import AuthError, CeasefireError

ANONYMOUS = "anonymous"
T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass
class Store:
    """The app's engine: opened when the server starts (``warm``) or on first use, never at
    import or app creation."""

    url: str
    _engine: Engine | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _queue: WriteQueue | None = None
    writer: Writer = field(default_factory=Writer)

    @property
    def opened(self) -> bool:
        return self._engine is not None

    def engine(self) -> Engine:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = open_store(self.url)
        return self._engine

    def warm(self) -> None:
        """Open the engine now (at server start) if the store is ready; if it is not, each
        request says why (``StoreError``) until it is."""
        try:
            self.engine()
        except CeasefireError as exc:
            log.warning("the store is not ready yet: %s", exc.message)

    def writing(self) -> AbstractContextManager[object]:
        """Held around every write: writers queue in arrival order (``locks.WriteQueue``)
        rather than in SQLite's busy handler or PostgreSQL's lock waits."""
        if self._queue is None:
            with self._lock:
                if self._queue is None:
                    self._queue = WriteQueue(self.url)
        return self._queue.writing()

    @property
    def writers_waiting(self) -> int:
        """Writes of this process waiting for their turn."""
        return self._queue.turn.waiting if self._queue is not None else 0

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write session (``db.engine.transaction``) taken in turn (``writing``)."""
        with self.writing(), transaction(self.engine()) as session:
            yield session

    async def write(self, fn: Callable[[Engine], T]) -> T:
        """``fn(engine)`` run in the writer thread, in turn with every other write."""

        def job() -> T:
            with self.writing():
                return fn(self.engine())

        return await self.writer.run(job)

    def dispose(self) -> None:
        self.writer.stop()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


@dataclass
class TokenCache:
    """Tokens already checked against their Argon2 hash, so each costs one hash per process.

    Maps SHA-256(token) to (user id, stored token hash). A hit still loads the user row on every
    request and requires it active with the same stored hash, so a revoked or re-issued token
    stops working at once.
    """

    max_size: int = 4096
    _known: dict[str, tuple[int, str]] = field(default_factory=dict)
    _gates: dict[str, threading.Lock] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @staticmethod
    def key(token: str) -> str:
        return hashlib.sha256(token.strip().encode()).hexdigest()

    def user(self, session: Session, token: str) -> UserRow:
        key = self.key(token)
        known = self._known.get(key)
        if known is not None:
            user = session.get(UserRow, known[0])
            if user is not None and user.active and user.token_hash == known[1]:
                return user
            with self._lock:
                self._known.pop(key, None)
        # One Argon2 check per token at a time: N clients starting together with one token
        # would otherwise run N checks at once (~0.1 s of CPU each) and all wait for them.
        with self._lock:
            gate = self._gates.setdefault(key, threading.Lock())
        with gate:
            known = self._known.get(key)
            if known is not None:
                user = session.get(UserRow, known[0])
                if user is not None and user.active and user.token_hash == known[1]:
                    return user
            user = authenticate(session, token)
            with self._lock:
                if len(self._known) >= self.max_size:
                    self._known.clear()
                    self._gates.clear()
                self._known[key] = (user.id, user.token_hash)
        return user


def anonymous_user() -> UserRow:
    """The visitor without a token: role ``public``, never stored."""
    return UserRow(name=ANONYMOUS, role="public", organisation="", revoked_at=None)


async def get_engine(request: Request) -> Engine:
    store: Store = request.app.state.store
    if store.opened:  # no trip through the thread pool for what is at hand
        return store.engine()
    return await run_in_threadpool(store.engine)


EngineDep = Annotated[Engine, Depends(get_engine)]


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def get_session(engine: EngineDep) -> Iterator[Session]:
    """A read session for the request: it takes no write lock and cannot write."""
    with read_session(engine) as session:
        yield session


def get_write_session(store: StoreDep) -> Iterator[Session]:
    """A session whose work commits when the route returns, or rolls back whole; taken in
    turn with the other writers (``Store.writing``)."""
    with store.transaction() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
WriteSessionDep = Annotated[Session, Depends(get_write_session)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError(
            "the Authorization header must be 'Bearer <token>'",
            hint="Send Authorization: Bearer cf_… with the token an admin gave you.",
        )
    return token.strip()


def current_user(request: Request, engine: EngineDep) -> UserRow:
    """The user holding the request's token, or the anonymous public visitor."""
    token = bearer_token(request)
    if token is None:
        return anonymous_user()
    cache: TokenCache = request.app.state.tokens
    with read_session(engine) as session:
        return cache.user(session, token)


CurrentUser = Annotated[UserRow, Depends(current_user)]


async def guard(request: Request, user: CurrentUser) -> UserRow:
    """Check the route's action (``access.ROUTE_ACTIONS``) for the current user (no I/O: runs
    on the event loop, not in the thread pool)."""
    route = request.scope.get("route")
    name = getattr(route, "name", None)
    if name not in ROUTE_ACTIONS:
        raise RuntimeError(f"route {name!r} has no entry in ROUTE_ACTIONS")
    action = ROUTE_ACTIONS[name]
    if action is not None:
        require(user, action)
    return user
