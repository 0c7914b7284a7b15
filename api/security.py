"""Browser-facing protections: signed session cookie, CSRF, and security headers."""

from asgi_csrf import asgi_csrf
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from triage.settings import Settings

# No inline script or style anywhere: a comment that slips through escaping still cannot run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
# In production (HTTPS only) browsers are told to use HTTPS for the next year, never plain HTTP.
STRICT_TRANSPORT_SECURITY = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeaders:
    def __init__(self, app: ASGIApp, production: bool = False):
        self.app = app
        self.headers = SECURITY_HEADERS + ([STRICT_TRANSPORT_SECURITY] if production else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.headers
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)


JSON_BODY_LIMIT = 200 * 1024 * 1024  # 10,000 comments of 10,000 characters, with room to spare


class JsonBodyLimit:
    """Refuse an oversized JSON scoring request (413) before anything parses it into memory."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/api/v1/score":
            length = dict(scope.get("headers", [])).get(b"content-length", b"0")
            if int(length or 0) > JSON_BODY_LIMIT:
                response = JSONResponse({"detail": "request body too large: send at most 10,000 comments "
                                                   "per request, or use /api/v1/score.csv"}, status_code=413)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _is_api(scope: Scope) -> bool:
    # The API authenticates by key and webhooks by signature, not cookie, so a forged cross-site
    # request gains nothing. /v1alpha1/ is the Perspective-compatible API (keyed the same way).
    return scope["path"].startswith(("/api/", "/webhooks/", "/v1alpha1/"))


def protect(app: FastAPI, settings: Settings) -> None:
    """Add the middleware; the last added runs first (CSRF, then session, then headers)."""
    app.state.login_throttle = LoginThrottle()
    secret = settings.signing_key()
    production = settings.environment == "production"
    app.add_middleware(JsonBodyLimit)
    app.add_middleware(SecurityHeaders, production=production)
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="triage_session",
                       max_age=settings.session_hours * 3600, same_site="lax", https_only=production)
    app.add_middleware(asgi_csrf, signing_secret=secret, skip_if_scope=_is_api,
                       always_protect={"/login", "/logout"}, cookie_secure=production)


class LoginThrottle:
    """Failed sign-ins are limited per username and per client address; past the limit the
    account is locked out of the login form for the rest of the window (in this process)."""

    def __init__(self, per_user: str = "5/15 minutes", per_address: str = "30/15 minutes"):
        self.limits = {"user": parse(per_user), "address": parse(per_address)}
        self.window = MovingWindowRateLimiter(MemoryStorage())

    def _keys(self, username: str, address: str) -> list[tuple[str, str]]:
        return [("user", username.strip().lower()), ("address", address)]

    def locked(self, username: str, address: str) -> bool:
        keys = self._keys(username, address)
        return any(not self.window.test(self.limits[kind], kind, key) for kind, key in keys)

    def failed(self, username: str, address: str) -> None:
        for kind, key in self._keys(username, address):
            self.window.hit(self.limits[kind], kind, key)
