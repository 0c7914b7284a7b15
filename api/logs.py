"""A request id on every log line of a request, and JSON log lines when TRIAGE_LOG_FORMAT=json.

The id comes from the request's X-Request-ID header when it is a plausible id (a proxy or the
calling system set it), else it is made up here; either way it is sent back in X-Request-ID.
"""

import json
import logging
import re
import sys
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from starlette.types import ASGIApp, Receive, Scope, Send

from triage.settings import Settings

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
# A caller's id is used only if it is short and plain: it lands in every log line.
PLAIN_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if PLAIN_ID.fullmatch(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            REQUEST_ID.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line; ASCII only, so that no text from the public (a newline, a
    line separator, a terminal escape) can break a line or forge another."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name, "message": record.getMessage(),
                 "request_id": REQUEST_ID.get()}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=True)


def configure(settings: Settings) -> None:
    """In JSON mode, every logger (the server's included) writes JSON lines to stderr."""
    if settings.log_format != "json":
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    for name in SERVER_LOGGERS:
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
