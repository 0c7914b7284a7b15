"""Per-platform ownership and duty shifts: who answers for each platform, who is on duty
(piket) now, and what is waiting there."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, func, select

from triage.store.models import Comment, DutyShift, PlatformAssignment, User, utcnow
from triage.store.queue import PENDING, QueueError
from triage.store.users import find_user


@dataclass(frozen=True)
class PlatformOverview:
    platform: str
    responsible: str | None
    assigned: list[str]
    on_duty: list[str]
    pending: int
    oldest_pending: datetime | None


def assign(session: Session, platform: str, username: str, supervisor: User,
           responsible: bool = False) -> PlatformAssignment:
    user = find_user(session, username)
    if user is None or not user.active:
        raise QueueError(f"no active user {username!r}")
    if responsible:  # one responsible manager per platform
        session.exec(update(PlatformAssignment).where(PlatformAssignment.platform == platform)
                     .values(responsible=False))
    existing = session.exec(select(PlatformAssignment).where(
        PlatformAssignment.platform == platform, PlatformAssignment.user_id == user.id)).first()
    assignment = existing or PlatformAssignment(platform=platform, user_id=user.id, assigned_by=supervisor.id)
    assignment.responsible = responsible or (existing.responsible if existing else False)
    session.add(assignment)
    session.flush()
    return assignment


def unassign(session: Session, platform: str, username: str) -> None:
    user = find_user(session, username)
    if user is not None:
        session.exec(delete(PlatformAssignment).where(PlatformAssignment.platform == platform,
                                                      PlatformAssignment.user_id == user.id))


def on_duty(session: Session, user: User) -> DutyShift | None:
    return session.exec(select(DutyShift).where(DutyShift.user_id == user.id,
                                                DutyShift.ended_at.is_(None))).first()


def start_shift(session: Session, user: User) -> DutyShift:
    shift = on_duty(session, user) or DutyShift(user_id=user.id)
    session.add(shift)
    session.flush()
    return shift


def end_shift(session: Session, user: User) -> None:
    shift = on_duty(session, user)
    if shift is not None:
        shift.ended_at = utcnow()


def overview(session: Session, platforms: tuple[str, ...]) -> list[PlatformOverview]:
    assignments = session.exec(select(PlatformAssignment, User.username)
                               .join(User, User.id == PlatformAssignment.user_id)
                               .order_by(User.username)).all()
    duty = set(session.exec(select(User.username).join(DutyShift, DutyShift.user_id == User.id)
                            .where(DutyShift.ended_at.is_(None))))
    waiting = {platform: (count, oldest) for platform, count, oldest in session.exec(
        select(Comment.platform, func.count(Comment.id), func.min(Comment.created_at))
        .where(Comment.status == PENDING).group_by(Comment.platform))}
    result = []
    for platform in platforms:
        mine = [(a, name) for a, name in assignments if a.platform == platform]
        pending, oldest = waiting.get(platform, (0, None))
        result.append(PlatformOverview(
            platform, next((name for a, name in mine if a.responsible), None), [name for _, name in mine],
            [name for _, name in mine if name in duty], pending, oldest))
    return result
