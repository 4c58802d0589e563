"""One JSON error shape for every error the API returns, made in one place.

``{"error": {"code": ..., "message": ..., "hint": ..., "field": ..., "line": ...}}``; ``field``
only when the error concerns one field of the request, ``line`` only when it concerns one line
of an uploaded file (an agreement). Library errors keep their status and code;
validation errors become 422 ``input_error``; routing errors keep their HTTP status.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ceasefire.errors import CeasefireError, InputError

log = logging.getLogger(__name__)

#: Stable codes of HTTP errors raised by the framework (routing, limits).
HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def error_body(
    code: str,
    message: str,
    hint: str | None = None,
    field: str | None = None,
    line: int | None = None,
) -> dict[str, Any]:
    """The one error shape."""
    error: dict[str, Any] = {"code": code, "message": message, "hint": hint}
    if field is not None:
        error["field"] = field
    if line is not None:
        error["line"] = line
    return {"error": error}


def _field_of(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or str(loc[0] if loc else "request")


def describe(exc: Exception) -> tuple[int, dict[str, Any]]:
    """Status and body for any exception reaching the API's edge."""
    if isinstance(exc, CeasefireError):
        if isinstance(exc, InputError):
            return exc.status, error_body(exc.code, exc.message, exc.hint, exc.field, exc.line)
        return exc.status, error_body(exc.code, exc.message, exc.hint)
    if isinstance(exc, RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        field = _field_of(first.get("loc", ()))
        more = len(exc.errors()) - 1
        message = f"{field}: {first.get('msg', 'invalid')}" + (
            f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        )
        return 422, error_body(
            "input_error", message, "Check the request against the schema at /docs.", field
        )
    if isinstance(exc, HTTPException):
        code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        detail = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        hint = "See /docs for the routes." if exc.status_code in (404, 405) else None
        return exc.status_code, error_body(code, detail, hint)
    if isinstance(exc, OperationalError | PoolTimeoutError):
        log.warning("store unavailable: %s", exc)
        return 503, error_body(
            "store_error", "the store is busy or unreachable", "Retry in a moment."
        )
    log.exception("unexpected error", exc_info=exc)
    return 500, error_body(
        "internal_error", "unexpected server error", "Report it with the time of the request."
    )


async def handle_error(request: Request, exc: Exception) -> JSONResponse:
    """The API's one exception handler."""
    status, body = describe(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def install_error_handler(app: FastAPI) -> None:
    """Route every error class the app can meet through ``handle_error``."""
    for kind in (
        CeasefireError,
        RequestValidationError,
        HTTPException,
        OperationalError,
        PoolTimeoutError,
    ):
        app.add_exception_handler(kind, handle_error)


class CatchAllMiddleware:
    """The last line of defence: an exception no handler took becomes the one JSON shape (500)
    and is logged, and the request ends normally. Without it the exception reaches the server,
    which closes the connection after the 500: the client's next request on that keep-alive
    connection is reset."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception as exc:
            if started:  # too late for an error response: let the server end the connection
                raise
            status, body = describe(exc)
            await JSONResponse(body, status_code=status)(scope, receive, send)
