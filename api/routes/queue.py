"""The duty admins' queue: list, claim, decide, skip. Forms post, then redirect (PRG)."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse

from api.deps import CalendarDep, CurrentUser, SessionDep, SettingsDep
from api.i18n import _, desk_date
from api.templating import flash, render
from triage.importers.registry import PLATFORMS
from triage.labels import Action, Label
from triage.playbook.rules import action_for
from triage.store import formal_requests, privacy, queue, swarms
from triage.store.queue import QueueFilters

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25


def filters_from(platform: str | None, label: str | None, action: str | None,
                 q: str | None) -> QueueFilters:
    return QueueFilters(platform=platform or None, label=label or None, action=action or None,
                        search=(q or "").strip()[:200] or None)


def queue_url(filters: QueueFilters, after: str | None = None) -> str:
    params = {k: v for k, v in (("platform", filters.platform), ("label", filters.label),
                                ("action", filters.action), ("q", filters.search), ("after", after)) if v}
    return "/queue" + (f"?{urlencode(params)}" if params else "")


def back_to_queue(filters: QueueFilters) -> RedirectResponse:
    return RedirectResponse(queue_url(filters), status_code=303)


FilterForm = Annotated[str | None, Form(max_length=200)]


@router.get("/")
def home(user: CurrentUser):
    return RedirectResponse("/queue", status_code=303)


@router.get("/queue")
def queue_page(request: Request, session: SessionDep, user: CurrentUser, calendar: CalendarDep,
               platform: str | None = None, label: str | None = None, action: str | None = None,
               q: Annotated[str | None, Query(max_length=200)] = None, after: str | None = None):
    filters = filters_from(platform, label, action, q)
    items, next_cursor, total = queue.pending_with_count(session, filters, after=after, limit=PAGE_SIZE)
    return render(request, "queue.html", user=user, items=items, filters=filters,
                  next_url=queue_url(filters, next_cursor) if next_cursor else None,
                  total=total, count_cap=queue.count_cap(filters),
                  shown_text=privacy.shown_texts(session, user, items),
                  platforms=PLATFORMS,
                  playbook={label.value: action_for(label).value for label in Label},
                  formal_requests=formal_requests.open_requests(session, calendar),
                  open_swarms=swarms.open_swarms(session))


@router.post("/queue/claim-next")
def claim_next(request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser,
               count: Annotated[int, Form(ge=1, le=50)] = 10, platform: FilterForm = None,
               label: FilterForm = None, action: FilterForm = None, q: FilterForm = None):
    filters = filters_from(platform, label, action, q)
    won = queue.claim_next(session, user, count, settings.claim_minutes, filters)
    claimed = _("Claimed %(count)s comment(s) for %(minutes)s minutes.")
    flash(request, claimed % {"count": len(won), "minutes": settings.claim_minutes} if won
          else _("Nothing left to claim here."))
    return back_to_queue(filters)


@router.post("/queue/{comment_id}/claim")
def claim(request: Request, comment_id: int, session: SessionDep, settings: SettingsDep,
          user: CurrentUser, back: Annotated[str, Form(max_length=1000)] = ""):
    if queue.claim(session, comment_id, user, settings.claim_minutes):
        flash(request, _("Claimed."))
    else:
        flash(request, _("Someone else holds this comment, or it was already decided."), "error")
    return RedirectResponse(_back(back), status_code=303)


@router.post("/queue/{comment_id}/release")
def release(request: Request, comment_id: int, session: SessionDep, user: CurrentUser,
            back: Annotated[str, Form(max_length=1000)] = ""):
    queue.release(session, comment_id, user)
    flash(request, _("Skipped: the comment is back in the queue."))
    return RedirectResponse(_back(back), status_code=303)


@router.post("/queue/{comment_id}/decide")
def decide(request: Request, comment_id: int, session: SessionDep, settings: SettingsDep, user: CurrentUser,
           calendar: CalendarDep, label: Annotated[Label, Form()], action: Annotated[Action, Form()],
           reply: Annotated[str, Form(max_length=queue.longest_reply())] = "",
           note: Annotated[str, Form(max_length=2000)] = "", formal: Annotated[bool, Form()] = False,
           hide: Annotated[bool, Form()] = False, back: Annotated[str, Form(max_length=1000)] = ""):
    decision = queue.decide(session, comment_id, user, label, action, reply.strip(), note.strip(),
                            hide=hide, platform_actions=settings.actions)
    if formal:
        clock = formal_requests.open_request(session, comment_id, user, calendar)
        due = _("Formal information request: answer due %(due)s.")
        flash(request, due % {"due": desk_date(clock.due_on)})
    done = (_("Done: %(label)s / %(action)s (changed from the suggestion).") if decision.overrode_suggestion
            else _("Done: %(label)s / %(action)s."))
    flash(request, done % {"label": decision.label, "action": decision.action})
    return RedirectResponse(_back(back), status_code=303)


@router.post("/queue/batch")
def decide_batch(request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser,
                 label: Annotated[Label, Form()], action: Annotated[Action, Form()],
                 ids: Annotated[list[int], Form(max_length=queue.MAX_BATCH)] = [],  # noqa: B006 - FastAPI form default
                 account: Annotated[int | None, Form()] = None,
                 note: Annotated[str, Form(max_length=2000)] = "", hide: Annotated[bool, Form()] = False,
                 back: Annotated[str, Form(max_length=1000)] = ""):
    """One decision for the ticked comments, or for all of one account's comments the model gave
    this label; recorded one by one."""
    chosen = ids + (queue.pending_of_account(session, account, label) if account else [])
    decided, refused = queue.decide_many(session, chosen[: queue.MAX_BATCH], user, label, action,
                                         settings.claim_minutes, note.strip(), hide=hide,
                                         platform_actions=settings.actions)
    message = _("%(count)s comment(s) decided: %(label)s / %(action)s.") % {
        "count": len(decided), "label": label, "action": action}
    if refused:
        message += " " + _("%(count)s not: %(why)s.") % {"count": len(refused),
                                                        "why": _(next(iter(refused.values())))}
    flash(request, message, "error" if refused and not decided else "info")
    return RedirectResponse(_back(back), status_code=303)


@router.post("/requests/{request_id}/extend")
def extend_request(request: Request, request_id: int, session: SessionDep, user: CurrentUser,
                   calendar: CalendarDep):
    clock = formal_requests.extend(session, request_id, calendar)
    flash(request, _("Extended once by 7 working days: now due %(due)s.") % {"due": desk_date(clock.due_on)})
    return RedirectResponse("/queue", status_code=303)


@router.post("/requests/{request_id}/answered")
def answer_request(request: Request, request_id: int, session: SessionDep, user: CurrentUser):
    formal_requests.answer(session, request_id)
    flash(request, _("Formal request marked answered."))
    return RedirectResponse("/queue", status_code=303)


def _back(target: str) -> str:
    return target if target.startswith("/queue") and "\\" not in target else "/queue"
