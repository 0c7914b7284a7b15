"""Crisis mode for supervisors: open swarms, their narratives, approving one clarification each."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api.deps import CurrentSupervisor, SessionDep
from api.i18n import _
from api.templating import flash, render
from triage.store import swarms
from triage.store.queue import QueueError, longest_reply

router = APIRouter(include_in_schema=False)


@router.get("/crisis")
def crisis_list(request: Request, session: SessionDep, user: CurrentSupervisor):
    return render(request, "crisis_list.html", user=user, open_swarms=swarms.open_swarms(session))


@router.get("/crisis/{swarm_id}")
def crisis_view(request: Request, swarm_id: int, session: SessionDep, user: CurrentSupervisor):
    return render(request, "crisis.html", user=user, view=swarms.view(session, swarm_id))


@router.post("/crisis/narratives/{narrative_id}/approve")
def approve(request: Request, narrative_id: int, session: SessionDep, user: CurrentSupervisor,
            text: Annotated[str, Form(max_length=longest_reply())], swarm_id: Annotated[int, Form()]):
    try:
        decided = swarms.approve(session, narrative_id, user, text.strip())
    except QueueError as error:  # show the page again with what was typed and what is wrong
        return render(request, "crisis.html", status_code=400, user=user, view=swarms.view(session, swarm_id),
                      error=str(error), typed={narrative_id: text})
    flash(request, _("Clarification approved: pin it on the post. %(count)s comment(s) of this narrative "
                     "recorded (the representative as pinned, the rest no response).") % {"count": decided})
    return RedirectResponse(f"/crisis/{swarm_id}", status_code=303)


@router.post("/crisis/{swarm_id}/close")
def close(request: Request, swarm_id: int, session: SessionDep, user: CurrentSupervisor):
    swarms.close(session, swarm_id, user)
    flash(request, _("Swarm closed."))
    return RedirectResponse("/crisis", status_code=303)
