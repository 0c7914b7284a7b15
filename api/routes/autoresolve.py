"""Comments the desk resolved without a person: their own tab beside the queue, with undo."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api.deps import CurrentUser, ModelDep, SessionDep
from api.i18n import _
from api.templating import flash, render
from triage.store import autoresolve

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25


@router.get("/queue/auto")
def resolved_page(request: Request, session: SessionDep, user: CurrentUser, model: ModelDep,
                  before: int | None = None):
    items, next_before = autoresolve.resolved(session, before, PAGE_SIZE)
    return render(request, "auto.html", user=user, items=items, total=autoresolve.resolved_count(session),
                  next_url=f"/queue/auto?before={next_before}" if next_before else None,
                  thresholds=model.classifier.auto_from)


@router.post("/queue/auto/{comment_id}/undo")
def undo(request: Request, comment_id: int, session: SessionDep, user: CurrentUser,
         back: Annotated[str, Form(max_length=1000)] = ""):
    autoresolve.undo(session, comment_id, user)
    flash(request, _("Undone: the comment is back in the queue."))
    target = back if back.startswith("/queue/auto") and "\\" not in back else "/queue/auto"
    return RedirectResponse(target, status_code=303)
