"""Dependencies shared by the routes: settings, the model, the database session, the user."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from triage.model.artifact import LoadedModel
from triage.playbook.workdays import WorkingCalendar
from triage.settings import Settings
from triage.store import duty
from triage.store.db import session_scope
from triage.store.models import User
from triage.store.users import Role


class SignInRequired(Exception):
    """The page needs a signed-in user; the handler sends people to /login."""


class NotAllowed(Exception):
    """The signed-in user's role may not do this."""


class SecondFactorRequired(Exception):
    """TRIAGE_REQUIRE_2FA is on and this supervisor has not set up a second factor yet."""


def get_model(request: Request) -> LoadedModel:
    return request.app.state.model


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_calendar(request: Request) -> WorkingCalendar:
    return request.app.state.calendar


def get_session(request: Request) -> Iterator[Session]:
    with session_scope(request.app.state.engine) as session:
        yield session


ModelDep = Annotated[LoadedModel, Depends(get_model)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
# scope="function": the transaction commits before the response leaves, so a redirect after a
# form post always shows what the post wrote (the default commits after sending).
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
CalendarDep = Annotated[WorkingCalendar, Depends(get_calendar)]


def get_signed_in_user(request: Request, session: SessionDep) -> User:
    """The user of this sign-in, unless it has ended: disabled, or the password (or second
    factor) changed since, which raises the user's session version."""
    user_id = request.session.get("user_id")
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or request.session.get("session_version") != user.session_version:
        # Only the ended sign-in goes: one half-way through its code step stays.
        request.session.pop("user_id", None)
        request.session.pop("session_version", None)
        raise SignInRequired
    request.state.on_duty = duty.on_duty(session, user) is not None  # shown in every page's top bar
    return user


SignedInUser = Annotated[User, Depends(get_signed_in_user)]


def get_current_user(user: SignedInUser, settings: SettingsDep) -> User:
    if settings.require_2fa and user.role == Role.SUPERVISOR and not user.totp_secret:
        raise SecondFactorRequired
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_supervisor(user: CurrentUser) -> User:
    if user.role != Role.SUPERVISOR:
        raise NotAllowed
    return user


CurrentSupervisor = Annotated[User, Depends(get_supervisor)]
