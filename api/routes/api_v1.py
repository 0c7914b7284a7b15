"""/api/v1: health, the model card, and scoring (JSON, or CSV/JSONL streamed in and out).
Thin: check the key, validate, call the domain, answer."""

import os
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from api.apikeys import ApiKeyDep
from api.deps import ModelDep, SettingsDep
from api.errors import TooManyComments
from api.metrics import count_scored
from api.schemas import Health, ScoreRequest, ScoreResponse
from triage.files.batch import check_file, score_file
from triage.privacy.masking import masked_result
from triage.scoring import Comment, suggest
from triage.store.db import reachable

router = APIRouter(prefix="/api/v1", tags=["api"])
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
# A header, not a query parameter: a URL with it would land in access logs and browser histories.
Unmasked = Header(alias="X-Unmasked", description="true: personal data found in the comments (NIK, phone "
                                                  "...) is answered as written, for the desk's own use; "
                                                  "by default it is masked as [kind].")
class Problem(BaseModel):
    detail: str = Field(description="What is wrong, in plain words.", examples=["the limit is 10000"])


KEYED = {400: {"model": Problem, "description": "The body cannot be read (not JSON, or broken)."},
         401: {"model": Problem, "description": "No valid X-API-Key header."},
         429: {"model": Problem, "description": "The key's rate limit is reached; see Retry-After."}}
STREAM_DOC = {**KEYED, 200: {"description": "The same rows with label, confidence and action.",
                             "content": {MEDIA["csv"]: {"schema": {"type": "string"}},
                                         MEDIA["jsonl"]: {"schema": {"type": "string"}}}},
              413: {"model": Problem, "description": "Body larger than TRIAGE_API_MAX_UPLOAD_MB."},
              422: {"description": "Rows that cannot be scored, each with its row number and reason."}}


@router.get("/health", response_model=Health, responses={
    503: {"model": Health, "description": "The database cannot be reached (a load balancer's signal)."}})
def health(request: Request, model: ModelDep):
    if not reachable(request.app.state.engine):
        down = Health(status="database_unavailable", model_version=model.version, database="unreachable")
        return JSONResponse(down.model_dump(), status_code=503, headers={"Retry-After": "30"})
    return Health(status="ok", model_version=model.version)


@router.get("/model", responses=KEYED)
def model_card(model: ModelDep, key: ApiKeyDep) -> dict:
    """The model card: version, training data hash and licences, held-out metrics, checksum."""
    return model.card


@router.post("/score", responses={**KEYED, 413: {"model": Problem,
                                                 "description": "More comments than one request may carry."}})
def score(request: ScoreRequest, model: ModelDep, settings: SettingsDep, key: ApiKeyDep,
          http: Request, unmasked: Annotated[bool, Unmasked] = False) -> ScoreResponse:
    """Score comments: label, calibrated confidence, playbook action, reply draft and reasons."""
    if len(request.comments) > settings.api_max_comments:
        raise TooManyComments(f"{len(request.comments)} comments in one request; "
                              f"the limit is {settings.api_max_comments}")
    comments = [Comment(c.id, c.text, c.platform, c.author.model_dump() if c.author else {})
                for c in request.comments]
    results = [vars(r) for r in suggest(model.classifier, comments, accounts=model.accounts)]
    count_scored(http, "score", len(results))
    results = results if unmasked else [masked_result(r) for r in results]
    return ScoreResponse(model_version=model.version, results=results)


@router.post("/score.{kind}", responses=STREAM_DOC,
             openapi_extra={"requestBody": {"content": {MEDIA["csv"]: {"schema": {"type": "string"}},
                                                        MEDIA["jsonl"]: {"schema": {"type": "string"}}}}})
async def score_stream(kind: Literal["csv", "jsonl"], request: Request, model: ModelDep,
                       settings: SettingsDep, key: ApiKeyDep, unmasked: Annotated[bool, Unmasked] = False):
    """Score a CSV (columns `id,text`, optional `author_*`) or JSONL body of any size: the same
    rows come back with `label`, `confidence`, `action`. Read to disk and streamed back, so
    memory stays flat. If any row cannot be scored, nothing is scored and the answer (422)
    lists every such row with its reason."""
    folder = Path(tempfile.mkdtemp(prefix="triage-api-"))
    source, target = folder / f"in.{kind}", folder / f"out.{kind}"
    try:
        await _spool(request, source, settings.api_max_upload_mb * 1024 * 1024)
        rejects = await run_in_threadpool(check_file, source)
        if rejects:
            return JSONResponse(status_code=422, content={"detail": "some rows cannot be scored", "rows": [
                {"row": r.row, "id": r.id, "reason": r.reason} for r in rejects[:1000]]})
        summary = await run_in_threadpool(score_file, model.classifier, source, target,
                                          accounts=model.accounts, masked=not unmasked)
        count_scored(request, f"score.{kind}", summary.scored)
    except BaseException:
        _remove(folder)
        raise
    return FileResponse(target, media_type=MEDIA[kind], background=BackgroundTask(_remove, folder))


async def _spool(request: Request, path: Path, limit: int) -> None:
    size = 0
    with path.open("wb") as handle:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, f"the body is larger than {limit // (1024 * 1024)} MB")
            handle.write(chunk)


def _remove(folder: Path) -> None:
    for item in folder.iterdir():
        item.unlink(missing_ok=True)
    os.rmdir(folder)
