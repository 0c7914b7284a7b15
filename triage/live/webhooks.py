"""Meta's webhooks (Instagram and Facebook Page comments): the subscription check, the signature
check, and turning a stored delivery into queued comments.

A delivery is stored before it is read (see `triage.store.live.record_event`), so that a body the
desk cannot read yet is kept aside with its reason instead of being lost.
"""

import hashlib
import hmac
import json
import logging

from sqlalchemy.exc import DBAPIError

from triage.errors import InputFileError
from triage.importers.base import BadRecord, ImportedComment
from triage.importers.registry import parse_document
from triage.live.intake import Intake
from triage.store import live
from triage.store.db import session_scope

logger = logging.getLogger("triage")
SOURCE = "meta"
BATCH = 200  # deliveries scored and stored in one import
PLATFORM_OF_OBJECT = {"instagram": "instagram", "page": "facebook"}
SIGNATURE_PREFIX = "sha256="


def challenge_answer(mode: str | None, token: str | None, challenge: str | None,
                     verify_token: str | None) -> str | None:
    """The challenge to echo when Meta's subscription check carries our verify token, else None."""
    if not verify_token or mode != "subscribe" or token is None or not challenge:
        return None
    return challenge if hmac.compare_digest(token.encode(), verify_token.encode()) else None


def signed_by_meta(body: bytes, header: str | None, app_secret: str | None) -> bool:
    """Whether X-Hub-Signature-256 is the HMAC-SHA256 of the raw body with the app's secret."""
    if not app_secret or not header or not header.startswith(SIGNATURE_PREFIX):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header[len(SIGNATURE_PREFIX):].strip().lower().encode(), expected.encode())


def process_waiting(intake: Intake) -> int:
    """Score and queue every delivery waiting, in batches; returns how many were processed.

    One thread of a process does this at a time (a call finding it busy returns at once: the busy
    thread looks again before it stops), so that on SQLite deliveries never race each other for
    the database. Never raises: a batch the database refused waits for the next call."""
    processed = 0
    while intake.processing.acquire(blocking=False):
        try:
            while batch := _take(intake):
                processed += len(batch)
                _process(intake, batch)
        except DBAPIError as error:
            logger.warning("webhook deliveries wait for the next round: %r", str(error)[:200])
            return processed
        finally:
            intake.processing.release()
        with session_scope(intake.engine) as session:
            if not live.events_to_process(session, 1):
                break
    return processed


def _take(intake: Intake) -> list[tuple[int, str]]:
    with session_scope(intake.engine) as session:
        return live.take_events(session, BATCH, intake.retake_after)


def _process(intake: Intake, batch: list[tuple[int, str]]) -> None:
    records, outcomes = [], {}
    for event_id, body in batch:
        try:
            document = json.loads(body)
            found = list(parse_document(document, _platform_of(document), "webhook"))
        except (ValueError, InputFileError) as error:
            outcomes[event_id] = {"malformed": str(error) or type(error).__name__}
            continue
        comments = [r for r in found if isinstance(r, ImportedComment)]
        outcomes[event_id] = {"comments": len(comments),
                              "rejected": [f"{bad.position}: {bad.reason}" for bad in found
                                           if isinstance(bad, BadRecord)]}
        records += comments
    intake.take(_first_of_each(records))
    with session_scope(intake.engine) as session:
        for event_id, outcome in outcomes.items():
            live.finish_event(session, event_id, **outcome)


def _first_of_each(records: list[ImportedComment]) -> list[ImportedComment]:
    """One record per comment: a batch may hold the same comment twice (an edit, a redelivery
    Meta re-encoded)."""
    seen, unique = set(), []
    for record in records:
        if (key := (record.platform, record.external_id)) not in seen:
            seen.add(key)
            unique.append(record)
    return unique


def _platform_of(document: object) -> str:
    kind = document.get("object") if isinstance(document, dict) else None
    if kind not in PLATFORM_OF_OBJECT:
        raise InputFileError(f"not an Instagram or Facebook Page event (object={kind!r})")
    return PLATFORM_OF_OBJECT[kind]


