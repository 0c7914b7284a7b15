"""The request and response shapes of /api/v1 (the contract in PRODUCT.md)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from triage.labels import Action, Label
from triage.scoring import MAX_TEXT_CHARS


class AuthorIn(BaseModel):
    """What the platform tells about the comment's author; a missing field is unknown, not zero."""

    username: str | None = Field(None, max_length=200, examples=["budi_santoso88"])
    display_name: str | None = Field(None, max_length=200, examples=["Budi"])
    followers: int | None = Field(None, ge=0, examples=[120])
    following: int | None = Field(None, ge=0, examples=[340])
    posts: int | None = Field(None, ge=0, examples=[15])
    has_profile_picture: bool | None = Field(None, examples=[True])
    is_private: bool | None = Field(None, examples=[False])
    bio: str | None = Field(None, max_length=2000, examples=["Warga Bandung"])
    created_at: datetime | None = Field(None, examples=["2021-03-04T10:00:00Z"])
    verified: bool | None = Field(None, examples=[False])


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=200, description="Your id for the comment.", examples=["c-1"])
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="The comment as written.",
                      examples=["min jam besuk lapas cipinang kapan ya?"])
    platform: str | None = Field(None, max_length=40, examples=["instagram"])
    author: AuthorIn | None = None

    @field_validator("text")
    @classmethod
    def not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("text is empty")
        return text


class ScoreRequest(BaseModel):
    comments: list[CommentIn] = Field(description="The comments to score (at most 1,000 per request).")


class ScoreResult(BaseModel):
    id: str
    label: Label = Field(description="The suggested class.")
    confidence: float = Field(ge=0, le=1, description="Calibrated probability of `label`.")
    probabilities: dict[Label, float] = Field(description="Calibrated probability of every class.")
    action: Action = Field(description="The playbook action for the label.")
    reply_draft: str | None = Field(description="A reply to start from, for actions that reply.")
    reasons: list[str] = Field(description="In plain words, what pushed the model to this label "
                                           "(words, letter patterns, account signals).")
    needs_review: bool = Field(False, description="True when the confidence is below the model's "
                                                  "review threshold (chosen on validation) or text and "
                                                  "account disagree: a person should look first.")


class ScoreResponse(BaseModel):
    model_version: str
    results: list[ScoreResult]


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    model_version: str
