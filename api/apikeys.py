"""The API's key check and per-key rate limit, as one dependency for the /api/v1 routes."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyHeader
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from api.deps import SessionDep
from triage.store import apikeys
from triage.store.models import ApiKey

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="A key from `triage apikeys create NAME`.")


class RateLimiter:
    """Per-key moving-window limit, in this process's memory (each app process counts alone;
    see the README's scale-out notes)."""

    def __init__(self, rate: str):
        self.rate = parse(rate)
        self.window = MovingWindowRateLimiter(MemoryStorage())

    def allow(self, key_name: str) -> bool:
        return self.window.hit(self.rate, key_name)


def get_api_key(request: Request, session: SessionDep,
                key: Annotated[str | None, Security(api_key_header)]) -> ApiKey:
    found = apikeys.verify(session, key)
    if found is None:
        raise HTTPException(401, "a valid X-API-Key header is required",
                            headers={"WWW-Authenticate": "ApiKey"})
    if not request.app.state.rate_limiter.allow(found.name):
        raise HTTPException(429, f"rate limit of {request.app.state.settings.api_rate_limit} reached",
                            headers={"Retry-After": "60"})
    return found


ApiKeyDep = Annotated[ApiKey, Depends(get_api_key)]
