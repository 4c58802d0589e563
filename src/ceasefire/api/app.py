"""``create_app``: the FastAPI app over a store. Nothing is opened at import or creation; the
engine opens when the server starts (or, if the store is not ready then, on the first request
that needs it) and closes when the server stops.

Example:
    uvicorn --factory ceasefire.api.app:create_app   # store from CEASEFIRE_DATABASE_URL
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from starlette.concurrency import run_in_threadpool

from ceasefire import __version__
from ceasefire.api.access import ROUTE_ACTIONS
from ceasefire.api.background import BackgroundCoder
from ceasefire.api.deps import Store, TokenCache, guard
from ceasefire.api.errors import CatchAllMiddleware, install_error_handler
from ceasefire.api.headers import SecurityHeadersMiddleware
from ceasefire.api.limits import MAX_JSON_BYTES, MAX_UPLOAD_BYTES, BodyLimitMiddleware
from ceasefire.api.routes import (
    agreements,
    assessments,
    audit,
    comments,
    dashboard,
    documents,
    events,
    exports,
    incidents,
    meta,
    pages,
    public,
    users,
    verification,
)
from ceasefire.settings import Settings, get_settings
from ceasefire.web.assets import WebSettings, mount_assets

log = logging.getLogger(__name__)

ROUTERS = (
    meta, agreements, public, documents, events, incidents, verification, comments, assessments,
    audit, exports, users, dashboard, pages,
)  # fmt: skip


def operations(app: FastAPI) -> dict[str, tuple[str, str]]:
    """operation id (= route name) -> (method, path), for every route in the schema."""
    found: dict[str, tuple[str, str]] = {}
    for path, item in app.openapi().get("paths", {}).items():
        for method, operation in item.items():
            found[operation["operationId"]] = (method.upper(), path)
    return found


def create_app(
    settings: Settings | str | None = None,
    *,
    warm_coder: bool = True,
    background_coding: bool = True,
    max_json: int = MAX_JSON_BYTES,
    max_upload: int = MAX_UPLOAD_BYTES,
) -> FastAPI:
    """The API over the store named by ``settings`` (a Settings, a database URL, or None for
    the environment). ``background_coding`` starts the process that codes queued reports
    (``api/background.py``); ``warm_coder`` has it load the coder before the server takes
    requests rather than on the first report."""
    if settings is None:
        settings = get_settings()
    url = settings if isinstance(settings, str) else settings.database_url
    web = WebSettings.of(get_settings() if isinstance(settings, str) else settings)
    store = Store(url)
    coder = BackgroundCoder(url, warm=warm_coder) if background_coding else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(store.warm)  # not on the first request's time
        if coder is not None:
            coder.start()  # from the main thread: the coder process dies with it
            if warm_coder and not await run_in_threadpool(coder.wait_ready):
                log.warning("the background coder is not ready; reports stay queued")
        try:
            yield
        finally:
            if coder is not None:
                await run_in_threadpool(coder.stop)
            store.dispose()

    app = FastAPI(
        title="ceasefire",
        version=__version__,
        summary="Monitor and verify ceasefires: reports, events, incidents, verdicts, votes.",
        description="Send `Authorization: Bearer <token>`; without it you act as the public. "
        'Every error has the shape `{"error": {"code", "message", "hint", "field"?}}`.',
        lifespan=lifespan,
        dependencies=[Depends(guard)],
        generate_unique_id_function=lambda route: route.name,
        docs_url=None,  # served by api/routes/pages.py from the npm install, not a CDN
        redoc_url=None,
    )
    app.state.store = store
    app.state.tokens = TokenCache()
    app.state.web = web
    app.state.coder = coder
    for module in ROUTERS:
        app.include_router(module.router)
    missing = sorted(set(operations(app)) - set(ROUTE_ACTIONS))
    if missing:
        raise RuntimeError(f"routes without an entry in api.access.ROUTE_ACTIONS: {missing}")
    mount_assets(app, web)
    install_error_handler(app)
    # Outermost last: headers go on every response, errors included; the catch-all sits
    # inside them and outside the body limit.
    app.add_middleware(BodyLimitMiddleware, max_json=max_json, max_upload=max_upload)
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
