"""The tables. The model's suggestion and the people's decisions are kept apart: one
suggestion per comment, any number of decisions (append-only), so the audit trail has both."""

from datetime import UTC, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=16)  # admin | supervisor
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class Account(SQLModel, table=True):
    """A comment author on one platform, as last seen in an import."""

    __table_args__ = (UniqueConstraint("platform", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    key: str = Field(max_length=255)  # the platform's account id, else "@" + username
    external_id: str | None = Field(default=None, max_length=255)
    username: str | None = Field(default=None, max_length=255)
    display_name: str | None = Field(default=None, max_length=255)
    followers: int | None = None
    following: int | None = None
    posts: int | None = None
    has_profile_picture: bool | None = None
    is_private: bool | None = None
    bio: str | None = Field(default=None, max_length=2000)
    account_created_at: datetime | None = None
    verified: bool | None = None


class Post(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("platform", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    external_id: str = Field(max_length=255)


class Comment(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        # The queue: pending comments in priority order, then oldest first (keyset paging).
        Index("ix_comment_queue", "status", "priority", "created_at", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16, index=True)
    external_id: str = Field(max_length=255)
    text: str
    created_at: datetime = Field(default_factory=utcnow)  # the platform's time, else import time
    imported_at: datetime = Field(default_factory=utcnow)
    parent_external_id: str | None = Field(default=None, max_length=255)
    post_id: int | None = Field(default=None, foreign_key="post.id")
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    like_count: int | None = None
    hidden: bool | None = None
    status: str = Field(default="pending", max_length=16)  # pending | decided
    priority: int = 9  # lower first; set from the suggestion by the playbook
    claimed_by: int | None = Field(default=None, foreign_key="user.id")
    claim_expires_at: datetime | None = None


class Suggestion(SQLModel, table=True):
    """What the model suggested for a comment (never edited by people)."""

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="comment.id", unique=True)
    label: str = Field(max_length=16, index=True)
    confidence: float
    probabilities: dict = Field(sa_column=Column(JSON, nullable=False))
    action: str = Field(max_length=24, index=True)
    reply_draft: str | None = None
    reasons: list = Field(sa_column=Column(JSON, nullable=False))
    needs_review: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    model_version: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class Decision(SQLModel, table=True):
    """What an admin decided and did. Append-only: a correction is a new row."""

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="comment.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    decided_at: datetime = Field(default_factory=utcnow, index=True)
    label: str = Field(max_length=16)
    action: str = Field(max_length=24)
    reply_text: str | None = None
    note: str | None = Field(default=None, max_length=2000)
    overrode_suggestion: bool = False
    suggestion_id: int | None = Field(default=None, foreign_key="suggestion.id")
