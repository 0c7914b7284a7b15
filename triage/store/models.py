"""The tables. The model's suggestion and the people's decisions are kept apart: one
suggestion per comment, any number of decisions (append-only), so the audit trail has both."""

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from triage.store.clock import utcnow

__all__ = ["utcnow"]  # every store module reads the store's "now" from here, beside the tables


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=16)  # admin | supervisor
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    # Raised when the user is disabled or the password changes: older sign-ins end at once.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    totp_secret: str | None = Field(default=None, max_length=64)  # second factor, when enrolled


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
    redacted_at: datetime | None = None  # its details were erased (retention or a person's request)


class Post(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("platform", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    external_id: str = Field(max_length=255)
    permalink: str | None = Field(default=None, max_length=1000)  # when the platform gave one


class Comment(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        # The queue: pending comments in priority order, then oldest first (keyset paging).
        Index("ix_comment_queue", "status", "priority", "created_at", "id"),
        # One per queue filter, in queue order: a filter for a rare label or platform reads
        # only its own rows, also at a million comments.
        Index("ix_comment_queue_label", "status", "suggested_label", "priority", "created_at", "id"),
        Index("ix_comment_queue_action", "status", "suggested_action", "priority", "created_at", "id"),
        Index("ix_comment_queue_platform", "status", "platform", "priority", "created_at", "id"),
        # Crisis mode: a post's recent comments, read after every import.
        Index("ix_comment_post_time", "post_id", "created_at"),
        # Text search has its own index outside the models: see migration 0008 and SEARCH_INDEX.
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
    attachment: str | None = Field(default=None, max_length=32)  # sticker, photo...: may have no text
    permalink: str | None = Field(default=None, max_length=1000)  # opens the comment on the platform
    status: str = Field(default="pending", max_length=16)  # pending | decided
    priority: int = 9  # lower first; set from the suggestion by the playbook
    # The suggestion's label and action, copied here so that the queue filters use an index.
    suggested_label: str | None = Field(default=None, max_length=16)
    suggested_action: str | None = Field(default=None, max_length=24)
    claimed_by: int | None = Field(default=None, foreign_key="user.id")
    claim_expires_at: datetime | None = None
    # Set when the text was erased (retention or a person's request); the hash of the erased
    # text stays, so that the audit can still tell whether a text it is shown was this one.
    redacted_at: datetime | None = Field(default=None, index=True)
    text_sha256: str | None = Field(default=None, max_length=64)


class Suggestion(SQLModel, table=True):
    """What the model suggested for a comment (never edited by people)."""

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="comment.id", unique=True)
    label: str = Field(max_length=16)  # the queue filters on the copy in Comment
    confidence: float
    probabilities: dict = Field(sa_column=Column(JSON, nullable=False))
    action: str = Field(max_length=24)
    reply_draft: str | None = None
    reasons: list = Field(sa_column=Column(JSON, nullable=False))
    needs_review: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    model_version: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    # What the playbook made of it: the rule, why, and what the desk should also do.
    rule: str = Field(default="", max_length=120)
    action_reason: str = Field(default="", max_length=500)
    hide: bool = False
    follow_up: bool = False
    personal_data: list = Field(default_factory=list,
                                sa_column=Column(JSON, nullable=False, server_default="[]"))
    draft_source: str | None = Field(default=None, max_length=500)
    # Set when the desk may resolve it without a person: the playbook's auto rule, its threshold.
    auto_rule: str | None = Field(default=None, max_length=120)
    auto_threshold: float | None = None


class FormalRequest(SQLModel, table=True):
    """An information request that became a formal one under UU 14/2008: on the clock."""

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="comment.id", unique=True)
    opened_by: int = Field(foreign_key="user.id")
    received_on: date
    due_on: date
    extended: bool = False
    answered_at: datetime | None = Field(default=None, index=True)
    note: str | None = Field(default=None, max_length=2000)


class Swarm(SQLModel, table=True):
    """A burst of attacks on one post far above its usual rate (crisis mode)."""

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    post_id: int | None = Field(default=None, foreign_key="post.id", index=True)
    detected_at: datetime = Field(default_factory=utcnow)
    window_start: datetime
    window_end: datetime
    attack_count: int
    expected_count: float
    suspicious_share: float
    duplicate_share: float
    status: str = Field(default="open", max_length=16, index=True)  # open | closed
    closed_by: int | None = Field(default=None, foreign_key="user.id")
    closed_at: datetime | None = None


class Narrative(SQLModel, table=True):
    """One story a swarm tells; answered once with a pinned clarification a supervisor approved."""

    id: int | None = Field(default=None, primary_key=True)
    swarm_id: int = Field(foreign_key="swarm.id", index=True)
    summary: str = Field(max_length=200)
    representative_comment_id: int = Field(foreign_key="comment.id")
    draft: str
    approved_text: str | None = None
    approved_by: int | None = Field(default=None, foreign_key="user.id")
    approved_at: datetime | None = None


class SwarmMember(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("swarm_id", "comment_id"),)
    id: int | None = Field(default=None, primary_key=True)
    swarm_id: int = Field(foreign_key="swarm.id", index=True)
    comment_id: int = Field(foreign_key="comment.id", index=True)
    narrative_id: int | None = Field(default=None, foreign_key="narrative.id", index=True)


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
    hide: bool = Field(default=False, sa_column_kwargs={"server_default": false()})  # on the platform
    corrects_id: int | None = Field(default=None, foreign_key="decision.id", index=True)  # a correction
    # A decision the model made alone (its user is the model's): under which auto rule of the
    # playbook, from which confidence, and whether it was drawn for a supervisor's review.
    auto_rule: str | None = Field(default=None, max_length=120)
    auto_threshold: float | None = None
    review_drawn: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class Undo(SQLModel, table=True):
    """A person sent an auto-resolved comment back to the queue. Append-only, like decisions."""

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="decision.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class Review(SQLModel, table=True):
    """A supervisor's verdict on a decision drawn for review. Append-only, like decisions."""

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="decision.id", index=True)
    reviewer_id: int = Field(foreign_key="user.id")
    verdict: str = Field(max_length=8)  # right | wrong
    correct_label: str | None = Field(default=None, max_length=16)  # when wrong: what it should be
    note: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class ModelEvent(SQLModel, table=True):
    """Which model the desk uses, and who changed it (promote / rollback), for the audit."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # promote | rollback
    version: str = Field(max_length=64)
    previous_version: str | None = Field(default=None, max_length=64)
    actor: str = Field(max_length=64)
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    created_at: datetime = Field(default_factory=utcnow)


class PlatformAssignment(SQLModel, table=True):
    """Who works a platform; one of them is its responsible manager (as the study recommends)."""

    __table_args__ = (UniqueConstraint("platform", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16, index=True)
    user_id: int = Field(foreign_key="user.id")
    responsible: bool = False
    assigned_by: int = Field(foreign_key="user.id")
    assigned_at: datetime = Field(default_factory=utcnow)


class DutyShift(SQLModel, table=True):
    """An admin's duty shift (piket): on duty from start until ended."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = Field(default=None, index=True)


class ApiKey(SQLModel, table=True):
    """A key another system uses for the API. Only a hash is stored: the key is shown once."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=12)  # first characters, to recognise a key in lists and logs
    key_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class WebhookEvent(SQLModel, table=True):
    """A webhook delivery exactly as received, stored before anything else is done with it, so
    that none is lost; a redelivery (the same body) is recognised by its hash and adds nothing."""

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=16)  # meta
    body_sha256: str = Field(max_length=64, unique=True)
    body: str
    received_at: datetime = Field(default_factory=utcnow)
    status: str = Field(default="pending", max_length=16, index=True)  # pending | done | malformed
    reason: str | None = Field(default=None, max_length=1000)  # why malformed
    comments: int = 0  # how many comments it carried (stored once, however often delivered)
    rejected: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    processed_at: datetime | None = None


class Connection(SQLModel, table=True):
    """A platform account or feed the desk polls for comments and, when `act`, acts on."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    platform: str = Field(max_length=16)
    kind: str = Field(max_length=24)  # see triage.live.clients.KINDS
    target: str = Field(max_length=500)  # video/channel id, user id, search query, media/post id
    token_encrypted: str  # Fernet, keyed by TRIAGE_SECRET_KEY: a database dump alone reveals nothing
    interval_seconds: int = 300
    act: bool = False  # the desk's replies, hides and likes on this platform go through it
    active: bool = True
    cursor: str | None = Field(default=None, max_length=500)  # since-id / newest time seen
    next_poll_at: datetime = Field(default_factory=utcnow)
    failures: int = 0  # in a row; sets the back-off
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=1000)
    last_error_at: datetime | None = None
    count_day: date | None = None  # the desk day `count_today` counts
    count_today: int = 0  # new comments it brought in that day
    created_at: datetime = Field(default_factory=utcnow)


class PlatformAction(SQLModel, table=True):
    """One call the desk makes on a platform for a decision (reply, hide, unhide, like): written
    in the decision's transaction (an outbox), sent afterwards, retried until it succeeds."""

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int | None = Field(default=None, foreign_key="decision.id", index=True)
    comment_id: int = Field(foreign_key="comment.id", index=True)
    platform: str = Field(max_length=16)
    kind: str = Field(max_length=16)  # reply | hide | unhide | like
    text: str | None = None  # the reply
    idempotency_key: str = Field(max_length=120, unique=True)  # one call per decision and kind
    mode: str = Field(max_length=16)  # dry-run | live, as TRIAGE_ACTIONS was when decided
    status: str = Field(default="pending", max_length=16, index=True)
    # pending | sending | sent | failed | dry_run | unsupported; "sending" found after a restart
    # means the call may have reached the platform: it is checked there before any resend.
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    response_status: int | None = None
    response_body: str | None = Field(default=None, max_length=2000)
    remote_id: str | None = Field(default=None, max_length=255)  # the reply's id on the platform
    created_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None
class PrivacyEvent(SQLModel, table=True):
    """A retention run, a person's data shown or erased: who did it and when, with counts only,
    never the data itself (UU 27/2022 PDP)."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # retention | access | forget
    actor: str = Field(max_length=64)
    platform: str | None = Field(default=None, max_length=16)
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class PersonalDataView(SQLModel, table=True):
    """One look at a comment's personal data unmasked (the access log)."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    comment_id: int = Field(foreign_key="comment.id", index=True)
    place: str = Field(max_length=16)  # queue | people
    viewed_at: datetime = Field(default_factory=utcnow, index=True)
