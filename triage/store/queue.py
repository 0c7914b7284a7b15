"""The triage queue: pending comments in priority order (paged, filtered, searched), claims,
decisions. What a page is asked for and what it answers are in `triage.store.queue_items`."""

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, tuple_, update
from sqlmodel import Session, func, select

from triage.errors import TriageError
from triage.labels import Action, Label
from triage.live import actions
from triage.playbook.replies import reply_book
from triage.store.models import Account, Comment, Decision, Post, Suggestion, User, utcnow
from triage.store.queue_items import QueueFilters, QueueItem, cursor_of, parse_cursor
from triage.store.search import searchable_text, text_holds, through_text_index, where_text_holds
from triage.store.users import Role

PENDING, DECIDED, OWN = "pending", "decided", "own"  # own: written by the agency, never queued
AUTO = "auto"  # resolved by the model alone (triage.store.autoresolve): off the queue until undone
QUEUE_ORDER = (Comment.priority, Comment.created_at, Comment.id)
# A search's page is looked for first among this many comments at the top of the queue (a few
# ms) before the text index is asked for all of its matches.
SEARCH_WALK = 3_000
# Claims look this many matches deeper in the walk, so that rows others are claiming at the same
# moment (skipped on PostgreSQL) leave enough to take.
CLAIM_SLACK = 50
MAX_BATCH = 500  # comments one batch decision may take
NO_FILTERS = QueueFilters()


class QueueError(TriageError):
    """A queue action that cannot be done (already decided, claimed by someone else...)."""


def _filtered(session: Session, query, filters: QueueFilters):
    """Only pending comments matching the filters; each filter has its own index."""
    query = query.where(Comment.status == PENDING)
    if filters.platform:
        query = query.where(Comment.platform == filters.platform)
    if filters.label:
        query = query.where(Comment.suggested_label == filters.label)
    if filters.action:
        query = query.where(Comment.suggested_action == filters.action)
    if filters.search:
        query = where_text_holds(query, filters.search, session.get_bind().dialect.name)
    return query


def pending(session: Session, filters: QueueFilters, after: str | None = None,
            limit: int = 50) -> tuple[list[QueueItem], str | None]:
    """One page of the queue and the cursor of the next page (keyset paging: the cost of a
    page does not grow with how deep in the queue it is)."""
    items, next_cursor, _ = _pending(session, filters, after, limit)
    return items, next_cursor


def pending_with_count(session: Session, filters: QueueFilters, after: str | None = None,
                       limit: int = 50) -> tuple[list[QueueItem], str | None, int]:
    """`pending` and `pending_count` at once, as the queue page shows them: on PostgreSQL a search's
    first page found through the text index has counted its matches already."""
    items, next_cursor, total = _pending(session, filters, after, limit)
    if total is None:
        return items, next_cursor, pending_count(session, filters)
    return items, next_cursor, min(total, count_cap(filters))


def _pending(session: Session, filters: QueueFilters, after: str | None,
             limit: int) -> tuple[list[QueueItem], str | None, int | None]:
    """`pending`, and the count of all matching comments when finding the page counted them."""
    now = utcnow()
    position = parse_cursor(after) if after else None
    found, total = _searched_page(session, filters, position, limit + 1) if filters.search else (None, None)
    if found is None:
        page = _in_queue_order(_filtered(session, select(Comment.id), filters), position).limit(limit + 1)
    else:
        page = select(Comment.id).where(Comment.id.in_(found))
    # The page is picked from comment alone, then joined: a search matching thousands made
    # PostgreSQL join every match to its suggestion before keeping the top 51 (bench/README.md).
    page = page.subquery()
    query = (select(Comment, Suggestion, Account, User.username, Post)
             .join(page, page.c.id == Comment.id)
             .join(Suggestion, Suggestion.comment_id == Comment.id, isouter=True)
             .join(Account, Account.id == Comment.account_id, isouter=True)
             .join(User, User.id == Comment.claimed_by, isouter=True)
             .join(Post, Post.id == Comment.post_id, isouter=True)
             .order_by(*QUEUE_ORDER))
    rows = session.exec(query).all()
    parents = _parents(session, [row[0] for row in rows[:limit]])
    items = [
        QueueItem(comment, suggestion, account,
                  holder if comment.claim_expires_at and comment.claim_expires_at > now else None,
                  post, parents.get((comment.platform, comment.parent_external_id)))
        for comment, suggestion, account, holder, post in rows[:limit]
    ]
    next_cursor = cursor_of(rows[limit - 1][0]) if len(rows) > limit else None
    return items, next_cursor, None if position else total


def _parents(session: Session, comments: list[Comment]) -> dict[tuple[str, str], Comment]:
    """The comments that `comments` answer, among those the desk has, in one query."""
    wanted = {(c.platform, c.parent_external_id) for c in comments if c.parent_external_id}
    if not wanted:
        return {}
    found = session.exec(select(Comment).where(tuple_(Comment.platform, Comment.external_id).in_(wanted)))
    return {(c.platform, c.external_id): c for c in found}


COUNT_CAP = 10_000
# A search is counted to a lower cap: each match is a table row read (the text index cannot
# count by itself): bench/README.md has what 10,000 matches cost on PostgreSQL at a million.
SEARCH_COUNT_CAP = 1_000


def count_cap(filters: QueueFilters) -> int:
    return SEARCH_COUNT_CAP if filters.search else COUNT_CAP


def pending_count(session: Session, filters: QueueFilters) -> int:
    """Pending comments matching `filters`, counted up to `count_cap` (a result of the cap means
    "at least"): an exact count of a huge queue costs a full scan and tells the desk nothing more."""
    capped = _filtered(session, select(Comment.id), filters).limit(count_cap(filters)).subquery()
    with through_text_index(session, filters.search):
        return session.exec(select(func.count()).select_from(capped)).one()


def _in_queue_order(query, position: tuple | None = None):
    """`query` in queue order, from just after `position` (a parsed cursor) if given."""
    if position:
        query = query.where(tuple_(*QUEUE_ORDER) > position)
    return query.order_by(*QUEUE_ORDER)


def _searched_page(session: Session, filters: QueueFilters, position: tuple | None,
                   count: int) -> tuple[list[int] | None, int | None]:
    """The ids of a search's page (None: the ordinary filtered page, through the text index),
    and on PostgreSQL how many comments match when that was found out on the way. A common word
    is found among the first SEARCH_WALK comments of the queue, read in order; a rarer
    one is looked up in the text index and its matches put in order. Through the index alone,
    a common word took many times longer (bench/README.md).
    PostgreSQL's planner would pick between the two ways itself, by a guess at how common the
    word is that takes the matches to be spread evenly down the queue: for "lapas" (5,447 of a
    million) it guessed 99 on one database and 20,100 on another (see `through_text_index`)."""
    found = _walked(session, filters, count, position)
    if len(found) == count:
        return found, None
    # SQLite counts through its index (a window function cost far more: bench/README.md).
    if session.get_bind().dialect.name != "postgresql":
        return None, None
    # Counted in the same pass: PostgreSQL reads a table page for each match it counts.
    matches = _in_queue_order(_filtered(session, select(Comment.id, func.count().over()), filters), position)
    with through_text_index(session, filters.search):
        rows = session.exec(matches.limit(count)).all()
    return [comment_id for comment_id, _ in rows], rows[0][1] if rows else 0


def _walked(session: Session, filters: QueueFilters, limit: int, position: tuple | None = None,
            *conditions) -> list[int]:
    """The first `limit` comments holding `filters.search` among the top SEARCH_WALK comments of
    the queue otherwise filtered (and cut by `conditions`), from just after `position`, checked
    row by row in queue order. Fewer than `limit`: the rest, if any, lie deeper in the queue."""
    dialect = session.get_bind().dialect.name
    top = _filtered(session, select(*QUEUE_ORDER, searchable_text(dialect).label("text")),
                    replace(filters, search=None)).where(*conditions)
    walked = _in_queue_order(top, position).limit(SEARCH_WALK).subquery()
    return list(session.exec(select(walked.c.id).where(text_holds(walked.c.text, filters.search, dialect))
                             .order_by(walked.c.priority, walked.c.created_at, walked.c.id).limit(limit)))


def claim(session: Session, comment_id: int, user: User, minutes: int) -> bool:
    """Claim one pending comment for `user`. True if the claim is now theirs. Atomic: the
    condition and the write are one UPDATE, so two admins can never both win."""
    now = utcnow()
    result = session.exec(
        update(Comment)
        .where(Comment.id == comment_id, Comment.status == PENDING,
               or_(Comment.claimed_by.is_(None), Comment.claimed_by == user.id,
                   Comment.claim_expires_at < now))
        .values(claimed_by=user.id, claim_expires_at=now + timedelta(minutes=minutes))
    )
    return result.rowcount == 1


def claim_next(session: Session, user: User, count: int, minutes: int,
               filters: QueueFilters = NO_FILTERS) -> list[int]:
    """Claim up to `count` comments from the top of the (filtered) queue."""
    now = utcnow()
    claimable = or_(Comment.claimed_by.is_(None), Comment.claim_expires_at < now)
    postgres = session.get_bind().dialect.name == "postgresql"
    walk = bool(filters.search)
    won: list[int] = []
    while len(won) < count:  # others may take candidates first: look again until done or empty
        wanted = count - len(won)
        candidates, walked = _claim_candidates(session, filters, claimable, wanted, walk)
        with through_text_index(session, None if walked else filters.search):
            if postgres:
                taken = _claim_skip_locked(session, candidates, user, now + timedelta(minutes=minutes))
                found_any = bool(taken)  # SKIP LOCKED: none taken means none free right now...
            else:
                found = session.exec(candidates).all()
                taken, found_any = [i for i in found if claim(session, i, user, minutes)], bool(found)
        won += taken
        if not found_any and walked:  # ...among the walk's matches: others hold them all
            walk = False
        elif not found_any:
            break
    return won


def _claim_candidates(session: Session, filters: QueueFilters, claimable, wanted: int,
                      walk: bool) -> tuple[Select, bool]:
    """The query for the top `wanted` claimable comments, and whether `walk` found a search's
    matches down the queue (as a page's are: through the text index alone, claiming a common
    word, "yang" at a million comments, read and sorted all its matches on SQLite: slow).
    Otherwise a search's query needs `through_text_index`."""
    found = _walked(session, filters, wanted + CLAIM_SLACK, None, claimable) if walk else []
    walked = walk and len(found) >= wanted  # then the walk holds the top matches
    query = _filtered(session, select(Comment.id), replace(filters, search=None) if walked else filters)
    if walked:
        query = query.where(Comment.id.in_(found))
    return query.where(claimable).order_by(*QUEUE_ORDER).limit(wanted), walked


def _claim_skip_locked(session: Session, candidates, user: User, until: datetime) -> list[int]:
    """PostgreSQL: lock the top rows nobody else is locking (SKIP LOCKED) and claim them in one
    statement, so admins claiming at the same moment each get different comments without waiting."""
    locked = candidates.with_for_update(skip_locked=True, of=Comment).subquery()
    claimed = session.exec(update(Comment).where(Comment.id.in_(select(locked.c.id)))
                           .values(claimed_by=user.id, claim_expires_at=until).returning(Comment.id))
    ids = list(claimed.scalars())
    return list(session.exec(select(Comment.id).where(Comment.id.in_(ids))
                             .order_by(*QUEUE_ORDER)))


def release(session: Session, comment_id: int, user: User) -> bool:
    """Give a claimed comment back to the queue (skip)."""
    result = session.exec(update(Comment).where(Comment.id == comment_id, Comment.claimed_by == user.id)
                          .values(claimed_by=None, claim_expires_at=None))
    return result.rowcount == 1


SILENT_ACTIONS = (Action.LIKE, Action.NO_RESPONSE)


def longest_reply() -> int:
    """The longest reply the desk takes on any platform: Instagram's limit in
    responses/replies.toml, which the reply boxes are sized to. Each platform's own limit there
    is checked besides (`ReplyBook.problems`)."""
    return reply_book().limit("instagram")


def _checked_reply(session: Session, comment_id: int, user: User, action: Action,
                   reply_text: str | None) -> str | None:
    """The reply to record, after the desk's rules; raises QueueError naming what is wrong."""
    if action == Action.PIN_CLARIFICATION and user.role != Role.SUPERVISOR:
        raise QueueError("a supervisor approves clarifications before they are pinned: skip it, "
                         "or choose another action")
    if action in SILENT_ACTIONS or not reply_text:
        return None  # a like or silence says nothing in public, whatever the draft box held
    if len(reply_text) > (limit := longest_reply()):
        raise QueueError(f"the reply is {len(reply_text):,} characters; the limit is {limit:,}")
    comment = session.get(Comment, comment_id)
    problems = reply_book().problems(reply_text, comment.platform if comment else None)
    if problems:
        raise QueueError("the reply cannot be sent: " + "; ".join(problems))
    return reply_text


def decide(session: Session, comment_id: int, user: User, label: str, action: str,
           reply_text: str | None = None, note: str | None = None, hide: bool = False,
           platform_actions: str = "off") -> Decision:
    """Record what `user` decided; the comment leaves the queue. The user must hold the claim,
    and a reply must pass the desk's rules (greeting, length, no personal data...). Unless
    `platform_actions` (TRIAGE_ACTIONS) is off, the calls that carry it out on the platform are
    recorded with it, in the same transaction."""
    label, action = Label(label).value, Action(action).value
    reply_text = _checked_reply(session, comment_id, user, Action(action), reply_text)
    now = utcnow()
    taken = session.exec(
        update(Comment)
        .where(Comment.id == comment_id, Comment.status == PENDING, Comment.claimed_by == user.id,
               Comment.claim_expires_at > now)
        .values(status=DECIDED, claimed_by=None, claim_expires_at=None)
    )
    if taken.rowcount != 1:
        raise QueueError(_why_not_decidable(session, comment_id, user))
    suggestion = session.exec(select(Suggestion).where(Suggestion.comment_id == comment_id)).first()
    overrode = suggestion is None or (suggestion.label, suggestion.action) != (label, action)
    decision = Decision(comment_id=comment_id, user_id=user.id, label=label, action=action,
                        reply_text=reply_text or None, note=note or None, overrode_suggestion=overrode,
                        suggestion_id=suggestion.id if suggestion else None, decided_at=now, hide=hide)
    session.add(decision)
    session.flush()
    actions.plan(session, decision, session.get(Comment, comment_id), platform_actions)
    return decision


def pending_of_account(session: Session, account_id: int, label: str, limit: int = MAX_BATCH) -> list[int]:
    """The account's pending comments the model suggested `label` for (all spam from one
    account), in queue order."""
    return list(session.exec(select(Comment.id).where(Comment.status == PENDING,
                                                      Comment.account_id == account_id,
                                                      Comment.suggested_label == label)
                             .order_by(*QUEUE_ORDER).limit(limit)))


def decide_many(session: Session, comment_ids: list[int], user: User, label: str, action: str,
                minutes: int, note: str | None = None, hide: bool = False,
                platform_actions: str = "off") -> tuple[list[Decision], dict[int, str]]:
    """One decision for many comments (a swarm's narrative, one account's spam), recorded one
    by one: each is claimed for `user` and decided as `decide` would. Returns the decisions and,
    for each comment that could not be decided, why (held by someone else, already decided)."""
    decided, refused = [], {}
    for comment_id in dict.fromkeys(comment_ids):
        try:
            if not claim(session, comment_id, user, minutes):
                raise QueueError(_why_not_decidable(session, comment_id, user))
            decided.append(decide(session, comment_id, user, label, action, None, note, hide=hide,
                                  platform_actions=platform_actions))
        except QueueError as error:
            refused[comment_id] = str(error)
    return decided, refused


def _why_not_decidable(session: Session, comment_id: int, user: User) -> str:
    comment = session.get(Comment, comment_id)
    if comment is None:
        return "no such comment"
    if comment.status != PENDING:
        return "this comment was already decided"
    if comment.claimed_by is None or comment.claimed_by != user.id:
        holder = session.get(User, comment.claimed_by) if comment.claimed_by else None
        if holder and comment.claim_expires_at and comment.claim_expires_at > utcnow():
            return f"this comment is claimed by {holder.username}"
        return "claim this comment before deciding"
    return "your claim has expired: claim it again"
