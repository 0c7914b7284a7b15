"""Prometheus metrics for operators, served at GET /metrics (api/routes/metrics.py).

What the store knows (queue depth, imports, stored scores, decisions, information requests,
arrival to decision) is counted from the store when Prometheus scrapes, one GROUP BY each, so it
is the same whichever process answers. What only a process sees (request latency, comments
scored through the API, failed sign-ins) is counted in that process: with several processes,
scrape each of them.
"""

import time

from fastapi import FastAPI, Request
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    InfoMetricFamily,
)
from sqlalchemy.exc import DBAPIError
from starlette.routing import Match, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from triage.playbook.workdays import desk_today
from triage.store import metrics as store_metrics
from triage.store.db import session_scope

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
LOGIN_FAILURES = {401: "wrong_password", 429: "locked_out"}  # what POST /login answers then
ROUTE_NOTE = "triage.route"


class DeskCollector:
    """The store's counts and the model in use, read at scrape time."""

    def __init__(self, app: FastAPI):
        self.app = app

    def collect(self):
        yield self._model_info()
        try:
            with session_scope(self.app.state.engine) as session:
                families = list(self._from_store(session))
        except DBAPIError:
            yield GaugeMetricFamily("triage_store_up", "Whether the store answered this scrape.", value=0)
            return
        yield GaugeMetricFamily("triage_store_up", "Whether the store answered this scrape.", value=1)
        yield from families

    def _model_info(self):
        model = self.app.state.model
        info = InfoMetricFamily("triage_model", "The models this process scores with.")
        accounts = model.accounts.card.get("version", "") if model.accounts else ""
        info.add_metric([], {"version": model.version, "account_model_version": accounts})
        return info

    def _from_store(self, session):
        yield _gauge("triage_queue_depth", "Comments waiting in the queue, by suggested label.", "label",
                     store_metrics.queue_by_label(session))
        yield _gauge("triage_queue_depth_by_platform", "Comments waiting in the queue, by platform.",
                     "platform", store_metrics.queue_by_platform(session))
        yield _counter("triage_comments_imported", "Comments stored, by platform.", "platform",
                       store_metrics.imported_by_platform(session))
        yield CounterMetricFamily("triage_comments_scored", "Stored comments scored (on import).",
                                  value=store_metrics.scored(session))
        yield _counter("triage_decisions", "Decisions recorded (corrections included), by action.", "action",
                       store_metrics.decisions_by_action(session))
        open_now, overdue = store_metrics.information_requests(session, desk_today())
        yield GaugeMetricFamily("triage_information_requests_open", "Formal information requests not yet "
                                "answered.", value=open_now)
        yield GaugeMetricFamily("triage_information_requests_overdue", "Open formal information requests "
                                "past their due day.", value=overdue)
        yield _decision_histogram(store_metrics.decision_times(session))


def _gauge(name: str, documentation: str, label: str, rows) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=[label])
    for value, count in rows:
        family.add_metric([value], count)
    return family


def _counter(name: str, documentation: str, label: str, rows) -> CounterMetricFamily:
    family = CounterMetricFamily(name, documentation, labels=[label])
    for value, count in rows:
        family.add_metric([value or ""], count)
    return family


def _decision_histogram(times: store_metrics.DecisionTimes) -> HistogramMetricFamily:
    family = HistogramMetricFamily("triage_decision_seconds", "Time from a comment's arrival at the desk "
                                   "(import) to its first decision.")
    bounds = [str(float(bound)) for bound in store_metrics.DECISION_BUCKETS]
    buckets = list(zip(bounds, times.within, strict=True))
    family.add_metric([], buckets + [("+Inf", times.count)], sum_value=times.total_seconds)
    return family


class AppMetrics:
    """One app's registry: the desk collector and what this process counts itself."""

    def __init__(self, app: FastAPI):
        self.registry = CollectorRegistry()
        self.registry.register(DeskCollector(app))
        self.latency = Histogram("triage_http_request_duration_seconds", "Time to answer a request, by "
                                 "route template.", ["method", "route", "status"], buckets=LATENCY_BUCKETS,
                                 registry=self.registry)
        self.api_scored = Counter("triage_api_comments_scored", "Comments scored through the API by this "
                                  "process (not stored), by route.", ["route"], registry=self.registry)
        self.login_failures = Counter("triage_login_failures", "Failed sign-ins on /login, by reason.",
                                      ["reason"], registry=self.registry)


def count_scored(request: Request, route: str, count: int) -> None:
    request.app.state.metrics.api_scored.labels(route).inc(count)


class MetricsMiddleware:
    """Times every request under its route template (never the raw path, which a caller
    controls) and counts failed sign-ins from the answer /login gives."""

    def __init__(self, app: ASGIApp, metrics: AppMetrics, router: Router):
        self.app, self.metrics, self.router = app, metrics, router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()
        scope[ROUTE_NOTE] = note = {}  # filled in by `note_route`, which runs inside the routing

        async def send_and_note(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = note.get("route") or self._top_level_route(scope)
            self.metrics.latency.labels(scope["method"], route, str(status)).observe(
                time.perf_counter() - started)
            if route == "/login" and scope["method"] == "POST" and status in LOGIN_FAILURES:
                self.metrics.login_failures.labels(LOGIN_FAILURES[status]).inc()

    def _top_level_route(self, scope: Scope) -> str:
        """For what no endpoint answered (static files, a 404): the app's own route or mount
        that matches, else "unmatched"."""
        for route in self.router.routes:
            if hasattr(route, "path") and route.matches(scope)[0] == Match.FULL:
                return route.path
        return "unmatched"


def note_route(request: Request) -> None:
    """An app-wide dependency: tells MetricsMiddleware the template of the route that answers
    (the routing works on its own copy of the request's scope, which holds the same note)."""
    note, route = request.scope.get(ROUTE_NOTE), request.scope.get("route")
    if note is not None and route is not None:
        note["route"] = route.path


def instrument(app: FastAPI) -> None:
    app.state.metrics = AppMetrics(app)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics, router=app.router)
