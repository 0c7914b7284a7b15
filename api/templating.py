"""The one Jinja2 environment for pages (autoescaped, with gettext), its filters, and flash messages."""

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api import i18n, reasons
from triage.labels import ACTIONS, LABELS
from triage.privacy.masking import mask
from triage.store.autoresolve import MODEL_USERNAME
from triage.store.queue import longest_reply

templates = Jinja2Templates(env=Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=select_autoescape(default=True), extensions=["jinja2.ext.i18n"]))
# Callables, not one catalogue: each request renders in its own user's language.
templates.env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)

templates.env.filters["desk_time"] = i18n.desk_time
templates.env.filters["desk_date"] = i18n.desk_date
templates.env.filters["percent"] = i18n.percent
templates.env.filters["number"] = i18n.number
templates.env.filters["masked"] = mask  # personal data shown as its kind
templates.env.filters["t"] = i18n.gettext  # a msgid held in a variable: no formatting, escaped
templates.env.filters["decider"] = lambda name: i18n.gettext(name) if name == MODEL_USERNAME else name
templates.env.filters["reason"] = reasons.translate  # the playbook's and the model's words
templates.env.filters["knowledge_title"] = reasons.knowledge_title
templates.env.globals.update(LABELS=LABELS, ACTIONS=ACTIONS, LANGUAGES=i18n.LANGUAGES,
                             longest_reply=longest_reply)  # the reply boxes' maxlength


def flash(request: Request, message: str, kind: str = "info") -> None:
    """`message` is already translated (`_()` in the route): the request's language is known there."""
    request.session.setdefault("flash", []).append({"kind": kind, "message": message})


def pop_flashes(request: Request) -> list[dict]:
    return request.session.pop("flash", [])


def render(request: Request, name: str, status_code: int = 200, headers: dict | None = None, **context):
    context.update(request=request, flashes=pop_flashes(request), language=i18n.current.get().language,
                   csrftoken=request.scope.get("csrftoken", lambda: "")())
    return templates.TemplateResponse(request, name, context, status_code=status_code, headers=headers)
