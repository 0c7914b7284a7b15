"""What the live desk keeps: webhook deliveries as received, the connections it polls and acts
through, and the outbox of calls it makes on the platforms."""

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from triage.errors import LiveError
from triage.playbook.workdays import DESK_TIMEZONE
from triage.store.models import Connection, PlatformAction, WebhookEvent, utcnow

# A delivery taken for processing by a process that then died is taken again after this long
# (storing its comments twice is impossible: they are unique per platform and id).
STALE_PROCESSING = timedelta(minutes=5)
MAX_REJECTED_KEPT = 50


# Webhook deliveries

def record_event(session: Session, source: str, body: bytes) -> int | None:
    """Keep a delivery exactly as received; None when the same body was received before. One
    statement, so that it waits its turn for SQLite's write lock instead of failing on it."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stored = session.execute(insert(WebhookEvent).values(
        source=source, body_sha256=hashlib.sha256(body).hexdigest(), body=body.decode("utf-8", "replace"),
        received_at=utcnow(), status="pending", comments=0, rejected=[])
        .on_conflict_do_nothing(index_elements=["body_sha256"]).returning(WebhookEvent.id))
    return stored.scalar()


def take_events(session: Session, limit: int,
                retake_after: timedelta = STALE_PROCESSING) -> list[tuple[int, str]]:
    """Up to `limit` deliveries to process now, marked as taken: (id, body), oldest first; one
    taken more than `retake_after` ago by a process that did not finish it is taken again."""
    now = utcnow()
    ids = list(session.exec(select(WebhookEvent.id).where(_waiting(now, retake_after))
                            .order_by(WebhookEvent.id).limit(limit)))
    if not ids:
        return []
    session.exec(update(WebhookEvent).where(WebhookEvent.id.in_(ids), _waiting(now, retake_after))
                 .values(status="processing", processed_at=now))
    return list(session.exec(select(WebhookEvent.id, WebhookEvent.body).where(
        WebhookEvent.id.in_(ids), WebhookEvent.status == "processing", WebhookEvent.processed_at == now)
        .order_by(WebhookEvent.id)))


def _waiting(now: datetime, retake_after: timedelta = STALE_PROCESSING):
    """Not processed yet, or taken by a process that died before it finished."""
    return or_(WebhookEvent.status == "pending",
               (WebhookEvent.status == "processing") & (WebhookEvent.processed_at < now - retake_after))


def finish_event(session: Session, event_id: int, comments: int = 0, rejected: list[str] = (),
                 malformed: str | None = None) -> None:
    session.exec(update(WebhookEvent).where(WebhookEvent.id == event_id).values(
        status="malformed" if malformed else "done", reason=malformed[:1000] if malformed else None,
        comments=comments, rejected=list(rejected)[:MAX_REJECTED_KEPT], processed_at=utcnow()))


def events_to_process(session: Session, limit: int = 100) -> list[int]:
    return list(session.exec(select(WebhookEvent.id).where(_waiting(utcnow())).order_by(WebhookEvent.id)
                             .limit(limit)))


def event_counts(session: Session) -> dict[str, int]:
    return dict(session.exec(select(WebhookEvent.status, func.count()).group_by(WebhookEvent.status)).all())


def malformed_events(session: Session, limit: int = 20) -> list[WebhookEvent]:
    return list(session.exec(select(WebhookEvent).where(WebhookEvent.status == "malformed")
                             .order_by(WebhookEvent.id.desc()).limit(limit)))


# Connections

def add_connection(session: Session, connection: Connection) -> Connection:
    if session.exec(select(Connection.id).where(Connection.name == connection.name)).first():
        raise LiveError(f"a connection named '{connection.name}' exists already")
    session.add(connection)
    session.flush()
    return connection


def connections(session: Session) -> list[Connection]:
    return list(session.exec(select(Connection).order_by(Connection.name)))


def remove_connection(session: Session, name: str) -> bool:
    connection = session.exec(select(Connection).where(Connection.name == name)).first()
    if connection is None:
        return False
    session.delete(connection)
    return True


def due_connections(session: Session, now: datetime) -> list[Connection]:
    return list(session.exec(select(Connection).where(Connection.active, Connection.next_poll_at <= now)
                             .order_by(Connection.next_poll_at)))


def take_connection(session: Session, connection_id: int, now: datetime, hold: timedelta) -> bool:
    """Claim a due poll, so that two processes never poll one connection at once."""
    taken = session.exec(update(Connection)
                         .where(Connection.id == connection_id, Connection.next_poll_at <= now)
                         .values(next_poll_at=now + hold))
    return taken.rowcount == 1


def acting_connection(session: Session, platform: str) -> Connection | None:
    """The connection the desk's calls on `platform` go through."""
    return session.exec(select(Connection).where(Connection.platform == platform, Connection.act,
                                                 Connection.active).order_by(Connection.id)).first()


def record_poll(session: Session, connection_id: int, now: datetime, new_comments: int,
                cursor: str | None) -> None:
    connection = session.get(Connection, connection_id)
    today = now.astimezone(DESK_TIMEZONE).date()
    if connection.count_day != today:
        connection.count_day, connection.count_today = today, 0
    connection.count_today += new_comments
    connection.cursor = cursor
    connection.failures = 0
    connection.last_polled_at = connection.last_success_at = now
    connection.next_poll_at = now + timedelta(seconds=connection.interval_seconds)


def record_poll_error(session: Session, connection_id: int, now: datetime, message: str,
                      next_poll_at: datetime, failed: bool = True) -> None:
    """A poll that did not succeed: a failure (backs off) or a rate limit (waits as asked)."""
    connection = session.get(Connection, connection_id)
    connection.failures += 1 if failed else 0
    connection.last_polled_at = now
    connection.last_error, connection.last_error_at = message[:1000], now
    connection.next_poll_at = next_poll_at


# The outbox

def add_actions(session: Session, actions: list[PlatformAction]) -> None:
    session.add_all(actions)
    session.flush()


def due_actions(session: Session, now: datetime, limit: int = 20) -> list[PlatformAction]:
    """Calls to make now: pending ones whose time has come, and ones a dead process was making."""
    return list(session.exec(select(PlatformAction).where(
        PlatformAction.status.in_(("pending", "sending")), PlatformAction.next_attempt_at <= now)
        .order_by(PlatformAction.next_attempt_at, PlatformAction.id).limit(limit)))


def take_action(session: Session, action_id: int, status: str, now: datetime,
                hold: timedelta) -> bool:
    """Mark a call as being made, so no other process makes it; `hold` is how long before another
    may look again (a call in flight when a process dies is checked on the platform first)."""
    taken = session.exec(update(PlatformAction).where(
        PlatformAction.id == action_id, PlatformAction.status == status,
        PlatformAction.next_attempt_at <= now)
        .values(status="sending", attempts=PlatformAction.attempts + 1, next_attempt_at=now + hold))
    return taken.rowcount == 1


def finish_action(session: Session, action_id: int, status: str, response_status: int | None,
                  response_body: str | None, remote_id: str | None = None,
                  retry_at: datetime | None = None) -> None:
    values = {"status": status, "response_status": response_status,
              "response_body": (response_body or "")[:2000] or None}
    if remote_id:
        values["remote_id"] = remote_id[:255]
    if retry_at is not None:
        values["next_attempt_at"] = retry_at
    if status in ("sent", "failed", "dry_run", "unsupported"):
        values["done_at"] = utcnow()
    session.exec(update(PlatformAction).where(PlatformAction.id == action_id).values(**values))


def retry_action(session: Session, action_id: int) -> bool:
    """Send a failed call again (a supervisor's choice once its cause is fixed)."""
    again = session.exec(update(PlatformAction).where(PlatformAction.id == action_id,
                                                      PlatformAction.status == "failed")
                         .values(status="pending", next_attempt_at=utcnow(), done_at=None))
    return again.rowcount == 1


def recent_actions(session: Session, limit: int = 50) -> list[PlatformAction]:
    return list(session.exec(select(PlatformAction).order_by(PlatformAction.id.desc()).limit(limit)))


def actions_of(session: Session, decision_ids: list[int]) -> dict[int, list[PlatformAction]]:
    found: dict[int, list[PlatformAction]] = {}
    if decision_ids:
        for action in session.exec(select(PlatformAction).where(PlatformAction.decision_id.in_(decision_ids))
                                   .order_by(PlatformAction.id)):
            found.setdefault(action.decision_id, []).append(action)
    return found
