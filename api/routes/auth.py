"""Sign in and out, and the language the pages are shown in."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api.deps import SessionDep
from api.i18n import LANGUAGES, _
from api.templating import flash, render
from triage.store.users import authenticate

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only local paths: `next` must never send someone to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/queue"


def clear_keeping_language(request: Request) -> None:
    """A new session on sign-in and sign-out, but the language the person picked stays."""
    language = request.session.get("language")
    request.session.clear()
    if language:
        request.session["language"] = language


@router.post("/language")
def choose_language(request: Request, language: Annotated[str, Form(max_length=8)],
                    back: Annotated[str, Form(max_length=2000)] = "/queue"):
    if language in LANGUAGES:
        request.session["language"] = language
    return RedirectResponse(safe_next(back), status_code=303)


@router.get("/login")
def login_form(request: Request, next: str | None = None):
    return render(request, "login.html", next=safe_next(next), username="")


@router.post("/login")
def login(request: Request, session: SessionDep, username: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=1024)], next: Annotated[str, Form()] = "/queue"):
    throttle, address = request.app.state.login_throttle, request.client.host if request.client else "-"
    if throttle.locked(username, address):
        return render(request, "login.html", status_code=429, next=safe_next(next), username=username,
                      error=_("Too many failed sign-ins: wait 15 minutes and try again."))
    user = authenticate(session, username, password)
    if user is None:
        throttle.failed(username, address)
        return render(request, "login.html", status_code=401, next=safe_next(next), username=username,
                      error=_("Wrong username or password, or the account is disabled."))
    clear_keeping_language(request)
    request.session["user_id"] = user.id
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request):
    clear_keeping_language(request)
    flash(request, _("Signed out."))
    return RedirectResponse("/login", status_code=303)
