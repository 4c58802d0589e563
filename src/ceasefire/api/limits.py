"""Request size limits: a pure ASGI middleware checking ``Content-Length`` and counting the
bytes actually streamed, so a lying or missing header cannot slip a large body through."""

from __future__ import annotations

import json

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ceasefire.api.errors import error_body

#: Largest JSON (or other non-upload) body, in bytes.
MAX_JSON_BYTES = 1024 * 1024
#: Largest multipart upload (a report file), in bytes.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"request body larger than {_size(limit)}")


class BodyLimitMiddleware:
    """Refuse bodies over the limit for their content type with 413 and the JSON error shape."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_json: int = MAX_JSON_BYTES,
        max_upload: int = MAX_UPLOAD_BYTES,
    ) -> None:
        self.app = app
        self.max_json = max_json
        self.max_upload = max_upload

    def limit_for(self, scope: Scope) -> int:
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        return self.max_upload if content_type.startswith("multipart/") else self.max_json

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0 or length > limit:
                message = (
                    f"request body larger than {_size(limit)}"
                    if length > limit
                    else "Content-Length is not a number"
                )
                await _send_error(send, 413 if length > limit else 400, message)
                return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, counting_receive, send)


async def _send_error(send: Send, status: int, message: str) -> None:
    code = "payload_too_large" if status == 413 else "bad_request"
    hint = "Send a smaller body, or split the report." if status == 413 else None
    body = json.dumps(error_body(code, message, hint)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
