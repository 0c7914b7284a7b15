"""Per-platform ownership (supervisors) and duty shifts (everyone)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api.deps import CurrentSupervisor, CurrentUser, SessionDep
from api.i18n import _
from api.templating import flash, render
from triage.importers.registry import PLATFORMS
from triage.store import duty
from triage.store.users import list_users

router = APIRouter(include_in_schema=False)
PlatformForm = Annotated[str, Form(max_length=16)]


@router.get("/platforms")
def platforms_page(request: Request, session: SessionDep, user: CurrentSupervisor):
    return render(request, "platforms.html", user=user, overview=duty.overview(session, PLATFORMS),
                  users=[u for u in list_users(session) if u.active], platforms=PLATFORMS)


@router.post("/platforms/assign")
def assign(request: Request, session: SessionDep, user: CurrentSupervisor, platform: PlatformForm,
           username: Annotated[str, Form(max_length=64)], responsible: Annotated[bool, Form()] = False):
    if platform not in PLATFORMS:
        flash(request, _("Unknown platform."), "error")
    else:
        duty.assign(session, platform, username, user, responsible)
        message = (_("%(user)s works %(platform)s as its responsible manager.") if responsible
                   else _("%(user)s works %(platform)s."))
        flash(request, message % {"user": username, "platform": platform})
    return RedirectResponse("/platforms", status_code=303)


@router.post("/platforms/unassign")
def unassign(request: Request, session: SessionDep, user: CurrentSupervisor, platform: PlatformForm,
             username: Annotated[str, Form(max_length=64)]):
    duty.unassign(session, platform, username)
    flash(request, _("%(user)s no longer works %(platform)s.") % {"user": username, "platform": platform})
    return RedirectResponse("/platforms", status_code=303)


@router.post("/duty/start")
def start_duty(request: Request, session: SessionDep, user: CurrentUser):
    duty.start_shift(session, user)
    flash(request, _("You are on duty."))
    return RedirectResponse("/queue", status_code=303)


@router.post("/duty/end")
def end_duty(request: Request, session: SessionDep, user: CurrentUser):
    duty.end_shift(session, user)
    flash(request, _("Duty shift ended."))
    return RedirectResponse("/queue", status_code=303)
