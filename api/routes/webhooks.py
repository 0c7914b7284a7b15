"""Meta's webhooks: the subscription check, and deliveries stored first, processed after the answer.

Meta waits for a 200 within seconds and redelivers otherwise, so a delivery is only checked and
stored here; it is scored and queued in the background (and by the live worker after a restart).
"""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse

from api.deps import SettingsDep
from triage.live import webhooks
from triage.store import live
from triage.store.db import session_scope

router = APIRouter(prefix="/webhooks", include_in_schema=False)
HubParam = Annotated[str | None, Query(max_length=500)]


@router.get("/meta")
def meta_subscription(settings: SettingsDep, mode: Annotated[HubParam, Query(alias="hub.mode")] = None,
                      token: Annotated[HubParam, Query(alias="hub.verify_token")] = None,
                      challenge: Annotated[HubParam, Query(alias="hub.challenge")] = None):
    answer = webhooks.challenge_answer(mode, token, challenge, settings.meta_verify_token)
    if answer is None:
        return PlainTextResponse("verify token does not match", status_code=403)
    return PlainTextResponse(answer)


@router.post("/meta")
async def meta_delivery(request: Request, background: BackgroundTasks, settings: SettingsDep):
    body = await _body_within(request, settings.webhook_max_kb * 1024)
    if body is None:
        return JSONResponse({"detail": "body too large"}, status_code=413)
    signature = request.headers.get("x-hub-signature-256")
    if not webhooks.signed_by_meta(body, signature, settings.meta_app_secret):
        return JSONResponse({"detail": "missing or wrong X-Hub-Signature-256"}, status_code=401)
    event_id = await run_in_threadpool(_store, request.app.state.engine, body)
    if event_id is not None:
        background.add_task(webhooks.process_waiting, request.app.state.intake)
    return JSONResponse({"received": True, "new": event_id is not None})


async def _body_within(request: Request, limit: int) -> bytes | None:
    """The raw body (the signature covers its exact bytes), or None past `limit` bytes."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _store(engine, body: bytes) -> int | None:
    with session_scope(engine) as session:
        return live.record_event(session, webhooks.SOURCE, body)
