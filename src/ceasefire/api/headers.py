"""Security headers on every response, set in one pure ASGI middleware.

- ``X-Content-Type-Options: nosniff``: a browser renders a response as the type it says,
  never as HTML it guessed (an uploaded report is never run as a page).
- ``Content-Security-Policy``: scripts, styles, images, fonts and API calls come from this
  server only; no inline scripts, no plugins, no framing. The dashboard and the offline
  ``/docs`` load their own JavaScript and CSS from the app and their map data from the API,
  which is all this allows. Inline ``style`` attributes stay allowed: the map library and
  Swagger UI position elements with them, and a style cannot run code.
- ``Cache-Control: no-store`` on every response to a request that carried credentials
  (``Authorization``), so what one user saw is never kept by a browser or proxy cache for the
  next person at that machine.
- ``Referrer-Policy: no-referrer`` and ``X-Frame-Options: DENY`` for older browsers.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
NO_STORE = (b"cache-control", b"no-store")


class SecurityHeadersMiddleware:
    """Add ``SECURITY_HEADERS`` to every HTTP response, and ``no-store`` where the request was
    authenticated (replacing any other ``Cache-Control``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        credentials = any(name == b"authorization" for name, _ in scope.get("headers") or ())

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                if credentials:
                    names.add(NO_STORE[0])
                headers = [
                    (name, value)
                    for name, value in message.get("headers") or ()
                    if name.lower() not in names
                ]
                headers.extend(SECURITY_HEADERS)
                if credentials:
                    headers.append(NO_STORE)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
