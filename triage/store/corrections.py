"""The learning loop's data: what the desk corrected becomes labelled training data, with its
provenance. Counted: decisions that overrode the model, supervisors' corrections, and reviews
that named the right label. The latest word on a comment wins (review, then correction,
then the admin's override). Accepted suggestions are left out: they would only teach the
model what it already says. Personal data in the texts is masked (the file is kept for
training), and erased comments are left out."""

from sqlmodel import Session, select

from triage.privacy.masking import mask
from triage.store.models import Comment, Decision, Review, User

DESK_SOURCE = "desk"


def desk_examples(session: Session) -> list[dict]:
    """Rows of text, label, source, source_label (where the label came from)."""
    labelled: dict[int, tuple[int, str, str, str]] = {}  # comment id -> (rank, label, provenance, text)

    def offer(comment_id: int, rank: int, label: str, provenance: str, text: str) -> None:
        if comment_id not in labelled or rank >= labelled[comment_id][0]:
            labelled[comment_id] = (rank, label, provenance, text)

    decisions = session.exec(select(Decision, Comment.text, User.username)
                             .join(Comment, Comment.id == Decision.comment_id)
                             .join(User, User.id == Decision.user_id)
                             .where(Decision.overrode_suggestion | Decision.corrects_id.is_not(None),
                                    Comment.redacted_at.is_(None))
                             .order_by(Decision.id))
    for decision, text, who in decisions:
        rank = 2 if decision.corrects_id else 1
        kind = "correction" if decision.corrects_id else "override"
        offer(decision.comment_id, rank, decision.label, f"{kind} {decision.id} by {who}", text)
    reviews = session.exec(select(Review, Decision.comment_id, Comment.text, User.username)
                           .join(Decision, Decision.id == Review.decision_id)
                           .join(Comment, Comment.id == Decision.comment_id)
                           .join(User, User.id == Review.reviewer_id)
                           .where(Review.correct_label.is_not(None), Comment.redacted_at.is_(None))
                           .order_by(Review.id))
    for review, comment_id, text, who in reviews:
        offer(comment_id, 3, review.correct_label, f"review {review.id} by {who}", text)
    return [{"text": mask(text), "label": label, "source": DESK_SOURCE, "source_label": provenance}
            for _, label, provenance, text in labelled.values()]
