"""The store's clock: the time it records on every row it writes, which the demo's invented
history may set to the past."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_clock: ContextVar[datetime | None] = ContextVar("clock", default=None)


def utcnow() -> datetime:
    """The store's "now": the time it records on every row it writes."""
    return _clock.get() or datetime.now(UTC)


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """Within the block, the store's "now" is `moment`. The demo's invented past goes through the
    store's own functions at the times it happened: the audit trail is append-only (decision and
    review times cannot be changed once written)."""
    token = _clock.set(moment)
    try:
        yield
    finally:
        _clock.reset(token)
