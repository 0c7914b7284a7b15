"""Crisis mode in the store: find swarms on posts after an import, group their comments by
narrative, and let a supervisor answer each narrative once while the rest get no response."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, select

from triage.labels import Action, Label
from triage.playbook.crisis import Attack, Burst, CrisisSettings, crisis_settings, find_burst, narratives
from triage.playbook.replies import reply_book
from triage.playbook.rules import playbook
from triage.store.models import (
    Account,
    Comment,
    Decision,
    Narrative,
    Post,
    Suggestion,
    Swarm,
    SwarmMember,
    User,
    utcnow,
)
from triage.store.queue import DECIDED, PENDING, QueueError

OPEN, CLOSED = "open", "closed"


@dataclass(frozen=True)
class SwarmView:
    swarm: Swarm
    post: Post | None
    narratives: list[tuple[Narrative, list[Comment]]]
    pending: int


def scan(session: Session, post_ids: set[int], settings: CrisisSettings) -> list[Swarm]:
    """Check these posts for a swarm; open or grow one where the attacks burst. Returns the
    swarms that were opened or grew."""
    found = []
    for post_id in sorted(post_ids):
        burst = find_burst(_attacks_on(session, post_id, settings), settings)
        if burst is not None:
            found.append(_record(session, post_id, burst))
    return found


def _attacks_on(session: Session, post_id: int, settings: CrisisSettings) -> list[Attack]:
    # The suggested label copied onto the comment row: no join with the suggestions needed.
    newest = session.exec(select(Comment.created_at)
                          .where(Comment.post_id == post_id, Comment.suggested_label == Label.ATTACK)
                          .order_by(Comment.created_at.desc()).limit(1)).first()
    if newest is None:
        return []
    since = newest - timedelta(minutes=settings.window_minutes, hours=settings.baseline_hours)
    # Plain columns, not ORM objects: a large import scans many posts.
    rows = session.exec(select(Comment.id, Comment.created_at, Comment.text, Comment.account_id,
                               Account.account_created_at, Account.followers)
                        .join(Account, Account.id == Comment.account_id, isouter=True)
                        .where(Comment.post_id == post_id, Comment.suggested_label == Label.ATTACK,
                               Comment.created_at > since))
    return [Attack(comment_id, posted_at, text,
                   account_id is not None and _suspicious(posted_at, account_created_at, followers, settings))
            for comment_id, posted_at, text, account_id, account_created_at, followers in rows]


def _suspicious(posted_at: datetime, account_created_at: datetime | None, followers: int | None,
                settings: CrisisSettings) -> bool:
    young = (account_created_at is not None
             and posted_at - account_created_at < timedelta(days=settings.new_account_days))
    return young or followers == 0


def _record(session: Session, post_id: int, burst: Burst) -> Swarm:
    swarm = session.exec(select(Swarm).where(Swarm.post_id == post_id, Swarm.status == OPEN)).first()
    if swarm is None:
        post = session.get(Post, post_id)
        swarm = Swarm(platform=post.platform, post_id=post_id, window_start=burst.window_start,
                      window_end=burst.window_end, attack_count=0, expected_count=burst.expected,
                      suspicious_share=0, duplicate_share=0)
        session.add(swarm)
        session.flush()
    known = set(session.exec(select(SwarmMember.comment_id).where(SwarmMember.swarm_id == swarm.id)))
    session.add_all(SwarmMember(swarm_id=swarm.id, comment_id=a.comment_id)
                    for a in burst.attacks if a.comment_id not in known)
    swarm.window_end = burst.window_end
    swarm.attack_count = len(known | {a.comment_id for a in burst.attacks})
    swarm.suspicious_share = round(burst.suspicious_share, 3)
    swarm.duplicate_share = round(burst.duplicate_share, 3)
    session.flush()
    _regroup(session, swarm)
    _silence_members(session, swarm)
    return swarm


def _regroup(session: Session, swarm: Swarm) -> None:
    """Cluster the members no approved narrative covers yet (approved answers stay as they are)."""
    members = session.exec(select(SwarmMember, Comment, Narrative)
                           .join(Comment, Comment.id == SwarmMember.comment_id)
                           .join(Narrative, Narrative.id == SwarmMember.narrative_id, isouter=True)
                           .where(SwarmMember.swarm_id == swarm.id)).all()
    open_members = [(m, c) for m, c, n in members if n is None or n.approved_at is None]
    stale = {n.id for _, _, n in members if n is not None and n.approved_at is None}
    for member, _ in open_members:
        member.narrative_id = None
    session.flush()
    for narrative_id in stale:
        session.delete(session.get(Narrative, narrative_id))
    session.flush()
    if not open_members:
        return
    groups = narratives([c.text for _, c in open_members], crisis_settings().narrative_distance)
    for number, group in enumerate(groups, start=1):
        representative = open_members[group.representative][1]
        draft = reply_book().render("clarification", swarm.platform, seed=f"swarm-{swarm.id}-{number}",
                                    narrative=group.summary)
        narrative = Narrative(swarm_id=swarm.id, summary=group.summary[:200],
                              representative_comment_id=representative.id, draft=draft)
        session.add(narrative)
        session.flush()
        for index in group.members:
            open_members[index][0].narrative_id = narrative.id
    session.flush()


def _silence_members(session: Session, swarm: Swarm) -> None:
    """Pending members now follow the playbook's swarm rule (no answer to each comment)."""
    book = playbook()
    verdict = book.decide(book.facts(Label.ATTACK, "", in_swarm=True))
    member_ids = select(SwarmMember.comment_id).where(SwarmMember.swarm_id == swarm.id)
    pending = select(Comment.id).where(Comment.id.in_(member_ids), Comment.status == PENDING)
    session.exec(update(Suggestion).where(Suggestion.comment_id.in_(pending))
                 .values(action=verdict.action.value, rule=verdict.rule, action_reason=verdict.reason,
                         reply_draft=None, draft_source=None))
    session.exec(update(Comment).where(Comment.id.in_(pending))
                 .values(priority=verdict.priority, suggested_action=verdict.action.value))


def approve(session: Session, narrative_id: int, supervisor: User, text: str) -> int:
    """Approve the clarification for one narrative: it is recorded as the pinned reply on the
    representative comment, and the narrative's other pending comments get no response.
    Returns how many comments were decided."""
    narrative = session.get(Narrative, narrative_id)
    if narrative is None or narrative.approved_at is not None:
        raise QueueError("no narrative waiting for approval with that number")
    swarm = session.get(Swarm, narrative.swarm_id)
    problems = reply_book().problems(text, swarm.platform)
    if problems:
        raise QueueError("the clarification cannot be pinned: " + "; ".join(problems))
    narrative.approved_text, narrative.approved_by, narrative.approved_at = text, supervisor.id, utcnow()
    members = session.exec(select(SwarmMember.comment_id)
                           .where(SwarmMember.narrative_id == narrative_id)).all()
    decided = 0
    for comment_id in members:
        pinned = comment_id == narrative.representative_comment_id
        action = Action.PIN_CLARIFICATION if pinned else Action.NO_RESPONSE
        decided += _decide_for_swarm(session, comment_id, supervisor, action, text if pinned else None,
                                     f"swarm {swarm.id}: {narrative.summary}")
    return decided


def _decide_for_swarm(session: Session, comment_id: int, supervisor: User, action: Action,
                      reply: str | None, note: str) -> int:
    now = utcnow()
    free = or_(Comment.claimed_by.is_(None), Comment.claimed_by == supervisor.id,
               Comment.claim_expires_at < now)
    taken = session.exec(update(Comment).where(Comment.id == comment_id, Comment.status == PENDING, free)
                         .values(status=DECIDED, claimed_by=None, claim_expires_at=None))
    if taken.rowcount != 1:
        return 0  # already decided, or an admin is working on it right now
    suggestion = session.exec(select(Suggestion).where(Suggestion.comment_id == comment_id)).first()
    session.add(Decision(comment_id=comment_id, user_id=supervisor.id, label=Label.ATTACK.value,
                         action=action.value, reply_text=reply, note=note, decided_at=now,
                         overrode_suggestion=suggestion is None or suggestion.action != action.value,
                         suggestion_id=suggestion.id if suggestion else None))
    return 1


def close(session: Session, swarm_id: int, supervisor: User) -> Swarm:
    swarm = session.get(Swarm, swarm_id)
    if swarm is None or swarm.status != OPEN:
        raise QueueError("no open swarm with that number")
    swarm.status, swarm.closed_by, swarm.closed_at = CLOSED, supervisor.id, utcnow()
    return swarm


def open_swarms(session: Session) -> list[tuple[Swarm, Post | None]]:
    return list(session.exec(select(Swarm, Post).join(Post, Post.id == Swarm.post_id, isouter=True)
                             .where(Swarm.status == OPEN).order_by(Swarm.detected_at.desc())))


def view(session: Session, swarm_id: int) -> SwarmView:
    swarm = session.get(Swarm, swarm_id)
    if swarm is None:
        raise QueueError("no swarm with that number")
    groups = []
    for narrative in session.exec(select(Narrative).where(Narrative.swarm_id == swarm_id)
                                  .order_by(Narrative.id)):
        comments = session.exec(select(Comment).join(SwarmMember, SwarmMember.comment_id == Comment.id)
                                .where(SwarmMember.narrative_id == narrative.id)
                                .order_by(Comment.created_at)).all()
        groups.append((narrative, list(comments)))
    groups.sort(key=lambda group: len(group[1]), reverse=True)
    pending = sum(1 for _, comments in groups for c in comments if c.status == PENDING)
    return SwarmView(swarm, session.get(Post, swarm.post_id) if swarm.post_id else None, groups, pending)
