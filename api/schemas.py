"""The request and response shapes of /api/v1 (the contract in PRODUCT.md). Every field has a
description and an example: the OpenAPI page at /docs is the API's manual."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, field_validator

from triage.labels import Action, Label
from triage.scoring import MAX_TEXT_CHARS

# "Has something besides whitespace", written out so that JSON Schema (ECMAScript regex) and
# the server agree on what whitespace is.
NOT_BLANK = "[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"

def _whole_number(value):
    """JSON Schema integers: 12 and 12.0, never true/false or "12" (which pydantic would coerce)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("a whole number is required")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("a whole number is required")
    return int(value)


Count = Annotated[int, Field(ge=0), BeforeValidator(_whole_number)]

PROBABILITIES_EXAMPLE = dict(zip(Label, [0.02, 0.91, 0.04, 0.01, 0.0, 0.02], strict=True))


class AuthorIn(BaseModel):
    """What the platform tells about the comment's author; a missing field is unknown, not zero."""

    username: str | None = Field(None, max_length=200, description="Handle, without @.",
                                 examples=["budi_santoso88"])
    display_name: str | None = Field(None, max_length=200, description="Name shown on the profile.",
                                     examples=["Budi"])
    followers: Count | None = Field(None, description="Followers of the account.", examples=[120])
    following: Count | None = Field(None, description="Accounts it follows.", examples=[340])
    posts: Count | None = Field(None, description="Posts or tweets it has published.",
                                    examples=[15])
    has_profile_picture: StrictBool | None = Field(None, description="Not the platform's default picture.",
                                             examples=[True])
    is_private: StrictBool | None = Field(None, description="Private or protected account.", examples=[False])
    bio: str | None = Field(None, max_length=2000, description="Profile text.", examples=["Warga Bandung"])
    created_at: datetime | None = Field(None, description="When the account was created (ISO 8601).",
                                        examples=["2021-03-04T10:00:00Z"])
    verified: StrictBool | None = Field(None, description="Verified by the platform.", examples=[False])

    @field_validator("created_at", mode="before")
    @classmethod
    def iso_text_only(cls, value):
        # JSON has no date type: accept an ISO 8601 string, not a bare number of unknown unit.
        if value is not None and not isinstance(value, str | datetime):
            raise ValueError("created_at is an ISO 8601 date-time string")
        return value


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=200, description="Your id for the comment.", examples=["c-1"])
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, pattern=NOT_BLANK,
                      description=f"The comment as written (at most {MAX_TEXT_CHARS:,} characters).",
                      examples=["min jam besuk lapas cipinang kapan ya?"])
    platform: str | None = Field(None, max_length=40, examples=["instagram"],
                                 description="instagram, x, facebook, youtube or tiktok: "
                                             "sets reply length and hashtags.")
    author: AuthorIn | None = Field(None, description="The author, as far as the platform tells.")


class ScoreRequest(BaseModel):
    comments: list[CommentIn] = Field(
        description="The comments to score (at most 10,000 per request).",
        examples=[[{"id": "c-1", "text": "min jam besuk lapas cipinang kapan ya?", "platform": "instagram"}]])


class ScoreResult(BaseModel):
    id: str = Field(description="Your id for the comment, as sent.", examples=["c-1"])
    label: Label = Field(description="The suggested class.", examples=[Label.INFO_REQUEST])
    confidence: float = Field(ge=0, le=1, description="Calibrated probability of `label`.", examples=[0.91])
    probabilities: dict[Label, float] = Field(description="Calibrated probability of every class.",
                                              examples=[PROBABILITIES_EXAMPLE])
    action: Action = Field(description="The playbook action.", examples=[Action.REPLY])
    reply_draft: str | None = Field(description="A reply to start from, for actions that reply.",
                                    examples=["Halo Sahabat Pemasyarakatan, jadwal kunjungan ... 🙏"])
    reasons: list[str] = Field(description="In plain words, what pushed the model to this label "
                                           "(words, letter patterns, account signals).",
                               examples=[[f'the words "jam besuk" point to {Label.INFO_REQUEST}']])
    needs_review: bool = Field(False, description="True when the confidence is below the model's review "
                                                  "threshold (chosen on validation) or text and account "
                                                  "disagree: a person should look first.", examples=[False])
    action_reason: str = Field(
        description="Why the playbook picked the action (the rule, in plain words).",
        examples=["General information request: public reply from the knowledge base."])
    hide: bool = Field(description="The playbook suggests hiding the comment (personal data, spam).",
                       examples=[False])
    follow_up: bool = Field(description="Log for follow-up (complaints).", examples=[False])
    personal_data: list[str] = Field(description="Kinds of personal data found in the comment.",
                                     examples=[["phone number"]])
    draft_source: str | None = Field(description="What a knowledge-base answer in the draft rests on.",
                                     examples=["UU 22/2022 Pasal 10; Permenkumham 7/2022"])
    auto_resolve: bool = Field(
        False, description="True when the desk would resolve this comment without a person: its label "
                           "and action have an auto rule in the playbook and its confidence reaches the "
                           "threshold the model card gives for an error rate (never for complaints, "
                           "information requests, personal data or anything flagged needs_review).",
        examples=[False])


class ScoreResponse(BaseModel):
    model_version: str = Field(description="The model that scored the comments.", examples=["2026.11.27"])
    results: list[ScoreResult] = Field(description="One result per comment, in the order sent.")


class Health(BaseModel):
    status: str = Field(description="ok when the app, its model and the database answer; "
                                    "database_unavailable (with 503) when the database cannot be reached.",
                        examples=["ok"])
    model_version: str = Field(description="The model in use.", examples=["2026.11.27"])
    database: str = Field(default="ok", description="ok, or unreachable.", examples=["ok"])
