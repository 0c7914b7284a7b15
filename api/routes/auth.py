"""Sign in (password, then a code from the authenticator app for users who set one up) and out;
setting up the second factor."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api.deps import SessionDep, SignedInUser
from api.templating import flash, render
from triage.store.models import User
from triage.store.users import authenticate, enable_totp, new_totp_secret, totp_matches, totp_uri

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only local paths: `next` must never send someone to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/queue"


@router.get("/login")
def login_form(request: Request, next: str | None = None):
    return render(request, "login.html", next=safe_next(next), username="")


@router.post("/login")
def login(request: Request, session: SessionDep, username: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=1024)], next: Annotated[str, Form()] = "/queue"):
    throttle, address = request.app.state.login_throttle, request.client.host if request.client else "-"
    if throttle.locked(username, address):
        return render(request, "login.html", status_code=429, next=safe_next(next), username=username,
                      error="Too many failed sign-ins: wait 15 minutes and try again.")
    user = authenticate(session, username, password)
    if user is None:
        throttle.failed(username, address)
        return render(request, "login.html", status_code=401, next=safe_next(next), username=username,
                      error="Wrong username or password, or the account is disabled.")
    request.session.clear()
    if user.totp_secret:
        request.session.update(pending_user_id=user.id, pending_next=safe_next(next))
        return RedirectResponse("/login/code", status_code=303)
    return _signed_in(request, user, next)


def _signed_in(request: Request, user: User, next: str | None):
    request.session.clear()
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
        request.session.clear()
        return RedirectResponse("/login", status_code=303)
    throttle, address = request.app.state.login_throttle, request.client.host if request.client else "-"
    if throttle.locked(user.username, address):
        return render(request, "login_code.html", status_code=429,
                      error="Terlalu banyak percobaan gagal: tunggu 15 menit lalu coba lagi.")
    if not totp_matches(user.totp_secret, code):
        throttle.failed(user.username, address)
        return render(request, "login_code.html", status_code=401,
                      error="Kode salah atau sudah kedaluwarsa. Masukkan kode terbaru dari aplikasi.")
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
    flash(request, "Verifikasi dua langkah aktif. Mulai sekarang, masuk memerlukan kode dari aplikasi.")
    return RedirectResponse("/queue", status_code=303)


@router.post("/logout")
def logout(request: Request):
    request.session.clear()
    flash(request, "Signed out.")
    return RedirectResponse("/login", status_code=303)
