"""Reports for supervisors: the desk's figures per day, week or month, as charts, tables,
CSV, Excel and a printable page."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import CalendarDep, CurrentSupervisor, ModelDep, SessionDep, SettingsDep
from api.domain_words import REPORT_TITLES
from api.i18n import gettext, translated_table
from api.routes.audit import XLSX
from api.templating import render
from triage.files import exports
from triage.store import autoresolve, reports

router = APIRouter(include_in_schema=False)
Period = Annotated[Literal["day", "week", "month"], Query()]
TITLES = REPORT_TITLES


def translated(tables: list[exports.Table]) -> list[exports.Table]:
    return [translated_table(t) for t in tables]


def chart(kind: str, table: exports.Table, columns: list[int] | None = None) -> dict | None:
    """What static/reports.js needs to draw a table: series over the header's buckets, or
    (with `columns`) one series per chosen column over the rows."""
    if not table.rows:
        return None
    if columns is None:
        return {"type": kind, "labels": list(table.header[1:]),
                "series": [[str(row[0]), *row[1:]] for row in table.rows]}
    return {"type": kind, "labels": [" · ".join(str(v) for v in row[: columns[0]]) for row in table.rows],
            "series": [[table.header[c], *(row[c] for row in table.rows)] for c in columns]}


def sections(tables: list[exports.Table]) -> list[dict]:
    charts = [chart("bar", tables[0]), chart("line", tables[1]), chart("bar", tables[2], [3, 4]),
              chart("bar", tables[3], [3]), chart("doughnut", tables[4], [1]), None]
    return [{"title": gettext(title), "table": table, "chart": spec}
            for title, table, spec in zip(TITLES, tables, charts, strict=True)]


@router.get("/reports")
def reports_page(request: Request, session: SessionDep, user: CurrentSupervisor, calendar: CalendarDep,
                 model: ModelDep, settings: SettingsDep, period: Period = "day"):
    window = reports.window(period)
    auto_rows = autoresolve.error_rows(session, *reports.bounds(window))
    target = model.card.get("thresholds", {}).get("auto_resolve_target", settings.auto_precision)
    return render(request, "reports.html", user=user, window=window, period=period,
                  sections=sections(translated(reports.tables(session, window, calendar))),
                  auto_rows=auto_rows, auto_total=autoresolve.total(auto_rows), promised_error=1 - target)


@router.get("/reports/export.csv")
def export_csv(session: SessionDep, user: CurrentSupervisor, calendar: CalendarDep, period: Period = "day",
               table: Annotated[int, Query(ge=0, le=9)] = 0):
    tables = translated(reports.tables(session, reports.window(period), calendar))
    chosen = tables[min(table, len(tables) - 1)]
    name = chosen.name.replace(" ", "-")
    return Response(exports.to_csv(chosen), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}-{period}.csv"'})


@router.get("/reports/export.xlsx")
def export_xlsx(session: SessionDep, user: CurrentSupervisor, calendar: CalendarDep, period: Period = "day"):
    tables = translated(reports.tables(session, reports.window(period), calendar))
    return Response(exports.to_xlsx(tables), media_type=XLSX,
                    headers={"content-disposition": f'attachment; filename="triage-report-{period}.xlsx"'})
