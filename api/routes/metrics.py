"""GET /metrics in Prometheus's text format, for a bearer of TRIAGE_METRICS_TOKEN or of an API
key; anyone else gets 401, so the public cannot read the desk's figures."""

import secrets
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.deps import SessionDep, SettingsDep
from triage.store import apikeys

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
def metrics(request: Request, settings: SettingsDep, session: SessionDep,
            authorization: Annotated[str | None, Header(max_length=512)] = None):
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else ""
    by_setting = bool(settings.metrics_token) and secrets.compare_digest(token, settings.metrics_token)
    if not token or not (by_setting or apikeys.verify(session, token)):
        return PlainTextResponse("send Authorization: Bearer <TRIAGE_METRICS_TOKEN or an API key>\n",
                                 status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
