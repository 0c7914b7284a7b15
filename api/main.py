"""The FastAPI application: load the models once (`triage.model.registry.load_models`), migrate,
mount the routes, map errors."""

from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from api import errors, logs, metrics, security
from api.apikeys import RateLimiter
from api.i18n import LanguageMiddleware
from api.routes import (
    api_v1,
    audit,
    auth,
    autoresolve,
    connections,
    crisis,
    people,
    perspective,
    platforms,
    queue,
    reports,
    webhooks,
)
from api.routes import metrics as metrics_route
from triage.live.intake import Intake
from triage.live.worker import LiveWorker
from triage.model import registry
from triage.playbook.rules import playbook
from triage.playbook.workdays import WorkingCalendar
from triage.privacy.masking import mask_logs
from triage.privacy.people import DailyRetention
from triage.settings import Settings, get_settings
from triage.store.db import engine_for, upgrade

STATIC = Path(__file__).resolve().parent / "static"


ROUTERS = (api_v1, auth, autoresolve, queue, crisis, audit, reports, platforms, connections, webhooks,
           perspective, metrics_route, people)


def _lifespan(settings: Settings, engine: Engine | None):
    """Start-up and shut-down. Given an `engine` (tests), its schema is the caller's business."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if engine is None:
            upgrade(settings.database_url)
        app.state.engine = engine or engine_for(settings.database_url)
        # Loaded once per process; a bad artifact or rules file stops start-up with its message.
        app.state.model = registry.load_models(settings)
        playbook()
        app.state.calendar = WorkingCalendar()
        app.state.rate_limiter = RateLimiter(settings.api_rate_limit)
        app.state.intake = Intake(app.state.engine, app.state.model, frozenset(settings.own_accounts),
                                  timedelta(seconds=settings.webhook_retake_seconds))
        app.state.intake.warm_up()
        mask_logs("triage", "uvicorn", "uvicorn.error", "uvicorn.access")
        # The desk's own server polls, acts and runs retention daily; a test app (given an
        # engine) starts what it needs itself.
        jobs = _background_jobs(app, settings) if engine is None else []
        yield
        for job in jobs:
            job.stop()

    return lifespan


def _background_jobs(app: FastAPI, settings: Settings) -> list:
    jobs = []
    if settings.live_worker:
        jobs.append(LiveWorker(app.state.intake, settings).start())
    if settings.retention_daily:
        jobs.append(DailyRetention(app.state.engine, settings.retention_days).start())
    return jobs


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The app. Given an `engine` (tests), its schema is the caller's business; otherwise the
    database at DATABASE_URL is migrated to the newest schema at start-up."""
    settings = settings or get_settings()
    logs.configure(settings)
    app = FastAPI(
        title="triage",
        summary="Comment triage and response suggestions for a public agency's social-media desk.",
        version="0.1.0",
        lifespan=_lifespan(settings, engine),
        dependencies=[Depends(metrics.note_route)],
    )
    app.state.settings = settings
    errors.register(app)
    app.add_middleware(LanguageMiddleware, default_language=settings.language, timezone=settings.timezone)
    security.protect(app, settings)
    metrics.instrument(app)
    app.add_middleware(logs.RequestIdMiddleware)  # outermost: every line of a request carries its id
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    return app
