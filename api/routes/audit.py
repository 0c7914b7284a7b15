"""The audit trail for supervisors: decisions beside suggestions, sampled reviews, corrections,
exports. Nothing here edits or deletes: reviews and corrections are new records."""

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import CurrentSupervisor, SessionDep
from api.i18n import _, translated_table
from api.templating import flash, render
from triage.files import exports
from triage.importers.registry import PLATFORMS
from triage.labels import Action, Label
from triage.playbook.rules import playbook
from triage.store import audit, live
from triage.store.audit import AuditFilters
from triage.store.users import list_users

router = APIRouter(include_in_schema=False)
EXPORT_LIMIT = 100_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audit_filters(user: str | None = None, platform: str | None = None, label: str | None = None,
                  overridden: str | None = None, start: date | None = None,
                  end: date | None = None, auto: str | None = None) -> AuditFilters:
    return AuditFilters(username=user or None, platform=platform or None, label=label or None,
                        overridden={"yes": True, "no": False}.get(overridden or ""), start=start, end=end,
                        auto=auto if auto in audit.AUTO_FILTERS else None)



def _filters(request: Request) -> AuditFilters:
    q = request.query_params
    try:
        return audit_filters(q.get("user"), q.get("platform"), q.get("label"), q.get("overridden"),
                             date.fromisoformat(q["start"]) if q.get("start") else None,
                             date.fromisoformat(q["end"]) if q.get("end") else None, q.get("auto"))
    except ValueError:
        return AuditFilters()


@router.get("/audit")
def audit_page(request: Request, session: SessionDep, user: CurrentSupervisor,
               before: int | None = None, sample: Annotated[int | None, Query(ge=1, le=200)] = None):
    filters = _filters(request)
    if sample:
        rows, next_before = audit.sample(session, filters, sample), None
    else:
        rows, next_before = audit.decisions(session, filters, before=before)
    params = {k: v for k, v in request.query_params.items() if k not in ("before", "sample")}
    return render(request, "audit.html", user=user, rows=rows, filters=filters, sample=sample,
                  next_url=f"/audit?{urlencode({**params, 'before': next_before})}" if next_before else None,
                  export_query=urlencode(params), platforms=PLATFORMS,
                  users=list_users(session), events=audit.model_events(session), labels=list(Label),
                  actions=list(Action), review_rate=playbook().auto.review_rate,
                  calls=live.actions_of(session, [r.decision.id for r in rows]))


@router.post("/audit/{decision_id}/review")
def review(request: Request, decision_id: int, session: SessionDep, user: CurrentSupervisor,
           verdict: Annotated[str, Form(max_length=8)], note: Annotated[str, Form(max_length=2000)] = "",
           correct_label: Annotated[Label | None, Form()] = None,
           back: Annotated[str, Form(max_length=1000)] = "/audit"):
    audit.review(session, decision_id, user, verdict, note.strip(), correct_label)
    recorded = _("Review recorded: decision %(id)s %(verdict)s.")
    flash(request, recorded % {"id": decision_id, "verdict": _(verdict)})
    return RedirectResponse(_back(back), status_code=303)


@router.post("/audit/{decision_id}/correct")
def correct(request: Request, decision_id: int, session: SessionDep, user: CurrentSupervisor,
            label: Annotated[Label, Form()], action: Annotated[Action, Form()],
            note: Annotated[str, Form(max_length=2000)] = "",
            back: Annotated[str, Form(max_length=1000)] = "/audit"):
    correction = audit.correct(session, decision_id, user, label, action, note)
    flash(request, _("Correction %(correction)s recorded; decision %(id)s stays as it was.")
          % {"correction": correction.id, "id": decision_id})
    return RedirectResponse(_back(back), status_code=303)


@router.get("/audit/export.{kind}")
def export(request: Request, kind: str, session: SessionDep, user: CurrentSupervisor):
    rows, before = [], None
    while len(rows) < EXPORT_LIMIT:
        page, before = audit.decisions(session, _filters(request), before=before, limit=1000)
        rows += page
        if before is None:
            break
    table = translated_table(audit.as_table(rows))
    if kind == "csv":
        return Response(exports.to_csv(table), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="audit.csv"'})
    if kind == "xlsx":
        return Response(exports.to_xlsx([table]), media_type=XLSX,
                        headers={"content-disposition": 'attachment; filename="audit.xlsx"'})
    return Response("export as .csv or .xlsx", status_code=404)


def _back(target: str) -> str:
    return target if target.startswith("/audit") and "\\" not in target else "/audit"
