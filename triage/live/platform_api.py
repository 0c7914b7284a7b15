"""Talking to a platform's HTTP API: one request, its answer, and what its failures mean.

Tokens travel in headers, never in URLs, so that no log line or error message carries one.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from triage.errors import LiveError

TIMEOUT_SECONDS = 20
DEFAULT_RETRY_AFTER = 60  # seconds, when a platform says "too many" without saying how long
# Graph API error codes that mean a rate limit, answered with 400/403 rather than 429.
GRAPH_RATE_LIMIT_CODES = {4, 17, 32, 613}
MAX_ERROR_CHARS = 300


class PlatformCallError(LiveError):
    """A call the platform did not accept. `retry_after` (seconds) when it asked us to wait;
    `permanent` when sending it again unchanged cannot help (a bad token, a deleted comment)."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None,
                 permanent: bool = False, body: str | None = None):
        super().__init__(message)
        self.status, self.retry_after, self.permanent, self.body = status, retry_after, permanent, body


@dataclass
class PlatformApi:
    base_url: str
    headers: dict
    client: httpx.Client | None = None

    def get(self, path: str, params: dict | None = None) -> dict:
        return self.request("GET", path, params=params)

    def request(self, method: str, path: str, params: dict | None = None, json: dict | None = None,
                data: dict | None = None) -> dict:
        """The answer's JSON; raises PlatformCallError for anything but a 2xx with a JSON object."""
        client = self.client or httpx.Client(timeout=TIMEOUT_SECONDS)
        try:
            answer = client.request(method, self.base_url.rstrip("/") + "/" + path.lstrip("/"),
                                    params=params, json=json, data=data, headers=self.headers)
        except httpx.HTTPError as error:
            raise PlatformCallError(f"cannot reach {self.base_url}: {type(error).__name__}") from None
        finally:
            if self.client is None:
                client.close()
        return _read(answer)


def _read(answer: httpx.Response) -> dict:
    try:
        body = answer.json()
    except ValueError:
        body = None
    if answer.is_success and isinstance(body, dict):
        return body
    text = answer.text[:MAX_ERROR_CHARS]
    message = f"HTTP {answer.status_code}: {_error_message(body) or text or 'no answer body'}"
    if answer.status_code == 429 or _graph_rate_limited(body):
        raise PlatformCallError(message, answer.status_code, retry_after=_retry_after(answer), body=text)
    if answer.is_success:
        raise PlatformCallError(f"HTTP {answer.status_code}: the answer is not a JSON object",
                                answer.status_code, body=text)
    permanent = 400 <= answer.status_code < 500
    raise PlatformCallError(message, answer.status_code, permanent=permanent, body=text)


def _error_message(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if isinstance(error, dict):
        return str(error.get("message") or "")[:MAX_ERROR_CHARS] or None
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        return str(first.get("detail") or first.get("message") or first.get("title") or "")[:MAX_ERROR_CHARS]
    detail = body.get("detail") or body.get("title")
    return str(detail)[:MAX_ERROR_CHARS] if detail else None


def _graph_rate_limited(body: object) -> bool:
    error = body.get("error") if isinstance(body, dict) else None
    return isinstance(error, dict) and error.get("code") in GRAPH_RATE_LIMIT_CODES


def _retry_after(answer: httpx.Response) -> float:
    """Seconds to wait: Retry-After (seconds or an HTTP date), else X's rate-limit reset time."""
    now = datetime.now(UTC)
    value = answer.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            return max(0.0, (parsedate_to_datetime(value) - now).total_seconds())
        except (TypeError, ValueError):
            pass
    reset = answer.headers.get("x-rate-limit-reset", "").strip()
    if reset.isdigit():
        return max(0.0, int(reset) - now.timestamp())
    return DEFAULT_RETRY_AFTER
