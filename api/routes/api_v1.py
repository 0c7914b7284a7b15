"""/api/v1: health, the model card, and scoring. Thin: validate, call the domain, answer."""

from fastapi import APIRouter

from api.deps import ModelDep, SettingsDep
from api.errors import TooManyComments
from api.schemas import Health, ScoreRequest, ScoreResponse
from triage.scoring import Comment, suggest

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/health")
def health(model: ModelDep) -> Health:
    return Health(status="ok", model_version=model.version)


@router.get("/model")
def model_card(model: ModelDep) -> dict:
    """The model card: version, training data hash and licences, held-out metrics, checksum."""
    return model.card


@router.post("/score", responses={413: {"description": "More comments than one request may carry."}})
def score(request: ScoreRequest, model: ModelDep, settings: SettingsDep) -> ScoreResponse:
    """Score comments: label, calibrated confidence, playbook action, reply draft and reasons."""
    if len(request.comments) > settings.api_max_comments:
        raise TooManyComments(f"{len(request.comments)} comments in one request; "
                              f"the limit is {settings.api_max_comments}")
    comments = [Comment(c.id, c.text, c.platform, c.author.model_dump() if c.author else {})
                for c in request.comments]
    results = suggest(model.classifier, comments, accounts=model.accounts)
    return ScoreResponse(model_version=model.version, results=[vars(r) for r in results])
