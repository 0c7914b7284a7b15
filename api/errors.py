"""Domain errors and access problems turned into answers, in one place: JSON under /api/,
a flash message and a redirect for queue forms, an error page for everything else."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.exc import DBAPIError

from api.deps import NotAllowed, SignInRequired
from api.i18n import _
from api.templating import flash, render
from triage.errors import InputFileError, ModelArtifactError, TriageError
from triage.store.queue import QueueError
from triage.store.users import UserError


class TooManyComments(TriageError):
    """A request carries more comments than one call may score."""


STATUS = {InputFileError: 422, ModelArtifactError: 503, TooManyComments: 413, QueueError: 409,
          UserError: 400}


# Forms under these paths show a domain error as a flash message on this page.
FORM_SECTIONS = {"/queue": "/queue", "/requests": "/queue", "/crisis": "/crisis", "/audit": "/audit",
                 "/platforms": "/platforms", "/duty": "/queue", "/connections": "/connections"}


def status_of(error: TriageError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)


async def triage_error(request: Request, error: TriageError):
    # The API answers in English; pages show the message in the user's language when the
    # catalogue has it (messages with figures in them stay as the domain wrote them).
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": str(error)}, status_code=status_of(error))
    section = next((p for p in FORM_SECTIONS if request.url.path.startswith(p)), None)
    if request.method == "POST" and section:
        flash(request, _(str(error)), "error")
        return RedirectResponse(FORM_SECTIONS[section], status_code=303)
    return render(request, "error.html", status_code=status_of(error), title=_("That did not work"),
                  message=_(str(error)))


async def sign_in_required(request: Request, _error: SignInRequired):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "sign in first"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={target}" if request.method == "GET" else "/login",
                            status_code=303)


async def not_allowed(request: Request, _error: NotAllowed):
    return render(request, "error.html", status_code=403, title=_("Not for your role"),
                  message=_("This page is for supervisors."))


async def database_unavailable(request: Request, _error: DBAPIError):
    # The request's transaction was rolled back: nothing half-done was kept. Say so plainly.
    message = _("The database could not be reached, so this was not saved. Try again in a moment.")
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=503, headers={"Retry-After": "30"})
    return render(request, "error.html", status_code=503, title=_("Not saved"), message=message)


def register(app: FastAPI) -> None:
    app.add_exception_handler(DBAPIError, database_unavailable)
    app.add_exception_handler(TriageError, triage_error)
    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(NotAllowed, not_allowed)
