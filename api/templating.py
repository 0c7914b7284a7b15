"""The one Jinja2 environment for pages (autoescaped), its filters, and flash messages."""

from datetime import datetime
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from triage.labels import ACTIONS, LABELS
from triage.privacy import mask
from triage.workdays import DESK_TIMEZONE

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")


def desk_time(moment: datetime | None) -> str:
    return moment.astimezone(DESK_TIMEZONE).strftime("%d %b %H:%M WIB") if moment else ""


def percent(value: float | None) -> str:
    return f"{value * 100:.0f}%" if value is not None else ""


templates.env.filters["desk_time"] = desk_time
templates.env.filters["percent"] = percent
templates.env.filters["masked"] = mask  # personal data shown as its kind
templates.env.globals.update(LABELS=LABELS, ACTIONS=ACTIONS)


def flash(request: Request, message: str, kind: str = "info") -> None:
    request.session.setdefault("flash", []).append({"kind": kind, "message": message})


def pop_flashes(request: Request) -> list[dict]:
    return request.session.pop("flash", [])


def render(request: Request, name: str, status_code: int = 200, headers: dict | None = None, **context):
    context.update(request=request, flashes=pop_flashes(request),
                   csrftoken=request.scope.get("csrftoken", lambda: "")())
    return templates.TemplateResponse(request, name, context, status_code=status_code, headers=headers)
