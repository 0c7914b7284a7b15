"""POST /v1alpha1/comments:analyze in Perspective API's shapes, so that tools built for it
(Coral Talk) can point at us. Thin: check the key, read the body, call `triage.perspective`.
Every refusal answers in Google's error shape, which those tools read."""

from typing import Annotated

from fastapi import APIRouter, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader, APIKeyQuery
from sqlmodel import Session

from api.deps import ModelDep, SessionDep
from api.metrics import count_scored
from triage import perspective
from triage.perspective import ATTRIBUTES, LANGUAGE_PATTERN, PerspectiveError
from triage.store import apikeys

router = APIRouter(prefix="/v1alpha1", tags=["perspective"])
key_query = APIKeyQuery(name="key", auto_error=False,
                        description="A key from `triage apikeys create NAME`, as Perspective takes it.")
key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                          description="The same key, as /api/v1 takes it.")

_SCORE = {"type": "object", "properties": {"value": {"type": "number"}, "type": {"enum": ["PROBABILITY"]}}}
_GOOGLE_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message", "status"],
    "properties": {"code": {"type": "integer"}, "message": {"type": "string"}, "status": {"type": "string"},
                   "details": {"type": "array", "items": {"type": "object"}}}}}}
REQUEST_SCHEMA = {"type": "object", "required": ["comment", "requestedAttributes"], "properties": {
    "comment": {"type": "object", "required": ["text"], "properties": {
        "text": {"type": "string", "minLength": 1, "maxLength": 10_000, "pattern": r"\S"},
        "type": {"enum": ["PLAIN_TEXT"]}}},
    "requestedAttributes": {
        "type": "object", "minProperties": 1, "additionalProperties": False,
        "properties": {name: {"type": "object", "properties": {
            "scoreType": {"enum": ["PROBABILITY"]}, "scoreThreshold": {"type": "number"}},
            "description": meaning} for name, (_, meaning) in ATTRIBUTES.items()}},
    "languages": {"type": "array", "items": {"type": "string", "pattern": LANGUAGE_PATTERN},
                  "description": "id or en (also as id-ID, en-US...); none: id."},
    "doNotStore": {"type": "boolean", "description": "Accepted; comments sent here are never stored."},
    "spanAnnotations": {"type": "boolean", "description": "Also score each sentence (spanScores)."},
    "clientToken": {"type": "string", "description": "Echoed back."},
    **{name: {"description": "Accepted and not used."} for name in ("context", "sessionId", "communityId")}},
    "example": {"comment": {"text": "dasar admin goblok"}, "requestedAttributes": {"TOXICITY": {}},
                "languages": ["id"], "doNotStore": True}}
_SPAN = {"type": "object",
         "properties": {"begin": {"type": "integer"}, "end": {"type": "integer"}, "score": _SCORE}}
_ANSWER = {"type": "object", "required": ["attributeScores", "languages"], "properties": {
    "attributeScores": {"type": "object", "additionalProperties": {"type": "object", "properties": {
        "summaryScore": _SCORE, "spanScores": {"type": "array", "items": _SPAN}}}},
    "languages": {"type": "array", "items": {"type": "string"}},
    "clientToken": {"type": "string"}}}
RESPONSES = {
    200: {"description": "A probability per requested attribute.",
          "content": {"application/json": {"schema": _ANSWER}}},
    **{code: {"description": text, "content": {"application/json": {"schema": _GOOGLE_ERROR}}}
       for code, text in ((400, "Empty or unreadable comment, unknown attribute or language."),
                          (403, "No key, or not a valid one."), (429, "The key's rate limit is reached."))},
}


@router.post("/comments:analyze", response_class=JSONResponse, responses=RESPONSES,
             openapi_extra={"requestBody": {"required": True,
                                            "content": {"application/json": {"schema": REQUEST_SCHEMA}}}})
async def analyze(request: Request, model: ModelDep, session: SessionDep,
                  key: Annotated[str | None, Security(key_query)] = None,
                  header_key: Annotated[str | None, Security(key_header)] = None):
    """Perspective's AnalyzeComment over our model. TOXICITY, SEVERE_TOXICITY, INSULT, PROFANITY,
    THREAT and IDENTITY_ATTACK all answer the probability of our `attack` label; SPAM the text
    model's probability of `fake_account`. Nothing sent here is stored (doNotStore or not)."""
    try:
        await run_in_threadpool(_check_key, request, session, key or header_key)
        body = perspective.read_body(await _read_limited(request))
        question = perspective.parse_request(body)
        answer = await run_in_threadpool(perspective.analyze, model.classifier, question)
    except PerspectiveError as error:
        return google_error(error)
    count_scored(request, "perspective", 1)
    return JSONResponse(answer)


def _check_key(request: Request, session: Session, key: str | None) -> None:
    if not key:
        raise PerspectiveError("The request is missing a valid API key.", "API_KEY_MISSING", 403,
                               "PERMISSION_DENIED")
    found = apikeys.verify(session, key)
    if found is None:
        raise PerspectiveError("API key not valid. Please pass a valid API key.", "API_KEY_INVALID", 403,
                               "PERMISSION_DENIED")
    if not request.app.state.rate_limiter.allow(found.name):
        raise PerspectiveError(f"Quota exceeded: {request.app.state.settings.api_rate_limit} per key.",
                               "RATE_LIMIT_EXCEEDED", 429, "RESOURCE_EXHAUSTED")


async def _read_limited(request: Request) -> bytes:
    """The body, reading no more than one byte past the limit (read_body refuses it then)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > perspective.MAX_BODY_BYTES:
            break
    return bytes(body)


def google_error(error: PerspectiveError) -> JSONResponse:
    """Google's API error JSON: {"error": {"code", "message", "status", "details"}}."""
    detail = {"@type": "type.googleapis.com/google.commentanalyzer.v1alpha1.Error",
              "errorType": error.error_type}
    return JSONResponse({"error": {"code": error.code, "message": str(error), "status": error.status,
                                   "details": [detail]}}, status_code=error.code,
                        headers={"Retry-After": "60"} if error.code == 429 else None)
