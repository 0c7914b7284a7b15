"""The FastAPI application: load the model once, migrate, mount the routes, map errors."""

import logging
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
from triage.model import artifact, registry
from triage.playbook.rules import playbook
from triage.playbook.workdays import WorkingCalendar
from triage.privacy.masking import mask_logs
from triage.privacy.people import DailyRetention
from triage.settings import DEFAULT_MODEL_NAME, MODELS_DIR, Settings, get_settings
from triage.store.db import engine_for, upgrade

STATIC = Path(__file__).resolve().parent / "static"
logger = logging.getLogger("triage")


def load_model(settings: Settings) -> artifact.LoadedModel:
    """TRIAGE_MODEL when set (exactly that file); else the desk's model, falling back to the last
    good version if the current one fails its checks, so the desk keeps working."""
    if settings.model is not None:
        return artifact.load(settings.model, settings.account_model_path)
    return registry.load_in_use(MODELS_DIR / DEFAULT_MODEL_NAME, settings.account_model_path,
                                      on_fallback=_report_fallback)


def _report_fallback(version: str, error: str) -> None:
    logger.error("model refused (%s); serving the last good version %s", error, version)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The app. Given an `engine` (tests), its schema is the caller's business; otherwise the
    database at DATABASE_URL is migrated to the newest schema at start-up."""
    settings = settings or get_settings()
    logs.configure(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if engine is None:
            upgrade(settings.database_url)
        app.state.engine = engine or engine_for(settings.database_url)
        # Loaded once per process; a bad artifact or rules file stops start-up with its message.
        app.state.model = load_model(settings)
        playbook()
        app.state.calendar = WorkingCalendar()
        app.state.rate_limiter = RateLimiter(settings.api_rate_limit)
        app.state.intake = Intake(app.state.engine, app.state.model, frozenset(settings.own_accounts),
                                  timedelta(seconds=settings.webhook_retake_seconds))
        app.state.intake.warm_up()
        mask_logs("triage", "uvicorn", "uvicorn.error", "uvicorn.access")
        # The desk's own server polls, acts and runs retention daily; a test app (given an
        # engine) starts what it needs itself.
        own_server = engine is None
        worker = (LiveWorker(app.state.intake, settings).start()
                  if own_server and settings.live_worker else None)
        retention = (DailyRetention(app.state.engine, settings.retention_days).start()
                     if own_server and settings.retention_daily else None)
        yield
        for job in (worker, retention):
            if job:
                job.stop()

    app = FastAPI(
        title="triage",
        summary="Comment triage and response suggestions for a public agency's social-media desk.",
        version="0.1.0",
        lifespan=lifespan,
        dependencies=[Depends(metrics.note_route)],
    )
    app.state.settings = settings
    errors.register(app)
    app.add_middleware(LanguageMiddleware, default_language=settings.language, timezone=settings.timezone)
    security.protect(app, settings)
    metrics.instrument(app)
    app.add_middleware(logs.RequestIdMiddleware)  # outermost: every line of a request carries its id
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api_v1.router)
    app.include_router(auth.router)
    app.include_router(autoresolve.router)
    app.include_router(queue.router)
    app.include_router(crisis.router)
    app.include_router(audit.router)
    app.include_router(reports.router)
    app.include_router(platforms.router)
    app.include_router(connections.router)
    app.include_router(webhooks.router)
    app.include_router(perspective.router)
    app.include_router(metrics_route.router)
    app.include_router(people.router)
    return app
