"""Polling the connections that are due: new comments in, cursor forward; a rate limit waits as
long as the platform asks, a failure backs off (doubling, at most an hour)."""

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import httpx

from triage.errors import InputFileError, LiveError
from triage.importers.base import BadRecord, ImportedComment
from triage.importers.registry import parse_document
from triage.live.connections import api_for
from triage.live.feeds import fetch
from triage.live.intake import Intake
from triage.live.platform_api import PlatformCallError
from triage.settings import Settings
from triage.store import live
from triage.store.db import session_scope
from triage.store.models import Connection, utcnow

logger = logging.getLogger("triage")
MAX_BACKOFF = timedelta(hours=1)
POLL_HOLD = timedelta(minutes=5)  # a poll's claim; its outcome sets the next time
POST_TARGETS = {"instagram_media", "facebook_post"}  # kinds whose target is the post itself


@dataclass(frozen=True)
class PollReport:
    name: str
    new: int = 0
    rejected: int = 0
    error: str | None = None


def poll_due(intake: Intake, settings: Settings, client: httpx.Client | None = None,
             now: datetime | None = None) -> list[PollReport]:
    now = now or utcnow()
    with session_scope(intake.engine) as session:
        due = live.due_connections(session, now)
    reports = []
    for connection in due:
        with session_scope(intake.engine) as session:
            if not live.take_connection(session, connection.id, now, POLL_HOLD):
                continue  # another process polls it now
        reports.append(poll(intake, settings, connection, client, now))
    return reports


def poll(intake: Intake, settings: Settings, connection: Connection, client: httpx.Client | None = None,
         now: datetime | None = None) -> PollReport:
    now = now or utcnow()
    try:
        harvest = fetch(connection.kind, api_for(connection, settings, client), connection.target,
                        connection.cursor)
        summary = intake.take(_records(connection, harvest.documents))
    except PlatformCallError as error:
        return _failed(intake, connection, now, error, error.retry_after)
    except LiveError as error:  # a token this secret key cannot read
        return _failed(intake, connection, now, error, None)
    with session_scope(intake.engine) as session:
        live.record_poll(session, connection.id, now, summary.new, harvest.cursor)
    return PollReport(connection.name, summary.new, len(summary.rejected))


def _records(connection: Connection, documents: list[dict]) -> list[ImportedComment | BadRecord]:
    records: list[ImportedComment | BadRecord] = []
    for index, document in enumerate(documents):
        try:
            records += parse_document(document, connection.platform, f"{connection.name} page {index + 1}")
        except InputFileError as error:  # an answer of a shape we do not know: reported, not fatal
            records.append(BadRecord(f"{connection.name} page {index + 1}", str(error)))
    if connection.kind in POST_TARGETS:  # the API leaves out the post it was asked about
        records = [replace(r, post_external_id=connection.target)
                   if isinstance(r, ImportedComment) and not r.post_external_id else r for r in records]
    return records


def _failed(intake: Intake, connection: Connection, now: datetime, error: LiveError,
            retry_after: float | None) -> PollReport:
    if retry_after is not None:  # a rate limit: wait as asked, not a failure of ours
        wait, message = timedelta(seconds=retry_after), f"rate limited: waiting {retry_after:.0f} s ({error})"
    else:
        backoff = timedelta(seconds=connection.interval_seconds) * 2 ** min(connection.failures + 1, 12)
        wait, message = min(backoff, MAX_BACKOFF), str(error)
    logger.warning("connection %s: %r", connection.name, message)  # repr: no forged log lines
    with session_scope(intake.engine) as session:
        live.record_poll_error(session, connection.id, now, message, now + wait, failed=retry_after is None)
    return PollReport(connection.name, error=message)
