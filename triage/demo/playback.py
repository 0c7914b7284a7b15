"""The demo's history played back through the store's own functions, each step at its moment;
each step leaves alone what an earlier run did."""

import random
import secrets
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select
from threadpoolctl import threadpool_limits

from triage.demo.plan import (
    CLAIM_MINUTES,
    HISTORY_FILE,
    PLACEHOLDER,
    Planned,
    Shift,
    desk_time,
    plan_comments,
    plan_shifts,
    swarm_answered_at,
)
from triage.importers.base import Author, ImportedComment
from triage.labels import Action
from triage.model.artifact import LoadedModel
from triage.playbook.replies import reply_book
from triage.playbook.rules import playbook
from triage.playbook.workdays import DESK_TIMEZONE, WorkingCalendar
from triage.settings import get_settings
from triage.store import audit, duty, formal_requests, queue, swarms
from triage.store.clock import clock_at
from triage.store.db import session_scope
from triage.store.ingest import import_records
from triage.store.models import Comment, Decision, DutyShift, Narrative, Review, Suggestion, utcnow
from triage.store.queue import PENDING, QueueError
from triage.store.users import Role, add_user, find_user


@dataclass
class HistorySummary:
    comments: int = 0  # new in the store
    decisions: int = 0  # by people, one comment at a time
    model_decisions: int = 0
    swarm_comments: int = 0  # decided through a swarm's narratives
    reviews: int = 0
    requests: int = 0  # formal information requests opened
    shifts: int = 0

    def line(self) -> str:
        return (f"history: comments {self.comments}, decisions {self.decisions}, by the model "
                f"{self.model_decisions}, in a swarm {self.swarm_comments}, reviews {self.reviews}, "
                f"formal requests {self.requests}, duty shifts {self.shifts}")


@dataclass
class Playback:
    engine: Engine
    loaded: LoadedModel
    history: dict
    calendar: WorkingCalendar
    summary: HistorySummary = field(default_factory=HistorySummary)


def load_history(engine: Engine, loaded: LoadedModel, path: Path = HISTORY_FILE,
                 now: datetime | None = None) -> HistorySummary:
    history = tomllib.loads(path.read_text(encoding="utf-8"))
    now, calendar = now or utcnow(), WorkingCalendar()
    shifts = plan_shifts(history, now, calendar)
    planned = plan_comments(history, shifts, now)
    with session_scope(engine) as session:
        _people(session, history)
        without_shifts = _admins_without_shifts(session, history)
    playback = Playback(engine, loaded, history, calendar)
    events = _events(history, planned, [s for s in shifts if s.admin in without_shifts], calendar, now)
    # One comment at a time, the account model's OpenMP threads cost more than they save: on a
    # busy machine each one-row prediction waited 0.8 s for them (against 1 ms in one thread).
    with threadpool_limits(limits=1, user_api="openmp"):
        for moment, _, step, args in sorted(events, key=lambda event: event[:2]):
            with clock_at(moment):
                step(playback, *args)
    return playback.summary




def _events(history: dict, planned: list[Planned], shifts: list[Shift], calendar: WorkingCalendar,
            now: datetime) -> list[tuple[datetime, int, Callable, tuple]]:
    """Every step of the history with its moment (and a tie-breaker keeping the order written)."""
    events: list[tuple[datetime, Callable, tuple]] = []
    if shifts:
        events.append((shifts[0].start - timedelta(days=1), _assign, ()))
    for shift in shifts:
        events += [(shift.start - timedelta(minutes=5), _start_shift, (shift.admin,)),
                   (shift.end + timedelta(minutes=10), _end_shift, (shift.admin,))]
    answered = swarm_answered_at(history, now.astimezone(DESK_TIMEZONE).date())
    if answered:
        events.append((answered, _answer_swarms, ()))
    for item in planned:
        events += [(item.arrived, _arrive, (item,)), (item.decided, _decide, (item,))]
        if "review" in item.entry:
            events.append((item.reviewed, _review, (item,)))
        if "formal" in item.entry:
            events += _request_events(item, calendar, now)
    return [(min(moment, now), order, step, args) for order, (moment, step, args) in enumerate(events)]


def _request_events(item: Planned, calendar: WorkingCalendar, now: datetime) -> list:
    received = item.decided.astimezone(DESK_TIMEZONE).date()
    events = [(item.decided + timedelta(minutes=2), _open_request, (item, received))]
    if item.entry["formal"] == "extended":
        extended = desk_time(calendar.add_working_days(received, 8), "10:30")
        events.append((min(extended, now - timedelta(hours=2)), _extend_request, (item,)))
    if item.entry["formal"] == "answered":
        answered = desk_time(calendar.add_working_days(received, item.answered_after), "14:30")
        events.append((min(answered, now - timedelta(hours=1)), _answer_request, (item,)))
    return events


# The steps, played back at their moments; each leaves alone what an earlier run did.

def _people(session: Session, history: dict) -> None:
    """The invented staff; nobody signs in as them (their passwords are never shown)."""
    wanted = [(history["supervisor"], Role.SUPERVISOR)] + [(name, Role.ADMIN) for name in history["admins"]]
    for username, role in wanted:
        if find_user(session, username) is None:
            add_user(session, username, f"{secrets.token_urlsafe(24)}-{secrets.randbelow(90) + 10}", role)


def _admins_without_shifts(session: Session, history: dict) -> set[str]:
    return {name for name in history["admins"] if session.exec(select(DutyShift).where(
        DutyShift.user_id == find_user(session, name).id)).first() is None}


def _assign(playback: Playback) -> None:
    """Who answers for each platform, as the supervisor set it before the history began."""
    history = playback.history
    with session_scope(playback.engine) as session:
        supervisor = find_user(session, history["supervisor"])
        for platform, names in history["platforms"].items():
            for position, name in enumerate(names):
                duty.assign(session, platform, name, supervisor, responsible=position == 0)


def _start_shift(playback: Playback, admin: str) -> None:
    with session_scope(playback.engine) as session:
        duty.start_shift(session, find_user(session, admin))
    playback.summary.shifts += 1


def _end_shift(playback: Playback, admin: str) -> None:
    with session_scope(playback.engine) as session:
        duty.end_shift(session, find_user(session, admin))


def _external_id(item: Planned) -> str:
    return f"hist-{item.entry['post']}-{item.number:03d}"


def _arrive(playback: Playback, item: Planned) -> None:
    """The comment comes in, as from a live connection: scored, queued, perhaps resolved by the
    model alone, and checked for a swarm."""
    history, loaded = playback.history, playback.loaded
    post = history["post"][item.entry["post"]]
    rng = random.Random(f"{history['seed']}-{item.number}-author")  # noqa: S311 - an invented account
    record = ImportedComment(platform=post["platform"], external_id=_external_id(item),
                             text=item.entry["text"], created_at=item.posted, post_external_id=post["id"],
                             author=_author(item.entry, item.posted, rng), like_count=rng.randint(0, 40))
    imported = import_records(playback.engine, [record], loaded.classifier, loaded.version,
                              get_settings().own_accounts, account_model=loaded.accounts)
    playback.summary.comments += imported.new
    playback.summary.model_decisions += imported.auto_resolved


def _author(entry: dict, posted: datetime, rng: random.Random) -> Author:
    """An ordinary account; a spam one when the history says `bot`; a younger one in a swarm."""
    name = entry["author"]
    if entry.get("bot"):
        return Author(username=name, followers=0, following=rng.randint(800, 3000), posts=rng.randint(0, 3),
                      has_profile_picture=False, created_at=posted - timedelta(days=rng.randint(1, 9)))
    age = rng.randint(60, 300) if entry.get("swarm") else rng.randint(400, 3000)
    return Author(username=name, display_name=name, followers=rng.randint(40, 900),
                  following=rng.randint(80, 700), posts=rng.randint(5, 400), has_profile_picture=True,
                  created_at=posted - timedelta(days=age))


def _comment(session: Session, playback: Playback, item: Planned) -> Comment | None:
    platform = playback.history["post"][item.entry["post"]]["platform"]
    return session.exec(select(Comment).where(Comment.platform == platform,
                                              Comment.external_id == _external_id(item))).first()


def _decide(playback: Playback, item: Planned) -> None:
    """The admin on duty decides the comment, if it still waits (not resolved by the model, nor
    answered with its swarm's narrative)."""
    with session_scope(playback.engine) as session:
        comment = _comment(session, playback, item)
        if comment is None or comment.status != PENDING:
            return
        user = find_user(session, item.decider)
        label, action, reply = _choice(session, comment, item.entry)
        if not queue.claim(session, comment.id, user, CLAIM_MINUTES):
            return  # someone holds it on the live desk: it is theirs
        queue.decide(session, comment.id, user, label, action, reply, item.entry.get("note"),
                     hide=item.entry.get("hide", False))
    playback.summary.decisions += 1


def _choice(session: Session, comment: Comment, entry: dict) -> tuple[str, str, str | None]:
    """What the admin chose: the history's label; its action, else the model's when it agreed on
    the label, else the playbook's (never a pinned clarification: that is a supervisor's, and the
    history's attacks did not need one); for a reply, the history's own text or the template's draft."""
    suggestion = session.exec(select(Suggestion).where(Suggestion.comment_id == comment.id)).first()
    book = playbook()
    verdict = book.decide(book.facts(entry["label"], comment.text))
    agreed = suggestion is not None and suggestion.label == entry["label"]
    action = entry.get("action") or (suggestion.action if agreed else verdict.action.value)
    if action == Action.PIN_CLARIFICATION:
        action = Action.NO_RESPONSE.value
    if Action(action) in queue.SILENT_ACTIONS:
        return entry["label"], action, None
    reply = entry.get("reply_text")
    if reply is None and agreed and suggestion.action == action:
        reply = suggestion.reply_draft
    if reply is None:
        draft = book.draft(verdict, comment.text, comment.platform, seed=comment.external_id)
        reply = draft.text if draft else None
    if reply and reply_book().problems(reply, comment.platform):
        reply = None  # a draft that still needed filling in: the admin answered in direct messages
    return entry["label"], action, reply


def _answer_swarms(playback: Playback) -> None:
    """Crisis mode found the swarm as its comments came in; the supervisor answers each of its
    stories with one pinned clarification, a few minutes apart."""
    history = playback.history
    with session_scope(playback.engine) as session:
        ours = {history["post"][entry["post"]]["id"] for entry in history["comment"] if entry.get("swarm")}
        waiting = [(swarm, narrative, members) for swarm, post in swarms.open_swarms(session)
                   if post is not None and post.external_id in ours
                   for narrative, members in swarms.view(session, swarm.id).narratives
                   if narrative.approved_at is None]
    for number, (swarm, narrative, members) in enumerate(waiting):
        with clock_at(utcnow() + timedelta(minutes=6 * number)), session_scope(playback.engine) as session:
            text = _clarification(history, narrative, members, swarm.platform)
            playback.summary.swarm_comments += swarms.approve(
                session, narrative.id, find_user(session, history["supervisor"]), text)


def _clarification(history: dict, narrative: Narrative, members: list[Comment], platform: str) -> str:
    """The narrative's draft with the facts filled in; when its summary holds words no reply may
    carry (a story of plain insults), the template without the summary."""
    said = " ".join([narrative.summary, *(c.text for c in members)]).lower()
    fact = next(fact["text"] for fact in history["swarm_fact"]
                if not fact["words"] or any(word in said for word in fact["words"]))
    text = narrative.draft.replace(PLACEHOLDER, fact)
    if reply_book().problems(text, platform):
        plain = reply_book().render("clarification", platform, seed=f"demo-{narrative.id}")
        text = plain.replace(PLACEHOLDER, fact)
    return text


def _review(playback: Playback, item: Planned) -> None:
    """The supervisor reviews the first decision on the comment, unless someone already did."""
    with session_scope(playback.engine) as session:
        comment = _comment(session, playback, item)
        decision = comment and session.exec(select(Decision).where(Decision.comment_id == comment.id)
                                            .order_by(Decision.id)).first()
        if not decision or session.exec(select(Review).where(Review.decision_id == decision.id)).first():
            return
        verdict = item.entry["review"]
        audit.review(session, decision.id, find_user(session, playback.history["supervisor"]), verdict,
                     item.entry.get("review_note"), item.entry.get("correct") if verdict == "wrong" else None)
    playback.summary.reviews += 1


def _open_request(playback: Playback, item: Planned, received: date) -> None:
    with session_scope(playback.engine) as session:
        comment = _comment(session, playback, item)
        if comment is None:
            return
        try:
            formal_requests.open_request(session, comment.id, find_user(session, item.decider),
                                         playback.calendar, received, item.entry.get("note"))
        except QueueError:
            return  # opened by an earlier run
    playback.summary.requests += 1


def _extend_request(playback: Playback, item: Planned) -> None:
    with session_scope(playback.engine) as session:
        request = _request(session, playback, item)
        if request is not None and not request.extended:
            formal_requests.extend(session, request.id, playback.calendar)


def _answer_request(playback: Playback, item: Planned) -> None:
    with session_scope(playback.engine) as session:
        request = _request(session, playback, item)
        if request is not None:
            formal_requests.answer(session, request.id)


def _request(session: Session, playback: Playback, item: Planned):
    """The comment's formal request while still open."""
    comment = _comment(session, playback, item)
    open_ones = formal_requests.open_requests(session, playback.calendar)
    return next((r.request for r in open_ones if comment and r.comment.id == comment.id), None)

