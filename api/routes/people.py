"""A person's data for supervisors (UU 27/2022 PDP): show everything held on an account (an
access request) and erase it (an erasure request). Forms post: a username never goes in a URL."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.background import BackgroundTask

from api.deps import CurrentSupervisor, SessionDep, SettingsDep
from api.i18n import _
from api.templating import flash, render
from triage.importers.registry import PLATFORMS
from triage.privacy import people
from triage.store import privacy

router = APIRouter(include_in_schema=False)
PlatformForm = Annotated[str, Form(max_length=16)]
UsernameForm = Annotated[str, Form(min_length=1, max_length=255)]


def _page(request: Request, session, user, **context):
    return render(request, "people.html", user=user, platforms=PLATFORMS,
                  events=privacy.recent_events(session), views=privacy.recent_views(session), **context)


@router.get("/people")
def people_page(request: Request, session: SessionDep, user: CurrentSupervisor):
    return _page(request, session, user, found=None)


@router.post("/people/show")
def show(request: Request, session: SessionDep, user: CurrentSupervisor, platform: PlatformForm,
         username: UsernameForm):
    if platform not in PLATFORMS:
        flash(request, _("Unknown platform."), "error")
        return RedirectResponse("/people", status_code=303)
    found = privacy.holdings(session, platform, username)
    privacy.record_access(session, platform, user.username, found)
    privacy.log_views(session, user, [c["id"] for c in found["comments"]], "people")
    return _page(request, session, user, found=found)


@router.post("/people/forget")
def forget(request: Request, session: SessionDep, settings: SettingsDep, user: CurrentSupervisor,
           platform: PlatformForm, username: UsernameForm, confirm: Annotated[bool, Form()] = False):
    if platform not in PLATFORMS or not confirm:
        flash(request, _("Pick a platform and tick the confirmation before erasing."), "error")
        return RedirectResponse("/people", status_code=303)
    counts = people.erase(session, platform, username, user.username, settings.corrections_file)
    flash(request, _("Erased: %(accounts)s account(s), %(comments)s comment(s), %(mentions)s other text(s) "
                     "mentioning them, %(training_rows)s training row(s).") % counts)
    # Compacted once this request's transaction is over (VACUUM cannot run inside one).
    return RedirectResponse("/people", status_code=303,
                            background=BackgroundTask(privacy.compact, request.app.state.engine))
