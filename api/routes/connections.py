"""The live desk for supervisors: each connection's state, webhook deliveries kept aside, and the
calls made on the platforms with their answers (failed ones can be sent again)."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from api.deps import CurrentSupervisor, SessionDep, SettingsDep
from api.i18n import _
from api.templating import flash, render
from triage.live.feeds import KINDS
from triage.store import live

router = APIRouter(include_in_schema=False)


@router.get("/connections")
def connections_page(request: Request, session: SessionDep, settings: SettingsDep, user: CurrentSupervisor):
    return render(request, "connections.html", user=user, connections=live.connections(session),
                  kinds=KINDS, events=live.event_counts(session), malformed=live.malformed_events(session),
                  calls=live.recent_actions(session), mode=settings.actions,
                  webhooks_ready=bool(settings.meta_app_secret and settings.meta_verify_token))


@router.post("/connections/calls/{action_id}/retry")
def retry_call(request: Request, action_id: int, session: SessionDep, user: CurrentSupervisor):
    if live.retry_action(session, action_id):
        flash(request, _("The call will be sent again within a few seconds."))
    else:
        flash(request, _("Only a failed call can be sent again."), "error")
    return RedirectResponse("/connections", status_code=303)
