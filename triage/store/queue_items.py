"""What the queue is asked for and what it answers: the filters of a page, one item as the
pages show it (with links to the comment and its post on the platform), and the cursor that
marks where the next page starts."""

from dataclasses import dataclass
from datetime import datetime

from triage.live import links
from triage.store.models import Account, Comment, Post, Suggestion, utcnow


@dataclass(frozen=True)
class QueueFilters:
    platform: str | None = None
    label: str | None = None
    action: str | None = None
    search: str | None = None


@dataclass(frozen=True)
class QueueItem:
    comment: Comment
    suggestion: Suggestion | None
    account: Account | None
    claimed_by: str | None  # who holds a live claim, if anyone
    post: Post | None = None  # the post the comment is on
    parent: Comment | None = None  # the comment it answers, when the desk has it

    @property
    def url(self) -> str | None:
        """Opens the comment on the platform."""
        c = self.comment
        return links.comment_url(c.platform, c.external_id, self.post.external_id if self.post else None,
                                 c.permalink)

    @property
    def post_url(self) -> str | None:
        post = self.post
        return links.post_url(post.platform, post.external_id, post.permalink) if post else None


def cursor_of(comment: Comment) -> str:
    return f"{comment.priority}_{comment.created_at.timestamp():.6f}_{comment.id}"


def parse_cursor(cursor: str) -> tuple[int, datetime, int] | None:
    try:
        priority, stamp, comment_id = cursor.split("_")
        return int(priority), datetime.fromtimestamp(float(stamp), tz=utcnow().tzinfo), int(comment_id)
    except (ValueError, OverflowError, OSError):
        return None
