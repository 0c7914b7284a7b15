"""Sign in (password, then a code from the authenticator app for users who set one up) and out;
setting up the second factor; the language the pages are shown in."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api.deps import SessionDep, SignedInUser
from api.i18n import LANGUAGES, _
from api.templating import flash, render
from triage.store.models import User
from triage.store.users import authenticate, enable_totp, new_totp_secret, totp_matches, totp_uri

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
    if user.totp_secret:
        request.session.update(pending_user_id=user.id, pending_next=safe_next(next))
        return RedirectResponse("/login/code", status_code=303)
    return _signed_in(request, user, next)


def _signed_in(request: Request, user: User, next: str | None):
    clear_keeping_language(request)
    request.session.update(user_id=user.id, session_version=user.session_version)
    return RedirectResponse(safe_next(next), status_code=303)


@router.get("/login/code")
def code_form(request: Request):
    if not isinstance(request.session.get("pending_user_id"), int):
        return RedirectResponse("/login", status_code=303)
    return render(request, "login_code.html")


@router.post("/login/code")
def code(request: Request, session: SessionDep, code: Annotated[str, Form(max_length=16)]):
    user_id = request.session.get("pending_user_id")
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or not user.totp_secret:
        clear_keeping_language(request)
        return RedirectResponse("/login", status_code=303)
    throttle, address = request.app.state.login_throttle, request.client.host if request.client else "-"
    if throttle.locked(user.username, address):
        return render(request, "login_code.html", status_code=429,
                      error=_("Too many failed sign-ins: wait 15 minutes and try again."))
    if not totp_matches(user.totp_secret, code):
        throttle.failed(user.username, address)
        return render(request, "login_code.html", status_code=401,
                      error=_("Wrong or expired code. Enter the newest code from the app."))
    return _signed_in(request, user, request.session.get("pending_next"))


@router.get("/account/2fa")
def second_factor_form(request: Request, user: SignedInUser):
    if user.totp_secret:
        return render(request, "account_2fa.html", user=user, enabled=True)
    secret = request.session.setdefault("totp_pending", new_totp_secret())
    return render(request, "account_2fa.html", user=user, enabled=False, secret=secret,
                  uri=totp_uri(user.username, secret))


@router.post("/account/2fa")
def second_factor(request: Request, session: SessionDep, user: SignedInUser,
                  code: Annotated[str, Form(max_length=16)]):
    secret = request.session.get("totp_pending")
    if not isinstance(secret, str):
        return RedirectResponse("/account/2fa", status_code=303)
    enable_totp(user, secret, code)  # a wrong code is a UserError: shown on the page
    session.flush()
    request.session.pop("totp_pending", None)
    request.session["session_version"] = user.session_version  # this sign-in stays, others end
    flash(request, _("Two-step verification is on. From now on, signing in needs a code from the app."))
    return RedirectResponse("/queue", status_code=303)


@router.post("/logout")
def logout(request: Request):
    clear_keeping_language(request)
    flash(request, _("Signed out."))
    return RedirectResponse("/login", status_code=303)
