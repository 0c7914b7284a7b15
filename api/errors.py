"""Domain errors and access problems turned into answers, in one place: JSON under /api/,
a flash message and a redirect for queue forms, an error page for everything else."""

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.exc import DBAPIError

from api.deps import NotAllowed, SecondFactorRequired, SignInRequired
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
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": str(error)}, status_code=status_of(error))
    section = next((p for p in FORM_SECTIONS if request.url.path.startswith(p)), None)
    if request.method == "POST" and section:
        flash(request, str(error), "error")
        return RedirectResponse(FORM_SECTIONS[section], status_code=303)
    return render(request, "error.html", status_code=status_of(error), title="That did not work",
                  message=str(error))


async def sign_in_required(request: Request, _error: SignInRequired):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "sign in first"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={target}" if request.method == "GET" else "/login",
                            status_code=303)


async def second_factor_required(request: Request, _error: SecondFactorRequired):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "set up a second factor first"}, status_code=403)
    return RedirectResponse("/account/2fa", status_code=303)


async def not_allowed(request: Request, _error: NotAllowed):
    return render(request, "error.html", status_code=403, title="Not for your role",
                  message="This page is for supervisors.")


# What the desk's people read when the database fails under a request, by what went wrong; the
# request's transaction was rolled back, so nothing half-done was kept.
DATABASE_MESSAGES = {
    "read_only": ("Tidak tersimpan: basis data hanya bisa dibaca",
                  "Berkas basis data tidak dapat ditulis (hanya-baca), jadi ini tidak disimpan dan tidak "
                  "ada yang hilang. Hubungi pengelola sistem."),
    "disk_full": ("Tidak tersimpan: disk penuh",
                  "Disk server penuh, jadi ini tidak disimpan dan tidak ada yang hilang. "
                  "Hubungi pengelola sistem."),
    "locked": ("Tidak tersimpan: basis data sedang sibuk",
               "Basis data sedang dipakai proses lain, jadi ini tidak disimpan. Coba lagi sebentar lagi."),
    "unreachable": ("Tidak tersimpan: basis data tidak dapat dihubungi",
                    "Basis data tidak dapat dihubungi, jadi ini tidak disimpan dan tidak ada yang hilang. "
                    "Coba lagi sebentar lagi."),
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
    title, message = DATABASE_MESSAGES[problem]
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
