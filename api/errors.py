"""Domain errors and access problems turned into answers, in one place: JSON under /api/,
a flash message and a redirect for queue forms, an error page for everything else."""

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.exc import DBAPIError

from api.deps import NotAllowed, SecondFactorRequired, SignInRequired
from api.i18n import N_, _
from api.templating import flash, render
from triage.errors import InputFileError, ModelArtifactError, TriageError
from triage.store.queue import QueueError
from triage.store.users import UserError

logger = logging.getLogger("triage")


class TooManyComments(TriageError):
    """A request carries more comments than one call may score."""


STATUS = {InputFileError: 422, ModelArtifactError: 503, TooManyComments: 413, QueueError: 409,
          UserError: 400}


# Forms under these paths show a domain error as a flash message on this page.
FORM_SECTIONS = {"/queue": "/queue", "/requests": "/queue", "/crisis": "/crisis", "/audit": "/audit",
                 "/platforms": "/platforms", "/duty": "/queue", "/connections": "/connections",
                 "/account": "/account/2fa"}


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


async def second_factor_required(request: Request, _error: SecondFactorRequired):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": _("Set up a second factor first.")}, status_code=403)
    return RedirectResponse("/account/2fa", status_code=303)


async def not_allowed(request: Request, _error: NotAllowed):
    return render(request, "error.html", status_code=403, title=_("Not for your role"),
                  message=_("This page is for supervisors."))


# What the desk's people read when the database fails under a request, by what went wrong; the
# request's transaction was rolled back, so nothing half-done was kept. Translated where shown.
DATABASE_MESSAGES = {
    "read_only": (N_("Not saved: the database is read-only"),
                  N_("The database file cannot be written (read-only), so this was not saved and nothing "
                     "was lost. Contact the system administrator.")),
    "disk_full": (N_("Not saved: the disk is full"),
                  N_("The server's disk is full, so this was not saved and nothing was lost. "
                     "Contact the system administrator.")),
    "locked": (N_("Not saved: the database is busy"),
               N_("The database is in use by another process, so this was not saved. "
                  "Try again in a moment.")),
    "unreachable": (N_("Not saved: the database cannot be reached"),
                    N_("The database could not be reached, so this was not saved and nothing was lost. "
                       "Try again in a moment.")),
}
RETRY_AFTER_SECONDS = {"read_only": 300, "disk_full": 300, "locked": 5, "unreachable": 30}


def database_problem(error: DBAPIError) -> str:
    """Which of DATABASE_MESSAGES fits the driver's error (SQLite says it in words)."""
    text = str(error.orig).lower()
    if "readonly database" in text or "read-only" in text:
        return "read_only"
    if "disk is full" in text or "no space left" in text:
        return "disk_full"
    if "database is locked" in text:
        return "locked"
    return "unreachable"


async def database_unavailable(request: Request, error: DBAPIError):
    problem = database_problem(error)
    title, message = (_(text) for text in DATABASE_MESSAGES[problem])
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS[problem])}
    logger.error("database error on %s %s: %s", request.method, request.url.path,
                 str(error.orig).splitlines()[0][:300] if str(error.orig) else type(error.orig).__name__)
    if request.url.path.startswith(("/api/", "/webhooks/")):
        return JSONResponse({"detail": message}, status_code=503, headers=headers)
    return render(request, "error.html", status_code=503, headers=headers, title=title, message=message)


def register(app: FastAPI) -> None:
    app.add_exception_handler(DBAPIError, database_unavailable)
    app.add_exception_handler(TriageError, triage_error)
    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(NotAllowed, not_allowed)
    app.add_exception_handler(SecondFactorRequired, second_factor_required)
