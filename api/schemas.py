"""The request and response shapes of /api/v1 (the contract in PRODUCT.md). Every field has a
description and an example: the OpenAPI page at /docs is the API's manual."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from triage.labels import Action, Label
from triage.scoring import MAX_TEXT_CHARS

PROBABILITIES_EXAMPLE = dict(zip(Label, [0.02, 0.91, 0.04, 0.01, 0.0, 0.02], strict=True))


class AuthorIn(BaseModel):
    """What the platform tells about the comment's author; a missing field is unknown, not zero."""

    username: str | None = Field(None, max_length=200, description="Handle, without @.",
                                 examples=["budi_santoso88"])
    display_name: str | None = Field(None, max_length=200, description="Name shown on the profile.",
                                     examples=["Budi"])
    followers: int | None = Field(None, ge=0, description="Followers of the account.", examples=[120])
    following: int | None = Field(None, ge=0, description="Accounts it follows.", examples=[340])
    posts: int | None = Field(None, ge=0, description="Posts or tweets it has published.", examples=[15])
    has_profile_picture: bool | None = Field(None, description="Not the platform's default picture.",
                                             examples=[True])
    is_private: bool | None = Field(None, description="Private or protected account.", examples=[False])
    bio: str | None = Field(None, max_length=2000, description="Profile text.", examples=["Warga Bandung"])
    created_at: datetime | None = Field(None, description="When the account was created (ISO 8601).",
                                        examples=["2021-03-04T10:00:00Z"])
    verified: bool | None = Field(None, description="Verified by the platform.", examples=[False])


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=200, description="Your id for the comment.", examples=["c-1"])
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS,
                      description=f"The comment as written (at most {MAX_TEXT_CHARS:,} characters).",
                      examples=["min jam besuk lapas cipinang kapan ya?"])
    platform: str | None = Field(None, max_length=40, examples=["instagram"],
                                 description="instagram, x, facebook, youtube or tiktok: "
                                             "sets reply length and hashtags.")
    author: AuthorIn | None = Field(None, description="The author, as far as the platform tells.")

    @field_validator("text")
    @classmethod
    def not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("text is empty")
        return text


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
    reasons: list[str] = Field(description="In plain words, what pushed the model to this label.",
                               examples=[[f'the words "jam besuk" point to {Label.INFO_REQUEST}']])
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


class ScoreResponse(BaseModel):
    model_version: str = Field(description="The model that scored the comments.", examples=["2026.11.27"])
    results: list[ScoreResult] = Field(description="One result per comment, in the order sent.")


class Health(BaseModel):
    status: str = Field(description="ok when the app and its model are loaded.", examples=["ok"])
    model_version: str = Field(description="The model in use.", examples=["2026.11.27"])
