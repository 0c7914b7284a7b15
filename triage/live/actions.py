"""Carrying decisions out on the platforms: which calls a decision makes, and sending them.

`plan` runs inside the decision's transaction and writes the calls to the outbox (one per decision
and kind: the idempotency key), so a decision and its calls are recorded together or not at all.
`send_due` makes them afterwards. A call found "sending" after a restart may have reached the
platform: a reply is first looked for there, and sent only if it is not found.
"""

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from sqlmodel import Session

from triage.errors import LiveError
from triage.importers.fields import get
from triage.labels import Action
from triage.live.connections import api_for
from triage.live.platform_api import PlatformApi, PlatformCallError
from triage.settings import Settings
from triage.store import live
from triage.store.db import session_scope
from triage.store.models import Comment, Connection, Decision, PlatformAction, utcnow

logger = logging.getLogger("triage")

REPLYING = {Action.REPLY, Action.MOVE_TO_DM, Action.PIN_CLARIFICATION}
MAX_ATTEMPTS = 6
IN_FLIGHT_HOLD = timedelta(minutes=2)  # a call still "sending" after this is checked and made again
# What each platform's API lets the desk do (Instagram has no API to like a comment; YouTube and X
# have none to hide one here).
# A call's kind: what it does on the platform (an Action says what the desk decided).
REPLY, HIDE, UNHIDE, LIKE = "post_reply", "hide", "unhide", "like_comment"
SUPPORTED = {"instagram": {REPLY, HIDE, UNHIDE}, "facebook": {REPLY, HIDE, UNHIDE, LIKE},
             "youtube": {REPLY}, "x": {REPLY, LIKE}}


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    params: dict | None = None
    json: dict | None = None
    data: dict = field(default_factory=dict)

    def describe(self) -> str:
        body = self.json or self.data or self.params
        return f"{self.method} /{self.path}" + (f" {json.dumps(body, ensure_ascii=False)}" if body else "")


def plan(session: Session, decision: Decision, comment: Comment, mode: str) -> list[PlatformAction]:
    """The calls `decision` makes on the platform, written to the outbox (none when `mode` is off)."""
    if mode == "off":
        return []
    wanted = []
    if decision.reply_text and decision.action in REPLYING:
        wanted.append((REPLY, decision.reply_text))
    if decision.hide:
        wanted.append((HIDE, None))
    if decision.action == Action.LIKE:
        wanted.append((LIKE, None))
    actions = [_outbox_row(decision, comment, kind, text, mode) for kind, text in wanted]
    live.add_actions(session, actions)
    return actions


def unhide(session: Session, comment: Comment, mode: str, asked_by: str) -> PlatformAction | None:
    """Show a hidden comment again (a supervisor's undo of a hide)."""
    if mode == "off":
        return None
    key = f"unhide-{comment.id}-{utcnow().timestamp()}"
    action = _outbox_row(None, comment, UNHIDE, None, mode, key=key)
    action.response_body = f"asked by {asked_by}" if action.status == "pending" else action.response_body
    live.add_actions(session, [action])
    return action


def _outbox_row(decision: Decision | None, comment: Comment, kind: str, text: str | None, mode: str,
                key: str | None = None) -> PlatformAction:
    action = PlatformAction(decision_id=decision.id if decision else None, comment_id=comment.id,
                            platform=comment.platform, kind=kind, text=text, mode=mode,
                            idempotency_key=key or f"decision-{decision.id}-{kind}")
    if kind not in SUPPORTED.get(comment.platform, ()):
        action.status = "unsupported"
        action.response_body = f"{comment.platform} has no API to {kind} a comment: do it by hand"
    elif mode == "dry-run":
        action.status = "dry_run"
        action.response_body = "not sent (dry-run): " + _describe(comment, kind, text)
    return action


def _describe(comment: Comment, kind: str, text: str | None) -> str:
    try:
        return call_for(comment, kind, text, None).describe()
    except LiveError as error:
        return str(error)


def call_for(comment: Comment, kind: str, text: str | None, acting: Connection | None) -> Call:
    """The request that does `kind` to `comment` on its platform."""
    cid = comment.external_id
    if comment.platform == "instagram":
        if kind == REPLY:
            return Call("POST", f"{cid}/replies", data={"message": text})
        return Call("POST", cid, data={"hide": "true" if kind == HIDE else "false"})
    if comment.platform == "facebook":
        if kind == REPLY:
            return Call("POST", f"{cid}/comments", data={"message": text})
        if kind == LIKE:
            return Call("POST", f"{cid}/likes")
        return Call("POST", cid, data={"is_hidden": "true" if kind == HIDE else "false"})
    if comment.platform == "youtube":  # replies hang under the thread's top-level comment
        parent = comment.parent_external_id or cid
        return Call("POST", "comments", params={"part": "snippet"},
                    json={"snippet": {"parentId": parent, "textOriginal": text}})
    if comment.platform == "x":
        if kind == REPLY:
            # dict(): X's field happens to be spelled like the desk's action id.
            return Call("POST", "tweets", json=dict(text=text, reply={"in_reply_to_tweet_id": cid}))
        return Call("POST", f"users/{_x_user(acting)}/likes", json={"tweet_id": cid})
    raise LiveError(f"the desk cannot act on {comment.platform}")


def _x_user(acting: Connection | None) -> str:
    if acting is None or acting.kind != "x_mentions":
        return "{your X user id}"
    return acting.target


def send_due(engine, settings: Settings, client: httpx.Client | None = None,
             now: datetime | None = None) -> int:
    """Make the calls that are due; returns how many were tried."""
    now = now or utcnow()
    with session_scope(engine) as session:
        due = live.due_actions(session, now)
    tried = 0
    for action in due:
        with session_scope(engine) as session:
            if not live.take_action(session, action.id, action.status, now, IN_FLIGHT_HOLD):
                continue  # another process has it
            comment = session.get(Comment, action.comment_id)
            acting = live.acting_connection(session, action.platform)
        tried += 1
        _send(engine, settings, action, comment, acting, client, now)
    return tried


def _send(engine, settings: Settings, action: PlatformAction, comment: Comment, acting: Connection | None,
          client: httpx.Client | None, now: datetime) -> None:
    attempts = action.attempts + 1
    try:
        if acting is None:
            raise PlatformCallError(f"no connection acts on {action.platform}: add one with "
                                    f"`triage connect add ... --act`")
        api = api_for(acting, settings, client)
        if action.status == "sending" and action.kind == REPLY:
            if found := _reply_already_there(api, comment, action.text, acting):
                _finish(engine, action, "sent", 200, "found on the platform after a restart: not sent again",
                        found)
                return
        call = call_for(comment, action.kind, action.text, acting)
        answer = api.request(call.method, call.path, params=call.params, json=call.json,
                             data=call.data or None)
        remote_id = get(answer, "id") or get(answer, "data", "id")
        _finish(engine, action, "sent", 200, json.dumps(answer, ensure_ascii=False), remote_id)
    except PlatformCallError as error:
        if error.permanent or attempts >= MAX_ATTEMPTS:
            _finish(engine, action, "failed", error.status, str(error))
        else:
            wait = error.retry_after if error.retry_after is not None else 30 * 2 ** attempts
            _finish(engine, action, "pending", error.status, str(error),
                    retry_at=now + timedelta(seconds=wait))
        logger.warning("platform call %s (%s %s) not made: %r", action.id, action.platform, action.kind,
                       str(error))
    except LiveError as error:
        _finish(engine, action, "failed", None, str(error))


def _finish(engine, action: PlatformAction, status: str, response_status: int | None, body: str | None,
            remote_id: str | None = None, retry_at: datetime | None = None) -> None:
    with session_scope(engine) as session:
        live.finish_action(session, action.id, status, response_status, body, remote_id, retry_at)


def _reply_already_there(api: PlatformApi, comment: Comment, text: str | None,
                         acting: Connection) -> str | None:
    """The id of our reply if the platform already has it (the call went through, then we died)."""
    cid = comment.external_id
    if comment.platform == "instagram":
        found = api.get(f"{cid}/replies", {"fields": "id,text"}).get("data") or []
        return _matching(found, text, lambda r: get(r, "text"))
    if comment.platform == "facebook":
        found = api.get(f"{cid}/comments", {"fields": "id,message"}).get("data") or []
        return _matching(found, text, lambda r: get(r, "message"))
    if comment.platform == "youtube":
        found = api.get("comments", {"part": "snippet", "parentId": comment.parent_external_id or cid,
                                     "textFormat": "plainText", "maxResults": 100}).get("items") or []
        return _matching(found, text,
                         lambda r: get(r, "snippet", "textOriginal") or get(r, "snippet", "textDisplay"))
    if comment.platform == "x" and acting.kind == "x_mentions":
        posts = api.get(f"users/{acting.target}/tweets",
                        {"max_results": 100, "tweet.fields": "referenced_tweets"}).get("data") or []
        replies = [p for p in posts if any(get(ref, "type") == "replied_to" and get(ref, "id") == cid
                                           for ref in (get(p, "referenced_tweets") or []))]
        return _matching(replies, text, lambda r: get(r, "text"))
    return None


def _matching(found: list, text: str | None, text_of) -> str | None:
    wanted = (text or "").strip()
    for record in found:
        if isinstance(record, dict) and (text_of(record) or "").strip() == wanted:
            return str(record.get("id"))
    return None
